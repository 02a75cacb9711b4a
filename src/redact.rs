//! Secrets out of every report: cookie values, Authorization credentials, API-key headers and
//! query parameters, passwords in URLs, JWT-shaped strings. Header *names* and the fact that a
//! value was sent stay: they are CORS evidence.

pub const REDACTED: &str = "[redacted]";

/// Header names whose values are secrets.
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "cookie"
            | "set-cookie"
            | "authorization"
            | "proxy-authorization"
            | "x-api-key"
            | "api-key"
            | "apikey"
            | "x-auth-token"
            | "x-access-token"
            | "x-csrf-token"
            | "x-xsrf-token"
            | "x-amz-security-token"
            | "x-goog-api-key"
            | "ocp-apim-subscription-key"
    ) || n.ends_with("-token")
        || n.ends_with("-api-key")
        || n.ends_with("-secret")
        || n.contains("session")
}

/// Query parameter names whose values are secrets.
pub fn is_secret_param(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "token"
            | "access_token"
            | "id_token"
            | "refresh_token"
            | "api_key"
            | "apikey"
            | "api-key"
            | "key"
            | "sig"
            | "signature"
            | "x-amz-signature"
            | "x-amz-credential"
            | "x-amz-security-token"
            | "auth"
            | "password"
            | "passwd"
            | "pwd"
            | "secret"
            | "client_secret"
            | "code"
            | "session"
            | "sessionid"
            | "sid"
            | "jwt"
    ) || n.ends_with("_token")
        || n.ends_with("_key")
        || n.ends_with("_secret")
}

/// A header value with its secret removed. `Authorization: Bearer x` keeps its scheme.
pub fn header_value(name: &str, value: &str) -> String {
    if !is_secret_header(name) {
        return text(value);
    }
    let n = name.to_ascii_lowercase();
    if n == "authorization" || n == "proxy-authorization" {
        if let Some((scheme, _)) = value.trim().split_once(' ') {
            return format!("{scheme} {REDACTED}");
        }
    }
    if n == "set-cookie" || n == "cookie" {
        // Keep cookie names and attributes; drop values.
        return value
            .split(';')
            .enumerate()
            .map(|(i, part)| {
                let part = part.trim();
                match part.split_once('=') {
                    Some((k, _)) if n == "cookie" || i == 0 => format!("{k}={REDACTED}"),
                    _ => part.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
    }
    REDACTED.to_string()
}

/// A URL with secret query parameters and any password replaced.
pub fn url(u: &str) -> String {
    // No query, no userinfo, no JWT: nothing to redact (the common case, without a URL parse).
    if !u.bytes().any(|b| b == b'?' || b == b'@') && !u.contains("eyJ") {
        return u.to_string();
    }
    let Ok(mut parsed) = url::Url::parse(u) else {
        return text(u);
    };
    let mut changed = false;
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some(REDACTED));
        changed = true;
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String, bool)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let secret = is_secret_param(&k) || looks_like_jwt(&v);
                (k.into_owned(), v.into_owned(), secret)
            })
            .collect();
        if pairs.iter().any(|p| p.2) {
            parsed.query_pairs_mut().clear().extend_pairs(
                pairs
                    .iter()
                    .map(|(k, v, secret)| (k, if *secret { REDACTED } else { v.as_str() })),
            );
            changed = true;
        }
    }
    // Keep the URL exactly as recorded when nothing in it was secret.
    if changed {
        parsed.to_string()
    } else {
        u.to_string()
    }
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Whether a string is (or contains) a JWT: `eyJ…` `.` `…` `.` `…`.
pub fn looks_like_jwt(s: &str) -> bool {
    find_jwt(s, 0).is_some()
}

fn find_jwt(s: &str, from: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(off) = s.get(i..).and_then(|r| r.find("eyJ")) {
        let start = i + off;
        let mut j = start;
        let mut dots = 0;
        let mut seg = 0;
        let mut ok_segments = 0;
        while j < b.len() && (is_b64url(b[j]) || b[j] == b'.') {
            if b[j] == b'.' {
                if seg >= 2 {
                    ok_segments += 1;
                }
                dots += 1;
                seg = 0;
            } else {
                seg += 1;
            }
            j += 1;
        }
        if dots >= 2 && ok_segments >= 2 && j - start >= 20 {
            return Some((start, j));
        }
        i = start + 3;
    }
    None
}

