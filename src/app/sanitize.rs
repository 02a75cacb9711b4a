//! `corsdx sanitize IN -o OUT`. Entries left out of the output are listed on standard error.

use super::{output, AppError};
use std::io::Write;
use std::path::Path;

pub fn run(input: &Path, out: &Path) -> Result<i32, AppError> {
    let sanitized = corsdx::sanitize::sanitized_document(input)?;
    let path = Some(out.to_path_buf());
    let mut sink = output::open(&path)?;
    let written = serde_json::to_writer_pretty(&mut sink, &sanitized.har)
        .map_err(std::io::Error::from)
        .and_then(|_| writeln!(sink))
        .and_then(|_| sink.flush());
    output::finish(written, &path)?;
    for d in &sanitized.outcome.dropped {
        eprintln!(
            "corsdx: {}: {} (entry dropped from the sanitized output)",
            input.display(),
            d.reason
        );
    }
    Ok(0)
}
