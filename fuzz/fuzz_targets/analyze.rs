//! The whole `analyze` pipeline (input sniffing, HAR or console, chains, verdicts, rules,
//! every report format) on any bytes: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::analyze(data);
});
