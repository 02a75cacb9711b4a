//! Origins as the Fetch standard serializes them (`scheme://host[:port]`, or `null`), and the
//! page origin of a request with how it was learned. Everything that compares or prints origins
//! uses these helpers; the engine (`fetch/`) takes their serialized form.

use url::Url;

/// A WHATWG origin: opaque (serialized `null`: sandboxed iframes, `file:` and `data:` pages) or
/// a tuple, held in its serialization (`https://app.example.com`, `http://localhost:8080`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    Opaque,
    Tuple(String),
}

impl Origin {
    /// A user- or header-supplied origin (`https://App.Example.com:443/` →
    /// `https://app.example.com`; `null` → opaque); `None` when it is not an origin.
    pub fn parse(s: &str) -> Option<Origin> {
        normalize_origin(s).map(Origin::from_serialized)
    }

    /// The origin of a URL (opaque for `file:`, `data:` and unparsable URLs).
    pub fn of_url(url: &str) -> Origin {
        Origin::from_serialized(origin_of(url))
    }

    fn from_serialized(s: String) -> Origin {
        if s == "null" {
            Origin::Opaque
        } else {
            Origin::Tuple(s)
        }
    }

    /// The serialization: what `Origin` headers and `Access-Control-Allow-Origin` carry.
    pub fn serialized(&self) -> &str {
        match self {
            Origin::Opaque => "null",
            Origin::Tuple(s) => s,
        }
    }

    pub fn is_opaque(&self) -> bool {
        matches!(self, Origin::Opaque)
    }

    /// Whether a URL is of this origin (an opaque origin is same-origin with nothing).
    pub fn same_origin_as(&self, url: &str) -> bool {
        match self {
            Origin::Opaque => false,
            Origin::Tuple(o) => same_origin(url, o),
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.serialized())
    }
}

impl serde::Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.serialized())
    }
}

/// How the page origin of a request was learned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OriginSource {
    /// `--origin` on the command line.
    User,
    /// The request's (or its preflight's) `Origin` header.
    Header,
    /// The page the entry belongs to (`pageref` → page URL).
    Page,
    /// The `Referer` header.
    Referer,
    /// A console line that names it (Chromium's "from origin '…'", a "Navigated to" line).
    Console,
    Unknown,
}

/// The page origin of a request, or none when no input shows it, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOrigin {
    pub origin: Option<Origin>,
    pub source: OriginSource,
    /// `--origin` when the recorded `Origin` header says otherwise (the header wins).
    pub contradicted: Option<Origin>,
}

impl PageOrigin {
    pub const UNKNOWN: PageOrigin = PageOrigin {
        origin: None,
        source: OriginSource::Unknown,
        contradicted: None,
    };

    pub fn known(origin: Origin, source: OriginSource) -> Self {
        PageOrigin {
            origin: Some(origin),
            source,
            contradicted: None,
        }
    }

    /// The serialization, or `None` when unknown.
    pub fn serialized(&self) -> Option<&str> {
        self.origin.as_ref().map(Origin::serialized)
    }

    /// For sentences: `'https://app.example.com'`, or words saying it is unknown (never `null`,
    /// which is a real origin).
    pub fn quoted(&self) -> String {
        match &self.origin {
            Some(o) => format!("'{o}'"),
            None => "(unknown: no input shows the page origin)".to_string(),
        }
    }
}

/// The serialized origin of a URL: `https://app.example.com`, `http://localhost:8080`, or
/// `null` for opaque origins (`file:`, `data:`, …) and unparsable input.
pub fn origin_of(url: &str) -> String {
    if let Some(o) = normalized_origin_prefix(url) {
        return o.to_string();
    }
    match Url::parse(url) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => "null".to_string(),
    }
}

/// As [`origin_of`], borrowed from `url` when it is already normalized (the common case: no
/// allocation per entry when indexing a large capture by origin).
pub fn origin_cow(url: &str) -> std::borrow::Cow<'_, str> {
    match normalized_origin_prefix(url) {
        Some(o) => std::borrow::Cow::Borrowed(o),
        None => std::borrow::Cow::Owned(origin_of(url)),
    }
}

/// Normalises a user- or header-supplied origin string to its serialization when it is a URL
/// (`https://App.Example.com:443/` → `https://app.example.com`); `null` stays `null`.
pub fn normalize_origin(s: &str) -> Option<String> {
    let t = s.trim();
    if t == "null" {
        return Some("null".to_string());
    }
    if let Some(o) = normalized_origin_prefix(t) {
        return Some(o.to_string());
    }
    let u = Url::parse(t).ok()?;
    let o = u.origin();
    o.is_tuple().then(|| o.ascii_serialization())
}

/// The `scheme://host[:port]` prefix of an already-normalized http(s) URL or origin — lower
/// case, no user info, no default port, as browsers record them — without parsing it. `None`
/// when the string is not in that form (the caller then parses it).
fn normalized_origin_prefix(u: &str) -> Option<&str> {
    let rest_at = if u.starts_with("https://") {
        8
    } else if u.starts_with("http://") {
        7
    } else {
        return None;
    };
    let end = u[rest_at..]
        .find(['/', '?', '#'])
        .map(|i| i + rest_at)
        .unwrap_or(u.len());
    let origin = &u[..end];
    let authority = &origin[rest_at..];
    let simple_chars = authority
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b':'));
    let default_port = (rest_at == 7 && authority.ends_with(":80"))
        || (rest_at == 8 && authority.ends_with(":443"));
    let plain =
        simple_chars && !authority.is_empty() && !authority.starts_with(':') && !default_port;
    plain.then_some(origin)
}

