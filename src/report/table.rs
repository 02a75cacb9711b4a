//! The default terminal report: a summary table of blocked requests, then one block per blocked
//! request (its chain with the deciding headers, the verdict, the cause, the fix), then warnings.
//! Readable at 100 columns; colour only on a terminal and never with `NO_COLOR`.

use crate::analyze::{HopReport, Report, RequestReport};
use crate::rules::{self, Finding};
use comfy_table::{presets, ContentArrangement, Table};
use std::io::{self, Write};

pub struct Style {
    pub color: bool,
    pub width: u16,
    /// `--stack`: print this stack's snippet under each fix.
    pub stack: Option<String>,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
}

/// Word-wraps `text` to `width` columns, each line after the first indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let mut out = String::new();
    let mut col = indent;
    let avail = width.max(indent + 20);
    for (i, word) in text.split_whitespace().enumerate() {
        let len = word.chars().count();
        if i > 0 {
            if col + 1 + len > avail {
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                col = indent;
            } else {
                out.push(' ');
                col += 1;
            }
        }
        out.push_str(word);
        col += len;
    }
    out
}

/// A URL without its scheme, shortened in the middle to `max` characters.
/// A shell command in lines of at most `max` characters, broken between arguments (`-H` and
/// its value kept together) with a `\` continuation, so it still pastes into a shell.
fn shell_wrap(line: &str, max: usize, indent: usize) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut quoted = false;
    for part in line.split(' ') {
        match words.last_mut() {
            Some(w) if quoted || w == "-H" || w == "-X" => {
                w.push(' ');
                w.push_str(part);
            }
            _ => words.push(part.to_string()),
        }
        quoted ^= part.matches('\'').count() % 2 == 1;
    }
    let mut out = String::new();
    let mut len = 0;
    for w in words {
        let n = w.chars().count();
        if len > 0 && len + 1 + n + 2 > max {
            out.push_str(" \\\n");
            out.push_str(&" ".repeat(indent + 2));
            len = 2;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(&w);
        len += n;
    }
    out
}

/// A URL in at most `max` characters: the scheme dropped, then whole path segments taken off
/// the front of the path (`api.example.com/…/items/42`), never a cut inside a word; a host
/// longer than `max` is kept whole.
fn short_url(url: &str, max: usize) -> String {
    let u = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    if u.chars().count() <= max {
        return u.to_string();
    }
    let (host, path) = match u.find('/') {
        Some(i) => u.split_at(i),
        None => return u.to_string(),
    };
    let mut rest = path;
    // Drop leading segments until "host/…/rest" fits, keeping at least the last segment.
    while host.chars().count() + 2 + rest.chars().count() > max {
        match rest[1..].find('/') {
            Some(i) => rest = &rest[i + 1..],
            None => break,
        }
    }
    if rest == path {
        return u.to_string();
    }
    format!("{host}/…{rest}")
}

fn status_label(status: impl Into<Option<i64>>) -> String {
    super::view::status_shown(status.into(), "—")
}

fn header_lines(headers: &[(String, String)], indent: usize) -> Vec<String> {
    headers
        .iter()
        .map(|(n, v)| format!("{}{n}: {v}", " ".repeat(indent)))
        .collect()
}

fn hop_lines(style: &Style, hop: &HopReport, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(p) = &hop.preflight {
        lines.push(format!(
            "  OPTIONS {}  → {}  {}",
            hop.url,
            status_label(p.status),
            style.dim(&format!("[preflight, entry {}]", p.entry))
        ));
        lines.extend(header_lines(&p.request_headers, 6));
        if p.headers
            .iter()
            .all(|(n, _)| !n.eq_ignore_ascii_case("access-control-allow-origin"))
        {
            lines.push("      Access-Control-Allow-Origin: (absent)".to_string());
        }
        lines.extend(header_lines(&p.headers, 6));
    }
    let sent = if hop.status > 0 {
        status_label(hop.status)
    } else {
        "(no response)".into()
    };
    let mut head = format!("  {} {}  → {sent}", hop.method, hop.url);
    if let Some(to) = &hop.redirect_to {
        head.push_str(&format!(" → {to}"));
    }
    head.push_str(&format!(
        "  {}",
        style.dim(&format!("[entry {}]", hop.entry))
    ));
    lines.push(head);
    if hop.status > 0 {
        if hop
            .headers
            .iter()
            .all(|(n, _)| !n.eq_ignore_ascii_case("access-control-allow-origin"))
        {
            lines.push("      Access-Control-Allow-Origin: (absent)".to_string());
        }
        lines.extend(header_lines(&hop.headers, 6));
    }
    if let Some(e) = &hop.error {
        lines.push(format!("      error: {e}"));
    }
    lines
        .into_iter()
        .map(|l| {
            if l.chars().count() > width {
                wrap(&l, width, 8)
            } else {
                l
            }
        })
        .collect()
}

