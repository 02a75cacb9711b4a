//! Output formats. Each renders the same [`crate::analyze::Report`].

pub mod html;
pub mod json;
pub mod markdown;
pub mod scan_formats;
pub mod table;
pub mod view;