/// Whether two URLs have the same origin (opaque origins are never the same).
pub fn same_origin(a: &str, b: &str) -> bool {
    if let (Some(x), Some(y)) = (normalized_origin_prefix(a), normalized_origin_prefix(b)) {
        return x == y;
    }
    match (Url::parse(a), Url::parse(b)) {
        (Ok(a), Ok(b)) => {
            let (oa, ob) = (a.origin(), b.origin());
            oa.is_tuple() && oa == ob
        }
        _ => false,
    }
}

/// Whether the URL is `http:` or `https:` (the schemes CORS applies to).
pub fn is_http_scheme(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Whether a URL carries a username or password (`https://user:pass@host/`).
pub fn has_credentials(url: &str) -> bool {
    // Userinfo needs an '@'; most URLs have none and need no parse.
    if !url.contains('@') {
        return false;
    }
    Url::parse(url)
        .map(|u| !u.username().is_empty() || u.password().is_some())
        .unwrap_or(false)
}

/// Resolves a `Location` value against the URL it answered.
pub fn resolve(base: &str, location: &str) -> Option<String> {
    let base = Url::parse(base).ok()?;
    base.join(location.trim()).ok().map(|mut u| {
        u.set_fragment(None);
        u.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_values_keep_opaque_and_tuple_apart() {
        assert_eq!(Origin::parse("null"), Some(Origin::Opaque));
        assert_eq!(
            Origin::parse("HTTPS://A.com:443").map(|o| o.to_string()),
            Some("https://a.com".to_string())
        );
        assert_eq!(Origin::parse("a.com"), None);
        assert!(Origin::of_url("file:///x").is_opaque());
        assert!(Origin::of_url("https://a.com/x").same_origin_as("https://a.com:443/y"));
        assert!(!Origin::Opaque.same_origin_as("https://a.com/"));
        assert_eq!(serde_json::to_string(&Origin::Opaque).unwrap(), "\"null\"");
        assert!(PageOrigin::UNKNOWN.quoted().contains("unknown"));
        assert_eq!(PageOrigin::UNKNOWN.serialized(), None);
    }

    #[test]
    fn serializes_origins_like_the_fetch_standard() {
        let cases = [
            (
                "https://app.example.com/path?q=1",
                "https://app.example.com",
            ),
            ("https://app.example.com:443/", "https://app.example.com"),
            ("http://app.example.com:80/", "http://app.example.com"),
            (
                "http://App.Example.COM:8080/x",
                "http://app.example.com:8080",
            ),
            ("http://[::1]:3000/", "http://[::1]:3000"),
            ("file:///etc/passwd", "null"),
            ("data:text/plain,hi", "null"),
            ("not a url", "null"),
        ];
        for (url, want) in cases {
            assert_eq!(origin_of(url), want, "{url}");
        }
    }

    #[test]
    fn normalizes_user_origins() {
        assert_eq!(
            normalize_origin("https://App.example.com:443/").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(normalize_origin("null").as_deref(), Some("null"));
        assert_eq!(normalize_origin("app.example.com"), None);
    }

    #[test]
    fn same_origin_compares_scheme_host_port() {
        assert!(same_origin("https://a.com/x", "https://a.com:443/y"));
        assert!(!same_origin("https://a.com/", "http://a.com/"));
        assert!(!same_origin("https://a.com/", "https://www.a.com/"));
        assert!(!same_origin("https://a.com/", "https://a.com:8443/"));
        assert!(!same_origin("file:///a", "file:///a"));
    }

    #[test]
    fn the_fast_path_agrees_with_parsing() {
        let urls = [
            "http://a.com",
            "http://a.com/",
            "http://a.com:80/x",
            "https://a.com:443",
            "https://a.com",
            "http://A.com/x",
            "http://a.com:8080/?q",
            "https://a.com#f",
            "http://u@a.com/",
            "http://[::1]:3000/",
            "http://b.a.com/x",
            "file:///x",
            "http://xn--bcher-kva.example/",
            "https://a.com:8443",
        ];
        for a in urls {
            let parsed = Url::parse(a).ok().and_then(|u| {
                let o = u.origin();
                o.is_tuple().then(|| o.ascii_serialization())
            });
            assert_eq!(normalize_origin(a), parsed, "{a}");
            for b in urls {
                let parsed = match (Url::parse(a), Url::parse(b)) {
                    (Ok(x), Ok(y)) => x.origin().is_tuple() && x.origin() == y.origin(),
                    _ => false,
                };
                assert_eq!(same_origin(a, b), parsed, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn detects_credentials_and_resolves_locations() {
        assert!(has_credentials("https://user:pw@a.com/"));
        assert!(has_credentials("https://user@a.com/"));
        assert!(!has_credentials("https://a.com/"));
        assert_eq!(
            resolve("http://a.com/items", "/items/").as_deref(),
            Some("http://a.com/items/")
        );
        assert_eq!(
            resolve("http://a.com/x", "https://b.com/y#frag").as_deref(),
            Some("https://b.com/y")
        );
        assert!(is_http_scheme("HTTPS://a"));
        assert!(!is_http_scheme("file:///x"));
    }
}
