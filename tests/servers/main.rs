//! Fixes proven on real servers: nginx (Debian), Express with `cors` (npm), Flask with
//! Flask-CORS and FastAPI's `CORSMiddleware` (PyPI), each started on loopback, first
//! misconfigured as a seed cause describes (`<case>.broken.*`), then fixed with the exact snippet
//! that `docs/rules/<rule>.md` prints under its `### <stack>` heading (spliced into
//! `<case>.fixed.*` at `@SNIPPET@`). `corsdx probe` must name the cause before and report nothing
//! blocked (and, for a risk, no such warning) after.
//!
//! A stack whose runtime is missing is skipped with a message, unless `CORSDX_REQUIRE_SERVERS`
//! is set (as `.ci/run` does after installing them), where it fails. Every server is bounded:
//! 30 s to start listening, each probe 5 s per request, killed when its case ends.

use serde_json::Value;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const HERE: &str = "tests/servers";

/// What `probe` must say before the fix.
#[derive(Debug, Clone, Copy)]
enum Before {
    /// This root cause (the first error finding).
    Cause(&'static str),
    /// Not blocked, with this warning.
    Warning(&'static str),
}

#[derive(Clone)]
struct Case {
    /// File stem under `tests/servers/<stack>/`.
    name: &'static str,
    /// The rule page whose snippet fixes it.
    rule: &'static str,
    before: Before,
    method: &'static str,
    path: &'static str,
    origin: &'static str,
    headers: &'static [&'static str],
    credentials: bool,
}

const APP: &str = "https://app.example.com";

const fn case(
    name: &'static str,
    rule: &'static str,
    before: Before,
    method: &'static str,
    path: &'static str,
) -> Case {
    Case {
        name,
        rule,
        before,
        method,
        path,
        origin: APP,
        headers: &[],
        credentials: false,
    }
}

const JSON: &[&str] = &["Content-Type: application/json"];

/// A stack: its directory, the heading of its snippets, how to run a file.
struct Stack {
    dir: &'static str,
    heading: &'static str,
    ext: &'static str,
}

const EXPRESS: Stack = Stack {
    dir: "express",
    heading: "Express (`cors`)",
    ext: "js",
};
const FLASK: Stack = Stack {
    dir: "flask",
    heading: "Flask-CORS",
    ext: "py",
};
const FASTAPI: Stack = Stack {
    dir: "fastapi",
    heading: "FastAPI (`CORSMiddleware`)",
    ext: "py",
};
const NGINX: Stack = Stack {
    dir: "nginx",
    heading: "nginx",
    ext: "conf",
};

/// The first fenced block under `### heading` of `docs/rules/<rule>.md`.
fn snippet(rule: &str, heading: &str) -> String {
    let page = std::fs::read_to_string(format!("docs/rules/{rule}.md")).unwrap();
    let start = page
        .find(&format!("\n### {heading}\n"))
        .unwrap_or_else(|| panic!("docs/rules/{rule}.md has no '### {heading}'"));
    let rest = &page[start..];
    let open = rest.find("```").unwrap();
    let body = &rest[open..];
    let body = &body[body.find('\n').unwrap() + 1..];
    let close = body.find("\n```").unwrap();
    body[..close + 1].to_string()
}

/// A port nothing listens on now. (Another server may still take it before ours binds: see
/// `wait_listening`, which makes sure the server that answers is ours.)
fn free_port() -> u16 {
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if TcpStream::connect(("127.0.0.1", port)).is_err() {
            return port;
        }
    }
}

/// A started server, killed when dropped.
struct Running {
    child: Child,
    log: PathBuf,
    /// A generated file outside the work directory, removed with the server.
    generated: Option<PathBuf>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(g) = &self.generated {
            let _ = std::fs::remove_file(g);
        }
    }
}

impl Running {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// Waits (at most 30 s) until `port` accepts connections.
fn wait_listening(server: &mut Running, port: u16) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            // A server that lost the port to another one (a parallel test, another run)
            // exits on EADDRINUSE while the other answers: make sure ours is still alive.
            std::thread::sleep(Duration::from_millis(300));
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "exited with {status} (port taken?): {}",
                    server.log()
                ));
            }
            return Ok(());
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            return Err(format!("exited with {status}: {}", server.log()));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("not listening after 30 s: {}", server.log()))
}

