//! `corsdx probe --audit`: the origin-trust checks that CORScanner and Corsy made known, judged
//! with the engine's own CORS check ([`crate::fetch::check::check_access`]): for each crafted
//! `Origin`, would a browser on that origin be let read the response?
//!
//! Only the URL given is contacted, with at most [`MAX_REQUESTS`] requests, one per check, each
//! bounded by the timeout, none retried: the preflight when the probed request needs one (where
//! the origin decision is visible without side effects), else the request itself. Every finding is
//! a risk (severity warning), never a blocked verdict.

use super::http::{Client, Exchange};
use super::request::{self, PageRequest};
use super::{har, validate, Error, ProbeOptions};
use crate::fetch::check::{check_access, CredentialsMode};
use crate::fetch::engine::needs_preflight;
use crate::model::Headers;
use serde::Serialize;
use std::io::Write;

/// The most requests an audit sends (one baseline and eleven checks).
pub const MAX_REQUESTS: usize = 12;

/// One crafted origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Stable check id.
    pub id: &'static str,
    pub origin: String,
    pub credentials: bool,
}

/// What a check found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub check: &'static str,
    /// The `Origin` sent.
    pub origin: String,
    pub credentials: bool,
    /// The request sent (`OPTIONS` preflight or the request).
    pub method: String,
    /// HTTP status, or the network error.
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub allow_origin: Option<String>,
    pub allow_credentials: Option<String>,
    /// Whether a page on `origin` may read the response (the engine's CORS check).
    pub allowed: bool,
    pub curl: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<AuditFinding>,
}

/// A risk.
#[derive(Debug, Clone, Serialize)]
pub struct AuditFinding {
    /// The catalog rule this risk is an instance of, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    pub severity: &'static str,
    pub message: String,
    pub evidence: String,
    pub fix: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditReport {
    pub version: u32,
    pub url: String,
    /// The trusted page origin (`--origin`).
    pub origin: String,
    pub requests_sent: usize,
    pub max_requests: usize,
    pub checks: Vec<CheckResult>,
    pub risks: usize,
}

/// The registrable domain, approximated by the last two labels (the host itself for IPs and
/// single-label hosts).
fn registrable(host: &str) -> String {
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host.to_string();
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() >= 2 {
        labels[labels.len() - 2..].join(".")
    } else {
        host.to_string()
    }
}

/// The crafted origins for a trusted `origin` (serialized) and the probed URL's scheme.
pub fn checks(origin: &str) -> Vec<Check> {
    let mut out = vec![Check {
        id: "baseline",
        origin: origin.to_string(),
        credentials: false,
    }];
    let Ok(u) = url::Url::parse(origin) else {
        return out;
    };
    let scheme = u.scheme();
    let host = u.host_str().unwrap_or("").to_string();
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let is_ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
    let reg = registrable(&host);
    let mut add = |id: &'static str, o: String, credentials: bool| {
        out.push(Check {
            id,
            origin: o,
            credentials,
        })
    };
    let evil = format!("{scheme}://evil.corsdx-audit.test");
    add("arbitrary-origin", evil.clone(), false);
    add("arbitrary-origin-with-credentials", evil, true);
    add("null-origin", "null".to_string(), true);
    if host.is_empty() {
        return out;
    }
    add(
        "prefix-match",
        format!("{scheme}://{host}.corsdx-audit.test"),
        true,
    );
    if !is_ip {
        add("suffix-match", format!("{scheme}://attacker{reg}"), true);
    }
    if !is_ip && host.contains('.') {
        add(
            "unescaped-dot",
            format!("{scheme}://{}{port}", host.replacen('.', "x", 1)),
            true,
        );
    }
    if scheme == "https" {
        add("http-origin", format!("http://{host}{port}"), true);
    }
    for c in ['_', '`', '}'] {
        add(
            "special-characters",
            format!("{scheme}://{host}{c}.corsdx-audit.test"),
            true,
        );
    }
    if !is_ip && reg.contains('.') {
        add(
            "wildcard-subdomain",
            format!("{scheme}://corsdx-audit.{reg}"),
            true,
        );
    }
    out.truncate(MAX_REQUESTS);
    out
}

