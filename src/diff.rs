//! `corsdx diff A B`: the same endpoints in two captures ("works on staging, fails in
//! production"; "before and after the fix"). Both captures are diagnosed by
//! [`crate::build_report`] exactly as `corsdx analyze` does; endpoints are matched by method and
//! path (hosts mapped with `--map A_HOST=B_HOST`, or automatically when each capture has one
//! host), and for each the verdict, the cause and the CORS-relevant headers are compared.

use crate::analyze::{Report, RequestReport};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// A failure that ends the command with exit status 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Library(#[from] crate::Error),
}

/// The headers compared, in this order, as (key, label).
const HEADERS: [(&str, &str); 6] = [
    ("access-control-allow-origin", "Access-Control-Allow-Origin"),
    (
        "access-control-allow-credentials",
        "Access-Control-Allow-Credentials",
    ),
    (
        "access-control-allow-methods",
        "Access-Control-Allow-Methods",
    ),
    (
        "access-control-allow-headers",
        "Access-Control-Allow-Headers",
    ),
    ("vary", "Vary"),
    ("cache-control", "Cache-Control"),
];

/// One endpoint as one capture saw it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Side {
    pub url: String,
    /// Requests to this endpoint in the capture.
    pub requests: usize,
    /// `ok`, `blocked` or `failed`.
    pub verdict: &'static str,
    pub cors_error: Option<String>,
    /// The root cause (the first error finding's rule id).
    pub cause: Option<String>,
    pub status: i64,
    pub preflight_status: Option<i64>,
    /// Each redirect as `STATUS → URL`.
    pub redirects: Vec<String>,
    #[serde(skip)]
    response: BTreeMap<&'static str, String>,
    #[serde(skip)]
    preflight: BTreeMap<&'static str, String>,
}

/// One difference.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Change {
    /// `response` (the final response), `preflight`, or `chain`.
    pub at: &'static str,
    /// A header name, `status`, or `redirects`.
    pub field: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// What happened to an endpoint from A to B.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// B blocks (or fails) what A did not.
    Broken,
    /// A blocked (or failed) what B does not.
    Fixed,
    /// Same verdict, another cause or other headers.
    Changed,
    Same,
    OnlyInA,
    OnlyInB,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointDiff {
    pub method: String,
    /// The path (no query), as in A when matched.
    pub path: String,
    pub status: Status,
    pub a: Option<Side>,
    pub b: Option<Side>,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DiffSummary {
    pub endpoints: usize,
    pub matched: usize,
    pub broken: usize,
    pub fixed: usize,
    pub changed: usize,
    pub only_in_a: usize,
    pub only_in_b: usize,
    /// Endpoints blocked or failed in B and not in A (matched ones, and B's own).
    pub newly_blocked: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub version: u32,
    pub a: String,
    pub b: String,
    /// Host of A → host of B used for matching.
    pub host_map: Vec<(String, String)>,
    pub endpoints: Vec<EndpointDiff>,
    pub summary: DiffSummary,
}

/// `host[:port]` and path (no query, no fragment) of a URL.
fn host_and_path(url: &str) -> (String, String) {
    match url::Url::parse(url) {
        Ok(u) => {
            let host = match (u.host_str(), u.port()) {
                (Some(h), Some(p)) => format!("{h}:{p}"),
                (Some(h), None) => h.to_string(),
                _ => String::new(),
            };
            (host, u.path().to_string())
        }
        Err(_) => (
            String::new(),
            url.split(['?', '#']).next().unwrap_or(url).to_string(),
        ),
    }
}

fn verdict(r: &RequestReport) -> &'static str {
    if r.blocked {
        "blocked"
    } else if r.failed.is_some() {
        "failed"
    } else {
        "ok"
    }
}

fn header_map(headers: &[(String, String)]) -> BTreeMap<&'static str, String> {
    let mut map = BTreeMap::new();
    for (key, _) in HEADERS {
        let values: Vec<&str> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .collect();
        if !values.is_empty() {
            // Duplicated lines kept visible: `a | b` is two header lines.
            map.insert(key, values.join(" | "));
        }
    }
    map
}

