//! `--format html`: one self-contained file (inline CSS, inline SVG, a few lines of inline
//! script; no network, no external asset) with the same content as the Markdown report, each
//! chain drawn as a sequence diagram, and a blocked/all filter.

use crate::analyze::{HopReport, Report, RequestReport};
use crate::rules;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

fn status(s: impl Into<Option<i64>>) -> String {
    super::view::status_shown(s.into(), "no response")
}

fn cors_summary(headers: &[(String, String)]) -> String {
    let v: Vec<String> = headers
        .iter()
        .filter(|(n, _)| n.to_ascii_lowercase().starts_with("access-control-allow-"))
        .map(|(n, v)| format!("{n}: {v}"))
        .collect();
    if v.is_empty() {
        "no Access-Control-Allow-Origin".into()
    } else {
        v.join(" · ")
    }
}

fn short(s: &str, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        s.to_string()
    } else {
        let mut o: String = chars[..max - 1].iter().collect();
        o.push('…');
        o
    }
}

/// The chain as an SVG sequence diagram: the page on the left, one lane per server.
// Length: one SVG layout pass (lanes, messages, notes); to be split with the shared chain view when issue 18 reworks the HTML report.
fn diagram(r: &RequestReport) -> String {
    let mut lanes: Vec<String> = Vec::new();
    for h in &r.chain {
        let o = crate::model::origin::origin_of(&h.url);
        if !lanes.contains(&o) {
            lanes.push(o);
        }
    }
    struct Msg {
        from_page: bool,
        lane: usize,
        text: String,
        bad: bool,
    }
    let mut msgs: Vec<Msg> = Vec::new();
    let mut note: Option<String> = None;
    let path = |u: &str| {
        url::Url::parse(u)
            .map(|x| x.path().to_string())
            .unwrap_or_else(|_| u.to_string())
    };
    for (i, h) in r.chain.iter().enumerate() {
        let lane = lanes
            .iter()
            .position(|l| *l == crate::model::origin::origin_of(&h.url))
            .unwrap_or(0);
        if let Some(p) = &h.preflight {
            let asks: Vec<String> = p
                .request_headers
                .iter()
                .filter(|(n, _)| {
                    n.to_ascii_lowercase()
                        .starts_with("access-control-request-")
                })
                .map(|(_, v)| v.clone())
                .collect();
            msgs.push(Msg {
                from_page: true,
                lane,
                text: format!("OPTIONS {} ({})", path(&h.url), asks.join(", ")),
                bad: false,
            });
            let failed_here =
                super::view::decided_at(r, i) == Some(super::view::DecidedAt::Preflight);
            msgs.push(Msg {
                from_page: false,
                lane,
                text: format!("{} — {}", status(p.status), cors_summary(&p.headers)),
                bad: failed_here,
            });
            if failed_here {
                note = Some(format!(
                    "blocked at the preflight: {}; {} is never sent",
                    r.verdict_label(),
                    h.method
                ));
                break;
            }
        }
        msgs.push(Msg {
            from_page: true,
            lane,
            text: format!("{} {}", h.method, path(&h.url)),
            bad: false,
        });
        let decided = super::view::decided_at(r, i) == Some(super::view::DecidedAt::Response);
        let mut answer = format!("{} — {}", status(h.status), cors_summary(&h.headers));
        if let Some(to) = &h.redirect_to {
            answer.push_str(&format!(" → {}", short(to, 48)));
        }
        msgs.push(Msg {
            from_page: false,
            lane,
            text: answer,
            bad: decided && r.is_problem(),
        });
        if decided || i + 1 == r.chain.len() {
            note = Some(if r.is_problem() {
                format!(
                    "{}: {}",
                    if r.blocked { "blocked" } else { "failed" },
                    r.verdict_label()
                )
            } else {
                "allowed".into()
            });
            break;
        }
    }
    let lane_w = 330;
    let width = 240 + lane_w * lanes.len();
    let height = 70 + 34 * msgs.len() + 40;
    let x_page = 120;
    let x_lane = |i: usize| x_page + lane_w * (i + 1);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="seq" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="request chain"><defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>"#
    );
    let lane_line = |s: &mut String, x: usize, label: &str| {
        let _ = write!(
            s,
            r#"<rect x="{}" y="8" width="200" height="30" rx="6" class="lane"/><text x="{x}" y="28" text-anchor="middle" class="lanet">{}</text><line x1="{x}" y1="38" x2="{x}" y2="{}" class="life"/>"#,
            x - 100,
            esc(&short(label, 30)),
            height - 10
        );
    };
    lane_line(
        &mut s,
        x_page,
        &format!("page {}", r.origin.as_deref().unwrap_or("")),
    );
    for (i, l) in lanes.iter().enumerate() {
        lane_line(&mut s, x_lane(i), l);
    }
    for (k, m) in msgs.iter().enumerate() {
        let y = 66 + 34 * k;
        let (x1, x2) = if m.from_page {
            (x_page, x_lane(m.lane))
        } else {
            (x_lane(m.lane), x_page)
        };
        let class = if m.bad {
            "msg bad"
        } else if m.from_page {
            "msg req"
        } else {
            "msg resp"
        };
        let _ = write!(
            s,
            r#"<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" class="{class}" marker-end="url(#a)"/><text x="{}" y="{}" text-anchor="middle" class="mt{}">{}</text>"#,
            (x1 + x2) / 2,
            y - 6,
            if m.bad { " badt" } else { "" },
            esc(&short(&m.text, 60))
        );
    }
    if let Some(n) = note {
        let y = 66 + 34 * msgs.len();
        let _ = write!(
            s,
            r#"<text x="{x_page}" y="{y}" class="note">{}</text>"#,
            esc(&n)
        );
    }
    s.push_str("</svg>");
    s
}

