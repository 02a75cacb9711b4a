//! Snapshot tests of every report format on real harness captures (review any change with
//! `cargo insta review`).

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(1) || out.status.code() == Some(0),
        "{out:?}"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn table_report_of_the_dashboard_sample() {
    insta::assert_snapshot!(run(&["analyze", "samples/dashboard.har"]));
}

#[test]
fn json_report_of_the_dashboard_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "json",
        "samples/dashboard.har"
    ]));
}

#[test]
fn markdown_report_of_the_preflight_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "markdown",
        "samples/preflight-not-handled.har"
    ]));
}

#[test]
fn ndjson_has_one_request_per_line() {
    let text = run(&["analyze", "--format", "ndjson", "samples/dashboard.har"]);
    let json = run(&["analyze", "--format", "json", "samples/dashboard.har"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, doc["requests"].as_array().unwrap());
}

#[test]
fn console_only_report_of_a_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "json",
        "samples/error-response-without-cors.console.log"
    ]));
}

#[test]
fn exit_status_follows_the_verdicts() {
    Command::cargo_bin("corsdx")
        .unwrap()
        .args([
            "analyze",
            "tests/captures/chromium/ok-simple-get/capture.har",
        ])
        .assert()
        .code(0);
    Command::cargo_bin("corsdx")
        .unwrap()
        .args(["analyze", "samples/dashboard.har"])
        .assert()
        .code(1);
    Command::cargo_bin("corsdx")
        .unwrap()
        .args([
            "analyze",
            "--strict",
            "tests/captures/chromium/allows-null-origin/capture.har",
        ])
        .assert()
        .code(1);
}

#[test]
fn html_report_of_the_preflight_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "html",
        "samples/preflight-not-handled.har"
    ]));
}

#[test]
fn ndjson_report_of_the_preflight_sample() {
    insta::assert_snapshot!(run(&[
        "analyze",
        "--format",
        "ndjson",
        "samples/preflight-not-handled.har"
    ]));
}

/// `--format json` is streamed chunk by chunk; it must be the same document as the whole report
/// serialized at once, for one input, several, a console log joined, and no request at all.
#[test]
fn streamed_json_is_the_whole_report() {
    let cases: &[&[&str]] = &[
        &["samples/dashboard.har"],
        &[
            "samples/dashboard.har",
            "samples/cached-for-other-origin.har",
        ],
        &["samples/preflight-not-handled.console.log"],
        &[
            "samples/error-response-without-cors.har",
            "--console",
            "samples/dashboard.console.log",
        ],
        &["tests/captures/chromium/ok-same-origin/capture.har"],
    ];
    for args in cases {
        let mut cli = vec!["analyze", "--format", "json"];
        cli.extend_from_slice(args);
        let streamed = run(&cli);
        let files: Vec<std::path::PathBuf> = args
            .iter()
            .take_while(|a| **a != "--console")
            .map(Into::into)
            .collect();
        let console = args
            .iter()
            .position(|a| *a == "--console")
            .map(|i| std::path::Path::new(args[i + 1]));
        let report =
            corsdx::build_report_with_console(&files, console, &Default::default()).unwrap();
        let mut whole = Vec::new();
        corsdx::report::json::write_json(&mut whole, &report).unwrap();
        assert_eq!(streamed, String::from_utf8(whole).unwrap(), "{args:?}");
    }
}

/// Chunk boundaries do not show in the document: one request per chunk gives the same bytes.
#[test]
fn json_stream_in_chunks_of_one() {
    use corsdx::report::json::JsonStream;
    let files = vec![std::path::PathBuf::from("samples/dashboard.har")];
    struct Sink {
        out: Vec<u8>,
        stream: Option<JsonStream>,
    }
    impl corsdx::ReportSink for Sink {
        fn begin(&mut self, inputs: &[corsdx::InputReport]) -> std::io::Result<()> {
            self.stream = Some(JsonStream::begin(&mut self.out, false, inputs)?);
            Ok(())
        }
        fn requests(&mut self, chunk: Vec<corsdx::RequestReport>) -> std::io::Result<()> {
            assert!(chunk.len() <= 1);
            self.stream
                .as_mut()
                .unwrap()
                .requests(&mut self.out, &chunk)
        }
    }
    let mut sink = Sink {
        out: Vec::new(),
        stream: None,
    };
    let inputs = corsdx::Inputs::files(&files);
    let summary = corsdx::diagnose(&inputs, &Default::default(), 1, &mut sink).unwrap();
    let mut out = sink.out;
    sink.stream.unwrap().end(&mut out, &summary).unwrap();
    let whole = run(&["analyze", "--format", "json", "samples/dashboard.har"]);
    assert_eq!(String::from_utf8(out).unwrap(), whole);
}
