//! Fonts: the bundled Liberation Serif faces, parsed once, with the metrics layout needs.
//!
//! Liberation Serif is metric-compatible with Times New Roman (the font NĐ 30 asks for and the
//! one the DOCX names), so text measured here breaks where LibreOffice breaks the DOCX.

use std::sync::OnceLock;

use crate::profile::Pt;

/// Which face of the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// Regular (upright).
    Regular,
    /// Bold.
    Bold,
    /// Italic.
    Italic,
    /// Bold italic.
    BoldItalic,
}

impl Style {
    /// The face for a run's bold and italic flags.
    pub fn of(bold: bool, italic: bool) -> Style {
        match (bold, italic) {
            (false, false) => Style::Regular,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (true, true) => Style::BoldItalic,
        }
    }
}

/// Characters below this have their advance in a table (Latin, Vietnamese, general punctuation).
const ADVANCE_TABLE: usize = 0x2100;

/// One parsed face: its bytes (for embedding) and metrics.
pub struct Face {
    /// The PostScript name, e.g. `LiberationSerif-Bold`.
    pub postscript_name: &'static str,
    /// The whole font file.
    pub data: &'static [u8],
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Advance in em of each character below [`ADVANCE_TABLE`]: measuring is the layout's
    /// innermost loop, and a cmap lookup per character costs.
    advances: Vec<f32>,
    /// Whether the face has a glyph for each character below [`ADVANCE_TABLE`] (every string of
    /// the input is checked).
    has: Vec<bool>,
}

impl Face {
    fn parse(postscript_name: &'static str, data: &'static [u8]) -> Face {
        // The bundled files are fixed at compile time and tested (tests below), so a parse failure
        // is a build defect, not an input error.
        let face = ttf_parser::Face::parse(data, 0).expect("bundled font parses");
        let units_per_em = f32::from(face.units_per_em());
        // one cmap lookup a character for both tables, in the Unicode subtables as
        // `ttf_parser::Face::glyph_index` looks (the faces are parsed at every start)
        let unicode: Vec<_> =
            face.tables().cmap.into_iter().flat_map(|c| c.subtables).filter(|s| s.is_unicode()).collect();
        let question = face.glyph_index('?');
        let (mut advances, mut has) = (Vec::with_capacity(ADVANCE_TABLE), Vec::with_capacity(ADVANCE_TABLE));
        for u in 0..ADVANCE_TABLE as u32 {
            let glyph = char::from_u32(u).and_then(|_| unicode.iter().find_map(|s| s.glyph_index(u)));
            has.push(glyph.is_some());
            let units = glyph.or(question).and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0);
            advances.push(if char::from_u32(u).is_some() { f32::from(units) / units_per_em } else { 0.0 });
        }
        Face { postscript_name, data, face, units_per_em, advances, has }
    }

    /// Advance of `c` in em, from the font.
    fn lookup(&self, c: char) -> f32 {
        let glyph = self.face.glyph_index(c).or_else(|| self.face.glyph_index('?'));
        let units = glyph.and_then(|g| self.face.glyph_hor_advance(g)).unwrap_or(0);
        f32::from(units) / self.units_per_em
    }

    /// Advance width of one character at `size`; a character the font lacks measures as `?`.
    pub fn advance(&self, c: char, size: Pt) -> Pt {
        let em = self.advances.get(c as usize).copied().unwrap_or_else(|| self.lookup(c));
        Pt(em * size.0)
    }

    /// Width of a string at `size`: the sum of advances (no kerning, as Word and LibreOffice lay
    /// out Times New Roman by default).
    pub fn width(&self, text: &str, size: Pt) -> Pt {
        Pt(text.chars().map(|c| self.advance(c, size).0).sum())
    }

    /// Whether the font has a glyph for `c`.
    pub fn has_glyph(&self, c: char) -> bool {
        match self.has.get(c as usize) {
            Some(has) => *has,
            None => self.face.glyph_index(c).is_some(),
        }
    }

    /// The glyph id of `c` (`?`'s when the font lacks it, as [`Face::advance`] measures it).
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).or_else(|| self.face.glyph_index('?')).map_or(0, |g| g.0)
    }

    /// The outline of `c`'s glyph, as [`outline`] gives it.
    pub fn outline_of(&self, c: char) -> Option<Vec<f32>> {
        outline(&self.face, self.face.glyph_index(c)?.0)
    }

    /// Advance width of a glyph in font units.
    pub fn glyph_advance(&self, glyph: u16) -> u16 {
        self.face.glyph_hor_advance(ttf_parser::GlyphId(glyph)).unwrap_or(0)
    }

    /// Units per em.
    pub fn units_per_em(&self) -> u16 {
        self.face.units_per_em()
    }

    /// hhea ascender, descender (positive) and line gap, in em: what Word and LibreOffice use
    /// for the height of a single-spaced line.
    pub fn vertical(&self) -> (f32, f32, f32) {
        let u = self.units_per_em;
        (
            f32::from(self.face.ascender()) / u,
            -f32::from(self.face.descender()) / u,
            f32::from(self.face.line_gap()) / u,
        )
    }
}