fn describe(id: &str) -> (Option<&'static str>, &'static str, &'static str) {
    match id {
        "arbitrary-origin" => (
            None,
            "any origin is echoed back: every website can read this endpoint's responses",
            "Check Origin against an exact allow-list and answer the others without CORS headers (never echo the request's Origin unchecked).",
        ),
        "arbitrary-origin-with-credentials" => (
            Some("reflected-origin-with-credentials"),
            "any origin is echoed back with credentials allowed: every website can read this endpoint with the user's cookies",
            "Allow credentials only for an exact allow-list of origins; never reflect Origin together with Access-Control-Allow-Credentials: true.",
        ),
        "null-origin" => (
            Some("allows-null-origin"),
            "the origin `null` is allowed: any sandboxed iframe, data: or file: page can read the response",
            "Remove `null` from the allowed origins.",
        ),
        "prefix-match" => (
            None,
            "an origin that merely starts with the trusted host is allowed (prefix match): attackers register trusted-host.attacker.tld",
            "Compare the whole origin for equality (or anchor the pattern at both ends: ^https://app\\.example\\.com$).",
        ),
        "suffix-match" => (
            None,
            "an origin that merely ends with the trusted domain is allowed (suffix match without a dot): attackers register attackerexample.com",
            "Match subdomains on a label boundary (host == domain or host ends with \".\" + domain), or use an exact list.",
        ),
        "unescaped-dot" => (
            None,
            "a host with a letter instead of a dot is allowed: the pattern's `.` is unescaped and matches any character",
            "Escape the dots of regular expressions (app\\.example\\.com) or compare strings exactly.",
        ),
        "http-origin" => (
            None,
            "the http:// twin of the trusted https origin is allowed: a network attacker who injects into the http page reads the API",
            "Allow only https:// origins for an https endpoint.",
        ),
        "special-characters" => (
            None,
            "a host with a special character after the trusted host is allowed (some browsers accept such hosts): the check stops at a character, not at the end",
            "Compare the whole origin for equality, or anchor the pattern at its end.",
        ),
        "wildcard-subdomain" => (
            None,
            "any subdomain of the trusted domain is allowed: a takeover or an XSS on any subdomain reads this endpoint",
            "List the subdomains that need access instead of trusting *.domain.",
        ),
        _ => (None, "", ""),
    }
}

fn exchange_for(
    page: &PageRequest,
    check: &Check,
    preflighted: bool,
    unsafe_headers: &[String],
) -> request::WireRequest {
    let mut p = page.clone();
    p.cookie = check.credentials.then(|| {
        page.cookie
            .clone()
            .unwrap_or_else(|| request::DEFAULT_COOKIE.to_string())
    });
    if preflighted {
        request::preflight(&p.url, &check.origin, &p.method, unsafe_headers)
    } else {
        request::actual(&p, &p.url, &p.method, &check.origin, false)
    }
}

fn judge(check: &Check, x: &Exchange, curl: String) -> CheckResult {
    let (status, error, headers) = match &x.outcome {
        Some(Ok(r)) => (Some(r.status), None, r.headers.clone()),
        Some(Err(e)) => (None, Some(format!("{} ({})", e.code, e.detail)), Vec::new()),
        None => (None, None, Vec::new()),
    };
    let h: Headers<'static> =
        Headers::from_pairs(headers.iter().map(|(n, v)| (n.clone(), v.clone())));
    let cred = if check.credentials {
        CredentialsMode::Include
    } else {
        CredentialsMode::SameOrigin
    };
    let allowed = status.is_some() && check_access(&h, &check.origin, cred).is_ok();
    let acao = h
        .combined("access-control-allow-origin")
        .map(|v| v.into_owned());
    let acac = h
        .combined("access-control-allow-credentials")
        .map(|v| v.into_owned());
    // A risk: a crafted origin is let in by name (a `*` without credentials is a public API,
    // not a trust decision).
    let named = acao.as_deref() == Some(check.origin.as_str());
    let finding = (check.id != "baseline" && allowed && named).then(|| {
        let (rule, message, fix) = describe(check.id);
        AuditFinding {
            rule,
            severity: "warning",
            message: message.to_string(),
            evidence: format!(
                "{} {} with Origin: {}{} → {} Access-Control-Allow-Origin: {}{}",
                x.request.method,
                x.request.url,
                check.origin,
                if check.credentials {
                    " (with a cookie)"
                } else {
                    ""
                },
                status.map(|s| s.to_string()).unwrap_or_default(),
                acao.as_deref().unwrap_or("(absent)"),
                acac.as_deref()
                    .map(|v| format!(", Access-Control-Allow-Credentials: {v}"))
                    .unwrap_or_default()
            ),
            fix,
        }
    });
    CheckResult {
        check: check.id,
        origin: check.origin.clone(),
        credentials: check.credentials,
        method: x.request.method.clone(),
        status,
        error,
        allow_origin: acao,
        allow_credentials: acac,
        allowed,
        curl,
        finding,
    }
}

