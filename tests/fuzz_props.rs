//! The fuzz targets of `fuzz/` (libFuzzer, nightly: `docs/fuzzing.md`) as bounded property tests
//! on stable, so `cargo test` and CI run them: the HAR reader, the console parser, `sanitize`
//! and the whole `analyze` pipeline, on random bytes, on mutated harness captures (byte flips,
//! truncations, a value anywhere replaced by any JSON value, deep nesting) and on generated HARs
//! of odd shapes. The checks themselves are in `fuzz/harness.rs`, shared with the fuzz targets.
//! Every crash the fuzzers found is a regression case at the end of this file.

#[path = "../fuzz/harness.rs"]
mod harness;

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::{json, Value};
use std::path::Path;

/// Bounded: the four properties run in well under 30 s in a debug build. The seed is fixed so
/// a run is reproducible (CI must not pass or fail by chance); random exploration is the
/// fuzzers' job (docs/fuzzing.md). `PROPTEST_RNG_SEED=N` runs another sample.
fn config(cases: u32) -> Config {
    let mut c = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = proptest::test_runner::RngSeed::Fixed(0x00C0_4D5D);
    }
    c
}

/// Small harness captures and console logs (the fuzzers' seeds come from here and the corpus).
fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/captures");
    let mut out = Vec::new();
    for name in [
        "chromium/origin-mismatch/capture.har",
        "chromium/preflight-not-handled/capture.har",
        "chromium/redirect-login/capture.har",
        "firefox/header-not-allowed/capture.har",
        "chromium/origin-mismatch/console.log",
        "firefox/auth-rejected-before-cors/console.log",
    ] {
        let p = root.join(name);
        out.push(std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
    }
    out
}

/// Any JSON value, up to a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        Just(json!(
            "https://api.x/a?token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
        )),
        Just(json!("//b.x/p?key=k&sid=1")),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{0,6}|name|value|url|headers", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every place in a value: its path of keys and indices.
