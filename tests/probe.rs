//! `corsdx probe` against tiny loopback servers (std::net::TcpListener) planted with each
//! misconfiguration: the live diagnosis, the recorded HAR, what went over the wire, `--audit`.

use assert_cmd::Command;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A request as the server read it.
#[derive(Debug, Clone)]
struct Req {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

impl Req {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn origin(&self) -> &str {
        self.header("origin").unwrap_or("")
    }
}

type Resp = (u16, Vec<(String, String)>);
type Handler = Arc<dyn Fn(&Req) -> Resp + Send + Sync>;

/// A server on 127.0.0.1 answering with `handler`, for at most 40 connections and 30 seconds.
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Req>>>,
}

impl Server {
    fn start(handler: impl Fn(&Req) -> Resp + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let l2 = log.clone();
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(30);
            let mut served = 0;
            while served < 40 && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        let _ = serve_one(stream, &handler, &l2);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { port, log }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<Req> {
        self.log.lock().unwrap().clone()
    }
}

fn serve_one(stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Req>>) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    for _ in 0..100 {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((n, v)) = h.trim_end().split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let req = Req {
        method,
        path,
        headers,
    };
    let (status, resp_headers) = handler(&req);
    log.lock().unwrap().push(req);
    let mut out = stream;
    let mut text = format!("HTTP/1.1 {status} X\r\n");
    for (n, v) in resp_headers {
        text.push_str(&format!("{n}: {v}\r\n"));
    }
    text.push_str("Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

const ORIGIN: &str = "http://localhost:3000";

/// Runs `corsdx probe ARGS --format json` and returns (exit code, report).
fn probe(args: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .arg("probe")
        .args(args)
        .args(["--format", "json", "--timeout", "5"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

fn cause(report: &Value) -> Option<String> {
    report["requests"][0]["findings"]
        .as_array()?
        .iter()
        .find(|f| f["severity"] == "error")
        .and_then(|f| f["rule"].as_str())
        .map(str::to_string)
}

/// CORS on OPTIONS only (the seed's "preflight succeeded, actual response has no header").
fn preflight_only(r: &Req) -> Resp {
    if r.method == "OPTIONS" {
        (
            204,
            h(&[
                ("Access-Control-Allow-Origin", r.origin()),
                ("Access-Control-Allow-Methods", "GET, PUT"),
                ("Access-Control-Allow-Headers", "content-type, x-api-key"),
            ]),
        )
    } else {
        (200, h(&[("Content-Type", "application/json")]))
    }
}

/// CORS on every response.
fn fixed(r: &Req) -> Resp {
    let mut headers = h(&[
        ("Access-Control-Allow-Origin", r.origin()),
        ("Vary", "Origin"),
    ]);
    if r.method == "OPTIONS" {
        headers.extend(h(&[
            ("Access-Control-Allow-Methods", "GET, PUT"),
            ("Access-Control-Allow-Headers", "content-type, x-api-key"),
        ]));
        (204, headers)
    } else {
        (200, headers)
    }
}

#[test]
fn the_preflight_only_server_is_named_and_the_har_diagnoses_identically() {
    let s = Server::start(preflight_only);
    let dir = std::env::temp_dir().join(format!("corsdx-probe-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let har = dir.join("preflight-only.har");
    let (code, report) = probe(&[
        &s.url("/api/data"),
        "--origin",
        ORIGIN,
        "-X",
        "put",
        "-H",
        "X-Api-Key: k",
        "-H",
        "Content-Type: application/json",
        "--har-out",
        har.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(cause(&report).as_deref(), Some("preflight-only-cors"));
    assert_eq!(
        report["requests"][0]["cors_error"],
        "MissingAllowOriginHeader"
    );

    // What went over the wire: the preflight as Chromium sends it, then the request.
    let reqs = s.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].method, "OPTIONS");
    assert_eq!(reqs[0].header("access-control-request-method"), Some("PUT"));
    assert_eq!(
        reqs[0].header("access-control-request-headers"),
        Some("content-type,x-api-key")
    );
    assert_eq!(reqs[0].header("x-api-key"), None);
    assert_eq!(reqs[1].method, "PUT");
    assert_eq!(reqs[1].header("x-api-key"), Some("k"));
    assert_eq!(reqs[1].origin(), ORIGIN);

    // `corsdx analyze` of the recorded HAR says exactly what the probe said.
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["analyze", har.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let analyzed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(analyzed["requests"], report["requests"]);
    assert_eq!(analyzed["summary"], report["summary"]);
    assert!(analyzed["inputs"][0]["creator"]
        .as_str()
        .unwrap()
        .starts_with("corsdx-probe"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_fixed_server_reports_nothing_blocked() {
    let s = Server::start(fixed);
    let (code, report) = probe(&[
        &s.url("/api/data"),
        "--origin",
        ORIGIN,
        "-X",
        "PUT",
        "-H",
        "Content-Type: application/json",
    ]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["blocked"], 0);
    assert_eq!(report["requests"][0]["blocked"], false);
    assert_eq!(cause(&report), None);
}

#[test]
fn a_failed_preflight_stops_the_request_and_names_the_router() {
    let s = Server::start(|r: &Req| {
        if r.method == "OPTIONS" {
            (405, h(&[("Allow", "GET, PUT")]))
        } else {
            (200, h(&[("Access-Control-Allow-Origin", "*")]))
        }
    });
    let (code, report) = probe(&[&s.url("/api/items/7"), "--origin", ORIGIN, "-X", "DELETE"]);
    assert_eq!(code, 1);
    assert_eq!(cause(&report).as_deref(), Some("preflight-not-handled"));
    // The browser never sends a request whose preflight failed.
    let methods: Vec<String> = s.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["OPTIONS"]);
}

#[test]
fn credentials_send_a_cookie_with_the_request_never_with_the_preflight() {
    let s = Server::start(|r: &Req| {
        let mut headers = h(&[("Access-Control-Allow-Origin", "*")]);
        if r.method == "OPTIONS" {
            headers.extend(h(&[
                ("Access-Control-Allow-Methods", "PUT"),
                ("Access-Control-Allow-Credentials", "true"),
            ]));
            (204, headers)
        } else {
            (200, headers)
        }
    });
    let (code, report) = probe(&[
        &s.url("/me"),
        "--origin",
        ORIGIN,
        "-X",
        "PUT",
        "--credentials",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        cause(&report).as_deref(),
        Some("wildcard-origin-with-credentials")
    );
    let reqs = s.requests();
    assert_eq!(reqs[0].header("cookie"), None);
    assert!(reqs.len() == 1 || reqs[1].header("cookie").is_some());
}

#[test]
fn a_simple_get_is_sent_without_preflight() {
    let s = Server::start(|_: &Req| (200, h(&[("Content-Type", "text/plain")])));
    let (code, report) = probe(&[&s.url("/data"), "--origin", ORIGIN]);
    assert_eq!(code, 1);
    assert_eq!(cause(&report).as_deref(), Some("no-cors-headers"));
    let methods: Vec<String> = s.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET"]);
}

#[test]
fn redirects_are_followed_as_cors_mode_does() {
    // A trailing-slash redirect without CORS headers: the browser stops at the redirect.
    let s = Server::start(|r: &Req| {
        if r.path == "/api/data" {
            (301, h(&[("Location", "/api/data/")]))
        } else {
            (200, h(&[("Access-Control-Allow-Origin", "*")]))
        }
    });
    let (code, report) = probe(&[&s.url("/api/data"), "--origin", ORIGIN]);
    assert_eq!(code, 1);
    assert_eq!(cause(&report).as_deref(), Some("redirect-without-cors"));
    assert_eq!(s.requests().len(), 1);

    // The same redirect carrying CORS headers is followed, and the target answers.
    let s = Server::start(|r: &Req| {
        let cors = ("Access-Control-Allow-Origin", "*");
        if r.path == "/api/data" {
            (302, h(&[("Location", "/api/data/"), cors]))
        } else {
            (200, h(&[cors]))
        }
    });
    let (code, report) = probe(&[&s.url("/api/data"), "--origin", ORIGIN]);
    assert_eq!(code, 0, "{report}");
    let paths: Vec<String> = s.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/api/data", "/api/data/"]);
    assert_eq!(report["requests"][0]["chain"].as_array().unwrap().len(), 2);
}

#[test]
fn a_redirect_loop_stops_after_twenty_redirects() {
    let s = Server::start(|_: &Req| {
        (
            302,
            h(&[("Location", "/loop"), ("Access-Control-Allow-Origin", "*")]),
        )
    });
    let (code, report) = probe(&[&s.url("/loop"), "--origin", ORIGIN]);
    assert_eq!(code, 1);
    assert_eq!(
        cause(&report).as_deref(),
        Some("not-cors-network-failure"),
        "{report}"
    );
    assert_eq!(s.requests().len(), 21);
}

#[test]
fn network_failures_are_not_cors_failures() {
    // Refused: a port just released.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (code, report) = probe(&[&format!("http://127.0.0.1:{port}/x"), "--origin", ORIGIN]);
    assert_eq!(code, 1);
    assert_eq!(cause(&report).as_deref(), Some("not-cors-network-failure"));
    assert_eq!(report["requests"][0]["blocked"], false);

    // TLS: https to a server that speaks plain HTTP.
    let s = Server::start(fixed);
    let url = format!("https://127.0.0.1:{}/x", s.port);
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["probe", &url, "--origin", ORIGIN, "--timeout", "5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not-cors-network-failure"), "{text}");
    assert!(text.contains("net::ERR_"), "{text}");
}

#[test]
fn the_table_prints_a_curl_line_per_exchange() {
    let s = Server::start(preflight_only);
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args([
            "probe",
            &s.url("/api/data"),
            "--origin",
            ORIGIN,
            "-X",
            "PUT",
            "--timeout",
            "5",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("preflight-only-cors"), "{text}");
    let curls: Vec<&str> = text.lines().filter(|l| l.starts_with("curl ")).collect();
    assert_eq!(curls.len(), 2, "{text}");
    assert!(
        curls[0].contains("-X OPTIONS")
            && curls[0].contains("'Access-Control-Request-Method: PUT'")
    );
    assert!(curls[1].contains("-X PUT") && curls[1].contains("'Origin: http://localhost:3000'"));
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        vec!["probe", "http://127.0.0.1:1/", "--origin", "nope"],
        vec!["probe", "ftp://127.0.0.1:1/", "--origin", ORIGIN],
        vec![
            "probe",
            "http://127.0.0.1:1/",
            "--origin",
            ORIGIN,
            "-H",
            "Host: x",
        ],
        vec![
            "probe",
            "http://127.0.0.1:1/",
            "--origin",
            ORIGIN,
            "-H",
            "Cookie: a=b",
        ],
        vec![
            "probe",
            "http://127.0.0.1:1/",
            "--origin",
            ORIGIN,
            "--timeout",
            "0",
        ],
        vec![
            "probe",
            "http://127.0.0.1:1/",
            "--origin",
            ORIGIN,
            "--cacert",
            "/nonexistent.pem",
        ],
    ] {
        let out = Command::cargo_bin("corsdx")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("corsdx: "));
    }
}

#[test]
fn diff_of_probes_of_a_misconfigured_and_a_fixed_server_names_the_header() {
    let dir = std::env::temp_dir().join(format!("corsdx-probe-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (before, after) = (dir.join("before.har"), dir.join("after.har"));
    let bad = Server::start(preflight_only);
    let good = Server::start(fixed);
    for (s, har) in [(&bad, &before), (&good, &after)] {
        probe(&[
            &s.url("/api/data"),
            "--origin",
            ORIGIN,
            "-X",
            "PUT",
            "--har-out",
            har.to_str().unwrap(),
        ]);
    }
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .arg("diff")
        .arg(&before)
        .arg(&after)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Each capture has one host (two ports): matched automatically.
    assert_eq!(d["summary"]["matched"], 1, "{d}");
    assert_eq!(d["endpoints"][0]["status"], "fixed");
    let fields: Vec<&str> = d["endpoints"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["at"] == "response")
        .filter_map(|c| c["field"].as_str())
        .collect();
    assert_eq!(fields, ["Access-Control-Allow-Origin", "Vary"]);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- probe --audit ----

const TRUSTED: &str = "https://app.example.com";

/// Which origins a planted server lets in.
type Plant = fn(&str) -> bool;

/// A server that lets in the origins `allow` accepts, with credentials.
fn planted(allow: fn(&str) -> bool) -> Server {
    Server::start(move |r: &Req| {
        let o = r.origin();
        if allow(o) {
            (
                200,
                h(&[
                    ("Access-Control-Allow-Origin", o),
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Vary", "Origin"),
                ]),
            )
        } else {
            (200, h(&[("Vary", "Origin")]))
        }
    })
}

fn audit(s: &Server, extra: &[&str]) -> (i32, Value) {
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["probe", &s.url("/api/me"), "--origin", TRUSTED, "--audit"])
        .args(["--format", "json", "--timeout", "5"])
        .args(extra)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), v)
}

/// The checks that found a risk.
fn risks(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| !c["finding"].is_null())
        .map(|c| c["check"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    ids
}

#[test]
fn audit_finds_nothing_on_a_correctly_configured_server() {
    let s = planted(|o| o == TRUSTED);
    let (code, report) = audit(&s, &["--strict"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(risks(&report), Vec::<String>::new());
    assert_eq!(report["checks"][0]["check"], "baseline");
    assert_eq!(report["checks"][0]["allowed"], true);
    let sent = s.requests().len();
    assert_eq!(report["requests_sent"], sent);
    assert!(sent <= report["max_requests"].as_u64().unwrap() as usize);
    assert_eq!(sent, 12);
}

#[test]
fn audit_finds_each_planted_misconfiguration() {
    let cases: [(Plant, &[&str]); 8] = [
        (
            |_| true,
            &[
                "arbitrary-origin",
                "arbitrary-origin-with-credentials",
                "null-origin",
                "prefix-match",
                "suffix-match",
                "unescaped-dot",
                "http-origin",
                "special-characters",
                "wildcard-subdomain",
            ],
        ),
        (|o| o == TRUSTED || o == "null", &["null-origin"]),
        (
            |o| o.starts_with(TRUSTED),
            &["prefix-match", "special-characters"],
        ),
        (
            |o| o.starts_with(TRUSTED) && !o[TRUSTED.len()..].starts_with('.'),
            &["special-characters"],
        ),
        (
            // Scheme-blind too: the http twin is let in.
            |o| o.ends_with("example.com"),
            &[
                "suffix-match",
                "unescaped-dot",
                "http-origin",
                "wildcard-subdomain",
            ],
        ),
        (
            |o| o.starts_with("https://") && o.ends_with(".example.com"),
            &["wildcard-subdomain"],
        ),
        (
            // The unescaped regex ^https://app.example.com$.
            |o| {
                o.len() == TRUSTED.len()
                    && o.bytes()
                        .zip(TRUSTED.bytes())
                        .all(|(a, b)| a == b || b == b'.')
            },
            &["unescaped-dot"],
        ),
        (
            |o| o == TRUSTED || o == "http://app.example.com",
            &["http-origin"],
        ),
    ];
    for (allow, expected) in cases {
        let s = planted(allow);
        let (code, report) = audit(&s, &[]);
        assert_eq!(risks(&report), expected);
        // Risks, never a block: exit 0 without --strict.
        assert_eq!(code, 0);
        for c in report["checks"].as_array().unwrap() {
            if let Some(f) = c["finding"].as_object() {
                assert_eq!(f["severity"], "warning");
                assert!(f["evidence"]
                    .as_str()
                    .unwrap()
                    .contains("Access-Control-Allow-Origin"));
                assert!(!f["fix"].as_str().unwrap().is_empty());
            }
        }
    }
}

#[test]
fn audit_names_catalog_rules_and_strict_exits_1() {
    let s = planted(|_| true);
    let (code, report) = audit(&s, &["--strict"]);
    assert_eq!(code, 1);
    let rule_of = |id: &str| {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == id)
            .map(|c| c["finding"]["rule"].clone())
            .unwrap()
    };
    assert_eq!(
        rule_of("arbitrary-origin-with-credentials"),
        "reflected-origin-with-credentials"
    );
    assert_eq!(rule_of("null-origin"), "allows-null-origin");
}

#[test]
fn audit_of_a_non_simple_request_sends_preflights_only() {
    let s = planted(|o| o == TRUSTED);
    audit(&s, &["-X", "DELETE"]);
    let reqs = s.requests();
    assert!(reqs.iter().all(|r| r.method == "OPTIONS"), "{reqs:?}");
    assert!(reqs.iter().all(|r| r.header("cookie").is_none()));
}

#[test]
fn audit_stops_when_the_server_cannot_be_reached() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args([
            "probe",
            &format!("http://127.0.0.1:{port}/"),
            "--origin",
            TRUSTED,
            "--audit",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["requests_sent"], 1);
    assert!(v["checks"][0]["error"]
        .as_str()
        .unwrap()
        .contains("net::ERR_CONNECTION_REFUSED"));
}

#[test]
fn resolve_connects_to_loopback_for_a_named_host() {
    let s = Server::start(fixed);
    let host = "api.corsdx-probe.test";
    let url = format!("http://{host}:{}/api/data", s.port);
    let (code, report) = probe(&[
        &url,
        "--origin",
        ORIGIN,
        "--resolve",
        &format!("{host}:{}:127.0.0.1", s.port),
    ]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["requests"][0]["url"], url.as_str());
    let reqs = s.requests();
    assert_eq!(
        reqs[0].header("host"),
        Some(format!("{host}:{}", s.port).as_str())
    );
    // (No lookup without --resolve: the test sends nothing beyond loopback, not even DNS.)
    let out = Command::cargo_bin("corsdx")
        .unwrap()
        .args(["probe", &url, "--origin", ORIGIN, "--resolve", "nonsense"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn mixed_content_is_not_sent() {
    let s = Server::start(fixed);
    let host = "api.corsdx-probe.test";
    let (code, report) = probe(&[
        &format!("http://{host}:{}/api/data", s.port),
        "--origin",
        "https://app.corsdx-probe.test",
        "--resolve",
        &format!("{host}:{}:127.0.0.1", s.port),
    ]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(cause(&report).as_deref(), Some("mixed-content"));
    assert!(s.requests().is_empty());
}

#[test]
fn every_format_renders_and_output_goes_to_the_file() {
    let s = Server::start(preflight_only);
    let dir = std::env::temp_dir().join(format!("corsdx-probe-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (format, needle) in [
        ("markdown", "```sh"),
        ("html", "<html"),
        ("ndjson", "\"preflight-only-cors\""),
        ("table", "preflight-only-cors"),
    ] {
        let file = dir.join(format!("report.{format}"));
        let out = Command::cargo_bin("corsdx")
            .unwrap()
            .args([
                "probe",
                &s.url("/api/data"),
                "--origin",
                ORIGIN,
                "-X",
                "PUT",
            ])
            .args(["--format", format, "-o", file.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains(needle), "{format}: {text}");
        assert!(text.contains("preflight-only-cors"), "{format}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
