//! What the tests over the harness corpora share: the capture directories of a browser, their
//! truth files, and reading the truth's optional strings.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// `tests/captures/<browser>/<scenario>/` for every scenario with a truth file, in name order;
/// fails when there is none (the corpus was not generated or not committed).
pub fn capture_dirs(browser: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/captures")
        .join(browser);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("truth.json").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    assert!(
        !dirs.is_empty(),
        "no {browser} captures under {}: run the harness (tests/browser/README.md)",
        root.display()
    );
    dirs
}

pub fn truth(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap()
}

/// A non-empty string of the truth, or `None`.
pub fn s(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}
