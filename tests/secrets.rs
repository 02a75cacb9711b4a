//! Reports never leak a secret: sentinels planted in every place a HAR can hold one must not
//! appear in any output format, while header names (CORS evidence) do.

use assert_cmd::Command;

const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzZW50aW5lbCI6MX0.U0VOVElORUxTSUc";

fn har() -> String {
    let entry = |i: usize, url: &str, status: i64, extra_resp: &str| {
        format!(
            r#"{{"startedDateTime":"2026-11-23T08:00:0{i}.000Z","time":1,"_resourceType":"fetch","pageref":"page_1",
            "request":{{"method":"GET","url":"{url}","httpVersion":"HTTP/1.1","headers":[
              {{"name":"Origin","value":"https://app.example.com"}},
              {{"name":"Cookie","value":"sid=SENTINELCOOKIE; theme=dark"}},
              {{"name":"Authorization","value":"Bearer SENTINELBEARER"}},
              {{"name":"X-Api-Key","value":"SENTINELAPIKEY"}},
              {{"name":"X-Debug","value":"{JWT}"}},
              {{"name":"Referer","value":"https://app.example.com/?access_token=SENTINELREFERER"}}],
              "cookies":[{{"name":"sid","value":"SENTINELCOOKIE"}}],"queryString":[],"headersSize":-1,"bodySize":0}},
            "response":{{"status":{status},"statusText":"","httpVersion":"HTTP/1.1","headers":[
              {{"name":"Set-Cookie","value":"sid=SENTINELSETCOOKIE; Path=/"}}{extra_resp}],
              "cookies":[],"content":{{"size":0,"mimeType":"text/plain","text":"SENTINELBODY"}},"redirectURL":"","headersSize":-1,"bodySize":0,"_error":"net::ERR_FAILED"}},
            "cache":{{}},"timings":{{"send":0,"wait":0,"receive":0}}}}"#
        )
    };
    let entries = [
        entry(
            0,
            "https://api.example.com/a?token=SENTINELQUERY&page=1",
            200,
            "",
        ),
        entry(
            1,
            "https://user:SENTINELPASSWORD@api.example.com/b",
            200,
            r#",{"name":"Access-Control-Allow-Origin","value":"https://other.example.com"}"#,
        ),
        entry(
            2,
            "https://api.example.com/c?api_key=SENTINELKEY",
            302,
            r#",{"name":"Location","value":"https://login.example.com/?sig=SENTINELLOCATION"}"#,
        ),
    ];
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"WebInspector","version":"537.36"}},
        "pages":[{{"id":"page_1","title":"https://app.example.com/?session=SENTINELPAGE","startedDateTime":"2026-11-23T08:00:00.000Z"}}],
        "entries":[{}]}}}}"#,
        entries.join(",")
    )
}

#[test]
fn no_format_prints_a_planted_secret() {
    let path = std::env::temp_dir().join(format!("corsdx-secrets-{}.har", std::process::id()));
    std::fs::write(&path, har()).unwrap();
    for format in ["table", "json", "ndjson", "markdown"] {
        let out = Command::cargo_bin("corsdx")
            .unwrap()
            .args(["analyze", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("api.example.com"), "{format}: empty report");
        for s in ["SENTINEL", "eyJhbGciOiJIUzI1NiJ9"] {
            assert!(!text.contains(s), "{format} printed a secret:\n{text}");
        }
        // With --no-redact the secrets are there (the test can fail).
        let raw = Command::cargo_bin("corsdx")
            .unwrap()
            .args(["analyze", "--no-redact", "--format", format])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            String::from_utf8(raw.stdout).unwrap().contains("SENTINEL"),
            "{format}: --no-redact"
        );
    }
    let out = std::env::temp_dir().join(format!(
        "corsdx-secrets-{}.sanitized.har",
        std::process::id()
    ));
    Command::cargo_bin("corsdx")
        .unwrap()
        .arg("sanitize")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        !text.contains("SENTINEL") && !text.contains("eyJhbGciOiJIUzI1NiJ9"),
        "sanitize left a secret:\n{text}"
    );
    assert!(
        text.contains("Authorization") && text.contains("Cookie"),
        "header names must stay"
    );
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&out);
}
