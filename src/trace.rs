//! Chains: which entries belong to one request of the page. A chain is the request as the page
//! made it, each redirect hop it went through, and the preflight sent before each hop.

use crate::model::origin::{resolve, Origin, OriginSource, PageOrigin};
use crate::model::{Capture, Entry};
use std::collections::HashMap;

/// One URL of a chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// Entry index of the request at this URL.
    pub entry: usize,
    /// Entry index of the preflight sent before it, if captured.
    pub preflight: Option<usize>,
    /// The redirect this hop answered with was made by the browser itself (HSTS upgrade,
    /// extension), recognised by `Non-Authoritative-Reason`.
    pub internal_redirect: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    pub hops: Vec<Hop>,
    /// The page's origin, settled once here from the best evidence the capture holds.
    pub page: PageOrigin,
    /// A preflight whose request the capture does not hold (a proxy that saw only the
    /// `OPTIONS`, or a request the browser never sent after it): the chain is the request the
    /// preflight was for, its one hop's `entry` and `preflight` are both the preflight.
    pub lone_preflight: bool,
}

impl Chain {
    /// The page's serialized origin, `None` when unknown.
    pub fn origin(&self) -> Option<&str> {
        self.page.serialized()
    }

    /// Entry index of the request the page made (the chain's first entry).
    pub fn first(&self) -> usize {
        self.hops[0].entry
    }

    pub fn last(&self) -> &Hop {
        self.hops.last().expect("a chain has at least one hop")
    }
}

/// Whether an entry is a CORS preflight.
pub fn is_preflight(e: &Entry<'_>) -> bool {
    if e.resource_type.as_deref() == Some("preflight")
        || e.initiator_type.as_deref() == Some("preflight")
    {
        return true;
    }
    e.request.method.eq_ignore_ascii_case("OPTIONS")
        && e.request.headers.contains("access-control-request-method")
}

/// The redirect target of an entry's response, resolved against its URL.
pub fn redirect_target(e: &Entry<'_>) -> Option<String> {
    if !(300..400).contains(&e.response.status) {
        return None;
    }
    let loc = if e.response.redirect_url.is_empty() {
        e.response.headers.get("location")?
    } else {
        e.response.redirect_url.as_ref()
    };
    if loc.trim().is_empty() {
        return None;
    }
    resolve(&e.request.url, loc)
}

/// The page origin of a chain whose first entry is `e`, from what the browser itself wrote
/// first: the `Origin` header (the request's or its preflight's), then the page the entry
/// belongs to, then `Referer`; `--origin` is the fact the user adds when the capture shows none.
pub fn page_origin(
    capture: &Capture<'_>,
    e: &Entry<'_>,
    preflight: Option<&Entry<'_>>,
    user: Option<&Origin>,
) -> PageOrigin {
    // What the capture shows wins: the `Origin` header the browser sent, then the page the
    // entry belongs to, then `Referer`. `--origin` only fills an origin none of them shows;
    // when it contradicts them, the contradiction is kept for the report.
    let recorded = recorded_page_origin(capture, e, preflight);
    match (recorded, user) {
        (Some(mut page), user) => {
            page.contradicted = user.filter(|u| Some(*u) != page.origin.as_ref()).cloned();
            page
        }
        (None, Some(u)) => PageOrigin::known(u.clone(), OriginSource::User),
        (None, None) => PageOrigin::UNKNOWN,
    }
}

/// The page origin the capture itself shows for an entry, if any.
fn recorded_page_origin(
    capture: &Capture<'_>,
    e: &Entry<'_>,
    preflight: Option<&Entry<'_>>,
) -> Option<PageOrigin> {
    let header = e
        .request
        .headers
        .get("origin")
        .or_else(|| preflight.and_then(|p| p.request.headers.get("origin")));
    if let Some(o) = header.and_then(Origin::parse) {
        return Some(PageOrigin::known(o, OriginSource::Header));
    }
    if let Some(page) = e.pageref.as_deref().and_then(|id| capture.page(id)) {
        if let Some(o) = Origin::parse(&page.title).filter(|o| !o.is_opaque()) {
            return Some(PageOrigin::known(o, OriginSource::Page));
        }
    }
    if let Some(r) = e.request.headers.get("referer") {
        let o = Origin::of_url(r);
        if !o.is_opaque() {
            return Some(PageOrigin::known(o, OriginSource::Referer));
        }
    }
    None
}

