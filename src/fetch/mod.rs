//! The CORS engine: a model of the WHATWG Fetch standard's CORS algorithms in Chromium's order of
//! checks. It knows nothing about HAR files.

pub mod cors_error;

pub use cors_error::CorsError;
