//! `sanitize` on any bytes: an error or a HAR that reads back with the same entries.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::sanitize(data);
});