fn places(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(path.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                path.push(k.clone());
                places(c, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                path.push(i.to_string());
                places(c, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, k| match v {
        Value::Object(m) => m.get_mut(k),
        Value::Array(a) => k.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
        _ => None,
    })
}

/// Ways to damage a seed.
#[derive(Debug, Clone)]
enum Damage {
    /// Replace the value at the `n`-th place (mod the number of places) with any JSON value.
    Swap(usize, Value),
    /// Wrap the value at the `n`-th place in `depth` arrays.
    Nest(usize, usize),
    /// Flip bytes at offsets (mod the length).
    Flip(Vec<(usize, u8)>),
    /// Cut at an offset (mod the length).
    Truncate(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => (any::<usize>(), any_json()).prop_map(|(n, v)| Damage::Swap(n, v)),
        1 => (any::<usize>(), 1..300usize).prop_map(|(n, d)| Damage::Nest(n, d)),
        2 => prop::collection::vec((any::<usize>(), any::<u8>()), 1..8).prop_map(Damage::Flip),
        1 => any::<usize>().prop_map(Damage::Truncate),
    ]
}

fn apply(seed: &[u8], d: &Damage) -> Vec<u8> {
    match d {
        Damage::Swap(n, _) | Damage::Nest(n, _) => {
            let Ok(mut v) = serde_json::from_slice::<Value>(seed) else {
                return seed.to_vec();
            };
            let mut all = Vec::new();
            places(&v, &mut Vec::new(), &mut all);
            let path = all[n % all.len()].clone();
            if let Some(slot) = at(&mut v, &path) {
                match d {
                    Damage::Swap(_, new) => *slot = new.clone(),
                    Damage::Nest(_, depth) => {
                        for _ in 0..*depth {
                            *slot = Value::Array(vec![slot.take()]);
                        }
                    }
                    _ => {}
                }
            }
            // Deeper than serde_json writes by default? It writes any depth.
            serde_json::to_vec(&v).unwrap()
        }
        Damage::Flip(flips) => {
            let mut b = seed.to_vec();
            for (at, x) in flips {
                if !b.is_empty() {
                    let i = at % b.len();
                    b[i] ^= x | 1;
                }
            }
            b
        }
        Damage::Truncate(at) => seed[..at % (seed.len() + 1)].to_vec(),
    }
}

/// A damaged seed: one to three damages on one of the seeds.
fn damaged() -> impl Strategy<Value = Vec<u8>> {
    let seeds = seeds();
    (0..seeds.len(), prop::collection::vec(damage(), 1..4))
        .prop_map(move |(i, ds)| ds.iter().fold(seeds[i].clone(), |b, d| apply(&b, d)))
}

/// A HAR-shaped document with any value in any of the places corsdx reads.
fn odd_har() -> impl Strategy<Value = Vec<u8>> {
    let field = || prop_oneof![3 => any_json(), 1 => Just(Value::Null)];
    let header = (field(), field()).prop_map(|(n, v)| json!({"name": n, "value": v}));
    let headers = prop_oneof![
        3 => prop::collection::vec(header, 0..4).prop_map(Value::Array),
        1 => any_json(),
    ];
    let request = (field(), field(), headers.clone(), field(), field()).prop_map(
        |(m, u, h, c, p)| json!({"method": m, "url": u, "headers": h, "cookies": c, "postData": p}),
    );
    let response = (field(), headers, field(), field()).prop_map(
        |(s, h, c, r)| json!({"status": s, "headers": h, "content": c, "redirectURL": r}),
    );
    let entry = prop_oneof![
        4 => (request, response, field(), field()).prop_map(|(q, r, i, t)| {
            json!({"request": q, "response": r, "_initiator": i, "startedDateTime": t})
        }),
        1 => any_json(),
    ];
    (prop::collection::vec(entry, 0..5), field(), field()).prop_map(|(entries, pages, creator)| {
        serde_json::to_vec(
            &json!({"log": {"creator": creator, "pages": pages, "entries": entries}}),
        )
        .unwrap()
    })
}

fn inputs() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => damaged(),
        2 => odd_har(),
        1 => prop::collection::vec(any::<u8>(), 0..256),
    ]
}

proptest! {
    #![proptest_config(config(300))]
    #[test]
    fn har_reader_never_panics(data in inputs()) {
        harness::har(&data);
    }

    #[test]
    fn console_parser_never_panics(data in prop_oneof![damaged(), ".{0,300}".prop_map(String::into_bytes)]) {
        harness::console(&data);
    }

    #[test]
    fn sanitize_never_panics_and_its_output_reads_whole(data in inputs()) {
        harness::sanitize(&data);
    }
}

proptest! {
    #![proptest_config(config(120))]
    #[test]
    fn analyze_never_panics(data in inputs(), log in prop::option::of(damaged())) {
        let mut all = data;
        if let Some(log) = log {
            all.extend_from_slice(b"\n--console--\n");
            all.extend_from_slice(&log);
        }
        harness::analyze(&all);
    }
}

/// Issue 14's reproducers, fixed: each runs through all four checks.
#[test]
fn regressions() {
    let deep = format!("{}0{}", "[".repeat(1000), "]".repeat(1000));
    let cases: Vec<Vec<u8>> = vec![
        br#"{"log":{"entries":[{"request":1,"response":{}}]}}"#.to_vec(),
        br#"{"log":{"entries":[1,"x",null,[],{}],"pages":[1]}}"#.to_vec(),
        format!(r#"{{"log":{{"entries":[{{"request":{{"url":"http://a/"}},"x":{deep}}}]}}}}"#)
            .into_bytes(),
        br#"{"log":{"entries":[{"request":{"url":"http://a/"},"_initiator":"http://a/app.js"}]}}"#
            .to_vec(),
        br#"{"log":{"entries":[{"request":{"url":"http://a/"},"n":1e400}]}}"#.to_vec(),
    ];
    for c in &cases {
        harness::har(c);
        harness::console(c);
        harness::sanitize(c);
        harness::analyze(c);
    }
}
