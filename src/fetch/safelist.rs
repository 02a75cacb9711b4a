//! CORS-safelisted methods and request headers (Fetch standard §2.2.2 and Chromium's
//! `services/network/public/cpp/cors/cors.cc`): what makes a request need a preflight.

/// Total size of safelisted header values above which all of them count as unsafe.
pub const SAFELIST_TOTAL_MAX: usize = 1024;
/// Size of one safelisted header value above which it counts as unsafe.
pub const SAFELIST_VALUE_MAX: usize = 128;

/// `GET`, `HEAD`, `POST` (compared after upper-casing, as Chromium does).
pub fn is_safelisted_method(method: &str) -> bool {
    ["GET", "HEAD", "POST"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// Methods `fetch()` normalizes to upper case (Fetch "normalize a method").
pub fn normalize_method(method: &str) -> String {
    const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
    NORMALIZED
        .iter()
        .find(|m| m.eq_ignore_ascii_case(method))
        .map(|m| m.to_string())
        .unwrap_or_else(|| method.to_string())
}

/// Forbidden request headers: set by the browser, never by the page, so they never trigger a
/// preflight and never appear in `Access-Control-Request-Headers`.
pub fn is_forbidden_request_header(name: &str) -> bool {
    const FORBIDDEN: [&str; 21] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "set-cookie",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
    ];
    crate::model::with_lowercase(name, |lower| {
        FORBIDDEN.contains(&lower)
            || lower.starts_with("proxy-")
            || lower.starts_with("sec-")
            || lower.starts_with(':')
            // Headers the network stack adds itself; a captured request shows them but no script
            // set them (Chromium never lists them in Access-Control-Request-Headers).
            || matches!(
                lower,
                "user-agent"
                    | "priority"
                    | "pragma"
                    | "cache-control"
                    | "x-client-data"
                    | "upgrade-insecure-requests"
                    | "purpose"
                    | "sec-purpose"
            )
    })
}

fn is_cors_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t')
        || matches!(
            b,
            b'"' | b'('
                | b')'
                | b':'
                | b'<'
                | b'>'
                | b'?'
                | b'@'
                | b'['
                | b'\\'
                | b']'
                | b'{'
                | b'}'
                | 0x7f
        )
}

fn is_language_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(s: &str) -> bool {
    match s.split_once('.') {
        None => is_digits(s),
        Some((a, b)) => is_digits(a) && is_digits(b),
    }
}

/// The MIME essence of a `Content-Type` value, lower-cased (`text/plain;charset=utf-8` →
/// `text/plain`). `None` when it does not parse as one MIME type.
fn mime_essence(value: &str) -> Option<String> {
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    let (ty, sub) = essence.split_once('/')?;
    let token = |s: &str| !s.is_empty() && s.bytes().all(is_token_byte);
    (token(ty) && token(sub)).then_some(essence)
}

/// RFC 9110 `tchar`.
pub fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        )
}

/// RFC 9110 `token`.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

fn is_single_byte_range(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("bytes=") else {
        return false;
    };
    let Some((start, end)) = rest.split_once('-') else {
        return false;
    };
    if !is_digits(start) || !(end.is_empty() || is_digits(end)) {
        return false;
    }
    match (start.parse::<u128>(), end.parse::<u128>()) {
        (Ok(s), Ok(e)) => s <= e,
        (Ok(_), Err(_)) => end.is_empty(),
        _ => false,
    }
}

