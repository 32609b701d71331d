//! Removes TrueType hinting from a (subset) font: the `cvt `, `fpgm`, `prep` programs and the
//! device tables that serve them, and every glyph's instructions. Hinting only steers
//! rasterisation on low-resolution screens; for print and for PDF viewers it is dead weight —
//! about half of Liberation Serif's glyph data (see ../shared/notes/crates.md).

/// Tables that exist only for hinting.
const DROP: [&[u8; 4]; 7] = [b"cvt ", b"fpgm", b"prep", b"hdmx", b"LTSH", b"VDMX", b"gasp"];

fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes(b.get(i..i + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

fn checksum(data: &[u8]) -> u32 {
    let mut sum = 0u32;
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum = sum.wrapping_add(u32::from_be_bytes(word));
    }
    sum
}

/// One glyph without its instructions.
fn strip_glyph(g: &[u8]) -> Option<Vec<u8>> {
    if g.is_empty() {
        return Some(Vec::new());
    }
    let contours = u16_at(g, 0)? as i16;
    if contours >= 0 {
        let n = contours as usize;
        let len_at = 10 + 2 * n;
        let ilen = u16_at(g, len_at)? as usize;
        let mut out = Vec::with_capacity(g.len() - ilen);
        out.extend_from_slice(g.get(..len_at)?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(g.get(len_at + 2 + ilen..)?);
        Some(out)
    } else {
        // Composite: walk the components, clear WE_HAVE_INSTRUCTIONS, drop what follows.
        let mut out = g.to_vec();
        let mut i = 10;
        loop {
            let flags = u16_at(&out, i)?;
            let mut size = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
            if flags & 0x0008 != 0 {
                size += 2;
            } else if flags & 0x0040 != 0 {
                size += 4;
            } else if flags & 0x0080 != 0 {
                size += 8;
            }
            if flags & 0x0020 == 0 {
                if flags & 0x0100 != 0 {
                    out[i..i + 2].copy_from_slice(&(flags & !0x0100).to_be_bytes());
                }
                out.truncate(i + size);
                return Some(out);
            }
            i += size;
        }
    }
}

/// The font without hinting; `None` if it is not a TrueType font this code understands (the
/// caller then keeps the font as it is).
pub fn strip(font: &[u8]) -> Option<Vec<u8>> {
    let num_tables = u16_at(font, 4)? as usize;
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(num_tables);
    for t in 0..num_tables {
        let rec = 12 + 16 * t;
        let tag: [u8; 4] = font.get(rec..rec + 4)?.try_into().ok()?;
        let offset = u32_at(font, rec + 8)? as usize;
        let length = u32_at(font, rec + 12)? as usize;
        tables.push((tag, font.get(offset..offset + length)?.to_vec()));
    }
    let find = |tag: &[u8; 4]| tables.iter().position(|(t, _)| t == tag);
    let (head, loca, glyf) = (find(b"head")?, find(b"loca")?, find(b"glyf")?);
    let long = u16_at(&tables[head].1, 50)? == 1;
    let loca_data = &tables[loca].1;
    let entries = loca_data.len() / if long { 4 } else { 2 };
    let offset_of = |i: usize| -> Option<usize> {
        if long {
            u32_at(loca_data, 4 * i).map(|v| v as usize)
        } else {
            u16_at(loca_data, 2 * i).map(|v| v as usize * 2)
        }
    };
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::new();
    let push_offset = |loca: &mut Vec<u8>, off: usize| {
        if long {
            loca.extend_from_slice(&(off as u32).to_be_bytes());
        } else {
            loca.extend_from_slice(&((off / 2) as u16).to_be_bytes());
        }
    };
    for i in 0..entries.saturating_sub(1) {
        push_offset(&mut new_loca, new_glyf.len());
        let (a, b) = (offset_of(i)?, offset_of(i + 1)?);
        let g = tables[glyf].1.get(a..b)?;
        new_glyf.extend(strip_glyph(g)?);
        while new_glyf.len() % if long { 4 } else { 2 } != 0 {
            new_glyf.push(0);
        }
    }
    push_offset(&mut new_loca, new_glyf.len());
    if !long && new_glyf.len() / 2 > usize::from(u16::MAX) {
        return None;
    }
    tables[glyf].1 = new_glyf;
    tables[loca].1 = new_loca;
    tables.retain(|(t, _)| !DROP.contains(&t));
    tables.sort_by_key(|(t, _)| *t);

    // Write the font: offset table, table records, tables on 4-byte boundaries, checksums.
    let n = tables.len();
    let mut out = Vec::new();
    out.extend_from_slice(font.get(..4)?);
    let pow = (n as u32).checked_ilog2().unwrap_or(0);
    let search = 16u16 << pow;
    out.extend_from_slice(&(n as u16).to_be_bytes());
    out.extend_from_slice(&search.to_be_bytes());
    out.extend_from_slice(&(pow as u16).to_be_bytes());
    out.extend_from_slice(&((n as u16) * 16 - search).to_be_bytes());
    let mut offset = 12 + 16 * n;
    let mut head_offset = 0;
    for (tag, data) in &mut tables {
        if tag == b"head" {
            data.get_mut(8..12)?.copy_from_slice(&[0; 4]);
            head_offset = offset;
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += (data.len() + 3) & !3;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out.get_mut(head_offset + 8..head_offset + 12)?.copy_from_slice(&adjust.to_be_bytes());
    Some(out)
}

/// The font file of `face` without hinting, stripped on first use and kept for the process
/// (what the PDF embeds subsets of; glyph ids unchanged). Keyed by the face's bytes, which are
/// `'static` (the bundled fonts).
pub fn unhinted(face: &crate::font::Face) -> &'static [u8] {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static STRIPPED: OnceLock<Mutex<HashMap<usize, &'static [u8]>>> = OnceLock::new();
    let mut map = STRIPPED.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    map.entry(face.data.as_ptr() as usize)
        .or_insert_with(|| strip(face.data).map_or(face.data, |v| Vec::leak(v) as &'static [u8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripped_font_parses_and_keeps_every_outline() {
        let data = crate::font::Fonts::bundled().face(crate::font::Style::Regular).data;
        let stripped = strip(data).unwrap();
        assert!(stripped.len() < data.len() * 3 / 4, "{} → {}", data.len(), stripped.len());
        let before = ttf_parser::Face::parse(data, 0).unwrap();
        let after = ttf_parser::Face::parse(&stripped, 0).unwrap();
        assert_eq!(before.number_of_glyphs(), after.number_of_glyphs());
        for tag in DROP {
            assert!(after.raw_face().table(ttf_parser::Tag::from_bytes(tag)).is_none());
        }
        for c in "Aaộ Đ“”ữ?".chars() {
            let g = before.glyph_index(c).unwrap();
            assert_eq!(after.glyph_index(c), Some(g));
            assert_eq!(before.glyph_bounding_box(g), after.glyph_bounding_box(g), "{c}");
            assert_eq!(before.glyph_hor_advance(g), after.glyph_hor_advance(g));
        }
        // the whole-font checksum is right
        assert_eq!(checksum(&stripped), 0xB1B0_AFBA);
    }
}
