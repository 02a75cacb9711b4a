//! Linear in every shape of capture: each shape of benches/support/shapes.rs at a size where
//! quadratic work (a scan of every earlier entry per entry) cannot finish within the test's
//! time, checked by verdicts, not by timing. `cargo bench --bench shapes` measures the cost.

#[path = "../benches/support/shapes.rs"]
mod shapes;

#[test]
fn every_shape_is_analysed_and_judged() {
    let dir = std::env::temp_dir().join(format!("corsdx-scaling-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // 40,000 entries: a quadratic pass is 1.6e9 comparisons of URLs (minutes in a debug build).
    let n = 40_000;
    for shape in shapes::SHAPES {
        let path = dir.join(format!("{shape}.har"));
        shapes::generate(shape, &path, n).unwrap();
        let report = corsdx::build_report(&[path], &Default::default()).unwrap();
        let s = &report.summary;
        match shape {
            // A third of the polls blocked; each explained by the replayed cache entry of
            // another tenant, found through the index.
            "polled" => {
                assert_eq!(s.blocked, (n + 1) / 3, "{shape}");
                assert!(report.requests.iter().filter(|r| r.blocked).all(|r| r
                    .cause()
                    .is_some_and(|f| f.rule == "cached-for-other-origin")));
            }
            "distinct" => assert_eq!(s.blocked, n.div_ceil(20), "{shape}"),
            "redirects" => assert_eq!(s.requests, n.div_ceil(21), "{shape}"),
            "preflighted" => assert_eq!(s.requests, n / 2, "{shape}"),
            _ => assert_eq!((s.blocked, s.requests), (0, n), "{shape}"),
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