/// Free text (messages, values) with JWT-shaped strings replaced.
pub fn text(s: &str) -> String {
    if !s.contains("eyJ") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    let mut from = 0;
    while let Some((a, b)) = find_jwt(s, from) {
        out.push_str(&s[last..a]);
        out.push_str(REDACTED);
        last = b;
        from = b;
    }
    out.push_str(&s[last..]);
    out
}

/// A message with URLs and JWT-shaped strings redacted.
pub fn message(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find("http") {
        let (before, tail) = rest.split_at(pos);
        out.push_str(before);
        if !(tail.starts_with("http://") || tail.starts_with("https://")) {
            out.push_str("http");
            rest = &tail[4..];
            continue;
        }
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | ')' | ',' | ';'))
            .unwrap_or(tail.len());
        out.push_str(&url(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    text(&out)
}

/// Redacts every URL, header value and message of a request report.
pub fn request(r: &mut crate::analyze::RequestReport) {
    r.url = url(&r.url);
    for hop in &mut r.chain {
        hop.url = url(&hop.url);
        hop.redirect_to = hop.redirect_to.as_deref().map(url);
        for (n, v) in &mut hop.headers {
            *v = if n.eq_ignore_ascii_case("location") {
                url(v)
            } else {
                header_value(n, v)
            };
        }
        if let Some(p) = &mut hop.preflight {
            for (n, v) in p.request_headers.iter_mut().chain(p.headers.iter_mut()) {
                *v = header_value(n, v);
            }
        }
    }
    if let Some(c) = &mut r.console {
        *c = message(c);
    }
    if let Some(d) = &mut r.disagreement {
        *d = message(d);
    }
    for d in r
        .browser_differences
        .iter_mut()
        .chain(r.notes.iter_mut())
        .chain(r.repro.iter_mut())
    {
        *d = message(d);
    }
    for f in &mut r.findings {
        f.message = message(&f.message);
        for e in &mut f.evidence {
            e.url = url(&e.url);
            if let (Some(h), Some(v)) = (&e.header, &mut e.value) {
                *v = if h.eq_ignore_ascii_case("location") {
                    url(v)
                } else {
                    header_value(h, v)
                };
            }
            if let Some(n) = &mut e.note {
                *n = message(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl";

    #[test]
    fn redacts_secret_headers_keeping_names_and_schemes() {
        assert_eq!(
            header_value("Authorization", "Bearer abc.def"),
            "Bearer [redacted]"
        );
        assert_eq!(header_value("X-Api-Key", "k-123"), REDACTED);
        assert_eq!(
            header_value("Cookie", "sid=abc; theme=dark"),
            "sid=[redacted]; theme=[redacted]"
        );
        assert_eq!(
            header_value("Set-Cookie", "sid=abc; Path=/; HttpOnly"),
            "sid=[redacted]; Path=/; HttpOnly"
        );
        assert_eq!(
            header_value("Access-Control-Allow-Origin", "https://a.com"),
            "https://a.com"
        );
        assert_eq!(header_value("X-Debug", JWT), REDACTED);
    }

    #[test]
    fn redacts_urls() {
        assert_eq!(
            url("https://api.x/a?token=s3cret&page=2"),
            "https://api.x/a?token=%5Bredacted%5D&page=2"
        );
        assert_eq!(
            url("https://u:pw@api.x/a"),
            "https://u:%5Bredacted%5D@api.x/a"
        );
        assert_eq!(url("https://api.x/a?q=1"), "https://api.x/a?q=1");
        assert_eq!(url("http://api.x:8080/a"), "http://api.x:8080/a");
        assert!(!url(&format!("https://api.x/a?x={JWT}")).contains("eyJ"));
    }

    #[test]
    fn redacts_urls_inside_messages() {
        assert_eq!(
            message("GET 'https://a.x/p?token=abc', then http://b.x/ ok"),
            "GET 'https://a.x/p?token=%5Bredacted%5D', then http://b.x/ ok"
        );
        assert_eq!(message("httpbin and https"), "httpbin and https");
    }

    #[test]
    fn redacts_jwts_in_text() {
        let t = format!("token {JWT} end");
        assert_eq!(text(&t), "token [redacted] end");
        assert_eq!(text("eyJ not a token"), "eyJ not a token");
    }
}
