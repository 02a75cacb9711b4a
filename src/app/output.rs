//! Where a report goes: a file, or standard output; a closed pipe is not an error.

use super::AppError;
use std::io::Write;
use std::path::PathBuf;

/// Whether the output is standard output (no `-o`, or `-o -`).
pub fn is_stdout(path: &Option<PathBuf>) -> bool {
    path.as_ref().is_none_or(|p| p.as_os_str() == "-")
}

/// Opens `path`, or standard output when it is `None` or `-`.
pub fn open(path: &Option<PathBuf>) -> Result<Box<dyn Write>, AppError> {
    Ok(match path {
        Some(p) if p.as_os_str() != "-" => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|source| AppError::Output {
                path: p.display().to_string(),
                source,
            })?,
        )),
        _ => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Writes text to standard output; a closed pipe (`| head`, `| true`) ends it quietly.
pub fn print(text: &str) -> Result<(), AppError> {
    let mut out = std::io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    finish(written, &None)
}

/// The width of the text report: `COLUMNS`, else the terminal's, else 100; at least 60.
pub fn width(terminal: bool) -> u16 {
    const MIN: u16 = 60;
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok());
    let tty = || {
        terminal
            .then(|| comfy_table::Table::new().width())
            .flatten()
    };
    columns.or_else(tty).unwrap_or(100).max(MIN)
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
                .filter(|p| p.as_os_str() != "-")
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "standard output".into()),
            source,
        }),
    }
}