/// The four faces of the document font.
pub struct Fonts {
    regular: Face,
    bold: Face,
    italic: Face,
    bold_italic: Face,
}

impl Fonts {
    /// The bundled Liberation Serif, parsed on first use and shared by every document after that.
    pub fn bundled() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts {
            regular: Face::parse("LiberationSerif-Regular", include_bytes!("../fonts/LiberationSerif-Regular.ttf")),
            bold: Face::parse("LiberationSerif-Bold", include_bytes!("../fonts/LiberationSerif-Bold.ttf")),
            italic: Face::parse("LiberationSerif-Italic", include_bytes!("../fonts/LiberationSerif-Italic.ttf")),
            bold_italic: Face::parse(
                "LiberationSerif-BoldItalic",
                include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
            ),
        })
    }

    /// Whether every face can draw `c` (text may be set in any of them). A character none can
    /// draw would show as an empty box: the input refuses it (input.md).
    pub fn draws(&self, c: char) -> bool {
        [&self.regular, &self.bold, &self.italic, &self.bold_italic].iter().all(|f| f.has_glyph(c))
    }

    /// The face for a style.
    pub fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
            Style::BoldItalic => &self.bold_italic,
        }
    }
}

/// The outline of glyph `glyph` of `face`: each command's kind and points, in font units (a
/// composite glyph's components resolved); `None` when it has none. Two glyphs with the same
/// outline draw the same shape, whatever their ids (a subset renumbers them).
pub fn outline(face: &ttf_parser::Face<'_>, glyph: u16) -> Option<Vec<f32>> {
    struct Points(Vec<f32>);
    impl ttf_parser::OutlineBuilder for Points {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.extend([1.0, x, y]);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.extend([2.0, x, y]);
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.extend([3.0, x1, y1, x, y]);
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.extend([4.0, x1, y1, x2, y2, x, y]);
        }
        fn close(&mut self) {
            self.0.push(5.0);
        }
    }
    let mut points = Points(Vec::new());
    face.outline_glyph(ttf_parser::GlyphId(glyph), &mut points)?;
    Some(points.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_cover_vietnamese() {
        let fonts = Fonts::bundled();
        for style in [Style::Regular, Style::Bold, Style::Italic, Style::BoldItalic] {
            let face = fonts.face(style);
            for c in "ĂÂĐÊÔƠƯăâđêôơư ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ“”–".chars() {
                assert!(face.has_glyph(c), "{:?} lacks {c}", style);
            }
        }
    }

    #[test]
    fn metrics_match_times_new_roman() {
        // Times New Roman: 'a' 444/1000 em? No: TNR lower-case a is 0.444 em; space 0.25 em.
        let f = Fonts::bundled().face(Style::Regular);
        assert!((f.width(" ", Pt(1000.0)).0 - 250.0).abs() < 0.5);
        assert!((f.width("a", Pt(1000.0)).0 - 443.8).abs() < 0.5);
        assert!((f.width("aa", Pt(10.0)).0 - 2.0 * f.width("a", Pt(10.0)).0).abs() < 1e-4);
    }
}
