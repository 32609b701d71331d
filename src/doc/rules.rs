//! The lengths of the rules (short solid lines) of the header block and the title, computed once
//! from the font metrics so the DOCX and the PDF draw them alike.

use super::{plain_text, Header, Title};
use crate::font::{Fonts, Style};
use crate::profile::{self as p, Pt};

/// The longest line `text` can have in a box `width` wide: its width, or the box's when it wraps.
fn line_length(fonts: &Fonts, style: Style, text: &str, size: Pt, width: Pt) -> Pt {
    let longest = text.split('\n').map(|l| fonts.face(style).width(l, size).0).fold(0.0, f32::max);
    Pt(longest.min(width.0))
}

/// Ô 2: 1/3 to 1/2 of the issuer's text line, in a column `width` wide.
pub fn issuer(h: &Header, fonts: &Fonts, width: Pt) -> Pt {
    line_length(fonts, Style::Bold, &h.issuer, h.issuer_size, width) * p::ISSUER_RULE_SHARE
}

/// Ô 1: as long as the tiêu ngữ.
pub fn motto(h: &Header, fonts: &Fonts) -> Pt {
    fonts.face(Style::Bold).width(&h.motto, p::SIZE_MOTTO)
}

/// Ô 9b: how far a wrapped recipient's lines after the first are indented: the width of its
/// `- `, in whole twips as the DOCX states it.
pub fn recipient_hanging(fonts: &Fonts) -> Pt {
    let w = fonts.face(Style::Regular).width("- ", p::SIZE_RECIPIENTS);
    Pt(w.twips() as f32 / 20.0)
}

/// A free text's list item ([`super::ParagraphKind::SubItem`]): how far its lines after the first
/// hang after its marker (the width of the marker and its space, in the first run's style, in whole
/// twips as the DOCX states it); none when it starts with no marker.
pub fn item_hanging(inlines: &[super::Inline], fonts: &Fonts) -> Pt {
    let Some(super::Inline::Text(first)) = inlines.first() else { return Pt(0.0) };
    let Some(end) = super::list_marker(&first.text) else { return Pt(0.0) };
    let w = fonts.face(Style::of(first.bold, first.italic)).width(&first.text[..end], p::SIZE_BODY);
    Pt(w.twips() as f32 / 20.0)
}

/// Ô 5a: 1/3 to 1/2 of the subject's line, in the text width.
pub fn subject(t: &Title, fonts: &Fonts, width: Pt) -> Pt {
    line_length(fonts, Style::Bold, &plain_text(&t.subject), p::SIZE_TITLE, width) * p::SUBJECT_RULE_SHARE
}