fn hop_list(h: &HopReport) -> String {
    let mut s = String::new();
    if let Some(p) = &h.preflight {
        let _ = write!(s, "<li><code>OPTIONS {}</code> → <b>{}</b> <span class=dim>(preflight, entry {})</span><ul>", esc(&h.url), status(p.status), p.entry);
        for (n, v) in p.request_headers.iter().chain(p.headers.iter()) {
            let _ = write!(s, "<li><code>{}: {}</code></li>", esc(n), esc(v));
        }
        s.push_str("</ul></li>");
    }
    let _ = write!(
        s,
        "<li><code>{} {}</code> → <b>{}</b> <span class=dim>(entry {})</span><ul>",
        esc(&h.method),
        esc(&h.url),
        status(h.status),
        h.entry
    );
    for (n, v) in &h.headers {
        let _ = write!(s, "<li><code>{}: {}</code></li>", esc(n), esc(v));
    }
    if let Some(e) = &h.error {
        let _ = write!(s, "<li>recorded error <code>{}</code></li>", esc(e));
    }
    s.push_str("</ul></li>");
    s
}

const STYLE: &str = r#"
:root{--bg:#f7f8fa;--card:#fff;--ink:#1d2330;--dim:#6b7385;--bad:#c62828;--warn:#b26a00;--ok:#2e7d32;--line:#d9dde5;--accent:#3451b2}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--ink)}
header{background:#1d2330;color:#fff;padding:20px 32px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c5cad6}
main{max-width:1180px;margin:0 auto;padding:24px 32px}
.cards{display:flex;gap:12px;margin-bottom:20px}.card{flex:1;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px}
.card b{display:block;font-size:26px}.card.bad b{color:var(--bad)}.card.warn b{color:var(--warn)}
.filters button{font:inherit;border:1px solid var(--line);background:var(--card);padding:6px 14px;border-radius:18px;cursor:pointer;margin-right:6px}
.filters button.on{background:var(--accent);border-color:var(--accent);color:#fff}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden;margin:14px 0 26px}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}th{background:#eef0f4;font-size:13px;color:var(--dim)}
td code,li code{font-size:13px;word-break:break-all}
.tag{display:inline-block;border-radius:4px;padding:1px 7px;font-size:12px;font-weight:600}.tag.bad{background:#fde7e7;color:var(--bad)}.tag.warn{background:#fff1db;color:var(--warn)}.tag.ok{background:#e6f4e7;color:var(--ok)}
section.req{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--bad);border-radius:10px;padding:16px 20px;margin-bottom:22px}
section.req.okreq{border-left-color:var(--ok)}section.req.failreq{border-left-color:var(--warn)}
section.req h2{font-size:17px;margin:0 0 8px;word-break:break-all}
dl{display:grid;grid-template-columns:130px 1fr;gap:4px 12px;margin:8px 0}dt{color:var(--dim)}dd{margin:0}
.seq{max-width:100%;height:auto;background:#fbfcfd;border:1px solid var(--line);border-radius:8px;margin:10px 0}
.lane{fill:#eef0f4;stroke:var(--line)}.lanet{font:600 12px system-ui,sans-serif;fill:var(--ink)}.life{stroke:#c3c8d3;stroke-dasharray:4 4}
.msg{stroke-width:1.6}.req{stroke:var(--accent)}.resp{stroke:#7a8396;stroke-dasharray:6 3}.bad{stroke:var(--bad);stroke-width:2.2}
.mt{font:12px ui-monospace,monospace;fill:var(--ink)}.mt.badt{fill:var(--bad);font-weight:700}.note{font:600 13px system-ui,sans-serif;fill:var(--bad)}
.fix{background:#f1f5ff;border:1px solid #d6e0ff;border-radius:8px;padding:10px 14px;margin-top:10px}.fix h3{margin:0 0 4px;font-size:15px}
details{margin-top:8px}summary{cursor:pointer;color:var(--accent)}pre{background:#1d2330;color:#e8ebf2;padding:10px 12px;border-radius:6px;overflow:auto;font-size:13px}
.dim{color:var(--dim)}body.blocked-only .okreq,body.blocked-only tr.okrow{display:none}
"#;

// Length: the page written top to bottom; to be split per section with issue 18's report work.
pub fn write_html(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    let s = &report.summary;
    let mut h = String::new();
    let inputs: Vec<String> = report.inputs.iter().map(|i| esc(&i.path)).collect();
    let _ = write!(
        h,
        "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\"><title>CORS diagnosis — {}</title><style>{STYLE}</style></head><body class=blocked-only>",
        inputs.join(", ")
    );
    let _ = write!(
        h,
        "<header><h1>CORS diagnosis</h1><p>{} · corsdx {}</p></header><main>",
        inputs.join(", "),
        env!("CARGO_PKG_VERSION")
    );
    let _ = write!(
        h,
        "<div class=cards><div class=\"card bad\"><b id=n-blocked>{}</b>blocked</div><div class=\"card warn\"><b>{}</b>failed</div><div class=\"card warn\"><b>{}</b>warnings</div><div class=card><b>{}</b>cross-origin or failed requests</div></div>",
        s.blocked, s.failed, s.warnings, s.requests
    );
    h.push_str("<div class=filters><button id=f-blocked class=on onclick=\"document.body.classList.add('blocked-only');this.classList.add('on');document.getElementById('f-all').classList.remove('on')\">Blocked and failed</button><button id=f-all onclick=\"document.body.classList.remove('blocked-only');this.classList.add('on');document.getElementById('f-blocked').classList.remove('on')\">All requests</button></div>");
    h.push_str("<table><thead><tr><th>#</th><th>Request</th><th>Status</th><th>Browser verdict</th><th>Root cause</th></tr></thead><tbody>");
    for (n, r) in report.requests.iter().enumerate() {
        let bad = r.is_problem();
        let tag = if r.blocked {
            "bad"
        } else if r.failed.is_some() {
            "warn"
        } else {
            "ok"
        };
        let cause = r.cause().map(|f| f.rule).unwrap_or("");
        let _ = write!(
            h,
            "<tr class=\"{}\"><td><a href=\"#r{n}\">{}</a></td><td><code>{} {}</code></td><td>{}</td><td><span class=\"tag {tag}\">{}</span></td><td>{}</td></tr>",
            if bad { "badrow" } else { "okrow" },
            n + 1,
            esc(r.method_shown()),
            esc(r.url_shown()),
            status(r.status),
            esc(&r.verdict_label()),
            esc(cause)
        );
    }
    h.push_str("</tbody></table>");
    for (n, r) in report.requests.iter().enumerate() {
        let bad = r.is_problem();
        let class = if r.blocked {
            "req"
        } else if r.failed.is_some() {
            "req failreq"
        } else {
            "req okreq"
        };
        let _ = write!(
            h,
            "<section class=\"{class}\" id=r{n}><h2>{}. {} {}</h2><dl>",
            n + 1,
            esc(r.method_shown()),
            esc(r.url_shown())
        );
        let _ = write!(
            h,
            "<dt>Page origin</dt><dd><code>{}</code></dd>",
            esc(r.origin.as_deref().unwrap_or("unknown"))
        );
        let _ =
            write!(
            h,
            "<dt>Verdict</dt><dd><span class=\"tag {}\">{}</span> <span class=dim>{:?}</span></dd>",
            if r.blocked { "bad" } else if bad { "warn" } else { "ok" },
            esc(&r.verdict_label()),
            r.verdict_source
        );
        if let Some(c) = &r.console {
            let _ = write!(
                h,
                "<dt>Console</dt><dd><code>{}</code> <span class=dim>({})</span></dd>",
                esc(c),
                esc(super::view::console_label(r))
            );
        }
        for n in &r.notes {
            let _ = write!(h, "<dt>Note</dt><dd>{}</dd>", esc(n));
        }
        if !r.repro.is_empty() {
            let _ = write!(
                h,
                "<dt>Reproduce</dt><dd><pre>{}</pre></dd>",
                esc(&r.repro.join("\n"))
            );
        }
        for d in &r.browser_differences {
            let _ = write!(h, "<dt>Browsers differ</dt><dd>{}</dd>", esc(d));
        }
        if let Some(f) = r.cause() {
            let _ = write!(h, "<dt>Root cause</dt><dd><b>{}</b> <span class=dim>({} confidence)</span><br>{}</dd>", esc(f.rule), f.confidence.label(), esc(&f.message));
        }
        for w in r.warnings() {
            let _ = write!(
                h,
                "<dt>Warning</dt><dd><b>{}</b><br>{}</dd>",
                esc(w.rule),
                esc(&w.message)
            );
        }
        h.push_str("</dl>");
        h.push_str(&diagram(r));
        let _ = write!(h, "<details><summary>Chain and evidence</summary><ul>");
        for hop in &r.chain {
            h.push_str(&hop_list(hop));
        }
        h.push_str("</ul>");
        if let Some(f) = r.cause() {
            h.push_str("<ul>");
            for e in &f.evidence {
                let hv = match (&e.header, &e.value) {
                    (Some(hn), Some(v)) => format!(" — <code>{}: {}</code>", esc(hn), esc(v)),
                    (Some(hn), None) => format!(" — <code>{}</code> absent", esc(hn)),
                    _ => String::new(),
                };
                let _ = write!(
                    h,
                    "<li>entry {} ({:?}) <code>{} {}</code> → {}{hv}</li>",
                    e.entry,
                    e.role,
                    esc(e.method_shown()),
                    esc(&e.url),
                    status(e.status)
                );
            }
            h.push_str("</ul>");
        }
        h.push_str("</details>");
        if let Some(rule) = r.cause().and_then(|f| rules::find(f.rule)) {
            let _ = write!(
                h,
                "<div class=fix><h3>Fix — {}</h3><p>{}</p>",
                esc(rule.title()),
                esc(rule.fix_summary())
            );
            if let Some(fix) = rule.section("Fix").and_then(|f| f.split_once("\n### ")) {
                for part in format!("### {}", fix.1).split("### ").skip(1) {
                    let (title, body) = part.split_once('\n').unwrap_or((part, ""));
                    let code = body
                        .split("```")
                        .nth(1)
                        .map(|c| c.split_once('\n').map(|x| x.1).unwrap_or(c))
                        .unwrap_or(body.trim());
                    let _ = write!(
                        h,
                        "<details><summary>{}</summary><pre>{}</pre></details>",
                        esc(title.trim()),
                        esc(code.trim_end())
                    );
                }
            }
            h.push_str("</div>");
        }
        h.push_str("</section>");
    }
    h.push_str("</main></body></html>\n");
    out.write_all(h.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
