//! The binary's commands, run as a user runs them.

use assert_cmd::Command;

fn corsdx() -> Command {
    Command::cargo_bin("corsdx").unwrap()
}

#[test]
fn rules_lists_the_whole_catalog() {
    let out = corsdx()
        .arg("rules")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let ids: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    insta::assert_snapshot!("rule_ids", ids.join("\n"));
}

#[test]
fn explain_prints_the_rule_page_for_every_id() {
    for rule in corsdx::rules::RULES {
        let out = corsdx()
            .args(["explain", rule.id])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(String::from_utf8(out).unwrap(), rule.doc, "{}", rule.id);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("docs/rules/{}.md", rule.id));
        assert_eq!(std::fs::read_to_string(path).unwrap(), rule.doc);
    }
}

#[test]
fn explain_unknown_rule_is_a_usage_error() {
    corsdx().args(["explain", "no-such-rule"]).assert().code(2);
}

#[test]
fn missing_file_exits_2_naming_it() {
    let out = corsdx()
        .args(["analyze", "does-not-exist.har"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(out)
        .unwrap()
        .contains("does-not-exist.har"));
}

#[test]
fn bad_origin_is_a_usage_error() {
    corsdx()
        .args(["analyze", "x.har", "--origin", "not an origin"])
        .assert()
        .code(2);
}
