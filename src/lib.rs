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
//! 5. [`output`]: file names and atomic writing; [`batch`]: many units in parallel and the
//!    consolidated report; [`mail`]: the `.eml` package; [`preview`]: render, open and watch;
//!    [`cli`]: the command line.
//!
//! Helpers: [`vn`] (Vietnamese text), [`profile`] (the Decree 30 format profile), [`font`]
//! (bundled Liberation Serif metrics).

pub mod batch;
pub mod cli;
pub mod doc;
pub mod font;
pub mod input;
pub mod layout;
pub mod mail;
pub mod model;
pub mod output;
pub mod preview;
pub mod profile;
pub mod render;
pub mod template;
pub mod vn;

use font::Fonts;
use template::{TemplateError, Templates};

/// Turning a valid model into a document failed: a template (bundled templates never fail).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed to render.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A template produced Markdown a Decree 30 document cannot show.
    #[error(transparent)]
    Doc(#[from] doc::DocError),
    /// The DOCX writer failed.
    #[error(transparent)]
    Docx(#[from] render::docx::DocxError),
    /// The PDF writer failed.
    #[error(transparent)]
    Pdf(#[from] render::pdf::PdfError),
}

/// What every document needs, loaded once: the compiled templates and the fonts.
pub struct Engine {
    templates: Templates,
    fonts: &'static Fonts,
}

impl Engine {
    /// An engine with these templates and the bundled fonts.
    pub fn new(templates: Templates) -> Engine {
        Engine { templates, fonts: Fonts::bundled() }
    }

    /// An engine with the bundled templates.
    pub fn bundled() -> Result<Engine, TemplateError> {
        Ok(Engine::new(Templates::bundled()?))
    }

    /// The document model of a validated document.
    pub fn document(&self, doc: &model::Document) -> Result<doc::Document, RenderError> {
        let rendered = self.templates.render_document(doc)?;
        Ok(doc::build(doc, &rendered, self.fonts)?)
    }

    /// The DOCX of a validated document.
    pub fn docx(&self, doc: &model::Document) -> Result<Vec<u8>, RenderError> {
        self.docx_of(&self.document(doc)?)
    }

    /// The PDF of a validated document.
    pub fn pdf(&self, doc: &model::Document) -> Result<Vec<u8>, RenderError> {
        self.pdf_of(&self.document(doc)?)
    }

    /// The DOCX of a document model (to draw one model in both formats).
    pub fn docx_of(&self, d: &doc::Document) -> Result<Vec<u8>, RenderError> {
        Ok(render::docx::render(d, self.fonts)?)
    }

    /// The DOCX of a document model, written to `out` (given back).
    pub fn docx_to<W: std::io::Write + std::io::Seek>(&self, d: &doc::Document, out: W) -> Result<W, RenderError> {
        Ok(render::docx::write(d, self.fonts, out)?)
    }

    /// The PDF of a document model.
    pub fn pdf_of(&self, d: &doc::Document) -> Result<Vec<u8>, RenderError> {
        self.pdf_to(d, Vec::new())
    }

    /// The PDF of a document model, written to `out` as it is drawn (a long report's file is
    /// never held), which is given back.
    pub fn pdf_to<W: std::io::Write>(&self, d: &doc::Document, out: W) -> Result<W, RenderError> {
        // Laid out once, keeping the pages, for a report drawn whole (every report but a
        // consolidated one of hundreds of units); a longer document is laid out a
        // second time, each part drawn as soon as its pages are made, so its pages are never
        // all held (the first pass only finds the characters each face draws).
        let (mut pages, mut used, mut long) = (Vec::new(), render::pdf::Used::default(), false);
        layout::layout_each(d, self.fonts, &mut |page| {
            used.add(&page);
            if !long {
                pages.push(page);
                if pages.len() > render::pdf::WHOLE_PAGES {
                    long = true;
                    pages = Vec::new();
                }
            }
        })?;
        let mut w = render::pdf::Writer::new(&used, &d.meta, self.fonts, out)?;
        if !long {
            w.part(&pages)?;
            return Ok(w.finish()?);
        }
        let mut part = Vec::with_capacity(render::pdf::PAGES_PER_PART);
        let mut failed = None;
        layout::layout_each(d, self.fonts, &mut |page| {
            part.push(page);
            if part.len() == render::pdf::PAGES_PER_PART {
                if let Err(e) = w.part(&part) {
                    failed.get_or_insert(e);
                }
                part.clear();
            }
        })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        if !part.is_empty() {
            w.part(&part)?;
        }
        Ok(w.finish()?)
    }

    /// The templates' Markdown for a validated document (for tests and debugging).
    pub fn markdown(&self, doc: &model::Document) -> Result<template::Rendered, RenderError> {
        Ok(self.templates.render_document(doc)?)
    }
}
