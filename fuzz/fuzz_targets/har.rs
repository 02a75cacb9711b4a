//! The lenient HAR reader on any bytes: an error or a capture, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::har(data);
});
