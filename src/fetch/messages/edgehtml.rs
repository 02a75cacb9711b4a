//! EdgeHTML's and Internet Explorer's CORS console messages: `SEC7xxx: <text>` (the F12 tools'
//! security codes). The code decides the meaning; the text is read for what it names.
//!
//! Source: the codes as users paste them (IE 9–11, Edge 12–18). SEC7120, SEC7121 and SEC7123
//! wordings are backed by pastes under tests/fixtures/pastes/ (and
//! github.com/haarg/Plack-Middleware-CrossOrigin/issues/3 for SEC7123); the texts of SEC7118,
//! SEC7119, SEC7122, SEC7124 and SEC7127 are not backed by a paste here: a line with one of
//! these codes is read by its code, and a fact is taken from its text only where the pattern
//! matches.

use crate::fetch::CorsError;

#[derive(Debug, Clone, Copy)]
pub struct EdgeRow {
    pub code: &'static str,
    /// The wordings seen with this code (`{origin}`, `{param}`, `{url}` holes).
    pub patterns: &'static [&'static str],
    /// `None` for the codes that only inform (SEC7118, SEC7119).
    pub error: Option<CorsError>,
    /// Whether the message is a block (the informational codes are not).
    pub blocks: bool,
    pub credentials_include: bool,
}

/// Every CORS SEC code.
pub const EDGE_ROWS: &[EdgeRow] = {
    use CorsError::*;
    &[
        EdgeRow { code: "SEC7118", patterns: &["XMLHttpRequest for {url} required Cross Origin Resource Sharing (CORS)."], error: None, blocks: false, credentials_include: false },
        EdgeRow { code: "SEC7119", patterns: &["XMLHttpRequest for {url} required CORS preflight."], error: None, blocks: false, credentials_include: false },
        EdgeRow {
            code: "SEC7120",
            patterns: &["Origin {origin} not found in Access-Control-Allow-Origin header."],
            error: Some(MissingAllowOriginHeader),
            blocks: true,
            credentials_include: false,
        },
        EdgeRow { code: "SEC7121", patterns: &["Wildcard in Access-Control-Allow-Origin not allowed when credentials flag is set to true."], error: Some(WildcardOriginNotAllowed), blocks: true, credentials_include: true },
        EdgeRow { code: "SEC7122", patterns: &["Credentials flag was set to true, but Access-Control-Allow-Credentials was not present or was not set to \"true\"."], error: Some(InvalidAllowCredentials), blocks: true, credentials_include: true },
        EdgeRow { code: "SEC7123", patterns: &["Request header {param} was not present in the Access-Control-Allow-Headers list."], error: Some(HeaderDisallowedByPreflightResponse), blocks: true, credentials_include: false },
        EdgeRow { code: "SEC7124", patterns: &["Request method {param} was not present in the Access-Control-Allow-Methods list."], error: Some(MethodDisallowedByPreflightResponse), blocks: true, credentials_include: false },
        EdgeRow { code: "SEC7127", patterns: &["Redirect was blocked for CORS request."], error: None, blocks: true, credentials_include: false },
    ]
};

/// The row of a `SEC7xxx` code.
pub fn row(code: &str) -> Option<&'static EdgeRow> {
    EDGE_ROWS.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::super::pattern::{fill, fold, match_at_start};
    use super::*;

    #[test]
    fn every_code_row_reads_its_wording_back() {
        for row in EDGE_ROWS {
            assert_eq!(super::row(row.code).map(|r| r.code), Some(row.code));
            for p in row.patterns {
                let text = fill(
                    p,
                    &[
                        ("origin", "http://localhost:4200"),
                        ("param", "x-token"),
                        ("url", "http://a/x"),
                    ],
                );
                let m = match_at_start(p, &fold(&text)).unwrap_or_else(|| panic!("{}", row.code));
                if p.contains("{origin}") {
                    assert_eq!(m.get("origin"), Some("http://localhost:4200"));
                }
            }
            assert_eq!(
                row.blocks,
                !matches!(row.code, "SEC7118" | "SEC7119"),
                "{}",
                row.code
            );
        }
        assert!(super::row("SEC9999").is_none());
    }
}