fn finding_block(out: &mut dyn Write, style: &Style, f: &Finding, width: usize) -> io::Result<()> {
    let rule = rules::find(f.rule);
    let label = format!("{} · {} confidence", f.rule, f.confidence.label());
    writeln!(out, "  cause    {}", style.bold(&label))?;
    writeln!(out, "           {}", wrap(&f.message, width, 11))?;
    if let Some(rule) = rule {
        writeln!(out, "  fix      {}", style.bold(rule.title()))?;
        let summary = rule.fix_summary();
        if !summary.is_empty() {
            writeln!(out, "           {}", wrap(summary, width, 11))?;
        }
        let stack = style.stack.clone().or_else(|| f.fix.detected_stack.clone());
        match stack.as_deref().and_then(|s| rule.snippet(s)) {
            Some(snippet) => {
                for line in snippet.lines() {
                    writeln!(out, "           {line}")?;
                }
            }
            // Rules whose fix is not server configuration have no per-stack snippets.
            None if rule.stacks().is_empty() => {}
            None => writeln!(
                out,
                "           {}",
                style.dim(&wrap(
                    &format!(
                        "snippets: corsdx explain {} --stack {}",
                        f.rule,
                        rule.stack_ids().join("|")
                    ),
                    width,
                    11
                ))
            )?,
        }
    }
    Ok(())
}

