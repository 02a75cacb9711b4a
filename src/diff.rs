//! `corsdx diff`.
use std::path::PathBuf;
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
}
pub struct DiffOptions {
    pub a: PathBuf,
    pub b: PathBuf,
    pub map: Vec<String>,
    pub format: crate::report::Format,
    pub output: Option<PathBuf>,
}
pub fn run(_o: &DiffOptions) -> Result<i32, Error> {
    Err(Error::Usage("diff: not yet".into()))
}