/// Whether `(name, value)` is a CORS-safelisted request header (Chromium's list, which adds
/// client hints to the standard's five).
pub fn is_safelisted_header(name: &str, value: &str) -> bool {
    if value.len() > SAFELIST_VALUE_MAX {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    let bytes = value.as_bytes();
    match lower.as_str() {
        "accept" => !bytes.iter().any(|&b| is_cors_unsafe_byte(b)),
        "accept-language" | "content-language" => bytes.iter().all(|&b| is_language_byte(b)),
        "content-type" => {
            !bytes.iter().any(|&b| is_cors_unsafe_byte(b))
                && matches!(
                    mime_essence(value).as_deref(),
                    Some("application/x-www-form-urlencoded")
                        | Some("multipart/form-data")
                        | Some("text/plain")
                )
        }
        "range" => is_single_byte_range(value),
        "device-memory" | "dpr" | "downlink" => is_decimal(value),
        "width" | "viewport-width" | "rtt" => is_digits(value),
        "ect" => matches!(value, "slow-2g" | "2g" | "3g" | "4g" | "offline"),
        "save-data" => value == "on",
        "intervention"
        | "sec-ch-ua"
        | "sec-ch-ua-arch"
        | "sec-ch-ua-platform"
        | "sec-ch-ua-model"
        | "sec-ch-ua-mobile"
        | "sec-ch-ua-full-version"
        | "sec-ch-ua-platform-version"
        | "sec-ch-prefers-color-scheme"
        | "sec-ch-ua-bitness"
        | "sec-ch-viewport-height"
        | "sec-ch-device-memory"
        | "sec-ch-dpr"
        | "sec-ch-width"
        | "sec-ch-viewport-width"
        | "sec-ch-ua-full-version-list"
        | "sec-ch-ua-wow64"
        | "sec-ch-prefers-reduced-motion"
        | "sec-ch-ua-form-factors"
        | "sec-ch-prefers-reduced-transparency" => true,
        _ => false,
    }
}

/// The request header names a preflight must ask for: lower-cased, sorted, de-duplicated,
/// forbidden names left out (Chromium's `CorsUnsafeNotForbiddenRequestHeaderNames`, the list
/// it sends as `Access-Control-Request-Headers`).
pub fn unsafe_header_names<'h>(
    headers: impl IntoIterator<Item = (&'h str, &'h str)>,
) -> Vec<String> {
    let mut unsafe_names = Vec::new();
    let mut safelisted = Vec::new();
    let mut safelisted_size = 0usize;
    for (name, value) in headers {
        if is_forbidden_request_header(name) {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if is_safelisted_header(name, value) {
            safelisted_size += value.len();
            safelisted.push(lower);
        } else {
            unsafe_names.push(lower);
        }
    }
    if safelisted_size > SAFELIST_TOTAL_MAX {
        unsafe_names.extend(safelisted);
    }
    unsafe_names.sort();
    unsafe_names.dedup();
    unsafe_names
}

/// Parses an `Access-Control-Request-Headers` value (`content-type,x-api-key`).
pub fn parse_request_headers_list(value: &str) -> Vec<String> {
    let mut names: Vec<String> = value
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safelisted_methods() {
        for m in ["GET", "HEAD", "POST", "get", "post"] {
            assert!(is_safelisted_method(m), "{m}");
        }
        for m in ["PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT"] {
            assert!(!is_safelisted_method(m), "{m}");
        }
        assert_eq!(normalize_method("delete"), "DELETE");
        assert_eq!(normalize_method("patch"), "patch");
    }

    #[test]
    fn safelisted_header_values() {
        let table: &[(&str, &str, bool)] = &[
            ("Accept", "application/json", true),
            ("Accept", "*/*", true),
            ("Accept", "text/html(x)", false),
            ("Accept", "a\"b", false),
            ("Accept-Language", "en-US,en;q=0.9", true),
            ("Accept-Language", "en_US", false),
            ("Content-Language", "de-DE", true),
            ("Content-Type", "text/plain", true),
            ("Content-Type", "text/plain;charset=UTF-8", true),
            ("Content-Type", "Text/Plain", true),
            ("Content-Type", "application/x-www-form-urlencoded", true),
            ("Content-Type", "multipart/form-data; boundary=abc", true),
            ("Content-Type", "application/json", false),
            ("Content-Type", "text/plain, text/html", false),
            ("Content-Type", "text/plain; a=\"b\"", false),
            ("Range", "bytes=0-", true),
            ("Range", "bytes=0-99", true),
            ("Range", "bytes=-500", false),
            ("Range", "bytes=5-1", false),
            ("Range", "bytes=0-1,4-5", false),
            ("Range", "bytes = 0-1", false),
            ("DPR", "2.0", true),
            ("DPR", "2.", false),
            ("Width", "100", true),
            ("Save-Data", "on", true),
            ("Save-Data", "off", false),
            ("X-Requested-With", "XMLHttpRequest", false),
            ("Authorization", "Bearer x", false),
        ];
        for (n, v, want) in table {
            assert_eq!(is_safelisted_header(n, v), *want, "{n}: {v}");
        }
        let long = "a".repeat(129);
        assert!(!is_safelisted_header("Accept", &long));
        assert!(is_safelisted_header("Accept", &"a".repeat(128)));
    }

    #[test]
    fn unsafe_names_skip_forbidden_and_sort() {
        let names = unsafe_header_names([
            ("X-Zeta", "1"),
            ("Content-Type", "application/json"),
            ("Cookie", "a=b"),
            ("Origin", "https://x"),
            ("Sec-Fetch-Mode", "cors"),
            ("Accept", "*/*"),
            ("Authorization", "Bearer t"),
            ("x-zeta", "2"),
            ("User-Agent", "Mozilla"),
        ]);
        assert_eq!(names, ["authorization", "content-type", "x-zeta"]);
    }

    #[test]
    fn safelisted_values_over_1024_bytes_in_total_become_unsafe() {
        let v = "a".repeat(120);
        let headers: Vec<(&str, &str)> = vec![
            ("Accept", &v),
            ("Accept-Language", &v),
            ("Content-Language", &v),
            ("DPR", "1"),
        ];
        assert!(unsafe_header_names(headers.clone()).is_empty());
        let v128 = "b".repeat(128);
        let mut over: Vec<(&str, &str)> = Vec::new();
        for _ in 0..9 {
            over.push(("Accept", &v128));
        }
        assert_eq!(unsafe_header_names(over), ["accept"]);
    }

    #[test]
    fn parses_request_header_lists() {
        assert_eq!(
            parse_request_headers_list("x-b, Content-Type,,x-a"),
            ["content-type", "x-a", "x-b"]
        );
        assert!(parse_request_headers_list("").is_empty());
    }
}
