//! Reading inputs: files, standard input, gzip, BOM, JSONP wrappers (`input`), the lenient HAR
//! reader (`har`), and browser console text (`console`).
pub mod console;
pub mod error;
pub mod export;
pub mod har;
pub mod input;
pub mod structure;
