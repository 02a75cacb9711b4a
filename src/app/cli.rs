//! Command-line definitions (clap derive) only; the library takes plain types.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "corsdx",
    version,
    about = "Diagnose every CORS failure in a browser capture: the browser's verdict, the root cause, the evidence and the fix.",
    after_help = "Exit status: 0 nothing blocked, 1 blocked or failed requests found (or warnings with --strict), 2 usage or input error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse HAR files (DevTools, Firefox, Safari, Playwright, proxies; .har.gz; - for stdin).
    Analyze(AnalyzeArgs),
    /// Scan many captures (files and directories, recursively) in parallel: a row per file and an aggregate.
    Scan(ScanArgs),
    /// Write a copy of a HAR with secrets redacted and bodies removed, for sharing; it diagnoses
    /// exactly like the original.
    Sanitize {
        /// The HAR to sanitize (.har, .har.gz, or - for standard input).
        input: PathBuf,
        /// Where to write the sanitized HAR.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
    },
    /// Print the documentation of a rule: what happened, why, evidence, fixes per stack.
    Explain {
        /// A rule id, e.g. preflight-not-handled (see `corsdx rules`).
        id: String,
        /// Print only this stack's fix (express, flask, django, fastapi, go, spring, asp.net, nginx, apache, aws).
        #[arg(long)]
        stack: Option<String>,
    },
    /// List the root-cause catalog.
    Rules,
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Capture files: .har, .har.gz, or - for standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A browser console log (DevTools "Save as…", or pasted text) to join with the HARs.
    #[arg(long, value_name = "LOG")]
    pub console: Option<PathBuf>,
    /// The page origin, when the capture does not show it (e.g. https://app.example.com).
    #[arg(long)]
    pub origin: Option<String>,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep cookies, Authorization, tokens and other secrets in the report (redacted by default).
    #[arg(long)]
    pub no_redact: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Show the fix snippet for this server stack (default: detected from response headers).
    #[arg(long)]
    pub stack: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files and directories (.har, .har.gz, console logs).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Exit 1 when a file has an error finding, a warning, or never.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep secrets in the report (redacted by default).
    #[arg(long)]
    pub no_redact: bool,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Table,
    Json,
    Ndjson,
    Markdown,
    Html,
}

/// `scan --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Never,
}

impl From<FailOnArg> for corsdx::scan::FailOn {
    fn from(f: FailOnArg) -> Self {
        match f {
            FailOnArg::Error => corsdx::scan::FailOn::Error,
            FailOnArg::Warning => corsdx::scan::FailOn::Warning,
            FailOnArg::Never => corsdx::scan::FailOn::Never,
        }
    }
}
