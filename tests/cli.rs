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
    // Read from docs/rules on disk (not the compiled-in text the binary prints): the page, its
    // title phrased as the fix, and its sections.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("docs/rules")).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let page = std::fs::read_to_string(&path).unwrap();
        let out = corsdx()
            .args(["explain", &id])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, page, "{id}");
        for section in ["## What happened", "## Evidence corsdx looks for", "## Fix"] {
            assert!(out.contains(section), "{id}: {section}");
        }
    }
}

#[test]
fn explain_with_a_stack_prints_that_snippet_only() {
    let out = corsdx()
        .args(["explain", "preflight-not-handled", "--stack", "nginx"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("### nginx"), "{out}");
    assert!(!out.contains("### Express"), "{out}");
    assert!(!out.contains("## What happened"), "{out}");
    // Stack ids are validated and listed, not silently ignored.
    let err = corsdx()
        .args(["explain", "preflight-not-handled", "--stack", "rails"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("express") && err.contains("aspnet"), "{err}");
    corsdx()
        .args(["analyze", "samples/dashboard.har", "--stack", "rails"])
        .assert()
        .code(2);
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
    // A file that loads, so only the origin can fail the command.
    let err = corsdx()
        .args([
            "analyze",
            "samples/dashboard.har",
            "--origin",
            "not an origin",
        ])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err)
        .unwrap()
        .contains("--origin 'not an origin'"));
    corsdx()
        .args([
            "analyze",
            "samples/dashboard.har",
            "--origin",
            "https://app.example.com",
        ])
        .assert()
        .code(1);
}

#[test]
fn dash_output_is_standard_output_and_pipes_close_quietly() {
    let out = corsdx()
        .args([
            "analyze",
            "samples/dashboard.har",
            "--format",
            "json",
            "-o",
            "-",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"{"));
    assert!(
        !std::path::Path::new("-").exists(),
        "a file named '-' was written"
    );
    // A reader that closes at once: no panic, the usual status.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("corsdx"))
        .arg("rules")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn rules_as_json_lists_ids_severities_and_stacks() {
    let out = corsdx()
        .args(["rules", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    assert_eq!(list.len(), corsdx::rules::RULES.len());
    let pnh = list
        .iter()
        .find(|r| r["id"] == "preflight-not-handled")
        .unwrap();
    assert_eq!(pnh["severity"], "error");
    assert!(pnh["stacks"].as_array().unwrap().len() >= 5);
}

#[test]
fn host_and_url_filters_keep_only_matching_requests() {
    let json = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["analyze", "samples/dashboard.har", "--format", "json"];
        args.extend(extra);
        let out = corsdx().args(&args).assert().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    };
    let all = json(&[]);
    let n = all["requests"].as_array().unwrap().len();
    let reports = json(&["--url", "/api/reports"]);
    let kept = reports["requests"].as_array().unwrap();
    assert!(!kept.is_empty() && kept.len() < n);
    assert!(kept
        .iter()
        .all(|r| r["url"].as_str().unwrap().contains("/api/reports")));
    assert_eq!(reports["summary"]["requests"], kept.len());
    let none = json(&["--host", "nowhere.example"]);
    assert_eq!(none["requests"].as_array().unwrap().len(), 0);
}

#[test]
fn the_table_follows_columns() {
    let out = corsdx()
        .env("COLUMNS", "120")
        .args(["analyze", "samples/dashboard.har"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(widest > 100 && widest <= 120, "{widest}");
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
        // A test beside the rule that asserts the rule's own id is found (or not).
        let tests = code.split("#[cfg(test)]").nth(1).unwrap_or("");
        assert!(
            tests.contains("#[test]") && tests.contains(&format!("\"{}\"", rule.id)),
            "{}: no test beside the rule that names its id",
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

#[test]
fn origin_fills_only_what_the_capture_does_not_show() {
    // Chromium recorded the Origin header of every request of the dashboard: `--origin`
    // cannot relabel them (it used to turn them into mixed content), and a note says so.
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["analyze", "samples/dashboard.har", "--format", "json"];
        args.extend(extra);
        let out = corsdx().args(&args).assert().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    };
    let plain = run(&[]);
    let other = run(&["--origin", "https://other.example"]);
    let verdicts = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["url"].to_string(), r["cors_error"].to_string()))
            .collect()
    };
    assert_eq!(verdicts(&plain), verdicts(&other));
    let with_header: Vec<&serde_json::Value> = other["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["origin_source"] == "header")
        .collect();
    assert!(!with_header.is_empty());
    assert!(with_header
        .iter()
        .all(|r| r["notes"][0].as_str().is_some_and(
            |n| n.contains("--origin https://other.example is not used: the capture shows")
        )));
}
