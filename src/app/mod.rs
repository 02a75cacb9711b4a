//! The binary's side: one module per command. Each maps its clap arguments ([`cli`]) onto the
//! library's plain options, calls the library, and owns what a library must not: the terminal
//! (colour, width, progress), output files and exit statuses.

pub mod analyze;
pub mod cli;
pub mod diff;
pub mod explain;
pub mod output;
pub mod probe;
pub mod sanitize;
pub mod scan;

/// A failure that ends the command with exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Library(#[from] corsdx::Error),
    #[error(transparent)]
    Load(#[from] corsdx::capture::error::LoadError),
    #[error("{path}: {source}")]
    Output {
        path: String,
        source: std::io::Error,
    },
    #[error("--origin '{0}' is not an origin (expected scheme://host[:port])")]
    BadOrigin(String),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Probe(#[from] corsdx::probe::Error),
    #[error(transparent)]
    Diff(#[from] corsdx::diff::Error),
}

/// Runs a parsed command line; returns the exit status (0, 1, or 2 with the message printed).
pub fn run(cli: cli::Cli) -> i32 {
    use cli::Command;
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Scan(args) => scan::run(&args),
        Command::Explain { id, stack } => explain::explain(&id, stack),
        Command::Sanitize { input, output } => sanitize::run(&input, &output),
        Command::Rules { format } => explain::rules(format),
        Command::Probe(args) => probe::run(&args),
        Command::Diff(args) => diff::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("corsdx: {e}");
            2
        }
    }
}
