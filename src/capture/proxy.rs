//! Proxy quirks, normalised once after loading so the rest of the pipeline sees what a browser
//! export would show. What a proxy writes differently, and where each is handled:
//!
//! - entries in the order the proxy finished them, not the order the browser started them (a
//!   request listed before its preflight, a redirect target before its redirect): put back in
//!   start order here, so pairing and redirect hops read them as a browser export lists them
//!   (`Entry::index` keeps each entry's place in the file for reports);
//! - HTTP/2 lower-case names and `:authority`-style pseudo headers: header lookups ignore case,
//!   and pseudo headers are never request headers a script set (`fetch::safelist`);
//! - two header lines merged into one comma-joined value (`Access-Control-Allow-Origin: a, b`):
//!   the CORS check reads the combined value as the browser does (`MultipleAllowOriginValues`);
//! - `Proxy-Connection`, `Via` and other headers of the proxy hop: forbidden request headers,
//!   never counted as unsafe;
//! - bodies decoded (and sizes recomputed) by the proxy: corsdx never reads a body;
//! - `CONNECT` tunnels and TLS failures recorded as entries: a tunnel is not a request of the
//!   page (no `Origin`, not reported unless it failed), a failure without a response is a
//!   network failure, never a CORS verdict.

use crate::model::{Capture, Producer};

/// Normalises a capture written by a proxy; other producers are left as they are.
pub fn normalize(capture: &mut Capture<'_>) {
    if capture.producer != Producer::Proxy {
        return;
    }
    sort_by_start(capture);
}

/// Puts entries in start-time order when every entry has a start time and they are not in it
/// already (a stable sort: entries that started together keep their order).
fn sort_by_start(capture: &mut Capture<'_>) {
    let starts: Option<Vec<f64>> = capture.entries.iter().map(|e| e.started_ms).collect();
    let Some(starts) = starts else {
        return;
    };
    if starts.windows(2).all(|w| w[0] <= w[1]) {
        return;
    }
    capture.entries.sort_by(|a, b| {
        a.started_ms
            .unwrap_or(0.0)
            .total_cmp(&b.started_ms.unwrap_or(0.0))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::tests::{capture, entry};

    #[test]
    fn proxy_entries_are_put_in_start_order_and_keep_their_index() {
        let mut c = capture(vec![
            entry(0, "PUT", "https://api.x/a", &[], 200, &[]),
            entry(1, "OPTIONS", "https://api.x/a", &[], 204, &[]),
            entry(2, "GET", "https://api.x/b", &[], 200, &[]),
        ]);
        for (e, t) in c.entries.iter_mut().zip([20.0, 10.0, 30.0]) {
            e.started_ms = Some(t);
        }
        let mut browser = c.clone();
        c.producer = Producer::Proxy;
        normalize(&mut c);
        let order: Vec<usize> = c.entries.iter().map(|e| e.index).collect();
        assert_eq!(order, [1, 0, 2]);
        // A browser export is left as recorded.
        browser.producer = Producer::Chromium;
        normalize(&mut browser);
        assert_eq!(browser.entries[0].index, 0);
        // Without a start time for every entry, nothing moves.
        c.entries[0].started_ms = None;
        c.entries.swap(0, 1);
        normalize(&mut c);
        assert_eq!(c.entries[0].index, 0);
    }
}