// Length: the terminal report written top to bottom; to be split with issue 18's width handling.
pub fn write_table(out: &mut dyn Write, report: &Report, style: &Style) -> io::Result<()> {
    let width = style.width as usize;
    let s = &report.summary;
    let inputs: Vec<&str> = report.inputs.iter().map(|i| i.path.as_str()).collect();
    writeln!(
        out,
        "{} {} — {} requests analysed: {} blocked, {} failed, {} warnings",
        style.bold("corsdx"),
        inputs.join(", "),
        s.requests,
        s.blocked,
        s.failed,
        s.warnings
    )?;
    for i in &report.inputs {
        for sk in &i.skipped {
            writeln!(
                out,
                "{} {}: entry {} skipped: {}",
                style.yellow("note:"),
                i.path,
                sk.entry,
                sk.reason
            )?;
        }
    }
    let problems: Vec<&RequestReport> = report.requests.iter().filter(|r| r.is_problem()).collect();
    if problems.is_empty() {
        writeln!(out, "\nNo request was blocked.")?;
    } else {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_BORDERS_ONLY)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(style.width)
            .set_header(vec![
                "#",
                "Method",
                "URL",
                "Status",
                "Browser verdict → root cause",
            ]);
        // The URL gets what the other columns leave, so it is shortened by whole path
        // segments rather than wrapped inside a word.
        let verdict_width = problems
            .iter()
            .map(|r| {
                let cause = r.cause().map(|f| f.rule.len()).unwrap_or(12) + 2;
                r.verdict_label().chars().count().max(cause)
            })
            .max()
            .unwrap_or(28);
        let url_width = (style.width as usize)
            .saturating_sub(verdict_width + 4 + 9 + 9 + 12)
            .max(24);
        for (n, r) in problems.iter().enumerate() {
            let cause = r.cause().map(|f| f.rule).unwrap_or("(none found)");
            table.add_row(vec![
                (n + 1).to_string(),
                r.method_shown().to_string(),
                short_url(r.url_shown(), url_width),
                status_label(r.status),
                format!("{}\n→ {cause}", r.verdict_label()),
            ]);
        }
        for column in table.column_iter_mut() {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
        writeln!(out)?;
        writeln!(out, "{table}")?;
        for (n, r) in problems.iter().enumerate() {
            writeln!(out)?;
            let title = format!("{}. {} {}", n + 1, r.method_shown(), r.url_shown());
            writeln!(out, "{}", style.bold(&title))?;
            let place = super::view::place(r, &report.inputs[r.input].path);
            let page = match &r.origin {
                Some(o) => format!(
                    "{o} {}",
                    style.dim(&format!("(from {:?}; {place})", r.origin_source).to_lowercase())
                ),
                None => format!(
                    "? {}",
                    style.dim(&format!("(no input shows it: give --origin; {place})"))
                ),
            };
            writeln!(out, "  page     {page}")?;
            if r.chain.is_empty() {
                writeln!(
                    out,
                    "  chain    {}",
                    style.dim("(a console line shows no exchange)")
                )?;
            } else {
                writeln!(out, "  chain")?;
            }
            for hop in &r.chain {
                for line in hop_lines(style, hop, width) {
                    writeln!(out, "  {line}")?;
                }
            }
            let verdict = if r.blocked {
                style.red(&format!("blocked: {}", r.verdict_label()))
            } else {
                style.yellow(&format!("failed: {}", r.verdict_label()))
            };
            let param = r
                .failed_parameter
                .as_deref()
                .filter(|p| !p.is_empty())
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  verdict  {verdict}{param} {}",
                style.dim(&format!("[{:?}]", r.verdict_source).to_lowercase())
            )?;
            if let Some(c) = &r.console {
                let label = style.dim(&format!("[{}]", super::view::console_label(r)));
                writeln!(
                    out,
                    "  console  {}",
                    wrap(&format!("{c} {label}"), width, 11)
                )?;
            }
            for (i, line) in r.repro.iter().enumerate() {
                let label = if i == 0 { "repro" } else { "     " };
                let wrapped = shell_wrap(line, width.saturating_sub(11), 11);
                writeln!(out, "  {label}    {}", style.dim(&wrapped))?;
            }
            for n in &r.notes {
                writeln!(out, "  {}  {}", style.yellow("note"), wrap(n, width, 11))?;
            }
            if let Some(d) = &r.disagreement {
                writeln!(out, "  {}  {}", style.yellow("note"), wrap(d, width, 11))?;
            }
            for d in &r.browser_differences {
                writeln!(out, "  browsers {}", wrap(d, width, 11))?;
            }
            match r.cause() {
                Some(f) => finding_block(out, style, f, width)?,
                None => writeln!(out, "  cause    (none found)")?,
            }
        }
    }
    let warnings: Vec<(&RequestReport, &Finding)> = report
        .requests
        .iter()
        .flat_map(|r| r.warnings().map(move |f| (r, f)))
        .collect();
    if !warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold("Warnings"))?;
        for (r, f) in warnings {
            writeln!(
                out,
                "  {} {} {}",
                style.yellow(f.rule),
                r.method_shown(),
                r.url
            )?;
            writeln!(out, "    {}", wrap(&f.message, width, 4))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod short_url_tests {
    use super::{shell_wrap, short_url};

    #[test]
    fn commands_wrap_between_arguments() {
        let line = "curl -sS -i -X OPTIONS -H 'Origin: https://app.x' -H 'Access-Control-Request-Method: PUT' https://api.x/items/1";
        let w = shell_wrap(line, 50, 0);
        assert!(w.lines().all(|l| l.chars().count() <= 50), "{w}");
        assert!(w.contains("-H 'Origin: https://app.x'"), "{w}");
        assert_eq!(w.replace(" \\\n  ", " "), line);
    }

    #[test]
    fn urls_are_shortened_by_whole_segments() {
        let u = "http://api.example.test:47081/s/dashboard/api/reports";
        assert_eq!(
            short_url(u, 80),
            "api.example.test:47081/s/dashboard/api/reports"
        );
        assert_eq!(short_url(u, 40), "api.example.test:47081/…/api/reports");
        assert_eq!(short_url(u, 30), "api.example.test:47081/…/reports");
        assert_eq!(short_url(u, 10), "api.example.test:47081/…/reports");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_width_with_indent() {
        let w = wrap("aaa bbb ccc ddd", 28, 4);
        assert_eq!(w, "aaa bbb ccc ddd");
        let w = wrap(&"word ".repeat(20), 30, 4);
        assert!(w.lines().all(|l| l.chars().count() <= 30));
        assert!(w.lines().skip(1).all(|l| l.starts_with("    ")));
    }
}