/// Runs the checks against the URL (never another host); stops after the baseline when the
/// server cannot be reached.
pub fn audit(
    client: &Client,
    page: &PageRequest,
    tls: &request::CurlTls,
) -> (AuditReport, Vec<Exchange>) {
    let unsafe_headers = page.unsafe_headers();
    let preflighted = needs_preflight(&page.method, &unsafe_headers);
    let mut results = Vec::new();
    let mut exchanges = Vec::new();
    for check in checks(&page.origin) {
        let req = exchange_for(page, &check, preflighted, &unsafe_headers);
        let x = client.send(&req);
        let unreachable = matches!(x.outcome, Some(Err(_)));
        results.push(judge(&check, &x, request::curl_line(&req, tls)));
        exchanges.push(x);
        if unreachable {
            break;
        }
    }
    let risks = results.iter().filter(|r| r.finding.is_some()).count();
    (
        AuditReport {
            version: 1,
            url: page.url.clone(),
            origin: page.origin.clone(),
            requests_sent: exchanges.len(),
            max_requests: MAX_REQUESTS,
            checks: results,
            risks,
        },
        exchanges,
    )
}

pub fn write_table(out: &mut dyn Write, a: &AuditReport) -> std::io::Result<()> {
    writeln!(
        out,
        "corsdx probe --audit {} (trusted origin {}) — {} requests sent (at most {}), {} risks",
        a.url, a.origin, a.requests_sent, a.max_requests, a.risks
    )?;
    writeln!(out)?;
    for r in &a.checks {
        let answer = match (&r.status, &r.error) {
            (Some(s), _) => format!(
                "{s}  ACAO: {}{}",
                r.allow_origin.as_deref().unwrap_or("(absent)"),
                r.allow_credentials
                    .as_deref()
                    .map(|v| format!("  ACAC: {v}"))
                    .unwrap_or_default()
            ),
            (None, Some(e)) => format!("failed: {e} (not-cors-network-failure)"),
            _ => String::new(),
        };
        let mark = if r.finding.is_some() {
            "RISK"
        } else if r.check == "baseline" {
            "base"
        } else {
            "ok"
        };
        writeln!(out, "{mark:<5} {:<34} Origin: {}", r.check, r.origin)?;
        writeln!(out, "      → {answer}")?;
        if let Some(f) = &r.finding {
            writeln!(
                out,
                "      warning{}: {}",
                f.rule.map(|r| format!(" {r}")).unwrap_or_default(),
                f.message
            )?;
            writeln!(out, "      evidence: {}", f.evidence)?;
            writeln!(out, "      fix: {}", f.fix)?;
            writeln!(out, "      {}", r.curl)?;
        }
    }
    if a.risks == 0 && a.checks.iter().all(|c| c.error.is_none()) {
        writeln!(out, "\nNo crafted origin was let in.")?;
    }
    Ok(())
}

