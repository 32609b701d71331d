//! baocao: official Vietnamese reports on the "4-layer" information security model
//! (CV 1552/BTTTT-CATTT), as Decree 30/2020/NĐ-CP documents, from JSON.
//!
//! The pipeline, one module a stage (see ARCHITECTURE.md):
//!
//! 1. [`input::load`] / [`input::check`]: JSON → validated [`model::Document`], every problem
//!    collected with its place (`line L, column C` or a JSON path).
//! 2. [`template::Templates::render_document`]: model → the report's wording as Markdown (Tera).
//! 3. [`doc::build`]: model + Markdown → [`doc::Document`], the document model both renderers read.
//! 4. [`render::docx::render`]: document → DOCX bytes; [`layout::layout`]: document → positioned
//!    pages; [`render::pdf::render`]: pages → PDF bytes.
//! 5. [`output`]: file names and atomic writing; [`publish`]: the one write path (formats and
//!    e-mail package); [`batch`]: many units in parallel and the consolidated report; [`mail`]: the `.eml` package; [`preview`]: render, open and watch;
//!    [`cli`]: the command line.
//!
//! [`Engine`] runs stages 2–4 for one document.
//!
//! Helpers: [`vn`] (Vietnamese text), [`law`] (the legal texts a document cites, dated), [`profile`] (the Decree 30 format profile), [`font`]
//! (bundled Liberation Serif metrics).

pub mod batch;
pub mod cli;
pub mod config;
pub mod doc;
pub mod engine;
pub mod font;
pub mod input;
pub mod law;
pub mod layout;
pub mod mail;
pub mod messages;
pub mod model;
pub mod output;
pub mod preview;
pub mod profile;
pub mod publish;
pub mod render;
pub mod say;
pub mod sign;
pub mod template;
pub mod vn;

pub use engine::{Engine, RenderError};
