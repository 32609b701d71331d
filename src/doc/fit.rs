//! Which rows may outgrow a page, decided the same way for both renderers (the DOCX cannot ask the
//! layout): a row whose height is at least [`SPLIT_SHARE`] of the page body by a lower bound is
//! let split across pages (no `w:cantSplit` in the DOCX; continued on the next page in the PDF,
//! header row repeated), so no reader has a row taller than a page it cannot split (Word cuts such
//! a row off at the page's foot). Every other row is kept whole.

use crate::font::{Fonts, Style};
use crate::profile::{self as p, Pt};

use super::Inline;

/// A row this share of the page body high (by the lower bound) may split.
pub const SPLIT_SHARE: f32 = 0.6;

/// A lower bound of a row's height: the tallest of its cells, each the sum of its paragraphs'
/// fewest lines (a line-broken piece's width over the box, rounded up).
#[derive(Debug, Default)]
pub struct RowHeight {
    tallest: Pt,
    cell: Pt,
}

impl RowHeight {
    /// Starts the next cell.
    pub fn cell(&mut self) {
        self.tallest = self.tallest.max(self.cell);
        self.cell = Pt(0.0);
    }

    /// A paragraph of the current cell, in a box `width` wide.
    pub fn paragraph(&mut self, inlines: &[Inline], size: Pt, bold: bool, width: Pt, fonts: &Fonts) {
        let (ascent, descent, gap) = fonts.face(Style::Regular).vertical();
        let mut lines = 0usize;
        let mut run = 0.0f32;
        let mut end = |run: &mut f32| {
            lines += ((*run / width.0.max(1.0)).ceil() as usize).max(1);
            *run = 0.0;
        };
        for i in inlines {
            match i {
                Inline::Text(s) => {
                    let face = fonts.face(Style::of(bold || s.bold, false));
                    run += face.width(&s.text, size).0;
                }
                Inline::Break => end(&mut run),
            }
        }
        end(&mut run);
        self.cell = self.cell + size * (ascent + descent + gap) * lines as f32;
    }

    /// A paragraph of plain text (a line feed breaks the line).
    pub fn text(&mut self, text: &str, size: Pt, bold: bool, width: Pt, fonts: &Fonts) {
        self.paragraph(&super::lines(text), size, bold, width, fonts);
    }

    /// Whether the row may outgrow a page (see the module).
    pub fn may_outgrow_page(&self) -> bool {
        let body = p::PAGE_HEIGHT - p::MARGIN_TOP - p::MARGIN_BOTTOM;
        self.tallest.max(self.cell).0 >= body.0 * SPLIT_SHARE
    }
}