pub fn write_markdown(out: &mut dyn Write, a: &AuditReport) -> std::io::Result<()> {
    writeln!(out, "# corsdx probe --audit\n")?;
    writeln!(
        out,
        "`{}` from trusted origin `{}`: {} requests sent (at most {}), **{} risks**\n",
        a.url, a.origin, a.requests_sent, a.max_requests, a.risks
    )?;
    writeln!(
        out,
        "| check | Origin sent | status | Access-Control-Allow-Origin | risk |\n| --- | --- | --- | --- | --- |"
    )?;
    for r in &a.checks {
        writeln!(
            out,
            "| {} | `{}` | {} | `{}` | {} |",
            r.check,
            r.origin.replace('`', "'"),
            r.status
                .map(|s| s.to_string())
                .or_else(|| r.error.clone())
                .unwrap_or_default(),
            r.allow_origin
                .as_deref()
                .unwrap_or("(absent)")
                .replace('`', "'"),
            if r.finding.is_some() { "**yes**" } else { "no" }
        )?;
    }
    for r in a.checks.iter().filter(|r| r.finding.is_some()) {
        if let Some(f) = &r.finding {
            writeln!(
                out,
                "\n## {}\n\n{}\n\n- evidence: {}\n- fix: {}\n\n```sh\n{}\n```",
                r.check, f.message, f.evidence, f.fix, r.curl
            )?;
        }
    }
    Ok(())
}

/// `corsdx probe --audit`: checks the options, runs the checks, writes every exchange as a HAR
/// to `har_out` when given. The caller renders the report.
pub fn run(opts: &ProbeOptions, har_out: Option<&std::path::Path>) -> Result<AuditReport, Error> {
    let origin = validate(&opts.url, &opts.origin)?;
    let (headers, cookie) = request::parse_headers(&opts.headers, opts.credentials)?;
    super::check_method(&opts.method)?;
    let client = Client::new(&opts.transport)?;
    let page = PageRequest::new(&opts.method, &opts.url, &origin, headers, cookie);
    let (report, exchanges) = audit(&client, &page, &super::curl_tls(&opts.transport));
    if let Some(path) = har_out {
        std::fs::write(path, har::to_bytes(&har::document(&origin, &exchanges))).map_err(
            |source| Error::Output {
                path: path.display().to_string(),
                source,
            },
        )?;
    }
    Ok(report)
}

/// 1 when the URL could not be reached, or with `strict` when a risk was found.
pub fn exit_code(report: &AuditReport, strict: bool) -> i32 {
    let unreachable = report.checks.iter().any(|c| c.error.is_some());
    i32::from(unreachable || (strict && report.risks > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crafted_origins_of_an_https_origin() {
        let c = checks("https://app.example.com");
        let by = |id: &str| -> Vec<String> {
            c.iter()
                .filter(|x| x.id == id)
                .map(|x| x.origin.clone())
                .collect()
        };
        assert_eq!(by("baseline"), ["https://app.example.com"]);
        assert_eq!(by("null-origin"), ["null"]);
        assert_eq!(
            by("prefix-match"),
            ["https://app.example.com.corsdx-audit.test"]
        );
        assert_eq!(by("suffix-match"), ["https://attackerexample.com"]);
        assert_eq!(by("unescaped-dot"), ["https://appxexample.com"]);
        assert_eq!(by("http-origin"), ["http://app.example.com"]);
        assert_eq!(by("special-characters").len(), 3);
        assert_eq!(
            by("wildcard-subdomain"),
            ["https://corsdx-audit.example.com"]
        );
        assert_eq!(c.len(), MAX_REQUESTS);
        // Every crafted origin is a serialized origin a browser could send (or `null`).
        for x in &c {
            assert!(
                !x.origin.contains('/') || x.origin.matches('/').count() == 2,
                "{x:?}"
            );
        }
    }

    #[test]
    fn an_http_ip_origin_skips_what_does_not_apply() {
        let ids: Vec<&str> = checks("http://127.0.0.1:3000")
            .iter()
            .map(|c| c.id)
            .collect();
        assert!(!ids.contains(&"http-origin"));
        assert!(!ids.contains(&"suffix-match"));
        assert!(!ids.contains(&"wildcard-subdomain"));
        assert!(ids.contains(&"prefix-match"));
    }
}
