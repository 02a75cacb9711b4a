//! Reading inputs: files, standard input, gzip, BOM, JSONP wrappers (`input`), the lenient HAR
//! reader (`har`), mitmproxy's dumps (`mitm_flow`), proxy quirks (`proxy`), and browser console
//! text (`console`).
pub mod console;
pub mod error;
pub mod export;
pub mod har;
pub mod input;
pub mod mitm_flow;
pub mod netlog;
pub mod proxy;
pub mod structure;
