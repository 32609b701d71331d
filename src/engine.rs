//! The engine: what every document needs, loaded once (the compiled templates and the fonts), and
//! the pipeline from a validated model to DOCX and PDF bytes.

use crate::font::Fonts;
use crate::template::{TemplateError, Templates};
use crate::{doc, model, render, template};

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

impl From<render::pdf::DrawError> for RenderError {
    fn from(e: render::pdf::DrawError) -> RenderError {
        match e {
            render::pdf::DrawError::Items(e) => RenderError::Doc(e),
            render::pdf::DrawError::Pdf(e) => RenderError::Pdf(e),
        }
    }
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

    /// Warnings about the templates for this document: the legal texts they name that are no
    /// longer in force on its date ([`Templates::lapsed_citations`]).
    pub fn template_warnings(&self, doc: &model::Document) -> Vec<crate::input::Problem> {
        let problem = |message| crate::input::Problem { place: crate::input::Place::File, message };
        self.templates.lapsed_citations(doc).into_iter().map(problem).collect()
    }

    /// [`Engine::template_warnings`] for a document of `kind` dated `date`, before it exists (a
    /// batch's consolidated report).
    pub fn template_warnings_for(&self, kind: model::DocKind, date: chrono::NaiveDate) -> Vec<crate::input::Problem> {
        let problem = |message| crate::input::Problem { place: crate::input::Place::File, message };
        self.templates.lapsed_for(kind, date).into_iter().map(problem).collect()
    }

    /// The document model of a validated document.
    pub fn document(&self, doc: &model::Document) -> Result<doc::Document, RenderError> {
        self.document_for(doc, true)
    }

    /// The document model of a validated document, with its identity when `pdf` (a PDF carries
    /// it; its digest of the whole model is spared a DOCX alone).
    pub fn document_for(&self, doc: &model::Document, pdf: bool) -> Result<doc::Document, RenderError> {
        let rendered = self.templates.render_document(doc)?;
        Ok(doc::build_with(doc, &rendered, self.fonts, pdf)?)
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
        Ok(render::pdf::write_document(d, self.fonts, out)?)
    }

    /// The templates' Markdown for a validated document (for tests and debugging).
    pub fn markdown(&self, doc: &model::Document) -> Result<template::Rendered, RenderError> {
        Ok(self.templates.render_document(doc)?)
    }
}
