//! What rules may look at beyond their own chain: the capture, every judged chain of it, and
//! indexes over them built once per capture (per server, per endpoint, per preflighted URL), so
//! that every rule runs in constant or near-constant time per chain.

use crate::judge::Judged;
use crate::model::{Capture, Entry};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Facts about one server (scheme://host:port) gathered once per capture.
#[derive(Default)]
struct Server {
    /// Positions of non-OPTIONS responses carrying `Access-Control-Allow-Origin`.
    with_acao: Vec<usize>,
    /// Whether any of its responses carries an `Access-Control-*` header.
    any_cors: bool,
    /// URLs it answered with 401/403.
    auth_urls: HashSet<String>,
    /// Origins it echoed in `Access-Control-Allow-Origin` with credentials allowed.
    reflected: BTreeSet<String>,
}

/// What rules may look at: the capture, every judged chain of it, and indexes over them (built
/// once, so that every rule runs in constant or near-constant time per chain).
pub struct CaptureIndex<'c, 'a> {
    pub capture: &'c Capture<'a>,
    pub judged: &'c [Judged],
    servers: Vec<Server>,
    /// Server index of each entry position.
    server_of: Vec<usize>,
    /// Positions of responses with `Access-Control-Allow-Origin`, per endpoint (URL without query).
    endpoint_acao: HashMap<&'c str, Vec<usize>>,
    /// Preflights per (URL, page origin): count, total time, position of the last one.
    preflights: HashMap<(&'c str, Option<&'c str>), (usize, f64, usize)>,
}

/// A URL without its query and fragment.
pub fn endpoint(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

impl<'c, 'a> CaptureIndex<'c, 'a> {
    pub fn new(capture: &'c Capture<'a>, judged: &'c [Judged]) -> Self {
        let mut index: HashMap<std::borrow::Cow<'c, str>, usize> = HashMap::new();
        let mut servers: Vec<Server> = Vec::new();
        let mut server_of = Vec::with_capacity(capture.entries.len());
        let mut endpoint_acao: HashMap<&'c str, Vec<usize>> = HashMap::new();
        for (pos, e) in capture.entries.iter().enumerate() {
            let key = crate::model::origin::origin_cow(&e.request.url);
            let next = servers.len();
            let si = *index.entry(key).or_insert(next);
            if si == servers.len() {
                servers.push(Server::default());
            }
            server_of.push(si);
            let srv = &mut servers[si];
            let h = &e.response.headers;
            srv.any_cors |= h.has_any_cors_response_header();
            if matches!(e.response.status, 401 | 403) {
                srv.auth_urls.insert(e.request.url.to_string());
            }
            if let Some(acao) = h.get("access-control-allow-origin") {
                if e.response.status > 0 && !e.request.method.eq_ignore_ascii_case("OPTIONS") {
                    srv.with_acao.push(pos);
                    endpoint_acao
                        .entry(endpoint(&e.request.url))
                        .or_default()
                        .push(pos);
                }
                let sent = e.request.headers.get("origin");
                if sent == Some(acao.trim())
                    && h.get("access-control-allow-credentials") == Some("true")
                {
                    srv.reflected.insert(acao.trim().to_string());
                }
            }
        }
        let mut preflights: HashMap<(&'c str, Option<&'c str>), (usize, f64, usize)> =
            HashMap::new();
        for j in judged {
            if let Some(p) = j.chain.hops.first().and_then(|h| h.preflight) {
                let pe = &capture.entries[p];
                let slot = preflights
                    .entry((pe.request.url.as_ref(), j.chain.origin()))
                    .or_insert((0, 0.0, 0));
                slot.0 += 1;
                slot.1 += pe.time_ms.max(0.0);
                slot.2 = slot.2.max(p);
            }
        }
        CaptureIndex {
            capture,
            judged,
            servers,
            server_of,
            endpoint_acao,
            preflights,
        }
    }

    pub fn entry(&self, i: usize) -> &'c Entry<'a> {
        &self.capture.entries[i]
    }

    fn server(&self, e: &Entry<'_>) -> &Server {
        let pos = self.position(e);
        &self.servers[self.server_of[pos]]
    }

    /// The position in `entries` of an entry of this capture.
    fn position(&self, e: &Entry<'_>) -> usize {
        let entries = &self.capture.entries;
        // Entries are in `log.entries` order: positions equal indexes unless some were skipped.
        if entries
            .get(e.index)
            .is_some_and(|x| std::ptr::eq(x, e) || x.index == e.index)
        {
            return e.index;
        }
        entries.partition_point(|x| x.index < e.index)
    }

    /// Other responses from the same server carrying `Access-Control-Allow-Origin`: how many,
    /// and the first of them.
    pub fn same_server_with_acao(&self, e: &Entry<'_>) -> (usize, Option<&'c Entry<'a>>) {
        let pos = self.position(e);
        let list = &self.server(e).with_acao;
        // Positions are pushed in capture order: sorted, so membership is a binary search.
        let count = list.len() - list.binary_search(&pos).is_ok() as usize;
        let first = list.iter().find(|&&p| p != pos).map(|&p| self.entry(p));
        (count, first)
    }

    /// Other responses of the same endpoint (URL without query) carrying
    /// `Access-Control-Allow-Origin`.
    pub fn same_endpoint_with_acao(&self, e: &Entry<'_>) -> (usize, Option<&'c Entry<'a>>) {
        let pos = self.position(e);
        match self.endpoint_acao.get(endpoint(&e.request.url)) {
            None => (0, None),
            Some(list) => (
                list.len() - list.binary_search(&pos).is_ok() as usize,
                list.iter().find(|&&p| p != pos).map(|&p| self.entry(p)),
            ),
        }
    }

    /// Whether any response from the server of `e` carries an `Access-Control-*` header.
    pub fn server_has_cors(&self, e: &Entry<'_>) -> bool {
        self.server(e).any_cors
    }

    /// Whether the server answered this URL with 401/403 somewhere in the capture.
    pub fn server_rejects_url(&self, e: &Entry<'_>) -> bool {
        self.server(e).auth_urls.contains(e.request.url.as_ref())
    }

    /// The origins the server of `e` echoed back with credentials allowed.
    pub fn reflected_origins(&self, e: &Entry<'_>) -> &BTreeSet<String> {
        &self.server(e).reflected
    }

    /// Preflights to the URL of preflight entry `p` for a page origin: count, total ms, and the
    /// position of the last one.
    pub fn preflights_to(
        &self,
        p: &Entry<'_>,
        origin: Option<&str>,
    ) -> Option<(usize, f64, usize)> {
        self.preflights
            .get(&(p.request.url.as_ref(), origin))
            .copied()
    }

    /// The entry whose response the deciding check read (the preflight for preflight errors,
    /// the cached response for a replay), as the verdict layer settled it.
    pub fn deciding_entry(&self, j: &Judged) -> &'c Entry<'a> {
        self.entry(j.deciding_entry())
    }

    pub fn first(&self, j: &Judged) -> &'c Entry<'a> {
        self.entry(j.chain.first())
    }
}