fn side(reqs: &[&RequestReport]) -> Side {
    // The endpoint's first blocked or failed request speaks for it; else its first.
    let r = reqs
        .iter()
        .find(|r| r.blocked || r.failed.is_some())
        .unwrap_or(&reqs[0]);
    let last = r.chain.last();
    let preflight = r.chain.iter().find_map(|h| h.preflight.as_ref());
    Side {
        url: r.url.clone(),
        requests: reqs.len(),
        verdict: verdict(r),
        cors_error: r.cors_error.map(|e| e.name().to_string()),
        cause: r.cause().map(|f| f.rule.to_string()),
        status: last.map(|h| h.status).or(r.status).unwrap_or(0),
        preflight_status: preflight.map(|p| p.status),
        redirects: r
            .chain
            .iter()
            .filter_map(|h| {
                h.redirect_to
                    .as_ref()
                    .map(|to| format!("{} → {to}", h.status))
            })
            .collect(),
        response: last.map(|h| header_map(&h.headers)).unwrap_or_default(),
        preflight: preflight
            .map(|p| header_map(&p.headers))
            .unwrap_or_default(),
    }
}

fn changes(a: &Side, b: &Side) -> Vec<Change> {
    let mut out = Vec::new();
    let mut field = |at: &'static str, field: &str, x: Option<String>, y: Option<String>| {
        if x != y {
            out.push(Change {
                at,
                field: field.to_string(),
                a: x,
                b: y,
            });
        }
    };
    field(
        "response",
        "status",
        Some(a.status.to_string()),
        Some(b.status.to_string()),
    );
    for (key, label) in HEADERS {
        field(
            "response",
            label,
            a.response.get(key).cloned(),
            b.response.get(key).cloned(),
        );
    }
    field(
        "preflight",
        "status",
        a.preflight_status.map(|s| s.to_string()),
        b.preflight_status.map(|s| s.to_string()),
    );
    for (key, label) in HEADERS {
        field(
            "preflight",
            label,
            a.preflight.get(key).cloned(),
            b.preflight.get(key).cloned(),
        );
    }
    let redirects = |s: &Side| (!s.redirects.is_empty()).then(|| s.redirects.join("; "));
    field("chain", "redirects", redirects(a), redirects(b));
    out
}

/// Parses `--map A_HOST=B_HOST`.
pub fn parse_map(specs: &[String]) -> Result<Vec<(String, String)>, Error> {
    specs
        .iter()
        .map(|m| match m.split_once('=') {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok((a.trim().to_ascii_lowercase(), b.trim().to_ascii_lowercase()))
            }
            _ => Err(Error::Usage(format!(
                "--map '{m}': expected A_HOST=B_HOST (e.g. localhost:8080=api.example.com)"
            ))),
        })
        .collect()
}

type Groups<'r> = BTreeMap<(String, String, String), Vec<&'r RequestReport>>;

/// Requests by (method, host, path), in first-seen order of their keys kept by `order`.
fn group(report: &Report) -> (Groups<'_>, Vec<(String, String, String)>) {
    let mut groups: Groups = BTreeMap::new();
    let mut order = Vec::new();
    for r in &report.requests {
        let (host, path) = host_and_path(&r.url);
        let key = (
            r.method.as_deref().unwrap_or("?").to_ascii_uppercase(),
            host,
            path,
        );
        if !groups.contains_key(&key) {
            order.push(key.clone());
        }
        groups.entry(key).or_default().push(r);
    }
    (groups, order)
}

fn hosts(report: &Report) -> Vec<String> {
    let mut hosts: Vec<String> = report
        .requests
        .iter()
        .map(|r| host_and_path(&r.url).0)
        .collect();
    hosts.sort();
    hosts.dedup();
    hosts
}

