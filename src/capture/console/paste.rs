//! What pasting does to console text, undone: prefixes that are not the browser's message
//! (DevTools "Show timestamps", ISO timestamps, `source:line`, Safari's `[Error]`, test-runner
//! capture formats, a leading quote or `Error: `, `[JavaScript Warning: "…"]`), and messages
//! hard-wrapped over several lines, rejoined.

/// A logical line: one message, possibly rejoined from several physical lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logical {
    /// 1-based physical line where it starts.
    pub line: usize,
    /// Physical lines it spans.
    pub lines: usize,
    pub text: String,
}

/// `12:34:56.789 ` (DevTools "Show timestamps"), `2024-05-01T12:34:56.789Z `,
/// `2024-05-01 12:34:56,789 `, `[…]` around either, `1588000000000 ` (Selenium).
fn strip_timestamp(t: &str) -> Option<&str> {
    let (inner, rest) = match t.strip_prefix('[') {
        Some(r) => {
            let end = r.find(']')?;
            (r.get(..end)?, r.get(end + 1..)?)
        }
        None => {
            let end = t.find(' ')?;
            let first = t.get(..end)?;
            // A date and a time separated by a space.
            if first.len() == 10 && first.as_bytes().get(4) == Some(&b'-') {
                let rest = t.get(end + 1..)?;
                let end2 = rest.find(' ').unwrap_or(rest.len());
                let time = rest.get(..end2)?;
                if looks_like_time(time) {
                    return Some(rest.get(end2..)?.trim_start());
                }
                return None;
            }
            (first, t.get(end..)?)
        }
    };
    let ok = looks_like_time(inner)
        || (inner.len() >= 10
            && inner.as_bytes().get(4) == Some(&b'-')
            && inner.bytes().take(4).all(|b| b.is_ascii_digit())
            && inner
                .get(10..)
                .is_none_or(|r| r.is_empty() || looks_like_time(r.trim_start_matches(['T', ' ']))))
        || (inner.len() == 13 && inner.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| rest.trim_start())
}

/// `12:34:56`, `12:34:56.789`, `12:34:56,789`, with an optional zone (`Z`, `+02:00`).
fn looks_like_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b.first().is_some_and(u8::is_ascii_digit)
        && b.get(1).is_some_and(u8::is_ascii_digit)
        && b.get(2) == Some(&b':')
        && b.get(5) == Some(&b':')
        && s.bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b',' | b'Z' | b'+' | b'-'))
}

/// Level and runner prefixes, longest first where one is a prefix of another.
const PREFIXES: &[&str] = &[
    "[Error] ",
    "[Warning] ",
    "[Log] ",
    "[Info] ",
    "[Debug] ",
    "[error] ",
    "[warning] ",
    "[warn] ",
    "[SEVERE] ",
    "[WARNING] ",
    "SEVERE ",
    "SEVERE: ",
    "WARNING ",
    "ERROR ",
    "ERROR: ",
    "Error: ",
    "error: ",
    "Uncaught Error: ",
    "console.error: ",
    "console.error ",
    "console.warn: ",
    "console.warn ",
    "[console.error] ",
    "[console.warn] ",
    "[console] ",
    "[browser] ",
    "browser: ",
    "[Browser] ",
    "BROWSER LOG: ",
    "Browser log: ",
    "Browser console: ",
    "PAGE LOG: ",
    "Console error: ",
    "Console: ",
    "pageerror: ",
    "[pageerror] ",
    "cons:error ",
    "cons:warn ",
    "cons:log ",
    "Console Error: ",
    "> ",
    "✖ ",
    "✘ ",
    "× ",
    "❌ ",
    "⚠ ",
    "- ",
    "* ",
];