/// URLs of a capture's non-preflight entries, indexed once: exact strings, and (built only when
/// some lookup misses) their parsed normalisation, so URLs that differ only in default port or
/// case are found without comparing every pair.
struct UrlIndex<'c> {
    exact: HashMap<&'c str, Vec<usize>>,
    normalized: std::cell::OnceCell<HashMap<String, Vec<usize>>>,
    capture: &'c Capture<'c>,
    preflight: &'c [bool],
}

fn normalize_url(u: &str) -> Option<String> {
    url::Url::parse(u.strip_suffix('#').unwrap_or(u))
        .ok()
        .map(|x| x.to_string())
}

impl<'c> UrlIndex<'c> {
    fn new(capture: &'c Capture<'c>, preflight: &'c [bool]) -> Self {
        let mut exact: HashMap<&'c str, Vec<usize>> = HashMap::new();
        for (i, e) in capture.entries.iter().enumerate() {
            if !preflight[i] {
                exact.entry(e.request.url.as_ref()).or_default().push(i);
            }
        }
        UrlIndex {
            exact,
            normalized: std::cell::OnceCell::new(),
            capture,
            preflight,
        }
    }

    /// Non-preflight entries at `url`, in capture order.
    fn exact(&self, url: &str) -> &[usize] {
        self.exact.get(url).map(Vec::as_slice).unwrap_or(&[])
    }

    /// As [`Self::exact`], falling back to entries whose URL normalises the same.
    fn equal(&self, url: &str) -> &[usize] {
        let found = self.exact(url);
        if !found.is_empty() {
            return found;
        }
        let normalized = self.normalized.get_or_init(|| {
            let mut m: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, e) in self.capture.entries.iter().enumerate() {
                if !self.preflight[i] {
                    if let Some(n) = normalize_url(&e.request.url) {
                        m.entry(n).or_default().push(i);
                    }
                }
            }
            m
        });
        normalize_url(url)
            .and_then(|n| normalized.get(&n))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// The requests one preflight may be paired with (same URL, the method it asks for), in
/// capture order, with the ones already paired skipped in near-constant time (two
/// path-compressed "nearest free" links), so a URL preflighted a hundred thousand times costs
/// one short walk per preflight, not a scan of every earlier request.
struct Slots {
    positions: Vec<usize>,
    /// `prev[k]`: a link towards the nearest free slot at or before `k` (`k + 1` indexing,
    /// 0 = none).
    prev: Vec<usize>,
    /// `next[k]`: a link towards the nearest free slot at or after `k` (`len` = none).
    next: Vec<usize>,
}

impl Slots {
    fn new(positions: Vec<usize>) -> Self {
        let n = positions.len();
        Slots {
            prev: (0..=n).collect(),
            next: (0..=n).collect(),
            positions,
        }
    }

    fn find(links: &mut [usize], mut k: usize) -> usize {
        let mut root = k;
        while links[root] != root {
            root = links[root];
        }
        while links[k] != root {
            let up = links[k];
            links[k] = root;
            k = up;
        }
        root
    }