/// Compares two reports.
pub fn diff(a: &Report, b: &Report, map: &[(String, String)], names: (&str, &str)) -> DiffReport {
    let mut host_map: Vec<(String, String)> = map.to_vec();
    if host_map.is_empty() {
        if let ([ha], [hb]) = (hosts(a).as_slice(), hosts(b).as_slice()) {
            if ha != hb {
                host_map.push((ha.clone(), hb.clone()));
            }
        }
    }
    // A host given without its port maps every port of it.
    let mapped = |host: &str| -> String {
        for (from, to) in &host_map {
            if host == from {
                return to.clone();
            }
            if let Some(port) = host
                .strip_prefix(from.as_str())
                .and_then(|r| r.strip_prefix(':'))
            {
                if !to.contains(':') {
                    return format!("{to}:{port}");
                }
            }
        }
        host.to_string()
    };
    let (ga, order_a) = group(a);
    let (gb, order_b) = group(b);
    let mut endpoints = Vec::new();
    let mut matched_b = std::collections::BTreeSet::new();
    for key in &order_a {
        let (method, host, path) = key;
        let bkey = (method.clone(), mapped(host), path.clone());
        let sa = side(&ga[key]);
        let sb = gb.get(&bkey).map(|r| side(r));
        if sb.is_some() {
            matched_b.insert(bkey);
        }
        let (status, changes) = match &sb {
            None => (Status::OnlyInA, Vec::new()),
            Some(sb) => {
                let changes = changes(&sa, sb);
                let status = match (sa.verdict == "ok", sb.verdict == "ok") {
                    (true, false) => Status::Broken,
                    (false, true) => Status::Fixed,
                    _ if changes.is_empty()
                        && sa.cause == sb.cause
                        && sa.cors_error == sb.cors_error =>
                    {
                        Status::Same
                    }
                    _ => Status::Changed,
                };
                (status, changes)
            }
        };
        endpoints.push(EndpointDiff {
            method: method.clone(),
            path: path.clone(),
            status,
            a: Some(sa),
            b: sb,
            changes,
        });
    }
    for key in order_b.iter().filter(|k| !matched_b.contains(*k)) {
        endpoints.push(EndpointDiff {
            method: key.0.clone(),
            path: key.2.clone(),
            status: Status::OnlyInB,
            a: None,
            b: Some(side(&gb[key])),
            changes: Vec::new(),
        });
    }
    let mut summary = DiffSummary {
        endpoints: endpoints.len(),
        ..Default::default()
    };
    for e in &endpoints {
        match e.status {
            Status::Broken => summary.broken += 1,
            Status::Fixed => summary.fixed += 1,
            Status::Changed => summary.changed += 1,
            Status::OnlyInA => summary.only_in_a += 1,
            Status::OnlyInB => summary.only_in_b += 1,
            Status::Same => {}
        }
        if e.a.is_some() && e.b.is_some() {
            summary.matched += 1;
        }
        let b_bad = e.b.as_ref().is_some_and(|s| s.verdict != "ok");
        let a_bad = e.a.as_ref().is_some_and(|s| s.verdict != "ok");
        if b_bad && !a_bad {
            summary.newly_blocked += 1;
        }
    }
    DiffReport {
        version: 1,
        a: names.0.to_string(),
        b: names.1.to_string(),
        host_map,
        endpoints,
        summary,
    }
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Broken => "BROKEN in B",
        Status::Fixed => "fixed in B",
        Status::Changed => "changed",
        Status::Same => "same",
        Status::OnlyInA => "only in A",
        Status::OnlyInB => "only in B",
    }
}

fn verdict_label(s: &Option<Side>) -> String {
    match s {
        None => "—".to_string(),
        Some(s) => match (&s.cause, &s.cors_error) {
            (Some(c), Some(e)) => format!("{} ({e}) → {c}", s.verdict),
            (Some(c), None) => format!("{} → {c}", s.verdict),
            _ => format!("{} {}", s.verdict, s.status),
        },
    }
}

fn value(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(absent)")
}