/// Strips everything before the message, repeatedly (a timestamp, then a level, then a quote …).
pub fn clean(line: &str) -> String {
    let mut t = line.trim_start_matches('\u{feff}').trim();
    // An empty line of a quoted e-mail or Markdown quote.
    if t == ">" {
        return String::new();
    }
    let mut quote_close: Option<char> = None;
    // Chromium's own log (`--enable-logging`, ChromeDriver, Electron):
    // `[1210/131942.465:INFO:CONSOLE(0)] "<message>", source: <url> (0)`.
    let mut chromium_log = false;
    if let Some(r) = t.strip_prefix('[') {
        if let Some(end) = r.find("] ") {
            if r.get(..end).is_some_and(|h| h.contains(":CONSOLE(")) {
                t = r.get(end + 2..).unwrap_or("").trim_start();
                chromium_log = true;
            }
        }
    }
    if chromium_log {
        if let Some(i) = t.rfind("\", source: ") {
            t = t.get(..i + 1).unwrap_or(t);
        }
    }
    for _ in 0..12 {
        let before = t;
        if let Some(r) = strip_timestamp(t) {
            t = r;
        }
        for p in PREFIXES {
            if let Some(r) = t.strip_prefix(p) {
                t = r.trim_start();
                break;
            }
        }
        // `[JavaScript Warning: "…" {file: "…" line: 0}]` and `[JavaScript Error: …]`.
        for p in ["[JavaScript Warning: \"", "[JavaScript Error: \""] {
            if let Some(r) = t.strip_prefix(p) {
                let end = r
                    .rfind("\" {file:")
                    .or_else(|| r.rfind('"'))
                    .unwrap_or(r.len());
                t = r.get(..end).unwrap_or(r);
            }
        }
        // A leading quote (the closing one is removed below when the line ends with it).
        if let Some(c) = t.chars().next() {
            let close = match c {
                '"' => Some('"'),
                '\'' => Some('\''),
                '“' => Some('”'),
                '‘' => Some('’'),
                '`' => Some('`'),
                '«' => Some('»'),
                _ => None,
            };
            if let Some(close) = close {
                t = t.get(c.len_utf8()..).unwrap_or("").trim_start();
                quote_close = Some(close);
            }
        }
        // Markdown emphasis around the whole line: `_…_`, `**…**`.
        for w in ["**", "_"] {
            if let Some(inner) = t.strip_prefix(w).and_then(|r| r.strip_suffix(w)) {
                t = inner.trim();
            }
        }
        // Android logcat: `E/GeckoConsole( 2237): `, `I/chromium(1234): `.
        if let Some(r) = strip_logcat(t) {
            t = r;
        }
        // DevTools' `source:line ` and Selenium's `URL - ` / `URL line:col `.
        if let Some(r) = strip_source(t) {
            t = r;
        }
        if t == before {
            break;
        }
    }
    let mut t = t.trim_end();
    if let Some(c) = quote_close {
        t = t.strip_suffix(c).unwrap_or(t).trim_end();
        // `"…",` as in a JSON dump.
        t = t.strip_suffix(&format!("{c},")).unwrap_or(t);
    }
    t.to_string()
}

/// `E/GeckoConsole( 2237): ` (a level letter, a slash, a tag, the process id).
fn strip_logcat(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    if !(b.first().is_some_and(|c| b"VDIWEF".contains(c)) && b.get(1) == Some(&b'/')) {
        return None;
    }
    let close = t.find("): ")?;
    let open = t.get(..close)?.rfind('(')?;
    let pid = t.get(open + 1..close)?.trim();
    (!pid.is_empty() && pid.bytes().all(|c| c.is_ascii_digit()))
        .then(|| t.get(close + 3..).unwrap_or("").trim_start())
}

/// `app.js:16 `, `(index):3 `, `VM12:1 `, `localhost/:1 ` (DevTools), `http://x/ - ` and
/// `http://x/app.js 12:34 ` (Selenium's browser log).
fn strip_source(t: &str) -> Option<&str> {
    let (first, rest) = t.split_once(' ')?;
    if let Some((_, num)) = first.rsplit_once(':') {
        if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) && !first.starts_with("http")
        {
            return Some(rest.trim_start());
        }
    }
    if first.starts_with("http://") || first.starts_with("https://") || first.starts_with("file://")
    {
        if let Some(r) = rest.strip_prefix("- ") {
            return Some(r.trim_start());
        }
        let (pos, r) = rest.split_once(' ').unwrap_or((rest, ""));
        let digits_colon = !pos.is_empty()
            && pos.contains(':')
            && pos.bytes().all(|b| b.is_ascii_digit() || b == b':');
        if digits_colon && !r.is_empty() {
            return Some(r.trim_start());
        }
    }
    None
}

