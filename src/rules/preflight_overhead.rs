//! `preflight-overhead` — see `docs/rules/preflight-overhead.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "preflight-overhead",
    severity: Severity::Warning,
    doc: include_str!("../../docs/rules/preflight-overhead.md"),
    check,
};

/// Reported once per URL and origin: on the chain that owns the last of at least this many
/// preflights.
const MIN_PREFLIGHTS: usize = 3;

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    let mine = j.chain.hops.first()?.preflight?;
    let p = cx.entry(mine);
    let origin = j.chain.origin();
    let (count, total, last) = cx.preflights_to(p, origin)?;
    if count < MIN_PREFLIGHTS || last != mine {
        return None;
    }
    let max_age = p.response.headers.get("access-control-max-age");
    let why = match max_age {
        None => "no Access-Control-Max-Age (browsers cache 5 s by default)".to_string(),
        Some(v) => format!("Access-Control-Max-Age: {v}"),
    };
    Some(finding(
        &RULE,
        Confidence::High,
        format!("{} preflights to {} took {:.0} ms in total; the preflight answers carry {why}: a longer max-age (Chromium caps it at 7200 s) saves a round trip per request", count, p.request.url, total),
        vec![evidence_at(p, Role::Preflight, Some("access-control-max-age"))],
        cx,
    ))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |n: usize| {
            let mut v = Vec::new();
            for i in 0..n {
                let put = entry(2 * i + 1, "PUT", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200, &[("Access-Control-Allow-Origin", "*")]);
                v.push(entry(2 * i, "OPTIONS", "http://api.example.test:4000/x", &[("Access-Control-Request-Method", "PUT"), ("Origin", PAGE)], 204, &[("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Max-Age", "0")]));
                v.push(put);
            }
            capture(v)
        };
        let c = make(3);
        assert!(rules_for(&c, 5).contains(&"preflight-overhead"));
        assert!(!rules_for(&c, 1).contains(&"preflight-overhead"));
        assert!(!rules_for(&make(2), 3).contains(&"preflight-overhead"));
    }
}
