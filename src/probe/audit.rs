//! `probe --audit`.
use super::{Error, OutputOptions, ProbeOptions};
pub fn run(_opts: &ProbeOptions, _out: &OutputOptions) -> Result<i32, Error> {
    Err(Error::Usage("--audit: not yet".into()))
}