fn work_dir(stack: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("corsdx-servers-{}-{stack}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes the case's file (with the snippet spliced in) and starts it on `port`.
fn start(
    stack: &Stack,
    source: &str,
    port: u16,
    work: &Path,
    tag: &str,
) -> Result<Running, String> {
    let log = work.join(format!("{tag}.log"));
    let out = std::fs::File::create(&log).unwrap();
    let err = out.try_clone().unwrap();
    let mut generated = None;
    let mut cmd = match stack.dir {
        "express" => {
            // Beside node_modules, so that require() finds express and cors.
            let gen = Path::new(HERE).join("express").join(".gen");
            std::fs::create_dir_all(&gen).unwrap();
            let file = gen.join(format!("{tag}-{}.js", std::process::id()));
            std::fs::write(&file, source).unwrap();
            let mut c = Command::new("node");
            c.arg(&file);
            generated = Some(file);
            c
        }
        "flask" | "fastapi" => {
            let file = work.join(format!("{tag}.py"));
            std::fs::write(&file, source).unwrap();
            let mut c = Command::new("python3");
            c.arg(file);
            c
        }
        "nginx" => {
            let conf = work.join(format!("{tag}.conf"));
            std::fs::write(&conf, source).unwrap();
            let mut c = Command::new(nginx());
            c.args(["-p", work.to_str().unwrap(), "-c", conf.to_str().unwrap()]);
            c
        }
        other => panic!("{other}"),
    };
    let child = cmd
        .env("PORT", port.to_string())
        // origin-mismatch's snippets read the allowed origins from the environment.
        .env(
            "CORS_ORIGINS",
            "https://app.example.com,https://staging.example.com,http://localhost:5173",
        )
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("{}: {e}", stack.dir))?;
    let mut running = Running {
        child,
        log,
        generated,
    };
    wait_listening(&mut running, port)?;
    Ok(running)
}

fn nginx() -> String {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .find(|p| Path::new(p).exists())
        .map(|p| p.to_string())
        .unwrap_or_else(|| "nginx".to_string())
}

/// Whether the stack can run here.
fn available(stack: &Stack) -> bool {
    let ok = |c: &mut Command| {
        c.stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    match stack.dir {
        "express" => {
            Path::new(HERE).join("express/node_modules/cors").exists()
                && ok(Command::new("node").arg("--version"))
        }
        "flask" => ok(Command::new("python3").args(["-c", "import flask, flask_cors"])),
        "fastapi" => ok(Command::new("python3").args(["-c", "import fastapi, uvicorn"])),
        "nginx" => ok(Command::new(nginx()).arg("-v")),
        _ => false,
    }
}

/// Fills the placeholders of a case file.
fn fill(template: &str, snippet: &str, port: u16, backend: u16, work: &Path) -> String {
    let mut text = template.to_string();
    if template.contains("@HTTP@") {
        // nginx: `map` lines belong to the http{} block, the rest where @SNIPPET@ stands.
        let (mut maps, mut rest) = (Vec::new(), Vec::new());
        let mut in_map = false;
        for line in snippet.lines() {
            let starts = line.trim_start().starts_with("map ");
            if starts || in_map {
                maps.push(line);
                // A one-line map closes on its own line; a block on its lone `}`.
                in_map = if starts {
                    !line.contains('}')
                } else {
                    line.trim() != "}"
                };
            } else {
                rest.push(line);
            }
        }
        let default_map = if maps.is_empty() && !template.contains("map $http_origin") {
            "map $http_origin $cors_origin { default \"\"; \"https://app.example.com\" $http_origin; \"https://a.example\" $http_origin; \"https://b.example\" $http_origin; }"
        } else {
            ""
        };
        text = text
            .replace("@HTTP@", &format!("{}\n{default_map}", maps.join("\n")))
            .replace("@SNIPPET@", &rest.join("\n"));
    } else {
        text = text.replace("@SNIPPET@", snippet);
    }
    text.replace("@PORT@", &port.to_string())
        .replace("@BACKEND_PORT@", &backend.to_string())
        .replace("@PREFIX@", work.to_str().unwrap())
}

/// Runs `corsdx probe` for the case: (exit status, JSON report).
fn probe(c: &Case, port: u16) -> (i32, Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_corsdx"));
    cmd.args([
        "probe",
        &format!("http://127.0.0.1:{port}{}", c.path),
        "--origin",
        c.origin,
        "-X",
        c.method,
        "--format",
        "json",
        "--timeout",
        "5",
    ]);
    for h in c.headers {
        cmd.args(["-H", h]);
    }
    if c.credentials {
        cmd.arg("--credentials");
    }
    let out = cmd.output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), report)
}

