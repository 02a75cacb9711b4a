//! `--format markdown`: a ticket-ready report for GitHub, GitLab or Jira: what was analysed, a
//! summary table, then per blocked request its verdict, cause, evidence and fix, with the chain
//! drawn as a Mermaid `sequenceDiagram`; long parts folded in `<details>`.

use crate::analyze::{HopReport, Report, RequestReport};
use crate::rules;
use std::io::{self, Write};

/// Escapes text for a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Escapes text for a Mermaid message (no `;`, `#` or line breaks; `<>` would be HTML).
fn mermaid(s: &str) -> String {
    s.replace(';', ",")
        .replace('#', "no.")
        .replace(['\n', '\r'], " ")
        .replace('<', "‹")
        .replace('>', "›")
}

fn path_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => {
            let mut p = u.path().to_string();
            if let Some(q) = u.query() {
                p.push('?');
                p.push_str(q);
            }
            p
        }
        Err(_) => url.to_string(),
    }
}

fn host_of(url: &str) -> String {
    crate::model::origin::origin_of(url)
}

/// The verdict line: the one label every format uses ([`RequestReport::verdict_label`]), with
/// the failed parameter, as Markdown shows it.
fn verdict(r: &RequestReport) -> String {
    use crate::analyze::VerdictKind;
    let label = r.verdict_label();
    let p = r
        .failed_parameter
        .as_deref()
        .filter(|p| !p.is_empty())
        .map(|p| format!(" (`{p}`)"))
        .unwrap_or_default();
    match r.verdict {
        VerdictKind::Blocked | VerdictKind::Policy if r.cors_error.is_some() => {
            format!("blocked — `{label}`{p}")
        }
        VerdictKind::Blocked | VerdictKind::Policy => format!("blocked — {label}"),
        VerdictKind::Failed => format!("failed — `{label}`"),
        VerdictKind::Allowed | VerdictKind::Unknown => label,
    }
}

