//! `multiple-allow-origin` — see `docs/rules/multiple-allow-origin.md`.

use super::*;
use crate::judge::{Confidence, Judged};

pub static RULE: Rule = Rule {
    id: "multiple-allow-origin",
    severity: Severity::Error,
    doc: include_str!("../../docs/rules/multiple-allow-origin.md"),
    check,
};

fn check(cx: &CaptureIndex<'_, '_>, j: &Judged) -> Option<Finding> {
    if !access_error_is(j, CorsError::MultipleAllowOriginValues) {
        return None;
    }
    let e = cx.deciding_entry(j);
    let lines: Vec<&str> = e.response.headers.get_all("access-control-allow-origin").collect();
    let msg = if lines.len() > 1 {
        format!(
            "the response carries {} Access-Control-Allow-Origin headers ({}): two layers (e.g. the app and a proxy) both add it; exactly one value is allowed",
            lines.len(),
            lines.iter().map(|l| format!("'{l}'")).collect::<Vec<_>>().join(", ")
        )
    } else {
        format!("Access-Control-Allow-Origin is the list '{}'; it must be a single origin — pick the request's origin from an allow-list instead", lines.first().unwrap_or(&""))
    };
    Some(finding(&RULE, Confidence::High, msg, vec![evidence_at(e, stage_role(j), Some("access-control-allow-origin"))], cx))
}

#[cfg(test)]
mod tests {
    #[allow(unused_imports)]
    use super::super::testing::*;

    #[test]
    fn positive_and_negative() {
        let make = |dup: bool| capture(vec![entry(0, "GET", "http://api.example.test:4000/x", &[("Origin", PAGE)], 200,
            if dup { &[("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Origin", PAGE)] } else { &[("Access-Control-Allow-Origin", PAGE)] })]);
        assert_eq!(cause(&make(true), 0), Some("multiple-allow-origin"));
        assert_eq!(cause(&make(false), 0), None);
    }
}