/// Whether a cleaned line starts a browser CORS message (so a wrapped continuation may follow).
pub fn starts_message(t: &str) -> bool {
    const HEADS: &[&str] = &[
        "Access to ",
        "XMLHttpRequest cannot load ",
        "Fetch API cannot load ",
        "Failed to load ",
        "Redirect from '",
        "Cross-Origin Request Blocked:",
        "Cross-Origin Request Warning:",
        "Origin ",
        "Preflight response ",
        "Request header field ",
        "SEC71",
        "No 'Access-Control-Allow-Origin' header",
        "Response to preflight request",
        "The value of the 'Access-Control-Allow-Origin'",
    ];
    static LOCALIZED: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let localized = LOCALIZED.get_or_init(|| {
        let mut heads: Vec<&'static str> = crate::fetch::messages::firefox::FIREFOX_ROWS
            .iter()
            .filter(|r| r.locale != "en-US")
            .filter_map(|r| {
                r.text.get(
                    ..r.text
                        .char_indices()
                        .nth(12)
                        .map_or(r.text.len(), |(i, _)| i),
                )
            })
            .collect();
        heads.sort_unstable();
        heads.dedup();
        heads
    });
    HEADS.iter().any(|h| t.starts_with(h)) || localized.iter().any(|head| t.starts_with(head))
}

/// Sentences that continue the message before them when a paste broke the line after a period.
const CONTINUATIONS: &[&str] = &[
    "Origin '",
    "The response had HTTP status code",
    "If an opaque response serves your needs",
    "Have the server send the header",
    "The credentials mode of requests",
    "Status code:",
    "(Reason:",
    "Response to preflight request",
    "No 'Access-Control-Allow-Origin' header",
    "The request was redirected",
    "which is disallowed",
    "Redirect from '",
];

/// Whether a message line ends where a message can end.
fn complete(t: &str) -> bool {
    let t = t.trim_end();
    // `XMLHttpRequest cannot load <url>.` with its reason on the next lines.
    let reason_missing = ["XMLHttpRequest cannot load ", "Fetch API cannot load "]
        .iter()
        .any(|h| {
            t.strip_prefix(h)
                .is_some_and(|r| !r.trim_end_matches('.').contains(". "))
        })
        && !t.contains(" due to access control checks");
    if reason_missing || t.ends_with(':') || t.ends_with(',') {
        return false;
    }
    t.ends_with('.')
        || t.ends_with(')')
        || t.ends_with('。')
        || t.ends_with('）')
        || t.ends_with('»')
        || t.bytes().last().is_some_and(|b| b.is_ascii_digit())
}

/// Cleans every line and rejoins messages a paste wrapped. A wrapped line is joined to the next
/// with a space, except inside a long URL or quoted value cut at the margin.
pub fn logical_lines(text: &str) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    // Whether the last logical line is a message that may continue.
    let mut open = false;
    for (i, raw) in text.lines().enumerate() {
        let t = clean(raw.trim_end_matches('\r'));
        if t.is_empty() {
            open = false;
            out.push(Logical {
                line: i + 1,
                lines: 1,
                text: t,
            });
            continue;
        }
        if let Some(last) = out.last_mut().filter(|l| open && l.lines < 8) {
            let continues = CONTINUATIONS.iter().any(|c| t.starts_with(c))
                || (!complete(&last.text) && !starts_message(&t) && !t.starts_with("at "));
            if continues {
                let glue = if cut_inside_a_word(&last.text, raw) {
                    ""
                } else {
                    " "
                };
                last.text.push_str(glue);
                last.text.push_str(&t);
                last.lines += 1;
                continue;
            }
        }
        open = starts_message(&t);
        out.push(Logical {
            line: i + 1,
            lines: 1,
            text: t,
        });
    }
    out
}

