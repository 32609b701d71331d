//! Chosen line breaks for agency names in the header block (format.md, "Header block"): a văn thư
//! never splits a place name or a listed word pair, never leaves one word alone on a line, and
//! would rather take one more line than do either; then an explicit break in the input wins, then
//! a break before a place word or before `VÀ`, then the most balanced lines. Decided here once,
//! for both renderers: the document model carries the lines, the DOCX writes them with `<w:br/>`.

use crate::profile as p;

/// What one way of breaking costs, compared in this order (lower is better).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
struct Cost {
    /// Lines wider than the box (only a word wider than the box alone makes one).
    overfull: u32,
    /// Place names or listed word pairs split, and words alone on a line.
    forbidden: u32,
    /// Lines.
    lines: u32,
    /// Breaks that are not before a place word or `VÀ` (fewer is better).
    plain: u32,
    /// The longest line.
    longest: f32,
}

impl Cost {
    fn then(self, line: Cost) -> Cost {
        Cost {
            overfull: self.overfull + line.overfull,
            forbidden: self.forbidden + line.forbidden,
            lines: self.lines + line.lines,
            plain: self.plain + line.plain,
            longest: self.longest.max(line.longest),
        }
    }
}

/// Words at or after which no break may fall (`false` at `i`: no break between words `i-1` and
/// `i`), and breaks that are preferred (before a place word or `VÀ`).
fn break_kinds(words: &[&str]) -> (Vec<bool>, Vec<bool>) {
    let n = words.len();
    let mut allowed = vec![true; n + 1];
    let mut preferred = vec![false; n + 1];
    for i in 1..n {
        // a lone punctuation mark (the `-` of `LAO ĐỘNG - THƯƠNG BINH`) never starts a line
        if !words[i].chars().any(char::is_alphanumeric) {
            allowed[i] = false;
        }
        if p::HEADER_WORD_PAIRS.iter().any(|pair| pair.split_once(' ') == Some((words[i - 1], words[i]))) {
            allowed[i] = false;
        }
        if words[i] == "VÀ" {
            preferred[i] = true;
        }
    }
    // a place name: its keyword (`TỈNH`, `THÀNH PHỐ`, …) and every word after it, to the end of
    // the name; a keyword that begins a listed pair (`XÃ HỘI`) names no place
    let is_pair = |i: usize| {
        i + 1 < n && p::HEADER_WORD_PAIRS.iter().any(|pair| pair.split_once(' ') == Some((words[i], words[i + 1])))
    };
    let place = (0..n).find(|&i| {
        !is_pair(i) && p::HEADER_PLACE_WORDS.iter().any(|kw| words[i..].starts_with(&kw.split(' ').collect::<Vec<_>>()))
    });
    if let Some(i) = place {
        preferred[i] = i > 0;
        for a in &mut allowed[i + 1..n] {
            *a = false;
        }
    }
    (allowed, preferred)
}

/// Breaks one segment of a name (`text`, no line feed) into lines at most `width` wide by
/// `measure`; the lines.
fn segment(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let n = words.len();
    if n <= 1 {
        return vec![words.join(" ")];
    }
    // a name longer than a page's worth is set greedily (the DP below is quadratic)
    if n > 200 {
        return greedy(&words, width, measure);
    }
    let (allowed, preferred) = break_kinds(&words);
    let space = measure(" ");
    let widths: Vec<f32> = words.iter().map(|w| measure(w)).collect();
    // best[j]: the best way to set words[..j] as whole lines, and where its last line starts
    let mut best: Vec<Option<(Cost, usize)>> = vec![None; n + 1];
    best[0] = Some((Cost { overfull: 0, forbidden: 0, lines: 0, plain: 0, longest: 0.0 }, 0));
    for j in 1..=n {
        let mut line_width = -space;
        for i in (0..j).rev() {
            line_width += widths[i] + space;
            let Some((before, _)) = best[i] else { continue };
            let alone = j - i == 1;
            let line = Cost {
                overfull: u32::from(line_width > width + 0.01),
                forbidden: u32::from(i > 0 && !allowed[i]) + u32::from(alone),
                lines: 1,
                plain: u32::from(i > 0 && !preferred[i]),
                longest: line_width,
            };
            let cost = before.then(line);
            if best[j].is_none_or(|(b, _)| cost < b) {
                best[j] = Some((cost, i));
            }
        }
    }
    let mut lines = Vec::new();
    let mut j = n;
    while j > 0 {
        let Some((_, i)) = best[j] else { break };
        lines.push(words[i..j].join(" "));
        j = i;
    }
    lines.reverse();
    lines
}

