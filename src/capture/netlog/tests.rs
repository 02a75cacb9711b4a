use super::*;

const CONSTANTS: &str = r#"{"clientInfo":{"name":"Chromium","version":"156.0.8078.129"},
"logCaptureMode":"IncludeSensitive","timeTickOffset":"1796668122756",
"logSourceType":{"URL_REQUEST":1,"SOCKET":2},"netError":{"ERR_FAILED":-2,"ERR_CONNECTION_REFUSED":-102},
"logEventTypes":{"REQUEST_ALIVE":1,"URL_REQUEST_START_JOB":2,"HTTP_TRANSACTION_SEND_REQUEST_HEADERS":3,
"HTTP_TRANSACTION_READ_RESPONSE_HEADERS":4,"CORS_REQUEST":5,"CHECK_CORS_PREFLIGHT_CACHE":6,
"CORS_PREFLIGHT_URL_REQUEST":7,"CORS_PREFLIGHT_ERROR":8,"CREATED_BY":9,"URL_REQUEST_REDIRECTED":10}}"#;

fn ev(t: u32, phase: u8, id: u32, params: &str) -> String {
    format!(
        "{{\"params\":{params},\"phase\":{phase},\"source\":{{\"id\":{id},\"type\":1}},\"time\":\"100\",\"type\":{t}}}"
    )
}

/// A page's PUT stopped at its preflight (204 without ACAO), and a GET answered without ACAO.
fn page_events() -> Vec<String> {
    let url = "http://api.example.test:47081/x";
    let origin = "http://app.example.test:47080";
    let mut all = put_events(url, origin);
    all.extend(get_events(url, origin));
    all
}

