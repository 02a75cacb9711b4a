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

#[test]
fn every_rule_has_code_docs_and_its_own_tests() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for rule in corsdx::rules::RULES {
        let code = std::fs::read_to_string(
            root.join(format!("src/rules/{}.rs", rule.id.replace('-', "_"))),
        )
        .unwrap_or_else(|e| panic!("{}: no rule file: {e}", rule.id));
        assert!(
            code.contains(&format!("id: \"{}\"", rule.id)),
            "{}",
            rule.id
        );
        assert!(
            code.contains("#[test]"),
            "{}: no test beside the rule",
            rule.id
        );
        assert!(
            root.join(format!("docs/rules/{}.md", rule.id)).is_file(),
            "{}: no docs page",
            rule.id
        );
    }
    let pages = std::fs::read_dir(root.join("docs/rules")).unwrap().count();
    assert_eq!(
        pages,
        corsdx::rules::RULES.len(),
        "a docs/rules page without a rule"
    );
}
