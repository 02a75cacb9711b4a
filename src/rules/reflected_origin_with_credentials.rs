//! `reflected-origin-with-credentials` — see `docs/rules/reflected-origin-with-credentials.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "reflected-origin-with-credentials",
    severity: Severity::Warning,
    doc: include_str!("../../docs/rules/reflected-origin-with-credentials.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let e = final_response(cx, j)?;
    let acao = e.response.headers.get("access-control-allow-origin")?.trim();
    let reflects = |x: &Entry<'_>| {
        let sent = x.request.headers.get("origin");
        sent.is_some()
            && x.response.headers.get("access-control-allow-origin").map(str::trim) == sent
            && x.response.headers.get("access-control-allow-credentials") == Some("true")
    };
    if acao == "*" || !reflects(e) {
        return None;
    }
    let origins = cx.reflected_origins(e);
    // Two different origins echoed, or the opaque origin `null` (which any sandboxed iframe
    // sends): an echo, not an allow-list.
    let echoes_null = origins.contains("null");
    if origins.len() < 2 && !echoes_null {
        return None;
    }
    Some(finding(
        &RULE,
        Confidence::Medium,
        format!(
            "the server behind {} echoes every Origin it receives with Access-Control-Allow-Credentials: true ({} origins seen: {}): any site can make credentialed reads — check the Origin against an allow-list",
            e.request.url, origins.len(), some_of(origins)
        ),
        vec![evidence_at(e, Role::Response, Some("access-control-allow-origin"))],
        cx,
    ))
}

/// At most five origins, then how many more: a message stays short however many origins the
/// capture holds (a page seen from thousands of sites).
fn some_of(origins: &std::collections::BTreeSet<String>) -> String {
    const SHOWN: usize = 5;
    let mut text = origins
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if origins.len() > SHOWN {
        text.push_str(&format!(" and {} more", origins.len() - SHOWN));
    }
    text
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let resp = |o: &'static str| entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", o)], 200, &[]);
        let mut a = resp(PAGE);
        a.response.headers = crate::model::Headers::from_pairs([("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Credentials", "true")]);
        let mut b = resp("http://other.example.test");
        b.index = 1;
        b.response.headers = crate::model::Headers::from_pairs([("Access-Control-Allow-Origin", "http://other.example.test"), ("Access-Control-Allow-Credentials", "true")]);
        let c = capture(vec![a.clone(), b]);
        assert!(rules_for(&c, 0).contains(&"reflected-origin-with-credentials"));
        let c = capture(vec![a]);
        assert!(!rules_for(&c, 0).contains(&"reflected-origin-with-credentials"));
        let many = (0..7).map(|i| format!("https://s{i}.x")).collect();
        assert!(super::some_of(&many).ends_with("https://s4.x and 2 more"));
    }
}
