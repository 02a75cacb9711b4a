//! The CORS engine: a model of the WHATWG Fetch standard's CORS algorithms in Chromium's order of
//! checks. It knows nothing about HAR files: callers describe the request (`RequestSpec`) and
//! what came back at each hop (`HopInput`), and `evaluate` says what the browser decided.

pub mod check;
pub mod cors_error;
pub mod engine;
pub mod messages;
pub mod safelist;

pub use check::{CredentialsMode, EngineOptions, Failure};
pub use cors_error::CorsError;
pub use engine::{evaluate, HopInput, Observed, Outcome, RequestMode, RequestSpec, Stage, Verdict};
