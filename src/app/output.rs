//! Where a report goes: a file, or standard output; a closed pipe is not an error.

use super::AppError;
use std::io::Write;
use std::path::PathBuf;

/// Opens `path`, or standard output when it is `None`.
pub fn open(path: &Option<PathBuf>) -> Result<Box<dyn Write>, AppError> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).map_err(
            |source| AppError::Output {
                path: p.display().to_string(),
                source,
            },
        )?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Maps a write result onto the command's result, naming the output on failure.
pub fn finish(result: std::io::Result<()>, path: &Option<PathBuf>) -> Result<(), AppError> {
    match result {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(AppError::Output {
            path: path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "standard output".into()),
            source,
        }),
    }
}