/// Plain-text report.
pub fn write_table(out: &mut dyn Write, d: &DiffReport) -> std::io::Result<()> {
    let s = &d.summary;
    writeln!(out, "corsdx diff  A: {}  B: {}", d.a, d.b)?;
    for (a, b) in &d.host_map {
        writeln!(out, "  host {a} (A) = {b} (B)")?;
    }
    writeln!(
        out,
        "{} endpoints, {} matched: {} broken in B, {} fixed in B, {} changed, {} only in A, {} only in B\n",
        s.endpoints, s.matched, s.broken, s.fixed, s.changed, s.only_in_a, s.only_in_b
    )?;
    for e in &d.endpoints {
        writeln!(out, "{} {}  [{}]", e.method, e.path, status_label(e.status))?;
        writeln!(out, "  A  {}", verdict_label(&e.a))?;
        writeln!(out, "  B  {}", verdict_label(&e.b))?;
        for c in &e.changes {
            writeln!(
                out,
                "     {:<9} {:<34} A: {}  →  B: {}",
                c.at,
                c.field,
                value(&c.a),
                value(&c.b)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Markdown report.
pub fn write_markdown(out: &mut dyn Write, d: &DiffReport) -> std::io::Result<()> {
    let s = &d.summary;
    writeln!(out, "# corsdx diff\n")?;
    writeln!(out, "- **A**: `{}`\n- **B**: `{}`", d.a, d.b)?;
    for (a, b) in &d.host_map {
        writeln!(out, "- host `{a}` (A) = `{b}` (B)")?;
    }
    writeln!(
        out,
        "\n{} endpoints, {} matched: **{} broken in B**, {} fixed in B, {} changed, {} only in A, {} only in B\n",
        s.endpoints, s.matched, s.broken, s.fixed, s.changed, s.only_in_a, s.only_in_b
    )?;
    writeln!(
        out,
        "| endpoint | status | A | B |\n| --- | --- | --- | --- |"
    )?;
    for e in &d.endpoints {
        writeln!(
            out,
            "| `{} {}` | {} | {} | {} |",
            e.method,
            md_cell(&e.path),
            status_label(e.status),
            md_cell(&verdict_label(&e.a)),
            md_cell(&verdict_label(&e.b))
        )?;
    }
    for e in d.endpoints.iter().filter(|e| !e.changes.is_empty()) {
        writeln!(out, "\n## `{} {}`\n", e.method, md_cell(&e.path))?;
        writeln!(out, "| at | field | A | B |\n| --- | --- | --- | --- |")?;
        for c in &e.changes {
            writeln!(
                out,
                "| {} | {} | `{}` | `{}` |",
                c.at,
                c.field,
                md_cell(value(&c.a)),
                md_cell(value(&c.b))
            )?;
        }
    }
    Ok(())
}

/// 1 when B blocks (or fails) something A did not.
pub fn exit_code(d: &DiffReport) -> i32 {
    i32::from(d.summary.newly_blocked > 0)
}

/// `corsdx diff A B`: both captures diagnosed as `analyze` does, then compared.
pub fn compare(
    a: &std::path::Path,
    b: &std::path::Path,
    map: &[String],
) -> Result<DiffReport, Error> {
    let map = parse_map(map)?;
    let options = crate::analyze::Options::default();
    let ra = crate::build_report(&[a.to_path_buf()], &options)?;
    let rb = crate::build_report(&[b.to_path_buf()], &options)?;
    Ok(diff(
        &ra,
        &rb,
        &map,
        (&a.display().to_string(), &b.display().to_string()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_parse_and_bad_ones_are_refused() {
        assert_eq!(
            parse_map(&["Localhost:8080=API.example.com".into()]).unwrap(),
            vec![("localhost:8080".into(), "api.example.com".into())]
        );
        assert!(parse_map(&["nohost".into()]).is_err());
        assert!(parse_map(&["=b".into()]).is_err());
    }

    #[test]
    fn duplicate_header_lines_stay_visible() {
        let m = header_map(&[
            ("Access-Control-Allow-Origin".into(), "https://a".into()),
            ("access-control-allow-origin".into(), "https://a".into()),
            ("X-Other".into(), "1".into()),
        ]);
        assert_eq!(
            m.get("access-control-allow-origin").map(String::as_str),
            Some("https://a | https://a")
        );
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(
            host_and_path("http://api.test:8080/a/b?x=1"),
            ("api.test:8080".to_string(), "/a/b".to_string())
        );
        assert_eq!(
            host_and_path("https://api.test/"),
            ("api.test".to_string(), "/".to_string())
        );
    }
}