fn deciding_headers(headers: &[(String, String)]) -> String {
    let acao = headers
        .iter()
        .filter(|(n, _)| n.to_ascii_lowercase().starts_with("access-control-allow-"))
        .map(|(n, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>();
    if acao.is_empty() {
        "no Access-Control-Allow-Origin".to_string()
    } else {
        acao.join(", ")
    }
}

/// The chain as a Mermaid sequence diagram.
// Length: one Mermaid pass over the hops (81 lines).
pub fn sequence_diagram(r: &RequestReport) -> String {
    let origin = r.origin.clone().unwrap_or_else(|| "page".into());
    let mut participants: Vec<String> = Vec::new();
    for hop in &r.chain {
        let h = host_of(&hop.url);
        if !participants.contains(&h) {
            participants.push(h);
        }
    }
    let mut d = String::from("sequenceDiagram\n");
    d.push_str(&format!("    participant P as Page {}\n", mermaid(&origin)));
    for (i, p) in participants.iter().enumerate() {
        d.push_str(&format!("    participant S{i} as {}\n", mermaid(p)));
    }
    let sid = |url: &str| {
        let h = host_of(url);
        participants.iter().position(|p| *p == h).unwrap_or(0)
    };
    let last = r.chain.len().saturating_sub(1);
    for (i, hop) in r.chain.iter().enumerate() {
        let s = sid(&hop.url);
        if let Some(p) = &hop.preflight {
            let asks = p
                .request_headers
                .iter()
                .filter(|(n, _)| {
                    n.to_ascii_lowercase()
                        .starts_with("access-control-request-")
                })
                .map(|(n, v)| format!("{n}: {v}"))
                .collect::<Vec<_>>()
                .join(", ");
            d.push_str(&format!(
                "    P->>S{s}: OPTIONS {} ({})\n",
                mermaid(&path_of(&hop.url)),
                mermaid(&asks)
            ));
            d.push_str(&format!(
                "    S{s}-->>P: {} — {}\n",
                status(p.status),
                mermaid(&deciding_headers(&p.headers))
            ));
            if super::view::decided_at(r, i) == Some(super::view::DecidedAt::Preflight) {
                d.push_str(&format!(
                    "    Note over P: blocked at the preflight: {}\n",
                    mermaid(&verdict(r).replace('`', ""))
                ));
                d.push_str(&format!(
                    "    Note over P,S{s}: {} {} is never sent\n",
                    hop.method,
                    mermaid(&path_of(&hop.url))
                ));
                return d;
            }
        }
        d.push_str(&format!(
            "    P->>S{s}: {} {}\n",
            hop.method,
            mermaid(&path_of(&hop.url))
        ));
        if hop.status <= 0 {
            d.push_str(&format!("    Note over P,S{s}: no response recorded\n"));
        } else {
            let mut answer = format!(
                "{} — {}",
                status(hop.status),
                deciding_headers(&hop.headers)
            );
            if let Some(to) = &hop.redirect_to {
                answer.push_str(&format!(", Location: {to}"));
            }
            d.push_str(&format!("    S{s}-->>P: {}\n", mermaid(&answer)));
        }
        if i == last || super::view::decided_at(r, i) == Some(super::view::DecidedAt::Response) {
            let v = verdict(r).replace('`', "");
            d.push_str(&format!("    Note over P: {}\n", mermaid(&v)));
            break;
        }
    }
    d
}

fn status(s: impl Into<Option<i64>>) -> String {
    super::view::status_shown(s.into(), "(none)")
}

fn hop_table(out: &mut dyn Write, hop: &HopReport) -> io::Result<()> {
    if let Some(p) = &hop.preflight {
        writeln!(
            out,
            "- `OPTIONS {}` → **{}** (preflight, entry {})",
            hop.url,
            status(p.status),
            p.entry
        )?;
        for (n, v) in p.request_headers.iter().chain(p.headers.iter()) {
            writeln!(out, "  - `{n}: {v}`")?;
        }
    }
    writeln!(
        out,
        "- `{} {}` → **{}** (entry {})",
        hop.method,
        hop.url,
        status(hop.status),
        hop.entry
    )?;
    for (n, v) in &hop.headers {
        writeln!(out, "  - `{n}: {v}`")?;
    }
    if let Some(e) = &hop.error {
        writeln!(out, "  - recorded error: `{e}`")?;
    }
    Ok(())
}

// Length: the ticket written top to bottom; to be split per section with issue 18's compact Markdown.
pub fn write_markdown(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let s = &report.summary;
    writeln!(out, "# CORS diagnosis\n")?;
    writeln!(
        out,
        "**{} blocked**, {} failed, {} warnings in {} cross-origin or failed requests.\n",
        s.blocked, s.failed, s.warnings, s.requests
    )?;
    writeln!(out, "| Input | Written by | Entries | Sanitized |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for i in &report.inputs {
        writeln!(
            out,
            "| `{}` | {} ({}) | {} | {} |",
            cell(&i.path),
            cell(&i.creator),
            i.producer,
            i.entries,
            match i.sanitized {
                Some(true) => "yes",
                Some(false) => "no",
                None => "cannot tell",
            }
        )?;
    }
    let problems: Vec<&RequestReport> = report.requests.iter().filter(|r| r.is_problem()).collect();
    if problems.is_empty() {
        writeln!(out, "\nNo request was blocked.")?;
    } else {
        writeln!(out, "\n## Summary\n")?;
        writeln!(
            out,
            "| # | Request | Status | Browser verdict | Root cause |"
        )?;
        writeln!(out, "| --- | --- | --- | --- | --- |")?;
        for (n, r) in problems.iter().enumerate() {
            writeln!(
                out,
                "| {} | `{} {}` | {} | {} | {} |",
                n + 1,
                r.method_shown(),
                cell(r.url_shown()),
                status(r.status),
                cell(&verdict(r)),
                r.cause()
                    .map(|f| format!("`{}`", f.rule))
                    .unwrap_or_default()
            )?;
        }
        for (n, r) in problems.iter().enumerate() {
            writeln!(
                out,
                "\n## {}. `{} {}`\n",
                n + 1,
                r.method_shown(),
                r.url_shown()
            )?;
            writeln!(
                out,
                "- **Page origin:** `{}`",
                r.origin.as_deref().unwrap_or("unknown")
            )?;
            writeln!(
                out,
                "- **Browser verdict:** {} ({:?})",
                verdict(r),
                r.verdict_source
            )?;
            if let Some(c) = &r.console {
                writeln!(
                    out,
                    "- **Console** ({}): `{}`",
                    super::view::console_label(r),
                    c.replace('`', "'")
                )?;
            }
            for n in &r.notes {
                writeln!(out, "- **Note:** {n}")?;
            }
            if !r.repro.is_empty() {
                writeln!(
                    out,
                    "- **Reproduce:**\n\n  ```sh\n  {}\n  ```",
                    r.repro.join("\n  ")
                )?;
            }
            for d in &r.browser_differences {
                writeln!(out, "- **Browsers differ:** {d}")?;
            }
            if let Some(f) = r.cause() {
                writeln!(
                    out,
                    "- **Root cause:** `{}` — {} (confidence {})",
                    f.rule,
                    f.message,
                    f.confidence.label()
                )?;
            }
            writeln!(out, "\n```mermaid\n{}```\n", sequence_diagram(r))?;
            if let Some(f) = r.cause() {
                writeln!(out, "<details><summary>Evidence</summary>\n")?;
                for e in &f.evidence {
                    let hv = match (&e.header, &e.value) {
                        (Some(h), Some(v)) => format!(" — `{h}: {v}`"),
                        (Some(h), None) => format!(" — `{h}` absent"),
                        _ => String::new(),
                    };
                    let note = e
                        .note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "- entry {} ({:?}): `{} {}` → {}{hv}{note}",
                        e.entry,
                        e.role,
                        e.method_shown(),
                        e.url,
                        status(e.status)
                    )?;
                }
                writeln!(out, "\nChain:\n")?;
                for hop in &r.chain {
                    hop_table(out, hop)?;
                }
                writeln!(out, "\n</details>\n")?;
                if let Some(rule) = rules::find(f.rule) {
                    writeln!(out, "**Fix — {}.** {}\n", rule.title(), rule.fix_summary())?;
                    let stack = f.fix.detected_stack.as_deref();
                    if let Some(sn) = stack.and_then(|s| rule.snippet(s)) {
                        writeln!(out, "<details><summary>Fix for {} (detected)</summary>\n\n#### {sn}\n\n</details>\n", stack.unwrap_or(""))?;
                    }
                    if let Some(stacks) = rule.section("Fix").and_then(|f| f.split_once("\n### ")) {
                        let body = format!("### {}", stacks.1).replace("### ", "#### ");
                        writeln!(
                            out,
                            "<details><summary>Fixes per stack</summary>\n\n{body}\n\n</details>"
                        )?;
                    }
                }
            }
        }
    }
    let warnings: Vec<_> = report
        .requests
        .iter()
        .flat_map(|r| r.warnings().map(move |f| (r, f)))
        .collect();
    if !warnings.is_empty() {
        writeln!(out, "\n## Warnings\n")?;
        writeln!(out, "| Rule | Request | Detail |")?;
        writeln!(out, "| --- | --- | --- |")?;
        for (r, f) in warnings {
            writeln!(
                out,
                "| `{}` | `{} {}` | {} |",
                f.rule,
                r.method_shown(),
                cell(r.url_shown()),
                cell(&f.message)
            )?;
        }
    }
    writeln!(
        out,
        "\n<sub>Generated by corsdx {}.</sub>",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(())
}