/// A line hard-wrapped inside a word: it ends in a URL or a quoted value still open and the
/// physical line is as long as a wrap margin makes it.
fn cut_inside_a_word(so_far: &str, raw_line_after: &str) -> bool {
    // `… to '` + `https://…'`: a quote opened at the end of the line.
    if so_far.ends_with(" '") || so_far.ends_with(" ‘") {
        return true;
    }
    let last_word = so_far.rsplit(' ').next().unwrap_or("");
    let quotes = last_word.matches('\'').count();
    let in_url = last_word.contains("://")
        && !last_word.ends_with(['.', ',', ')', ';'])
        && (quotes == 0 || quotes % 2 == 1);
    in_url && !raw_line_after.starts_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_paste_prefixes() {
        let want = "Access to fetch at 'http://a/x' from origin 'http://b' has been blocked by CORS policy: X.";
        for line in [
            format!("12:34:56.789 app.js:16 {want}"),
            format!("2024-05-01T12:34:56.789Z {want}"),
            format!("[2024-05-01T12:34:56.789Z] [SEVERE] http://b/ - {want}"),
            format!("2024-05-01 12:34:56,789 ERROR {want}"),
            format!("\"{want}\""),
            format!("“{want}”"),
            format!("Error: {want}"),
            format!("[Error] {want}"),
            format!("[browser] console.error: {want}"),
            format!("cons:error ✘  {want}"),
            format!("PAGE LOG: {want}"),
            format!("> {want}"),
            format!("http://b/app.js 12:34 \"{want}\""),
        ] {
            assert_eq!(clean(&line), want, "{line}");
        }
        assert_eq!(
            clean("[JavaScript Warning: \"Cross-Origin Request Blocked: x.\" {file: \"http://a/\" line: 0}]"),
            "Cross-Origin Request Blocked: x."
        );
    }

    #[test]
    fn rejoins_wrapped_messages() {
        let text = "XMLHttpRequest cannot load http://api.example.com/v1/items. No\n\
'Access-Control-Allow-Origin' header is present on the requested\n\
resource. Origin 'http://localhost:3000' is therefore not allowed\n\
access.\n\
next line\n";
        let l = logical_lines(text);
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].lines, 4);
        assert!(l[0].text.ends_with("is therefore not allowed access."));
        // A URL cut at the margin is glued back without a space.
        let text = "Access to XMLHttpRequest at 'https://api.example.com/v1/very/long/pa\nth' from origin 'http://a' has been blocked by CORS policy: X.\n";
        let l = logical_lines(text);
        assert_eq!(l.len(), 1);
        assert!(l[0]
            .text
            .contains("'https://api.example.com/v1/very/long/path'"));
        // A sentence broken after its period.
        let l = logical_lines("XMLHttpRequest cannot load http://a/x. No 'Access-Control-Allow-Origin' header is present on the requested resource.\nOrigin 'http://b' is therefore not allowed access.");
        assert_eq!(l.len(), 1);
    }

    #[test]
    fn a_reason_on_the_lines_after_its_head_is_joined() {
        let text = "XMLHttpRequest cannot load https://api.github.com/repos/x. \nThe request was redirected to 'https://api.github.com/repositories/1', \nwhich is disallowed for cross-origin requests that require preflight.\n";
        let l = logical_lines(text);
        assert_eq!(l.len(), 1, "{l:?}");
        assert_eq!(l[0].lines, 3);
        assert_eq!(
            clean("_XMLHttpRequest cannot load http://a/. X._"),
            "XMLHttpRequest cannot load http://a/. X."
        );
    }

    #[test]
    fn chromium_log_lines_and_a_quote_opened_at_the_margin() {
        assert_eq!(
            clean("[1210/131942.465:INFO:CONSOLE(0)] \"Access to X at 'u' from origin 'o' has been blocked by CORS policy: Y.\", source: https://a.x/login/ (0)"),
            "Access to X at 'u' from origin 'o' has been blocked by CORS policy: Y."
        );
        let l = logical_lines("> XMLHttpRequest cannot load https://a.x/p?q=1.\n> Redirect from 'https://a.x/p?q=1' to '\n> https://b.x/api?r=1' has been blocked\n> by CORS policy: No.\n");
        assert_eq!(l.len(), 1, "{l:?}");
        assert!(
            l[0].text
                .contains("to 'https://b.x/api?r=1' has been blocked by CORS"),
            "{}",
            l[0].text
        );
    }

    #[test]
    fn never_panics() {
        for t in [
            "[",
            "[]",
            "[1",
            "\"",
            "“",
            "12:34:56.789",
            "2024-05-01 ",
            "http://x - ",
            "[JavaScript Warning: \"",
            "\u{feff}",
        ] {
            let _ = clean(t);
            let _ = logical_lines(t);
        }
    }
}