/// A PUT stopped at its preflight (204 without ACAO).
fn put_events(url: &str, origin: &str) -> Vec<String> {
    vec![
        ev(
            5,
            1,
            10,
            &format!(
                r#"{{"request_headers":{{"headers":["Content-Type: application/json"],"line":"PUT /x HTTP/1.1\r\n"}},"url":"{url}"}}"#
            ),
        ),
        ev(6, 0, 10, r#"{"status":"miss"}"#),
        ev(7, 0, 10, r#"{"source_dependency":{"id":11,"type":1}}"#),
        ev(
            1,
            1,
            11,
            &format!(r#"{{"traffic_annotation":101845102,"url":"{url}"}}"#),
        ),
        ev(9, 0, 11, r#"{"source_dependency":{"id":10,"type":1}}"#),
        ev(
            2,
            1,
            11,
            &format!(r#"{{"initiator":"{origin}","method":"OPTIONS","url":"{url}"}}"#),
        ),
        ev(
            3,
            0,
            11,
            &format!(
                r#"{{"headers":["Access-Control-Request-Method: PUT","Origin: {origin}"],"line":"OPTIONS /x HTTP/1.1\r\n"}}"#
            ),
        ),
        ev(
            4,
            0,
            11,
            r#"{"headers":["HTTP/1.1 204 No Content","Access-Control-Allow-Methods: PUT"]}"#,
        ),
        ev(1, 2, 11, "{}"),
        ev(8, 0, 10, r#"{"cors-error":12,"error":"ERR_FAILED"}"#),
        ev(5, 2, 10, "{}"),
    ]
}

/// A GET answered without ACAO, then the browser's own traffic.
fn get_events(url: &str, origin: &str) -> Vec<String> {
    vec![
        ev(
            5,
            1,
            20,
            &format!(
                r#"{{"request_headers":{{"headers":[],"line":"GET /y HTTP/1.1\r\n"}},"url":"{url}y"}}"#
            ),
        ),
        ev(
            1,
            1,
            20,
            &format!(r#"{{"traffic_annotation":101845102,"url":"{url}y"}}"#),
        ),
        ev(
            2,
            1,
            20,
            &format!(r#"{{"initiator":"{origin}","method":"GET","url":"{url}y"}}"#),
        ),
        ev(
            3,
            0,
            20,
            &format!(r#"{{"headers":["Origin: {origin}","Sec-Fetch-Mode: cors"]}}"#),
        ),
        ev(
            4,
            0,
            20,
            r#"{"headers":["HTTP/1.1 200 OK","Content-Type: text/plain"]}"#,
        ),
        ev(1, 2, 20, r#"{"net_error":-2}"#),
        ev(5, 2, 20, r#"{"net_error":-2}"#),
        // The browser's own traffic: another annotation.
        ev(
            1,
            1,
            30,
            r#"{"traffic_annotation":54845618,"url":"https://update.googleapis.com/"}"#,
        ),
        ev(
            2,
            1,
            30,
            r#"{"method":"POST","url":"https://update.googleapis.com/"}"#,
        ),
        ev(1, 2, 30, r#"{"net_error":-102}"#),
    ]
}

fn log(events: &[String], close: bool) -> String {
    let mut s = format!("{{\"constants\":{CONSTANTS},\n\"events\": [\n");
    s.push_str(&events.join(",\n"));
    if close {
        s.push_str("],\n\"polledData\": {}}\n");
    } else {
        // Chrome writes each event with the comma after it, and the brackets at the end.
        s.push_str(",\n");
    }
    s
}

fn read(text: &str, background: bool) -> NetLog {
    read_netlog("t.json", text.as_bytes(), ReadOptions { background }).unwrap()
}

#[test]
fn rebuilds_requests_preflights_and_the_logged_cors_error() {
    let n = read(&log(&page_events(), true), false);
    let e = &n.capture.entries;
    assert_eq!(n.capture.producer, Producer::ChromeNetLog);
    assert_eq!(e.len(), 3, "{e:#?}");
    // The PUT never started: status 0, the preflight's error, the logged CorsError.
    assert_eq!(e[0].request.method, "PUT");
    assert_eq!(e[0].response.status, 0);
    assert_eq!(e[0].response.error.as_deref(), Some("net::ERR_FAILED"));
    let rec = e[0].log.as_deref().unwrap();
    let ce = rec.cors_error.as_ref().unwrap();
    assert_eq!(ce.number, 12);
    assert_eq!(ce.name, Some("PreflightMissingAllowOriginHeader"));
    assert_eq!(rec.preflight_cache.as_deref(), Some("miss"));
    assert!(!rec.preflight_cache_hit());
    // Its preflight, listed after it as DevTools lists it.
    assert_eq!(e[1].request.method, "OPTIONS");
    assert_eq!(e[1].resource_type.as_deref(), Some("preflight"));
    assert_eq!(
        e[1].initiator_url.as_deref(),
        Some("http://api.example.test:47081/x")
    );
    assert_eq!(e[1].response.status, 204);
    assert_eq!(
        e[1].response.headers.get("access-control-allow-methods"),
        Some("PUT")
    );
    assert_eq!(
        e[1].request.headers.get("origin"),
        Some("http://app.example.test:47080")
    );
    // The GET: its response headers and the net error it ended with.
    assert_eq!(e[2].response.status, 200);
    assert_eq!(e[2].response.error.as_deref(), Some("net::ERR_FAILED"));
    assert!(e[2].started.starts_with("2026-"), "{}", e[2].started);
    assert_eq!(n.info.background, 1);
    assert!(!n.info.end.truncated && !n.info.headers_stripped);
    assert!(n.capture.skipped.is_empty(), "{:?}", n.capture.skipped);
}

#[test]
fn only_a_hit_that_passed_is_a_preflight_cache_hit() {
    for (status, hit) in [
        ("hit-and-pass", true),
        ("hit-and-fail", false),
        ("stale", false),
    ] {
        let events: Vec<String> = page_events()
            .into_iter()
            .map(|e| e.replace("\"miss\"", &format!("\"{status}\"")))
            .collect();
        let n = read(&log(&events, true), false);
        let rec = n.capture.entries[0].log.as_deref().unwrap();
        assert_eq!(rec.preflight_cache_hit(), hit, "{status}");
    }
}

#[test]
fn keeps_background_traffic_when_asked() {
    let n = read(&log(&page_events(), true), true);
    assert_eq!(n.capture.entries.len(), 4);
    let last = n.capture.entries.last().unwrap();
    assert_eq!(last.request.url, "https://update.googleapis.com/");
    assert_eq!(
        last.response.error.as_deref(),
        Some("net::ERR_CONNECTION_REFUSED")
    );
    assert_eq!(n.info.background, 0);
}

#[test]
fn a_cut_off_log_keeps_what_it_holds_and_says_so() {
    let events = page_events();
    let mut text = log(events.get(..14).unwrap(), false);
    text.push_str("{\"params\":{\"headers\":[\"Ori");
    let n = read(&text, false);
    assert!(n.info.end.truncated && n.info.end.partial_event);
    assert_eq!(n.info.end.events, 14);
    // The PUT and its preflight are whole; the GET started but has no outcome.
    assert_eq!(n.capture.entries.len(), 3);
    assert_eq!(n.capture.entries[2].response.status, 0);
    assert_eq!(n.capture.entries[2].response.error, None);
    let reason = &n.capture.skipped.last().unwrap().reason;
    assert!(reason.contains("cut off after 14 event(s)"), "{reason}");
}

#[test]
fn a_log_without_headers_is_marked_stripped() {
    let events: Vec<String> = page_events()
        .into_iter()
        .filter(|e| !e.contains("\"headers\""))
        .collect();
    let n = read(&log(&events, true), false);
    assert!(n.info.headers_stripped);
    assert!(
        n.capture.entries[0]
            .log
            .as_deref()
            .unwrap()
            .headers_stripped
    );
}

#[test]
fn an_unknown_number_is_kept_unnamed() {
    let events: Vec<String> = page_events()
        .into_iter()
        .map(|e| e.replace("\"cors-error\":12", "\"cors-error\":77"))
        .collect();
    let n = read(&log(&events, true), false);
    let ce = n.capture.entries[0]
        .log
        .as_deref()
        .and_then(|r| r.cors_error.clone())
        .unwrap();
    assert_eq!((ce.number, ce.name), (77, None));
    assert_eq!(ce.version.as_deref(), Some("156.0.8078.129"));
}

#[test]
fn refuses_what_is_not_a_netlog_with_a_place() {
    let e = read_netlog("x.json", &b"{\"events\": [{}]}"[..], ReadOptions::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("constants"), "{e}");
    let e = read_netlog("x.json", &b"[1]"[..], ReadOptions::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("byte 0"), "{e}");
    // Garbage events are counted, not fatal.
    let n = read(&log(&["{\"type\":\"x\"}".to_string()], true), false);
    assert!(n
        .capture
        .skipped
        .iter()
        .any(|s| s.reason.contains("not event objects")));
}

#[test]
fn sniffs_a_netlog_by_its_first_key() {
    assert!(looks_like_netlog(b" {\"constants\": {}"));
    assert!(looks_like_netlog(b"{\n\"events\": ["));
    assert!(!looks_like_netlog(b"{\"log\": {}}"));
    assert!(!looks_like_netlog(b"Access to fetch"));
}