/// Greedy filling, for names of hundreds of words.
fn greedy(words: &[&str], width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for w in words {
        let candidate = if line.is_empty() { (*w).to_owned() } else { format!("{line} {w}") };
        if !line.is_empty() && measure(&candidate) > width {
            lines.push(std::mem::replace(&mut line, (*w).to_owned()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// The lines of an agency name (upper case, a line feed where the input breaks it) set in a box
/// `width` wide, measured by `measure`: each segment of the input broken by the rules above.
pub fn agency(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    text.split('\n').filter(|s| !s.trim().is_empty()).flat_map(|s| segment(s.trim(), width, measure)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake width: one unit a character.
    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    fn set(text: &str, width: f32) -> Vec<String> {
        agency(text, width, &chars)
    }

    #[test]
    fn a_name_that_fits_stays_whole() {
        assert_eq!(set("SỞ Y TẾ", 20.0), ["SỞ Y TẾ"]);
    }

    #[test]
    fn a_place_name_and_a_word_pair_are_never_split() {
        // 29 characters in a box of 20: greedy would end line 1 in "TỈNH BẮC"
        assert_eq!(set("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", 20.0), ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH"]);
        // greedy: "SỞ THÔNG TIN VÀ TRUYỀN / THÔNG"
        assert_eq!(set("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 23.0), ["SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"]);
        assert_eq!(set("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", 22.0), ["SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"]);
    }

    #[test]
    fn xa_hoi_is_a_pair_not_a_place() {
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 40.0), ["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"]);
        assert_eq!(set("ỦY BAN NHÂN DÂN THỊ XÃ TỪ SƠN", 20.0), ["ỦY BAN NHÂN DÂN", "THỊ XÃ TỪ SƠN"]);
    }

    #[test]
    fn before_va_is_preferred_and_a_hyphen_binds() {
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 26.0), ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]);
    }

    #[test]
    fn a_hyphen_may_end_a_line_but_never_start_one() {
        // `SỞ LAO ĐỘNG - THƯƠNG BINH` (25) does not fit in 22: never `THƯƠNG / BINH`, never `/ - `
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 22.0), ["SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"]);
        assert_eq!(set("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", 14.0), ["SỞ LAO ĐỘNG -", "THƯƠNG BINH", "VÀ XÃ HỘI"]);
    }

    #[test]
    fn one_more_line_rather_than_a_word_alone() {
        // `QUẢN LÝ` is a pair: "BAN QUẢN LÝ DỰ / ÁN" would leave a word alone and overflow
        assert_eq!(set("BAN QUẢN LÝ DỰ ÁN", 12.0), ["BAN QUẢN LÝ", "DỰ ÁN"]);
        // no two lines avoid a word alone: the first of the equal ways
        assert_eq!(set("AA BB CC", 5.0), ["AA BB", "CC"]);
    }

    #[test]
    fn an_explicit_break_wins() {
        assert_eq!(set("SỞ THÔNG TIN VÀ\nTRUYỀN THÔNG", 40.0), ["SỞ THÔNG TIN VÀ", "TRUYỀN THÔNG"]);
    }

    #[test]
    fn otherwise_the_most_balanced() {
        // "AAA BBB CCC DDD" (15) in 12: 7/7 rather than 11/3
        assert_eq!(set("AAA BBB CCC DDD", 12.0), ["AAA BBB", "CCC DDD"]);
    }
}
