use clap::Parser;
use corsdx::cli::{AnalyzeArgs, Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Analyze(args) => analyze(args),
        Command::Scan(args) => match corsdx::run_scan(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("corsdx: {e}");
                2
            }
        },
        Command::Explain { id, stack } => explain(&id, stack.as_deref()),
        Command::Sanitize { input, output } => match corsdx::run_sanitize(&input, &output) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("corsdx: {e}");
                2
            }
        },
        Command::Rules => {
            print!("{}", corsdx::rules_listing());
            0
        }
    };
    ExitCode::from(code as u8)
}

fn analyze(args: AnalyzeArgs) -> i32 {
    match corsdx::run_analyze(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("corsdx: {e}");
            2
        }
    }
}

fn explain(id: &str, stack: Option<&str>) -> i32 {
    let Some(rule) = corsdx::rules::find(id) else {
        eprintln!("corsdx: no rule '{id}'; `corsdx rules` lists them");
        return 2;
    };
    match stack {
        None => {
            print!("{}", rule.doc);
            0
        }
        Some(s) => match rule.snippet(s) {
            Some(snippet) => {
                println!("# {}\n\n### {snippet}", rule.title());
                0
            }
            None => {
                eprintln!(
                    "corsdx: rule '{id}' has no fix for '{s}'; stacks: {}",
                    rule.stacks().join(", ")
                );
                2
            }
        },
    }
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
