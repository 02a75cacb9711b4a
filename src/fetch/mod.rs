//! The CORS engine: a model of the WHATWG Fetch standard's CORS algorithms in Chromium's order of
//! checks. It knows nothing about HAR files.
