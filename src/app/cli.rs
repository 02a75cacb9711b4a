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
        /// Print only this stack's fix.
        #[arg(long, value_enum)]
        stack: Option<StackArg>,
    },
    /// List the root-cause catalog.
    Rules {
        /// `table` (ids and titles) or `json` (id, severity, title, stacks).
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Send the preflight and the request a browser would send from ORIGIN to URL, and
    /// diagnose the live answer with the same engine and rules (verify a fix; --audit for
    /// origin-trust checks).
    Probe(ProbeArgs),
    /// Compare the same endpoints in two captures (works locally / fails in production; before
    /// and after a fix): verdict, cause and CORS header changes.
    Diff(DiffArgs),
}

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {
    /// Capture files: .har, .har.gz, mitmproxy dumps (mitmdump -w), Chrome NetLogs
    /// (netlog.json, .json.gz), or - for standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A browser console log (DevTools "Save as…", or pasted text) to join with the HARs.
    #[arg(long, value_name = "LOG")]
    pub console: Option<PathBuf>,
    /// Chrome NetLogs: also report the browser's own traffic (updates, sign-in …), which is
    /// left out by default.
    #[arg(long)]
    pub netlog_background: bool,
    /// The page origin, used only where the capture does not show one (no Origin header, page or
    /// Referer); a contradiction with what it shows is noted, never applied.
    #[arg(long)]
    pub origin: Option<String>,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep cookies, Authorization, tokens and other secrets in the report (redacted by default).
    #[arg(long)]
    pub no_redact: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Show the fix snippet for this server stack (default: detected from response headers).
    #[arg(long, value_enum)]
    pub stack: Option<StackArg>,
    /// Report only requests to this host (e.g. api.example.com).
    #[arg(long, value_name = "HOST")]
    pub host: Option<String>,
    /// Report only requests whose URL contains TEXT.
    #[arg(long = "url", value_name = "TEXT")]
    pub url_contains: Option<String>,
}

/// `--stack`: the server stacks the rule pages have fix snippets for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StackArg {
    Express,
    Flask,
    Django,
    Fastapi,
    Go,
    Spring,
    Aspnet,
    Nginx,
    Apache,
    Aws,
}

impl StackArg {
    /// The word the rule pages' `### Stack` headings start with.
    pub fn heading(self) -> &'static str {
        match self {
            StackArg::Express => "express",
            StackArg::Flask => "flask",
            StackArg::Django => "django",
            StackArg::Fastapi => "fastapi",
            StackArg::Go => "go",
            StackArg::Spring => "spring",
            StackArg::Aspnet => "asp.net",
            StackArg::Nginx => "nginx",
            StackArg::Apache => "apache",
            StackArg::Aws => "aws",
        }
    }
}

/// `rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Files and directories (.har, .har.gz, mitmproxy .flow dumps, console logs). Directories
    /// are walked recursively in sorted order; only regular files are read (FIFOs, sockets,
    /// devices, dangling links and link loops are listed as skipped, never opened).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// table: a row per file and the totals; json: one document; ndjson: streamed, a line per
    /// request as each file finishes, a line per file, then a total line (docs/output.md).
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Files analysed at once (default: one per core). The output is the same for any value.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Per-file time limit in seconds (0: none). A file that exceeds it is reported as timed out
    /// and the scan goes on.
    #[arg(long, value_name = "SECONDS", default_value_t = corsdx::scan::DEFAULT_TIMEOUT.as_secs_f64())]
    pub timeout: f64,
    /// Exit 1 when a file has an error finding, a warning, or never.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    pub fail_on: FailOnArg,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep secrets in the report (redacted by default).
    #[arg(long)]
    pub no_redact: bool,
}

#[derive(Debug, clap::Args)]
pub struct ProbeArgs {
    /// The URL the page fetches (http or https).
    pub url: String,
    /// The page origin the request comes from (e.g. https://app.example.com).
    #[arg(long, required = true)]
    pub origin: String,
    /// The request method (fetch upper-cases get/post/put/delete/head/options).
    #[arg(long, short = 'X', default_value = "GET")]
    pub method: String,
    /// A request header the page sets: NAME[:VALUE] (repeatable). `Cookie` only with --credentials.
    #[arg(long = "header", short = 'H', value_name = "NAME[:VALUE]")]
    pub headers: Vec<String>,
    /// credentials: 'include' (a cookie is sent with the request, never with the preflight).
    #[arg(long)]
    pub credentials: bool,
    /// Send the request without its preflight (as when the browser has it cached).
    #[arg(long)]
    pub no_preflight: bool,
    /// Origin-trust checks (reflected, null, prefix/suffix, unescaped dot, http, special
    /// characters, subdomains): at most 12 requests, all to URL.
    #[arg(long)]
    pub audit: bool,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the exchange as a HAR (the file the report is made from; `corsdx analyze` reads it).
    #[arg(long, value_name = "FILE")]
    pub har_out: Option<PathBuf>,
    /// Seconds allowed for each request (connect, send, answer), no retry.
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub timeout: f64,
    /// PEM file of the CA certificates to trust (instead of the bundled web roots).
    #[arg(long, value_name = "FILE")]
    pub cacert: Option<PathBuf>,
    /// Accept any TLS certificate (test hosts only).
    #[arg(long)]
    pub insecure: bool,
    /// Connect to ADDR for HOST:PORT (as curl's --resolve; repeatable): the URL, Host and TLS
    /// name stay HOST.
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,
    /// Keep cookies, Authorization and other secrets in the report (redacted by default).
    #[arg(long)]
    pub no_redact: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Show the fix snippet for this server stack.
    #[arg(long)]
    pub stack: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The capture that works (or: before the fix).
    pub a: PathBuf,
    /// The capture that fails (or: after the fix).
    pub b: PathBuf,
    /// Map a host of A to a host of B (repeatable); default: automatic when each capture has
    /// one host.
    #[arg(long = "map", value_name = "A_HOST=B_HOST")]
    pub map: Vec<String>,
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
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
