//! The catalog: what a rule is, its documentation (`docs/rules/<id>.md`, compiled in, so
//! `corsdx explain`, the docs and the code never drift), and lookups by id.

use super::{CaptureIndex, Finding, RULES};
use crate::judge::Judged;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A rule of the catalog.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// The rule's documentation page (`docs/rules/<id>.md`).
    pub doc: &'static str,
    pub check: fn(&CaptureIndex<'_, '_>, &Judged) -> Option<Finding>,
}

impl Rule {
    /// The page title, phrased as the fix.
    pub fn title(&self) -> &'static str {
        self.doc
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# "))
            .unwrap_or(self.id)
            .trim()
    }

    /// A section of the documentation (`## Name`), without its heading.
    pub fn section(&self, name: &str) -> Option<&'static str> {
        let heading = format!("\n## {name}\n");
        let start = self.doc.find(&heading)? + heading.len();
        let rest = &self.doc[start..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        Some(rest[..end].trim())
    }

    /// The first paragraph of the Fix section: the generic change.
    pub fn fix_summary(&self) -> &'static str {
        self.section("Fix")
            .map(|s| s.split("\n\n").next().unwrap_or(s).trim())
            .unwrap_or("")
    }

    /// The stacks the Fix section has snippets for (`### Name` headings).
    pub fn stacks(&self) -> Vec<&'static str> {
        self.section("Fix")
            .map(|s| {
                s.lines()
                    .filter_map(|l| l.strip_prefix("### "))
                    .map(str::trim)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The `--stack` ids of the stacks the Fix section has snippets for (`express`, `aspnet` …).
    pub fn stack_ids(&self) -> Vec<&'static str> {
        self.stacks().into_iter().map(stack_id).collect()
    }

    /// The snippet section for a stack: the heading that starts with `stack` (case-insensitive),
    /// else one with `stack` as a word, else one that contains it (`go` is Go, not Django).
    pub fn snippet(&self, stack: &str) -> Option<&'static str> {
        let fix = self.section("Fix")?;
        let needle = stack.to_ascii_lowercase();
        let parts: Vec<&'static str> = fix.split("\n### ").skip(1).collect();
        let heading = |p: &str| p.lines().next().unwrap_or("").to_ascii_lowercase();
        let has_word = |p: &str| {
            heading(p)
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
                .any(|w| w == needle)
        };
        parts
            .iter()
            .find(|p| heading(p).starts_with(&needle))
            .or_else(|| parts.iter().find(|p| has_word(p)))
            .or_else(|| parts.iter().find(|p| heading(p).contains(&needle)))
            .map(|p| p.trim())
    }
}

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// The `--stack` id of a Fix section heading: its first word, lower-cased (`ASP.NET Core` →
/// `aspnet`, `Flask-CORS` → `flask`, `Go \`net/http\`` → `go`).
pub fn stack_id(heading: &'static str) -> &'static str {
    const IDS: [&str; 10] = [
        "express", "flask", "django", "fastapi", "go", "spring", "aspnet", "nginx", "apache", "aws",
    ];
    let word: String = heading
        .split(|c: char| c.is_whitespace() || c == '-' || c == '(')
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    IDS.iter()
        .copied()
        .find(|id| *id == word)
        .unwrap_or(heading)
}

/// `corsdx rules`: the catalog, one line per rule, blocking causes first.
pub fn listing() -> String {
    let mut out = String::new();
    for sev in [Severity::Error, Severity::Warning] {
        out.push_str(if sev == Severity::Error {
            "Blocking causes (error)\n"
        } else {
            "\nRisks (warning)\n"
        });
        for r in RULES.iter().filter(|r| r.severity == sev) {
            out.push_str(&format!("  {:<42} {}\n", r.id, r.title()));
        }
    }
    out
}

/// A rule's fix summary and stacks, read from its documentation once per process.
pub(super) fn fix_text(rule: &'static Rule) -> &'static (&'static str, Vec<&'static str>) {
    static CACHE: std::sync::OnceLock<HashMap<&'static str, (&'static str, Vec<&'static str>)>> =
        std::sync::OnceLock::new();
    let map = CACHE.get_or_init(|| {
        RULES
            .iter()
            .map(|r| (r.id, (r.fix_summary(), r.stacks())))
            .collect()
    });
    &map[rule.id]
}
