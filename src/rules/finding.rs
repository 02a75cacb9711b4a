//! What a rule returns: a finding with its evidence (pointing into the capture) and the fix.

use super::catalog::{fix_text, Rule, Severity};
use super::CaptureIndex;
use crate::fetch::engine::Stage;
use crate::judge::{Confidence, Judged};
use crate::model::Entry;
use serde::Serialize;

/// What part of the chain a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Request,
    Preflight,
    Redirect,
    Response,
    /// Another exchange of the capture that the rule compared with.
    Related,
}

/// One fact a finding rests on, pointing into the capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// 0-based index in `log.entries`.
    pub entry: usize,
    pub role: Role,
    /// `null` when the input does not show it (a console line).
    pub method: Option<String>,
    pub url: String,
    /// `null` when the input does not show it (a console line).
    pub status: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The header's value; `null` when the header was absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The generic change (from the rule's documentation, shared by every finding of the rule).
    pub summary: &'static str,
    /// Stacks with a snippet in `corsdx explain <rule>`.
    pub stacks: &'static [&'static str],
    /// The stack the server looks like, from its response headers (`Server`, `X-Powered-By`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detected_stack: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    pub evidence: Vec<Evidence>,
    pub fix: Fix,
}

/// Evidence for an entry, with a header (its first value, or absent).
pub fn evidence_at(e: &Entry<'_>, role: Role, header: Option<&str>) -> Evidence {
    Evidence {
        entry: e.index,
        role,
        method: Some(e.request.method.to_string()),
        url: e.request.url.to_string(),
        status: Some(e.response.status),
        header: header.map(str::to_string),
        value: header.and_then(|h| e.response.headers.combined(h).map(|v| v.into_owned())),
        note: None,
    }
}

impl Evidence {
    /// The method for text: `?` when unknown.
    pub fn method_shown(&self) -> &str {
        self.method.as_deref().unwrap_or("?")
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// The role of the entry that decided a verdict.
pub fn stage_role(j: &Judged) -> Role {
    match j.deciding().stage {
        Stage::Preflight { .. } => Role::Preflight,
        Stage::Redirect { .. } => Role::Redirect,
        _ => Role::Response,
    }
}

/// The server software a response names, mapped to a stack of the Fix sections.
pub fn detect_stack(e: &Entry<'_>) -> Option<String> {
    let h = &e.response.headers;
    let powered = h.get("x-powered-by").unwrap_or("").to_ascii_lowercase();
    let server = h.get("server").unwrap_or("").to_ascii_lowercase();
    let stack = if powered.contains("express") {
        "Express"
    } else if powered.contains("asp.net")
        || server.contains("kestrel")
        || server.contains("microsoft-iis")
    {
        "ASP.NET Core"
    } else if server.contains("uvicorn") || server.contains("hypercorn") {
        "FastAPI"
    } else if server.contains("werkzeug") {
        "Flask"
    } else if server.contains("wsgiserver") || server.contains("gunicorn") {
        "Django"
    } else if h.contains("x-amz-cf-id")
        || h.contains("x-amz-apigw-id")
        || h.contains("x-amzn-requestid")
    {
        "AWS"
    } else if server.contains("nginx") {
        "nginx"
    } else if server.contains("apache") {
        "Apache"
    } else {
        return None;
    };
    Some(stack.to_string())
}

/// Builds a finding for `rule` with its fix from the documentation.
pub fn finding(
    rule: &'static Rule,
    confidence: Confidence,
    message: String,
    evidence: Vec<Evidence>,
    cx: &CaptureIndex<'_, '_>,
) -> Finding {
    let entries = &cx.capture.entries;
    let detected_stack = evidence.iter().find_map(|ev| {
        let pos = entries.partition_point(|e| e.index < ev.entry);
        entries
            .get(pos)
            .filter(|e| e.index == ev.entry)
            .and_then(detect_stack)
    });
    let (summary, stacks) = fix_text(rule);
    let (summary, stacks) = (*summary, stacks.as_slice());
    Finding {
        rule: rule.id,
        severity: rule.severity,
        confidence,
        message,
        evidence,
        fix: Fix {
            summary,
            stacks,
            detected_stack,
        },
    }
}