    /// The nearest unpaired request before position `p`, and the nearest at or after it. A
    /// request paired through another list (a preflight that asked for no method) is skipped
    /// here when first met, once.
    fn around(&mut self, p: usize, paired: &[Option<usize>]) -> (Option<usize>, Option<usize>) {
        let split = self.positions.partition_point(|&i| i < p);
        let before = loop {
            let k = Self::find(&mut self.prev, split);
            match k.checked_sub(1).map(|k| self.positions[k]) {
                Some(pos) if paired[pos].is_some() => self.prev[k] = k - 1,
                found => break found,
            }
        };
        let after = loop {
            let k = Self::find(&mut self.next, split);
            match self.positions.get(k).copied() {
                Some(pos) if paired[pos].is_some() => self.next[k] = k + 1,
                found => break found,
            }
        };
        (before, after)
    }
}

/// Pairs each preflight with one request at the same URL whose method it asks for. Chromium
/// lists the preflight after its request (`_initiator.url` names it), and so does Firefox
/// (without naming it); proxies list it before.
fn pair_preflights(capture: &Capture<'_>, urls: &UrlIndex<'_>) -> Vec<Option<usize>> {
    let entries = &capture.entries;
    let listed_after_request = capture.producer == crate::model::Producer::Firefox;
    let mut preflight_of: Vec<Option<usize>> = vec![None; entries.len()];
    let mut slots: HashMap<(&str, String), Slots> = HashMap::new();
    for (p, pe) in entries
        .iter()
        .enumerate()
        .filter(|(i, _)| urls.preflight[*i])
    {
        let target_url = pe.initiator_url.as_deref().unwrap_or(&pe.request.url);
        let asked = pe
            .request
            .headers
            .get("access-control-request-method")
            .unwrap_or("")
            .to_ascii_uppercase();
        let list = slots
            .entry((target_url, asked))
            .or_insert_with_key(|(_, asked)| {
                let matching = urls.equal(target_url).iter().copied().filter(|&i| {
                    asked.is_empty() || entries[i].request.method.eq_ignore_ascii_case(asked)
                });
                Slots::new(matching.collect())
            });
        let (before, after) = list.around(p, &preflight_of);
        let chosen = if pe.initiator_url.is_some() || listed_after_request {
            before.or(after)
        } else {
            after.or(before)
        };
        if let Some(a) = chosen {
            preflight_of[a] = Some(p);
        }
    }
    preflight_of
}

/// Redirect hops: the next entry for an entry's redirect target is the following hop. Returns
/// the next hop of each entry and whether each entry is a later hop of some chain.
fn link_redirects(capture: &Capture<'_>, urls: &UrlIndex<'_>) -> (Vec<Option<usize>>, Vec<bool>) {
    let n = capture.entries.len();
    let mut next_hop: Vec<Option<usize>> = vec![None; n];
    let mut is_later_hop = vec![false; n];
    for (i, e) in capture.entries.iter().enumerate() {
        if urls.preflight[i] {
            continue;
        }
        let Some(target) = redirect_target(e) else {
            continue;
        };
        let list = urls.exact(&target);
        let start = list.partition_point(|&j| j <= i);
        if let Some(&j) = list[start..].iter().find(|&&j| !is_later_hop[j]) {
            next_hop[i] = Some(j);
            is_later_hop[j] = true;
        }
    }
    (next_hop, is_later_hop)
}

/// Builds the chains of a capture: pairs preflights with the requests they were sent for and
/// follows redirect hops. Every non-preflight entry belongs to exactly one chain; chains come in
/// the order of their first entry. Every lookup goes through [`UrlIndex`]: linear in the
/// capture, whatever its shape.
pub fn build_chains(capture: &Capture<'_>, user_origin: Option<&Origin>) -> Vec<Chain> {
    let entries = &capture.entries;
    let preflight: Vec<bool> = entries.iter().map(is_preflight).collect();
    let urls = UrlIndex::new(capture, &preflight);
    let preflight_of = pair_preflights(capture, &urls);
    let (next_hop, is_later_hop) = link_redirects(capture, &urls);
    let mut claimed = vec![false; entries.len()];
    for p in preflight_of.iter().flatten() {
        claimed[*p] = true;
    }
    let mut chains = Vec::new();
    for start in 0..entries.len() {
        if preflight[start] {
            if !claimed[start] {
                chains.push(lone_preflight(capture, start, user_origin));
            }
            continue;
        }
        if is_later_hop[start] {
            continue;
        }
        let mut hops = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            hops.push(Hop {
                entry: i,
                preflight: preflight_of[i],
                internal_redirect: entries[i]
                    .response
                    .headers
                    .contains("non-authoritative-reason"),
            });
            cur = next_hop[i];
            if hops.len() > entries.len() {
                break;
            }
        }
        let pf = preflight_of[start].map(|p| &entries[p]);
        chains.push(Chain {
            hops,
            page: page_origin(capture, &entries[start], pf, user_origin),
            lone_preflight: false,
        });
    }
    chains
}

