//! Output formats. Each renders the same [`crate::analyze::Report`].

pub mod html;
pub mod json;
pub mod markdown;
pub mod redact;
pub mod table;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Ndjson,
    Markdown,
    Html,
}
