//! corsdx: diagnose every CORS failure in a browser capture.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `capture` (read HAR / console input) → `model` (capture-independent exchanges) →
//! `trace` (chains: preflight ↔ actual, redirect hops) → `fetch` (the Fetch-standard CORS
//! engine: what the browser decided) → `rules` (root cause, evidence, fix) → `report`.

pub mod capture;
pub mod fetch;
pub mod judge;
pub mod model;
pub mod rules;
pub mod trace;
