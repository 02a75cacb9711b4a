//! Console text as users paste it, from public bug reports: every fixture under
//! tests/fixtures/pastes/ must give exactly the requests its header expects (URL, method, origin,
//! status, CorsError — `null` where the text does not say), and `corsdx analyze` must read it as
//! a console log.
//!
//! Fixture format: header lines, then `# ---`, then the paste as found (damage included):
//!
//! ```text
//! # source: https://github.com/owner/repo/issues/1
//! # what: which browser, which version's wording, which damage
//! # expect: url=… | method=null | origin=… | status=502 | error=MissingAllowOriginHeader
//! # ---
//! <paste>
//! ```
//!
//! `expect` lines are in the order of the requests; optional keys: `kind` (`cors` by default,
//! `network-error`), `browser` (`chromium`, `firefox`, `safari`, `edge-html`, `null` for a
//! sentence more than one browser printed), `locale`, `credentials`, `param`.

use corsdx::capture::console::{parse_console, ConsoleEvent, EventKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pastes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

struct Fixture {
    source: String,
    expect: Vec<BTreeMap<String, String>>,
    body: String,
}

fn read(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).unwrap();
    let (head, body) = text
        .split_once("# ---\n")
        .unwrap_or_else(|| panic!("{}: no '# ---' line", path.display()));
    let mut source = String::new();
    let mut expect = Vec::new();
    for line in head.lines() {
        if let Some(s) = line.strip_prefix("# source: ") {
            source = s.trim().to_string();
        } else if let Some(e) = line.strip_prefix("# expect: ") {
            let map = e
                .split(" | ")
                .map(|kv| {
                    let (k, v) = kv
                        .split_once('=')
                        .unwrap_or_else(|| panic!("{}: bad expect item {kv:?}", path.display()));
                    (k.trim().to_string(), v.trim().to_string())
                })
                .collect();
            expect.push(map);
        }
    }
    Fixture {
        source,
        expect,
        body: body.to_string(),
    }
}

/// The events that stand for a request.
fn requests(events: &[ConsoleEvent]) -> Vec<&ConsoleEvent> {
    events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Cors
                    | EventKind::NetworkError
                    | EventKind::LocalNetworkAccess
                    | EventKind::MixedContent
            )
        })
        .collect()
}

fn opt(v: Option<&str>) -> String {
    v.unwrap_or("null").to_string()
}

fn json_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "null".into())
}

#[test]
fn every_paste_gives_its_expected_requests() {
    let files = fixtures();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let f = read(path);
        if !f.source.starts_with("https://") {
            failures.push(format!("{name}: no source URL"));
        }
        if f.expect.is_empty() {
            failures.push(format!("{name}: no expected request"));
        }
        let log = parse_console(&f.body);
        let got = requests(&log.events);
        if got.len() != f.expect.len() {
            failures.push(format!(
                "{name}: {} requests expected, {} read: {:#?}",
                f.expect.len(),
                got.len(),
                got.iter()
                    .map(|e| (e.url.clone(), e.cors_error, e.wording.clone()))
                    .collect::<Vec<_>>()
            ));
            continue;
        }
        for (i, (want, e)) in f.expect.iter().zip(got).enumerate() {
            let have: BTreeMap<&str, String> = [
                ("url", opt(e.url.as_deref())),
                ("method", opt(e.method.as_deref())),
                ("origin", opt(e.origin.as_deref())),
                ("status", e.status.map_or("null".into(), |s| s.to_string())),
                (
                    "error",
                    e.cors_error.map_or("null".into(), |c| c.name().to_string()),
                ),
                ("kind", json_name(&e.kind)),
                (
                    "browser",
                    e.browser.map_or("null".into(), |b| json_name(&b)),
                ),
                ("locale", opt(e.locale)),
                ("credentials", opt(e.credentials_mode.as_deref())),
                ("param", opt(e.failed_parameter.as_deref())),
            ]
            .into_iter()
            .collect();
            for key in ["url", "method", "origin", "status", "error"] {
                if !want.contains_key(key) {
                    failures.push(format!("{name} #{i}: expect line lacks {key}"));
                }
            }
            let kind = want.get("kind").map_or("cors", String::as_str);
            if have["kind"] != kind {
                failures.push(format!("{name} #{i}: kind {kind}, read {}", have["kind"]));
            }
            for (k, v) in want {
                if k == "kind" {
                    continue;
                }
                match have.get(k.as_str()) {
                    None => failures.push(format!("{name} #{i}: unknown key {k}")),
                    Some(h) if h != v => {
                        failures.push(format!("{name} #{i}: {k} expected {v}, read {h}"))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        files.len() >= 60,
        "{} fixtures, want at least 60",
        files.len()
    );
}

/// `corsdx analyze FILE` reads every fixture as a console log (never "neither a HAR nor a
/// console log").
#[test]
fn every_paste_is_read_as_a_console_log() {
    let mut failures = Vec::new();
    for path in fixtures() {
        // The header comments `corsdx analyze FILE` reads too add no request.
        let whole = std::fs::read_to_string(&path).unwrap();
        let body = read(&path).body;
        let (a, b) = (parse_console(&whole), parse_console(&body));
        if requests(&a.events).len() != requests(&b.events).len() {
            failures.push(format!(
                "{}: the header comments read as requests",
                path.display()
            ));
        }
        match corsdx::build_report(
            std::slice::from_ref(&path),
            &corsdx::analyze::Options::default(),
        ) {
            Ok(rep) if rep.inputs.first().is_some_and(|i| i.kind == "console") => {}
            Ok(rep) => failures.push(format!(
                "{}: read as {:?}",
                path.display(),
                rep.inputs.first().map(|i| i.kind)
            )),
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fixture set covers what the issue names: browsers, old wordings, locales, damage.
#[test]
fn the_fixture_set_covers_browsers_locales_and_damage() {
    let mut browsers = BTreeMap::new();
    let mut locales = BTreeMap::new();
    for path in fixtures() {
        let f = read(&path);
        for e in requests(&parse_console(&f.body).events) {
            *browsers
                .entry(e.browser.map_or("unknown".to_string(), |b| json_name(&b)))
                .or_insert(0) += 1;
            if let Some(l) = e.locale {
                *locales.entry(l).or_insert(0) += 1;
            }
        }
    }
    for b in ["chromium", "firefox", "safari", "edge-html"] {
        assert!(browsers.contains_key(b), "no {b} paste: {browsers:?}");
    }
    for l in ["de", "fr", "zh-CN", "ru", "pt-BR"] {
        assert!(locales.contains_key(l), "no {l} paste: {locales:?}");
    }
}
