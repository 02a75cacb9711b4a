//! One HTTP exchange through `ureq` (rustls for https): no redirect followed, no retry, no proxy,
//! every status returned as a response, every failure named as Chromium names it.

use super::request::WireRequest;
use std::time::{Duration, Instant};

/// Transport settings.
#[derive(Debug, Clone)]
pub struct Transport {
    pub timeout: Duration,
    /// PEM file of extra CA certificates trusted instead of the bundled web roots.
    pub cacert: Option<std::path::PathBuf>,
    pub insecure: bool,
    /// `--resolve HOST:PORT:ADDR` (as curl's): connect there for HOST:PORT, keeping the URL's
    /// host in `Host`, SNI and certificate checks.
    pub resolve: Vec<Resolve>,
}

/// One `--resolve` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolve {
    pub host: String,
    pub port: u16,
    pub addr: std::net::IpAddr,
}

impl Resolve {
    /// Parses `HOST:PORT:ADDR` (an IPv6 ADDR may be bracketed).
    pub fn parse(s: &str) -> Option<Resolve> {
        let mut parts = s.splitn(3, ':');
        let host = parts.next()?.trim().to_ascii_lowercase();
        let port = parts.next()?.trim().parse().ok()?;
        let addr = parts.next()?.trim();
        let addr = addr
            .strip_prefix('[')
            .and_then(|a| a.strip_suffix(']'))
            .unwrap_or(addr)
            .parse()
            .ok()?;
        (!host.is_empty()).then_some(Resolve { host, port, addr })
    }

    /// As given on the command line (also curl's syntax).
    pub fn arg(&self) -> String {
        match self.addr {
            std::net::IpAddr::V6(a) => format!("{}:{}:[{a}]", self.host, self.port),
            std::net::IpAddr::V4(a) => format!("{}:{}:{a}", self.host, self.port),
        }
    }
}

/// The system resolver, with the `--resolve` overrides first.
#[derive(Debug)]
struct Overrides {
    entries: Vec<Resolve>,
    system: ureq::unversioned::resolver::DefaultResolver,
}

impl ureq::unversioned::resolver::Resolver for Overrides {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or("").trim_matches(['[', ']']);
        let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
            Some("https") => 443,
            _ => 80,
        });
        if let Some(r) = self
            .entries
            .iter()
            .find(|r| r.port == port && r.host.eq_ignore_ascii_case(host))
        {
            let mut out = self.empty();
            out.push(std::net::SocketAddr::new(r.addr, port));
            return Ok(out);
        }
        self.system.resolve(uri, config, timeout)
    }
}

/// Bytes of a response body kept (the CORS diagnosis needs none; the size is recorded).
const BODY_LIMIT: u64 = 1 << 20;

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub status: u16,
    pub status_text: String,
    pub http_version: String,
    /// In the order received, duplicates kept.
    pub headers: Vec<(String, String)>,
    pub body_size: i64,
    pub mime_type: String,
}

/// A request and its answer (or the network error, in Chromium's `net::ERR_*` words).
#[derive(Debug, Clone)]
pub struct Exchange {
    pub request: WireRequest,
    pub started: chrono::DateTime<chrono::Utc>,
    pub time_ms: f64,
    /// `None` when the request was never sent (the browser stopped at the preflight).
    pub outcome: Option<Result<Received, NetError>>,
}

/// A failure without a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetError {
    /// Chromium's name (`net::ERR_CONNECTION_REFUSED` …).
    pub code: String,
    /// What the client said.
    pub detail: String,
}

/// A setting that keeps the transport from being built (an unreadable CA file).
#[derive(Debug, thiserror::Error)]
#[error("--cacert {path}: {reason}")]
pub struct TransportError {
    pub path: String,
    pub reason: String,
}

pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    pub fn new(t: &Transport) -> Result<Self, TransportError> {
        use ureq::tls::{Certificate, RootCerts, TlsConfig};
        let mut tls = TlsConfig::builder().disable_verification(t.insecure);
        if let Some(path) = &t.cacert {
            let fail = |reason: String| TransportError {
                path: path.display().to_string(),
                reason,
            };
            let pem = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
            let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(fail("no PEM certificate in the file".to_string()));
            }
            tls = tls.root_certs(RootCerts::new_with_certs(&certs));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(t.timeout))
            .user_agent(super::request::USER_AGENT)
            .allow_non_standard_methods(true)
            .tls_config(tls.build())
            .build();
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::new(),
            Overrides {
                entries: t.resolve.clone(),
                system: Default::default(),
            },
        );
        Ok(Client { agent })
    }

    /// Sends `req` once.
    pub fn send(&self, req: &WireRequest) -> Exchange {
        let started = chrono::Utc::now();
        let clock = Instant::now();
        let outcome = self.exchange(req);
        Exchange {
            request: req.clone(),
            started,
            time_ms: clock.elapsed().as_secs_f64() * 1000.0,
            outcome: Some(outcome),
        }
    }

    fn exchange(&self, req: &WireRequest) -> Result<Received, NetError> {
        let mut builder = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(req.url.as_str());
        for (n, v) in &req.headers {
            builder = builder.header(n.as_str(), v.as_str());
        }
        let request = builder.body(()).map_err(|e| NetError {
            code: "net::ERR_INVALID_URL".to_string(),
            detail: e.to_string(),
        })?;
        let mut response = self.agent.run(request).map_err(net_error)?;
        let status = response.status();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), header_text(v.as_bytes())))
            .collect();
        let mime_type = response
            .headers()
            .get("content-type")
            .map(|v| header_text(v.as_bytes()))
            .unwrap_or_default();
        let http_version = format!("{:?}", response.version());
        // HEAD and 204/304 have no body; anything else is read (bounded) for its size only.
        let body_size = if req.method == "HEAD" {
            0
        } else {
            let mut sink = Vec::new();
            let read = response
                .body_mut()
                .with_config()
                .limit(BODY_LIMIT)
                .reader()
                .take(BODY_LIMIT);
            std::io::copy(&mut { read }, &mut sink)
                .map(|n| n as i64)
                .unwrap_or(-1)
        };
        Ok(Received {
            status: status.as_u16(),
            status_text: status.canonical_reason().unwrap_or("").to_string(),
            http_version,
            headers,
            body_size,
            mime_type,
        })
    }
}

use std::io::Read as _;

fn header_text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A client error in Chromium's `net::ERR_*` words.
pub fn net_error(e: ureq::Error) -> NetError {
    use std::io::ErrorKind;
    let detail = e.to_string();
    let code = match &e {
        ureq::Error::HostNotFound => "net::ERR_NAME_NOT_RESOLVED",
        ureq::Error::Timeout(_) => "net::ERR_TIMED_OUT",
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => tls_code(&detail),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => "net::ERR_CONNECTION_REFUSED",
            ErrorKind::ConnectionReset => "net::ERR_CONNECTION_RESET",
            ErrorKind::ConnectionAborted => "net::ERR_CONNECTION_ABORTED",
            ErrorKind::TimedOut | ErrorKind::WouldBlock => "net::ERR_TIMED_OUT",
            ErrorKind::UnexpectedEof => "net::ERR_EMPTY_RESPONSE",
            // rustls' handshake failures surface as I/O errors naming the certificate or TLS.
            _ if ["certificate", "tls", "handshake"]
                .iter()
                .any(|w| detail.to_ascii_lowercase().contains(w)) =>
            {
                tls_code(&detail)
            }
            ErrorKind::AddrNotAvailable | ErrorKind::NotFound => "net::ERR_NAME_NOT_RESOLVED",
            _ => "net::ERR_CONNECTION_FAILED",
        },
        ureq::Error::Protocol(_) => "net::ERR_INVALID_HTTP_RESPONSE",
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => "net::ERR_INVALID_URL",
        ureq::Error::ConnectionFailed => "net::ERR_CONNECTION_FAILED",
        _ => "net::ERR_FAILED",
    };
    NetError {
        code: code.to_string(),
        detail,
    }
}

fn tls_code(detail: &str) -> &'static str {
    let d = detail.to_ascii_lowercase();
    if d.contains("unknownissuer") || d.contains("unknown issuer") {
        "net::ERR_CERT_AUTHORITY_INVALID"
    } else if d.contains("notvalidforname") || d.contains("not valid for name") {
        "net::ERR_CERT_COMMON_NAME_INVALID"
    } else if d.contains("expired") {
        "net::ERR_CERT_DATE_INVALID"
    } else if d.contains("cert") {
        "net::ERR_CERT_INVALID"
    } else {
        "net::ERR_SSL_PROTOCOL_ERROR"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_entries_parse_as_curls() {
        let r = Resolve::parse("API.example.test:47081:127.0.0.1").unwrap();
        assert_eq!(r.host, "api.example.test");
        assert_eq!(r.port, 47081);
        assert_eq!(r.arg(), "api.example.test:47081:127.0.0.1");
        assert_eq!(Resolve::parse("h:443:[::1]").unwrap().arg(), "h:443:[::1]");
        assert!(Resolve::parse("h:x:127.0.0.1").is_none());
        assert!(Resolve::parse("h:80:nothost").is_none());
        assert!(Resolve::parse("h:80").is_none());
    }

    #[test]
    fn io_errors_get_chromium_names() {
        let e = ureq::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert_eq!(net_error(e).code, "net::ERR_CONNECTION_REFUSED");
        assert_eq!(
            net_error(ureq::Error::HostNotFound).code,
            "net::ERR_NAME_NOT_RESOLVED"
        );
        assert_eq!(
            tls_code("invalid peer certificate: UnknownIssuer"),
            "net::ERR_CERT_AUTHORITY_INVALID"
        );
        let e = ureq::Error::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))",
        ));
        assert_eq!(net_error(e).code, "net::ERR_CERT_INVALID");
    }
}