fn findings(report: &Value, severity: &str) -> Vec<String> {
    report["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["findings"].as_array().into_iter().flatten())
        .filter(|f| f["severity"] == severity)
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect()
}

fn summary_line(report: &Value) -> String {
    let r = &report["requests"][0];
    format!(
        "blocked={} cors_error={} errors={:?} warnings={:?}",
        r["blocked"],
        r["cors_error"],
        findings(report, "error"),
        findings(report, "warning")
    )
}

/// Runs every case of a stack; returns the failures.
fn run_stack(stack: &Stack, cases: &[Case]) {
    if !available(stack) {
        let msg = format!("{}: runtime not installed (see .ci/run)", stack.dir);
        if std::env::var_os("CORSDX_REQUIRE_SERVERS").is_some() {
            panic!("{msg}");
        }
        eprintln!("skipped: {msg}");
        return;
    }
    let work = work_dir(stack.dir);
    let mut failures = Vec::new();
    for c in cases {
        let dir = Path::new(HERE).join(stack.dir);
        let snippet = snippet(c.rule, stack.heading);
        for (variant, expect_fixed) in [("broken", false), ("fixed", true)] {
            let file = dir.join(format!("{}.{variant}.{}", c.name, stack.ext));
            let mut template = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if let Ok(skeleton) = std::fs::read_to_string(dir.join("skeleton.conf")) {
                template = skeleton.replace("@SERVER@", &template);
            }
            let (port, backend) = (free_port(), free_port());
            let source = fill(&template, &snippet, port, backend, &work);
            let tag = format!("{}-{variant}", c.name);
            let server = match start(stack, &source, port, &work, &tag) {
                Ok(s) => s,
                Err(e) => {
                    failures.push(format!(
                        "{} {} {variant}: did not start: {e}",
                        stack.dir, c.name
                    ));
                    continue;
                }
            };
            let (code, report) = probe(c, port);
            let errors = findings(&report, "error");
            let warnings = findings(&report, "warning");
            let ok = if expect_fixed {
                let blocked = report["summary"]["blocked"].as_u64() != Some(0)
                    || report["summary"]["failed"].as_u64() != Some(0);
                let still = match c.before {
                    Before::Cause(_) => false,
                    Before::Warning(w) => warnings.iter().any(|x| x == w),
                };
                code == 0 && !blocked && errors.is_empty() && !still
            } else {
                match c.before {
                    Before::Cause(id) => {
                        code == 1 && errors.first().map(String::as_str) == Some(id)
                    }
                    Before::Warning(id) => {
                        report["summary"]["blocked"].as_u64() == Some(0)
                            && warnings.iter().any(|x| x == id)
                    }
                }
            };
            eprintln!(
                "{:<8} {:<36} {variant:<6} {} ({})",
                stack.dir,
                c.name,
                if ok { "ok" } else { "FAILED" },
                summary_line(&report)
            );
            if !ok {
                failures.push(format!(
                    "{} {} {variant}: expected {}, got exit {code}: {}\nserver log:\n{}",
                    stack.dir,
                    c.name,
                    if expect_fixed {
                        "nothing blocked".to_string()
                    } else {
                        format!("{:?}", c.before)
                    },
                    summary_line(&report),
                    server.log()
                ));
            }
            drop(server);
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The allow-list and auth cases every stack shares (on /api/data, /api/me), with the causes the broken
/// servers get: a framework whose list lacks the origin sends no CORS header at all
/// (`no-cors-headers`), and Starlette answers a preflight it refuses with 400
/// (`preflight-failed-status`).
fn allow_list_cases(origin: &'static str, header: &'static str, method: &'static str) -> Vec<Case> {
    vec![
        case(
            "origin-mismatch",
            "origin-mismatch",
            Before::Cause(origin),
            "GET",
            "/api/data",
        ),
        Case {
            headers: &["X-Request-Id: 1"],
            ..case(
                "header-not-allowed",
                "header-not-allowed",
                Before::Cause(header),
                "GET",
                "/api/data",
            )
        },
        case(
            "method-not-allowed",
            "method-not-allowed",
            Before::Cause(method),
            "PATCH",
            "/api/data",
        ),
        Case {
            credentials: true,
            ..case(
                "auth-rejected-before-cors",
                "auth-rejected-before-cors",
                Before::Cause("auth-rejected-before-cors"),
                "GET",
                "/api/me",
            )
        },
        Case {
            credentials: true,
            ..case(
                "preflight-auth-rejected",
                "preflight-auth-rejected",
                Before::Cause("preflight-auth-rejected"),
                "PUT",
                "/api/me",
            )
        },
        Case {
            credentials: true,
            ..case(
                "missing-allow-credentials",
                "missing-allow-credentials",
                Before::Cause("missing-allow-credentials"),
                "GET",
                "/api/data",
            )
        },
    ]
}

#[test]
fn express_with_cors() {
    run_stack(
        &EXPRESS,
        &[
            allow_list_cases(
                "no-cors-headers",
                "header-not-allowed",
                "method-not-allowed",
            ),
            vec![
                Case {
                    headers: JSON,
                    ..case(
                        "preflight-only-cors",
                        "preflight-only-cors",
                        Before::Cause("preflight-only-cors"),
                        "PUT",
                        "/items/7",
                    )
                },
                Case {
                    headers: JSON,
                    // Express answers OPTIONS itself (200 + Allow) when no handler matches: the
                    // preflight passes the router but carries no CORS header.
                    ..case(
                        "preflight-not-handled",
                        "preflight-not-handled",
                        Before::Cause("preflight-missing-allow-origin"),
                        "PUT",
                        "/items/7",
                    )
                },
                case(
                    "error-response-without-cors",
                    "error-response-without-cors",
                    Before::Cause("error-response-without-cors"),
                    "GET",
                    "/api/fail",
                ),
                Case {
                    credentials: true,
                    ..case(
                        "wildcard-origin-with-credentials",
                        "wildcard-origin-with-credentials",
                        Before::Cause("wildcard-origin-with-credentials"),
                        "GET",
                        "/api/me",
                    )
                },
                Case {
                    origin: "https://a.example",
                    ..case(
                        "multiple-allow-origin",
                        "multiple-allow-origin",
                        Before::Cause("multiple-allow-origin"),
                        "GET",
                        "/api/data",
                    )
                },
                case(
                    "missing-vary-origin",
                    "missing-vary-origin",
                    Before::Warning("missing-vary-origin"),
                    "GET",
                    "/api/data",
                ),
                case(
                    "redirect-without-cors",
                    "redirect-without-cors",
                    Before::Cause("redirect-without-cors"),
                    "GET",
                    "/api/data",
                ),
            ],
        ]
        .concat(),
    );
}

#[test]
fn flask_with_flask_cors() {
    run_stack(
        &FLASK,
        &[
            allow_list_cases(
                "no-cors-headers",
                "header-not-allowed",
                "method-not-allowed",
            ),
            vec![
                Case {
                    headers: JSON,
                    ..case(
                        "preflight-only-cors",
                        "preflight-only-cors",
                        Before::Cause("preflight-only-cors"),
                        "PUT",
                        "/items/7",
                    )
                },
                Case {
                    headers: JSON,
                    // Flask answers OPTIONS itself (200 + Allow) for every route.
                    ..case(
                        "preflight-not-handled",
                        "preflight-not-handled",
                        Before::Cause("preflight-missing-allow-origin"),
                        "PUT",
                        "/api/items/7",
                    )
                },
                case(
                    "error-response-without-cors",
                    "error-response-without-cors",
                    Before::Cause("error-response-without-cors"),
                    "GET",
                    "/api/fail",
                ),
                Case {
                    credentials: true,
                    ..case(
                        "wildcard-origin-with-credentials",
                        "wildcard-origin-with-credentials",
                        Before::Cause("wildcard-origin-with-credentials"),
                        "GET",
                        "/api/me",
                    )
                },
                Case {
                    origin: "https://a.example",
                    ..case(
                        "multiple-allow-origin",
                        "multiple-allow-origin",
                        Before::Cause("multiple-allow-origin"),
                        "GET",
                        "/api/data",
                    )
                },
                case(
                    "missing-vary-origin",
                    "missing-vary-origin",
                    Before::Warning("missing-vary-origin"),
                    "GET",
                    "/api/data",
                ),
                Case {
                    credentials: true,
                    // Werkzeug's trailing-slash redirect: /items -> 308 /items/.
                    ..case(
                        "redirect-without-cors",
                        "redirect-without-cors",
                        Before::Cause("redirect-without-cors"),
                        "GET",
                        "/items",
                    )
                },
            ],
        ]
        .concat(),
    );
}

#[test]
fn fastapi_with_cors_middleware() {
    run_stack(
        &FASTAPI,
        &[
            allow_list_cases(
                "no-cors-headers",
                "preflight-failed-status",
                "preflight-failed-status",
            ),
            vec![
                Case {
                    headers: JSON,
                    ..case(
                        "preflight-not-handled",
                        "preflight-not-handled",
                        Before::Cause("preflight-not-handled"),
                        "PUT",
                        "/api/items/7",
                    )
                },
                Case {
                    headers: JSON,
                    ..case(
                        "preflight-only-cors",
                        "preflight-only-cors",
                        Before::Cause("preflight-only-cors"),
                        "PUT",
                        "/items/7",
                    )
                },
                case(
                    "error-response-without-cors",
                    "error-response-without-cors",
                    Before::Cause("error-response-without-cors"),
                    "GET",
                    "/api/fail",
                ),
                Case {
                    origin: "https://a.example",
                    ..case(
                        "multiple-allow-origin",
                        "multiple-allow-origin",
                        Before::Cause("multiple-allow-origin"),
                        "GET",
                        "/api/data",
                    )
                },
            ],
        ]
        .concat(),
    );
}

#[test]
fn nginx_in_front_of_a_backend_without_cors() {
    run_stack(
        &NGINX,
        &[
            allow_list_cases(
                "origin-mismatch",
                "header-not-allowed",
                "method-not-allowed",
            ),
            vec![
                Case {
                    headers: JSON,
                    ..case(
                        "preflight-not-handled",
                        "preflight-not-handled",
                        Before::Cause("preflight-not-handled"),
                        "PUT",
                        "/api/items/7",
                    )
                },
                Case {
                    headers: JSON,
                    ..case(
                        "preflight-only-cors",
                        "preflight-only-cors",
                        Before::Cause("preflight-only-cors"),
                        "PUT",
                        "/items/7",
                    )
                },
                case(
                    "no-cors-headers",
                    "no-cors-headers",
                    Before::Cause("no-cors-headers"),
                    "GET",
                    "/api/data",
                ),
                case(
                    "error-response-without-cors",
                    "error-response-without-cors",
                    Before::Cause("error-response-without-cors"),
                    "GET",
                    "/api/fail",
                ),
                Case {
                    credentials: true,
                    ..case(
                        "wildcard-origin-with-credentials",
                        "wildcard-origin-with-credentials",
                        Before::Cause("wildcard-origin-with-credentials"),
                        "GET",
                        "/api/me",
                    )
                },
                Case {
                    origin: "https://a.example",
                    ..case(
                        "multiple-allow-origin",
                        "multiple-allow-origin",
                        Before::Cause("multiple-allow-origin"),
                        "GET",
                        "/api/cors-app/data",
                    )
                },
                case(
                    "missing-vary-origin",
                    "missing-vary-origin",
                    Before::Warning("missing-vary-origin"),
                    "GET",
                    "/api/data",
                ),
            ],
        ]
        .concat(),
    );
}

#[test]
fn snippets_are_found_on_the_rule_pages() {
    let s = snippet("preflight-only-cors", "nginx");
    assert!(s.contains("proxy_pass http://backend;"), "{s}");
    assert!(!s.contains("```"));
}

// ---- the browser harness's scenarios, served live ----

/// One fetch/XHR call of a scenario, as tests/servers/harness.mjs prints it.
#[derive(Debug, serde::Deserialize)]
struct Call {
    id: String,
    page: String,
    api: String,
    method: String,
    url: String,
    #[serde(default)]
    headers: serde_json::Map<String, Value>,
    #[serde(default)]
    credentials: Option<String>,
    #[serde(default, rename = "withCredentials")]
    with_credentials: bool,
    #[serde(default)]
    mode: Option<String>,
}

/// Calls (scenario id, URL fragment) whose capture records what one live exchange cannot show,
/// and why: the probe is right about the server, the capture about the browser's state.
const LIVE_DIFFERENCES: &[(&str, &str, &str)] = &[
    (
        "authorization-wildcard-strict",
        "/me",
        "Chromium ran with CorsNonWildcardRequestHeadersSupport; the probe judges as default Chromium 156",
    ),
    (
        "cached-for-other-origin",
        "/config",
        "the block came from a cached response replayed for another origin; a live exchange is fresh",
    ),
    (
        "preflight-cache-hit",
        "/orders/1",
        "the browser passed the second PUT on its cached preflight; a probe sends a fresh one, which the scenario's server answers without CORS after the first",
    ),
    (
        "infrastructure-stripped-headers",
        "page=2",
        "the cause needs the endpoint's other responses (with headers) in the same capture",
    ),
    (
        "network-failures",
        "tracker.js",
        "a blocking rule in the browser cancelled it (ERR_BLOCKED_BY_CLIENT); the server answers",
    ),
];

/// (blocked, failed, cause) of a report's request.
fn outcome(r: &Value) -> (bool, bool, Option<String>) {
    let cause = r["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["severity"] == "error")
        .and_then(|f| f["rule"].as_str())
        .map(str::to_string);
    (r["blocked"] == true, !r["failed"].is_null(), cause)
}

#[test]
fn the_harness_scenarios_served_live_are_diagnosed_as_their_captures() {
    use std::io::BufRead;
    let harness_ports = [47080u16, 47081, 47082, 47443, 47444];
    let busy = harness_ports
        .iter()
        .any(|p| TcpListener::bind(("127.0.0.1", *p)).is_err());
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !node {
        if std::env::var_os("CORSDX_REQUIRE_SERVERS").is_some() {
            panic!("live harness: node is not installed");
        }
        eprintln!("skipped: live harness: node is not installed");
        return;
    }
    if busy {
        // The browser harness's ports are fixed (tests/browser/server.mjs) and shared with
        // whoever runs a capture on this machine: their run is not this test's failure.
        eprintln!("SKIPPED: live harness: the harness ports (4708x, 4744x) are in use");
        return;
    }
    let mut child = Command::new("node")
        .arg(Path::new(HERE).join("harness.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut calls = Vec::new();
    let mut cacert = None;
    loop {
        let line = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(l) => l,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("harness did not get ready: {e}");
            }
        };
        if line == "READY" {
            break;
        }
        if let Some(path) = line.strip_prefix("CERT ") {
            cacert = Some(path.to_string());
            continue;
        }
        calls.push(serde_json::from_str::<Call>(&line).unwrap());
    }
    let hosts = ["app", "app2", "api", "api2", "www.api"];
    let mut resolve = Vec::new();
    for h in hosts {
        for p in harness_ports.iter().chain([47099].iter()) {
            resolve.push(format!("{h}.example.test:{p}:127.0.0.1"));
        }
    }
    let mut analyzed: std::collections::HashMap<String, Vec<Value>> = Default::default();
    let mut rows = Vec::new();
    let mut mismatches = Vec::new();
    let (mut compared, mut skipped) = (0, 0);
    for c in &calls {
        // Only the harness's own hosts: nothing is looked up beyond loopback (a host the
        // scenario made up to fail resolution is skipped).
        let host_known = hosts
            .iter()
            .any(|h| c.url.contains(&format!("://{h}.example.test:")));
        let cors = matches!(c.api.as_str(), "fetch" | "xhr")
            && c.mode.as_deref().is_none_or(|m| m == "cors")
            && host_known;
        let capture = format!("tests/captures/chromium/{}/capture.har", c.id);
        if !cors || !Path::new(&capture).exists() {
            skipped += 1;
            continue;
        }
        let captured = analyzed.entry(c.id.clone()).or_insert_with(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_corsdx"))
                .args(["analyze", &capture, "--format", "json"])
                .output()
                .unwrap();
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            v["requests"].as_array().cloned().unwrap_or_default()
        });
        // The capture's request for this call: same method and URL, first not yet used.
        let Some(pos) = captured
            .iter()
            .position(|r| r["url"] == c.url.as_str() && r["method"] == c.method.as_str())
        else {
            skipped += 1;
            continue;
        };
        let expected = outcome(&captured.remove(pos));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_corsdx"));
        cmd.args(["probe", &c.url, "--origin", &c.page, "-X", &c.method]);
        cmd.args(["--format", "json", "--timeout", "5"]);
        for (n, v) in &c.headers {
            cmd.args(["-H", &format!("{n}: {}", v.as_str().unwrap_or(""))]);
        }
        if c.credentials.as_deref() == Some("include") || c.with_credentials {
            cmd.arg("--credentials");
        }
        if let Some(ca) = &cacert {
            cmd.args(["--cacert", ca]);
        }
        for r in &resolve {
            cmd.args(["--resolve", r]);
        }
        let out = cmd.output().unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        let got = outcome(&report["requests"][0]);
        compared += 1;
        let same = got == expected;
        let known = LIVE_DIFFERENCES
            .iter()
            .find(|(id, part, _)| *id == c.id && c.url.contains(part));
        rows.push(format!(
            "{} {:<40} {:<7} {} capture={expected:?} live={got:?}",
            if same {
                "same"
            } else if known.is_some() {
                "known"
            } else {
                "DIFF"
            },
            c.id,
            c.method,
            c.url
        ));
        if !same && known.is_none() {
            mismatches.push(rows.last().unwrap().clone());
        }
    }
    drop(child.stdin.take());
    let _ = child.wait();
    eprintln!("{}", rows.join("\n"));
    eprintln!(
        "live harness: {compared} calls compared, {skipped} skipped (no-cors, navigation, other hosts, not in the capture)"
    );
    assert!(compared > 30, "{compared} calls compared");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The name TLS checks use (its certificate is made by the suite).
const TLS_HOST: &str = "api.corsdx-servers.test";

/// A self-signed end-entity certificate for [`TLS_HOST`] in `work` (openssl).
fn certificate(work: &Path) -> bool {
    Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .args(["-subj", &format!("/CN={TLS_HOST}")])
        .args(["-addext", &format!("subjectAltName=DNS:{TLS_HOST}")])
        .args(["-addext", "basicConstraints=critical,CA:FALSE"])
        .arg("-keyout")
        .arg(work.join("key.pem"))
        .arg("-out")
        .arg(work.join("cert.pem"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn https_through_rustls_with_cacert_or_insecure() {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let work = work_dir("tls");
    if !node || !certificate(&work) {
        if std::env::var_os("CORSDX_REQUIRE_SERVERS").is_some() {
            panic!("node and openssl are needed");
        }
        eprintln!("skipped: node or openssl missing");
        return;
    }
    let server = work.join("https.js");
    std::fs::write(
        &server,
        r#"const fs = require('fs');
require('https').createServer(
  { cert: fs.readFileSync(process.env.TLS_CERT), key: fs.readFileSync(process.env.TLS_KEY) },
  (req, res) => {
    res.writeHead(200, { 'Access-Control-Allow-Origin': 'https://app.example.com', 'Vary': 'Origin' });
    res.end('{}');
  },
).listen(Number(process.env.PORT), '127.0.0.1');
"#,
    )
    .unwrap();
    let port = free_port();
    let log = work.join("https.log");
    let out = std::fs::File::create(&log).unwrap();
    let child = Command::new("node")
        .arg(&server)
        .env("PORT", port.to_string())
        .env("TLS_CERT", work.join("cert.pem"))
        .env("TLS_KEY", work.join("key.pem"))
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap();
    let mut running = Running {
        child,
        log,
        generated: None,
    };
    wait_listening(&mut running, port).unwrap();
    let url = format!("https://{TLS_HOST}:{port}/api/data");
    let resolve = format!("{TLS_HOST}:{port}:127.0.0.1");
    let cacert = work.join("cert.pem");
    let run = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_corsdx"))
            .args(["probe", &url, "--origin", APP, "--resolve", &resolve])
            .args(["--format", "json", "--timeout", "5"])
            .args(extra)
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code(), v)
    };
    // The bundled web roots do not know the test certificate: a TLS failure, not a CORS one.
    let (code, v) = run(&[]);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["requests"][0]["blocked"], false);
    assert_eq!(
        findings(&v, "error"),
        ["not-cors-network-failure"],
        "{}",
        running.log()
    );
    assert!(v["requests"][0]["chain"][0]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("net::ERR_CERT_")));
    // Trusted with --cacert, or unchecked with --insecure: the CORS answer is judged.
    for extra in [
        &["--cacert", cacert.to_str().unwrap()][..],
        &["--insecure"][..],
    ] {
        let (code, v) = run(extra);
        assert_eq!(code, Some(0), "{extra:?}: {v}");
        assert_eq!(v["summary"]["blocked"], 0);
    }
    drop(running);
    let _ = std::fs::remove_dir_all(&work);
}
