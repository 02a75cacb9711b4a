//! `corsdx sanitize`: a HAR safe to attach to a ticket. Secret values are replaced (cookies,
//! Authorization, API-key headers and query parameters, passwords in URLs, JWT-shaped strings)
//! and bodies are dropped; header names, statuses, CORS headers and the chain structure stay, so
//! the sanitized capture diagnoses exactly like the original.

use crate::redact;
use serde_json::Value;

const REMOVED_BODY: &str = "[removed by corsdx sanitize]";

fn redact_headers(list: &mut Value) {
    let Some(items) = list.as_array_mut() else {
        return;
    };
    for h in items {
        let name = h["name"].as_str().unwrap_or("").to_string();
        if let Some(v) = h.get_mut("value") {
            if let Some(s) = v.as_str() {
                let lower = name.to_ascii_lowercase();
                let new = if matches!(lower.as_str(), "location" | "referer" | "content-location") {
                    redact::url(s)
                } else {
                    redact::header_value(&name, s)
                };
                *v = Value::String(new);
            }
        }
    }
}

fn redact_pairs(list: &mut Value, secret: impl Fn(&str) -> bool) {
    let Some(items) = list.as_array_mut() else {
        return;
    };
    for p in items {
        let name = p["name"].as_str().unwrap_or("").to_string();
        if let Some(v) = p.get_mut("value") {
            if let Some(s) = v.as_str() {
                if secret(&name) || redact::looks_like_jwt(s) {
                    *v = Value::String(redact::REDACTED.into());
                }
            }
        }
    }
}

fn redact_url_field(v: &mut Value) {
    if let Some(s) = v.as_str() {
        *v = Value::String(redact::url(s));
    }
}

/// Redacts one HAR document in place.
pub fn sanitize(har: &mut Value) {
    if let Some(pages) = har["log"]["pages"].as_array_mut() {
        for p in pages {
            redact_url_field(&mut p["title"]);
        }
    }
    let Some(entries) = har["log"]["entries"].as_array_mut() else {
        return;
    };
    for e in entries {
        if let Some(init) = e.get_mut("_initiator") {
            redact_url_field(&mut init["url"]);
            if let Some(stack) = init.get_mut("stack") {
                *stack = Value::Null;
            }
        }
        let req = &mut e["request"];
        redact_url_field(&mut req["url"]);
        redact_headers(&mut req["headers"]);
        redact_pairs(&mut req["cookies"], |_| true);
        redact_pairs(&mut req["queryString"], redact::is_secret_param);
        if let Some(pd) = req.get_mut("postData").filter(|p| p.is_object()) {
            if pd.get("text").is_some() {
                pd["text"] = Value::String(REMOVED_BODY.into());
            }
            if let Some(params) = pd.get_mut("params") {
                *params = Value::Array(Vec::new());
            }
        }
        let resp = &mut e["response"];
        redact_headers(&mut resp["headers"]);
        redact_pairs(&mut resp["cookies"], |_| true);
        redact_url_field(&mut resp["redirectURL"]);
        if let Some(c) = resp.get_mut("content").filter(|c| c.is_object()) {
            if c.get("text").is_some() {
                c["text"] = Value::String(REMOVED_BODY.into());
                if let Some(m) = c.as_object_mut() {
                    m.remove("encoding");
                }
            }
        }
        if let Some(ws) = e.get_mut("_webSocketMessages") {
            *ws = Value::Array(Vec::new());
        }
    }
}

/// Reads a HAR (with the same messages as `analyze` for bad input) and returns it sanitized.
pub fn sanitized_document(
    input: &std::path::Path,
) -> Result<Value, crate::capture::error::LoadError> {
    let source = crate::capture::input::Source::open(input)?;
    crate::capture::har::parse_har(&source.name, source.bytes())?;
    let mut har: Value = serde_json::from_slice(source.bytes()).map_err(|e| {
        crate::capture::error::from_json(&source.name, source.bytes(), &e, "$", "a HAR document")
    })?;
    sanitize(&mut har);
    Ok(har)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_secrets_and_bodies_and_keeps_cors_evidence() {
        let mut har: Value = serde_json::from_str(r#"{"log":{"pages":[{"id":"p","title":"https://app.x/?token=abc"}],"entries":[{
          "request":{"method":"GET","url":"https://api.x/a?api_key=k1&q=1","headers":[{"name":"Authorization","value":"Bearer s3cr3t"},{"name":"Cookie","value":"sid=xyz"},{"name":"Origin","value":"https://app.x"}],
            "cookies":[{"name":"sid","value":"xyz"}],"queryString":[{"name":"api_key","value":"k1"},{"name":"q","value":"1"}],"postData":{"mimeType":"application/json","text":"{\"password\":\"p\"}"}},
          "response":{"status":200,"headers":[{"name":"Set-Cookie","value":"sid=xyz; Path=/"},{"name":"Access-Control-Allow-Origin","value":"https://app.x"}],"cookies":[{"name":"sid","value":"xyz"}],
            "content":{"mimeType":"application/json","text":"eyJzZWNyZXQiOiJ4In0=","encoding":"base64"},"redirectURL":""}}]}}"#).unwrap();
        sanitize(&mut har);
        let text = har.to_string();
        for secret in [
            "s3cr3t",
            "xyz",
            "k1",
            "password",
            "eyJzZWNyZXQ",
            "token=abc",
        ] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
        assert!(text.contains("Access-Control-Allow-Origin"));
        assert!(text.contains("\"Authorization\""));
        assert!(text.contains("Bearer [redacted]"));
        assert!(text.contains("q=1"));
    }
}