/// The chain of a preflight no request claimed: the request it was for, of which the capture
/// holds only the preflight.
fn lone_preflight(capture: &Capture<'_>, p: usize, user_origin: Option<&Origin>) -> Chain {
    let e = &capture.entries[p];
    Chain {
        hops: vec![Hop {
            entry: p,
            preflight: Some(p),
            internal_redirect: false,
        }],
        page: page_origin(capture, e, None, user_origin),
        lone_preflight: true,
    }
}

/// Preflight entries no request claimed (a preflight whose request is missing from the
/// capture): each is the one hop of a [`Chain::lone_preflight`] chain.
pub fn orphan_preflights(capture: &Capture<'_>, chains: &[Chain]) -> Vec<usize> {
    let mut claimed = vec![false; capture.entries.len()];
    for c in chains.iter().filter(|c| !c.lone_preflight) {
        for h in &c.hops {
            if let Some(p) = h.preflight {
                claimed[p] = true;
            }
        }
    }
    capture
        .entries
        .iter()
        .enumerate()
        .filter(|(i, e)| is_preflight(e) && !claimed[*i])
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Headers, Page, Request, Response};
    use std::borrow::Cow;

    pub fn entry(
        index: usize,
        method: &'static str,
        url: &'static str,
        req: &[(&'static str, &'static str)],
        status: i64,
        resp: &[(&'static str, &'static str)],
    ) -> Entry<'static> {
        Entry {
            index,
            pageref: Some(Cow::Borrowed("page_1")),
            request: Request {
                method: method.into(),
                url: url.into(),
                headers: Headers::from_pairs(req.iter().copied()),
                ..Default::default()
            },
            response: Response {
                status,
                headers: Headers::from_pairs(resp.iter().copied()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    pub fn capture(entries: Vec<Entry<'static>>) -> Capture<'static> {
        Capture {
            pages: vec![Page {
                id: "page_1".into(),
                title: "http://app.example.test:3000/".into(),
                started: "".into(),
            }],
            entries,
            ..Default::default()
        }
    }

    #[test]
    fn pairs_chromium_preflight_listed_after_its_request() {
        let mut pf = entry(
            1,
            "OPTIONS",
            "http://api.example.test:4000/items/1",
            &[
                ("Access-Control-Request-Method", "PUT"),
                ("Origin", "http://app.example.test:3000"),
            ],
            405,
            &[],
        );
        pf.resource_type = Some("preflight".into());
        pf.initiator_url = Some("http://api.example.test:4000/items/1".into());
        let c = capture(vec![
            entry(
                0,
                "PUT",
                "http://api.example.test:4000/items/1",
                &[],
                0,
                &[],
            ),
            pf,
        ]);
        let chains = build_chains(&c, None);
        assert_eq!(chains.len(), 1);
        assert_eq!(chains[0].hops[0].preflight, Some(1));
        // The actual request carries no Origin (provisional headers): the preflight's is used.
        assert_eq!(chains[0].origin(), Some("http://app.example.test:3000"));
        assert_eq!(chains[0].page.source, OriginSource::Header);
    }

    #[test]
    fn pairs_proxy_preflight_listed_before_its_request() {
        let c = capture(vec![
            entry(
                0,
                "OPTIONS",
                "https://api.x/a",
                &[("Access-Control-Request-Method", "DELETE")],
                204,
                &[],
            ),
            entry(1, "DELETE", "https://api.x/a", &[], 204, &[]),
            entry(2, "DELETE", "https://api.x/a", &[], 204, &[]),
        ]);
        let chains = build_chains(&c, None);
        assert_eq!(chains.len(), 2);
        assert_eq!(chains[0].hops[0].preflight, Some(0));
        assert_eq!(chains[1].hops[0].preflight, None);
        assert!(orphan_preflights(&c, &chains).is_empty());
        assert!(chains.iter().all(|c| !c.lone_preflight));
    }

    #[test]
    fn a_preflight_without_its_request_is_a_chain_of_its_own() {
        let pf = |i, url, status| {
            entry(
                i,
                "OPTIONS",
                url,
                &[
                    ("Access-Control-Request-Method", "PUT"),
                    ("Origin", "https://app.x"),
                ],
                status,
                &[],
            )
        };
        let c = capture(vec![
            pf(0, "https://api.x/a", 405),
            entry(1, "GET", "https://api.x/other", &[], 200, &[]),
            pf(2, "https://api.x/b", 503),
            // A preflight whose request is there is not lone.
            pf(3, "https://api.x/c", 204),
            entry(4, "PUT", "https://api.x/c", &[], 200, &[]),
        ]);
        let chains = build_chains(&c, None);
        let firsts: Vec<(usize, bool)> = chains
            .iter()
            .map(|c| (c.first(), c.lone_preflight))
            .collect();
        assert_eq!(firsts, [(0, true), (1, false), (2, true), (4, false)]);
        assert_eq!(chains[0].hops[0].preflight, Some(0));
        assert_eq!(chains[0].origin(), Some("https://app.x"));
        assert_eq!(chains[0].page.source, OriginSource::Header);
        assert_eq!(orphan_preflights(&c, &chains), [0, 2]);
    }

    #[test]
    fn the_origin_header_wins_over_the_users_origin_and_referer_over_nothing() {
        let c = capture(vec![
            entry(
                0,
                "GET",
                "https://api.x/a",
                &[("Origin", "https://o.x")],
                200,
                &[],
            ),
            entry(
                1,
                "GET",
                "https://api.x/b",
                &[("Referer", "https://r.x/p?q")],
                200,
                &[],
            ),
        ]);
        let mut c = c;
        c.pages.clear();
        let user = Origin::parse("https://u.x");
        let chains = build_chains(&c, user.as_ref());
        assert_eq!(chains[0].origin(), Some("https://o.x"));
        assert_eq!(chains[0].page.source, OriginSource::Header);
        assert_eq!(chains[1].origin(), Some("https://r.x"));
        assert_eq!(chains[1].page.source, OriginSource::Referer);
    }

    #[test]
    fn follows_redirect_hops_and_falls_back_to_the_page_origin() {
        let c = capture(vec![
            entry(
                0,
                "GET",
                "http://api.x/items",
                &[],
                301,
                &[("Location", "/items/")],
            ),
            entry(1, "GET", "http://other.x/unrelated", &[], 200, &[]),
            entry(2, "GET", "http://api.x/items/", &[], 200, &[]),
        ]);
        let chains = build_chains(&c, None);
        assert_eq!(chains.len(), 2);
        assert_eq!(
            chains[0].hops.iter().map(|h| h.entry).collect::<Vec<_>>(),
            [0, 2]
        );
        assert_eq!(chains[0].origin(), Some("http://app.example.test:3000"));
        assert_eq!(chains[0].page.source, OriginSource::Page);
        // `--origin` does not replace the page the capture shows; the contradiction is kept.
        let user = build_chains(&c, Origin::parse("https://u.example").as_ref());
        assert_eq!(user[0].page.source, OriginSource::Page);
        assert_eq!(
            user[0].page.contradicted,
            Origin::parse("https://u.example")
        );
        let mut bare = c.clone();
        bare.pages.clear();
        let user = build_chains(&bare, Origin::parse("https://u.example").as_ref());
        assert_eq!(user[0].page.source, OriginSource::User);
        assert_eq!(user[0].origin(), Some("https://u.example"));
    }

    #[test]
    fn recognises_browser_internal_redirects() {
        let c = capture(vec![
            entry(
                0,
                "GET",
                "http://api.x/a",
                &[],
                307,
                &[
                    ("Location", "https://api.x/a"),
                    ("Non-Authoritative-Reason", "HSTS"),
                ],
            ),
            entry(1, "GET", "https://api.x/a", &[], 200, &[]),
        ]);
        let chains = build_chains(&c, None);
        assert_eq!(chains.len(), 1);
        assert!(chains[0].hops[0].internal_redirect);
    }
}
