//! The corsdx binary: parses the command line and runs a command (`app/`); the library
//! (`corsdx`) does the diagnosis.

mod app;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    keep_freed_memory();
    let code = app::run(app::cli::Cli::parse());
    ExitCode::from(code as u8)
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3's `mi_option_purge_delay` (libmimalloc-sys builds v3) (the Rust bindings do not name it; the test below
/// checks the number still means that option).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse instead of returning it to the OS a second later: a large capture
/// frees and reallocates hundreds of megabytes (parse scratch, report chunks), and the kernel
/// zeroing re-faulted pages was ~20 % of the CPU time (`docs/performance.md`). The process is
/// short-lived, so nothing is held for long.
fn keep_freed_memory() {
    // SAFETY: sets a process-wide allocator option; called first thing in `main`, before any
    // other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_number_is_mimallocs() {
        // mimalloc v3's purge delay defaults to 1000 ms (src/options.c); a renumbered enum would
        // read another option's value.
        let v = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(v, 1000);
    }
}
