//! Sentence patterns: a browser's message text with holes, matched against console text.
//!
//! A pattern is the message as its source spells it, with `%1$S`, `%2$S` (Firefox's
//! `security.properties`) or `{name}` holes. Matching is tolerant of what pasting does to text:
//! typographic and ASCII quotes are the same, and runs of whitespace (non-breaking spaces
//! included) are one space. A hole takes the shortest text up to the literal that follows it; a
//! hole at the end of a pattern takes one word (a URL, a status) or, for `{rest}`, everything.

/// The character a pasted quote stands for: every quote, single or double, typographic or not,
/// is `'` (translations and pastes swap them freely: `«x»`, `'x'`, `‘x’`, `"x"`).
fn fold_char(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' | '「' | '」' | '『' | '』' | '“' | '”' | '„'
        | '‟' | '«' | '»' | '″' | '"' => '\'',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Text folded for matching: quotes folded, whitespace runs collapsed to one space, trimmed.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars().map(fold_char) {
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// One piece of a parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Lit(String),
    Hole(String),
}

/// Splits a pattern into literals (folded) and holes.
fn pieces(pattern: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = pattern;
    while !rest.is_empty() {
        let hole = if let Some(r) = rest.strip_prefix('%') {
            // %1$S / %2$S / %S
            let end = r.find('S').filter(|&e| e <= 3);
            end.map(|e| {
                (
                    r.get(..e).unwrap_or("").trim_end_matches('$').to_string(),
                    e + 2,
                )
            })
        } else if let Some(r) = rest.strip_prefix('{') {
            r.find('}')
                .filter(|&e| {
                    e > 0
                        && r.get(..e).is_some_and(|n| {
                            n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        })
                })
                .map(|e| (r.get(..e).unwrap_or("").to_string(), e + 2))
        } else {
            None
        };
        match hole {
            Some((name, len)) => {
                out.push(Piece::Lit(std::mem::take(&mut lit)));
                out.push(Piece::Hole(if name.is_empty() { "1".into() } else { name }));
                rest = rest.get(len..).unwrap_or("");
            }
            None => {
                let mut chars = rest.chars();
                if let Some(c) = chars.next() {
                    lit.push(c);
                }
                rest = chars.as_str();
            }
        }
    }
    out.push(Piece::Lit(lit));
    // Fold each literal, keeping a boundary space where the source has one.
    out.into_iter()
        .map(|p| match p {
            Piece::Lit(l) => {
                let lead = l.starts_with(char::is_whitespace);
                let trail = l.ends_with(char::is_whitespace) && !l.trim().is_empty();
                let mut f = fold(&l);
                if lead && !f.is_empty() {
                    f.insert(0, ' ');
                }
                if trail || (l.chars().all(char::is_whitespace) && !l.is_empty()) {
                    f.push(' ');
                }
                Piece::Lit(f)
            }
            h => h,
        })
        .collect()
}

thread_local! {
    /// Patterns already split: the tables are read for every console line.
    static COMPILED: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<[Piece]>>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// A pattern's pieces, split once per thread.
fn compiled(pattern: &str) -> std::rc::Rc<[Piece]> {
    COMPILED.with(|c| {
        if let Some(p) = c.borrow().get(pattern) {
            return p.clone();
        }
        let p: std::rc::Rc<[Piece]> = pieces(pattern).into();
        c.borrow_mut().insert(pattern.to_string(), p.clone());
        p
    })
}

/// A successful match: the hole values (in folded text) and how much of the text was consumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub holes: Vec<(String, String)>,
    /// Folded text after the match.
    pub rest: String,
    /// Bytes of folded text the pattern consumed.
    pub consumed: usize,
}

impl Match {
    /// A hole's value, `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.holes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Where a literal following a hole starts: its first occurrence, except that a lone period must
/// end the text or be followed by a space (a URL or host holds periods).
fn find_literal(here: &str, lit: &str) -> Option<usize> {
    here.match_indices(lit).map(|(i, _)| i).find(|&i| {
        let after = i + lit.len();
        lit.trim() != "."
            || after >= here.len()
            || here.get(after..).is_some_and(|r| r.starts_with(' '))
    })
}

/// Matches `pattern` at the start of `folded` (text already passed through [`fold`]).
pub fn match_at_start(pattern: &str, folded: &str) -> Option<Match> {
    // Most patterns fail on their first character: say so before splitting the pattern.
    if let (Some(p), Some(t)) = (pattern.chars().next(), folded.chars().next()) {
        if p != '%' && p != '{' && !p.is_whitespace() && fold_char(p) != t {
            return None;
        }
    }
    let ps = compiled(pattern);
    let ps: &[Piece] = &ps;
    let last = ps.len().saturating_sub(1);
    let mut at = 0usize;
    let mut holes = Vec::new();
    let mut i = 0;
    while i < ps.len() {
        match ps.get(i) {
            Some(Piece::Lit(l)) => {
                let here = folded.get(at..)?;
                if let Some(r) = here.strip_prefix(l.as_str()) {
                    at = folded.len() - r.len();
                } else if l.ends_with(' ') && here == l.trim_end() {
                    // The text ends where the pattern's trailing space would be.
                    at = folded.len();
                } else if i == last
                    && here.is_empty()
                    && l.trim_end_matches(['.', '。', ' ']).is_empty()
                {
                    // Only the final period is missing.
                } else if let Some(r) = (i == last)
                    .then(|| l.trim_end_matches(['.', '。', ' ']))
                    .filter(|t| !t.is_empty())
                    .and_then(|t| here.strip_prefix(t))
                {
                    // A paste lost the message's final period.
                    at = folded.len() - r.len();
                } else {
                    return None;
                }
                i += 1;
            }
            Some(Piece::Hole(name)) => {
                let here = folded.get(at..)?;
                let next = match ps.get(i + 1) {
                    Some(Piece::Lit(l)) => l.as_str(),
                    _ => "",
                };
                let value_len = if next.is_empty() {
                    if name == "rest" {
                        here.len()
                    } else {
                        here.find(' ').unwrap_or(here.len())
                    }
                } else if next.trim().is_empty() {
                    here.find(' ').unwrap_or(here.len())
                } else {
                    find_literal(here, next).or_else(|| {
                        // The text may end in the literal without its trailing space, or,
                        // for the last literal, without its final period.
                        let t = if i + 1 == last {
                            next.trim_end_matches(['.', '。', ' '])
                        } else {
                            next.trim_end()
                        };
                        if t.is_empty() && i + 1 == last {
                            // `… {hole}.` with the period lost: the hole takes the rest.
                            return Some(here.len());
                        }
                        (!t.is_empty())
                            .then(|| here.find(t))
                            .flatten()
                            .filter(|&p| i + 1 == last || p + t.len() == here.len())
                    })?
                };
                let value = here.get(..value_len)?;
                holes.push((name.clone(), value.to_string()));
                at += value_len;
                i += 1;
            }
            None => break,
        }
    }
    Some(Match {
        holes,
        rest: folded.get(at..).unwrap_or("").trim_start().to_string(),
        consumed: at,
    })
}

/// Fills a pattern's holes (for rendering): `fill(p, &[("1", url), ("2", status)])`. Holes not
/// given are left empty.
pub fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while !rest.is_empty() {
        let mut done = false;
        for (name, value) in values {
            for hole in [format!("%{name}$S"), format!("{{{name}}}")] {
                if let Some(r) = rest.strip_prefix(hole.as_str()) {
                    out.push_str(value);
                    rest = r;
                    done = true;
                    break;
                }
            }
            if done {
                break;
            }
        }
        if !done {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                out.push(c);
            }
            rest = chars.as_str();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_and_spaces() {
        assert_eq!(fold("  a\u{a0}\u{202f} ‘b’  «c»\t"), "a 'b' 'c'");
    }

    #[test]
    fn matches_holes_and_rest() {
        let m = match_at_start(
            "Blocked at %1$S. (Reason: header ‘%2$S’ missing). Status code: {status}.",
            &fold("Blocked at http://a/x?y=1. (Reason: header 'x-id' missing). Status code: 405. more"),
        )
        .unwrap();
        assert_eq!(m.get("1"), Some("http://a/x?y=1"));
        assert_eq!(m.get("2"), Some("x-id"));
        assert_eq!(m.get("status"), Some("405"));
        assert_eq!(m.rest, "more");
        assert!(match_at_start("Blocked at %1$S.", "Other text").is_none());
        // A trailing hole takes a word; {rest} takes everything.
        let m = match_at_start("origin {origin}.", "origin http://a.b:1. Next.").unwrap();
        assert_eq!(m.get("origin"), Some("http://a.b:1"));
        // A final period lost in the paste.
        let m = match_at_start("at {url}. No header.", "at http://a/b. No header").unwrap();
        assert_eq!(m.get("url"), Some("http://a/b"));
        let m = match_at_start("redirect {url} refused.", "redirect http://a/b refused").unwrap();
        let m2 = match_at_start("schemes: {schemes}.", "schemes: http, https").unwrap();
        assert_eq!(m2.get("schemes"), Some("http, https"));
        assert_eq!(m.get("url"), Some("http://a/b"));
        let m = match_at_start("code {status}", "code 422 and more").unwrap();
        assert_eq!(m.get("status"), Some("422"));
        let m = match_at_start("say {rest}", "say a b c").unwrap();
        assert_eq!(m.get("rest"), Some("a b c"));
    }

    #[test]
    fn fill_is_the_inverse() {
        let p = "at %1$S. (Reason: x ‘%2$S’).";
        let text = fill(p, &[("1", "http://a/"), ("2", "v")]);
        assert_eq!(text, "at http://a/. (Reason: x ‘v’).");
        let m = match_at_start(p, &fold(&text)).unwrap();
        assert_eq!(m.get("1"), Some("http://a/"));
        assert_eq!(m.get("2"), Some("v"));
    }

    #[test]
    fn never_panics_on_odd_patterns_or_text() {
        for p in ["%", "%1$", "{", "{}", "{a", "%9", "‘", "a%1$S"] {
            for t in ["", "'", "‘’", "a", "\u{0}"] {
                let _ = match_at_start(p, &fold(t));
                let _ = fill(p, &[("1", "x")]);
            }
        }
    }
}
