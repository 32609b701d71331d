//! Renderers: draw a [`Document`](crate::doc::Document). Nothing here validates input or decides
//! the content; the few lengths both renderers must agree on are computed in
//! [`doc::rules`](crate::doc::rules).

pub mod docx;
pub mod fields;
pub mod hinting;
pub mod ooxml;
pub mod pdf;
