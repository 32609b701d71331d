//! No-break spaces in a template's own words (format.md, "Body"): a number stays on the line of
//! the word it counts or names (`cấp độ 3`, `tháng 5`, `năm 2020`, `Lớp 2`, `Điều 13`, `01 sự cố`),
//! a date phrase `tháng 5 năm 2020` is never broken, nor a short quotation (`“4 lớp”`). Applied to
//! the template's text when it is loaded, so every line breaker (ours, Word's, LibreOffice's) keeps
//! them together; the values a template inserts are left as the input gives them.

use crate::profile as p;

const NBSP: char = '\u{a0}';

/// A token of template source: words and tags (`{{ … }}`, `{% … %}`, `{# … #}`, which may hold
/// spaces) between the spaces that separate them.
fn tokens(src: &str) -> Vec<&str> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'{' && matches!(b.get(i + 1), Some(b'{' | b'%' | b'#')) {
            let close = match b[i + 1] {
                b'{' => "}}",
                b'%' => "%}",
                _ => "#}",
            };
            match src[i + 2..].find(close) {
                Some(end) => i += 2 + end + 2,
                None => i = b.len(),
            }
            continue;
        }
        if b[i] == b' ' {
            out.push(&src[start..i]);
            start = i + 1;
        }
        i += 1;
    }
    out.push(&src[start..]);
    out
}

/// Whether a token stands for a number: digits, or a value the template inserts (`{{ n }}`,
/// `{{ n }}.{% endif %}`).
fn number(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_digit()) || t.starts_with("{{")
}

/// The last word of a token, less the punctuation before it (`(cấp` → `cấp`).
fn word(t: &str) -> &str {
    t.trim_start_matches(|c: char| !c.is_alphanumeric())
}

/// Whether the space between `a` and `b` (after `before`) binds them.
fn binds(before: Option<&str>, a: &str, b: &str) -> bool {
    // (Markdown's emphasis marks too: `**Tổng cộng: {{ n }} hệ thống**`)
    let bare = |t: &str| t.trim_end_matches([',', '.', ';', ':', ')', '*', '_']).to_owned();
    let (wa, wb) = (word(a).to_lowercase(), bare(b));
    // `cấp độ`, and a word that names a number after it: `tháng 5`, `Lớp {{ n }}`
    (wa == "cấp" && wb == "độ")
        || (p::BIND_BEFORE_NUMBER.contains(&wa.as_str()) && number(&wb))
        // a number and what it counts, whose words stay together too: `01 sự cố`, `{{ n }} hệ thống`
        || (number(a) && p::BIND_AFTER_NUMBER.iter().any(|w| w.split(' ').next() == Some(wb.as_str())))
        || (before.is_some_and(number) && p::BIND_AFTER_NUMBER.iter().any(|w| w.split_once(' ') == Some((a, &wb))))
        // a date phrase: `tháng 5 năm 2020`
        || (number(a) && wb == "năm" && before.is_some_and(|t| word(t).to_lowercase() == "tháng"))
}

/// The template source with the spaces that bind replaced by no-break spaces.
pub fn numbers(src: &str) -> String {
    let tokens = tokens(src);
    let mut out = String::with_capacity(src.len() + 64);
    let mut quote_open: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            let before = if i >= 2 { Some(tokens[i - 2]) } else { None };
            let in_short_quote = quote_open.is_some_and(|q| i - q <= 3);
            // a token may hold a line feed: what touches the space is its last or first line
            let (a, b) = (tokens[i - 1].rsplit('\n').next().unwrap_or(""), t.split('\n').next().unwrap_or(""));
            let before = before.map(|t| t.rsplit('\n').next().unwrap_or(""));
            out.push(if in_short_quote || binds(before, a, b) { NBSP } else { ' ' });
        }
        out.push_str(t);
        // a quotation opened in this token and not closed in it; closed where it ends
        if t.contains('“') && !t.contains('”') {
            // bound only when it ends within three words
            let close = tokens[i..].iter().take(4).position(|t| t.contains('”'));
            quote_open = close.map(|_| i).filter(|_| quote_open.is_none());
        } else if t.contains('”') {
            quote_open = None;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::numbers;

    fn shown(s: &str) -> String {
        numbers(s).replace('\u{a0}', "~")
    }

    #[test]
    fn numbers_stay_with_their_words() {
        // inside emphasis too
        assert_eq!(
            shown("**Tổng cộng: {{ n }} hệ thống**"),
            "**Tổng~cộng:~{{ n }}~hệ~thống**".replace("Tổng~cộng:~", "Tổng cộng: ")
        );
        assert_eq!(
            shown("mô hình “4 lớp” tháng {{ m }} năm {{ y }} của"),
            "mô hình “4~lớp” tháng~{{ m }}~năm~{{ y }} của"
        );
        assert_eq!(
            shown("### {{ s.stt }}. {{ s.name }} (cấp độ {{ s.level }})"),
            "### {{ s.stt }}. {{ s.name }} (cấp~độ~{{ s.level }})"
        );
        assert_eq!(
            shown("phát hiện {{ n }} sự cố an toàn, xử lý 01 sự cố."),
            "phát hiện {{ n }}~sự~cố an toàn, xử lý 01~sự~cố."
        );
        assert_eq!(shown("### 1. Lớp 1 - Lực lượng"), "### 1. Lớp~1 - Lực lượng");
        assert_eq!(shown("theo Điều 13 Nghị định"), "theo Điều~13 Nghị định");
        assert_eq!(shown("x (cấp độ {{ s.level }})\n\na) năm\n2020"), "x (cấp~độ~{{ s.level }})\n\na) năm\n2020");
    }

    #[test]
    fn inserted_values_and_other_words_are_left_alone() {
        assert_eq!(shown("{{ issuer.name }} tự tổ chức"), "{{ issuer.name }} tự tổ chức");
        assert_eq!(shown("{% if a and b %}năm nay{% endif %}"), "{% if a and b %}năm nay{% endif %}");
        // a long quotation breaks where it must
        assert_eq!(shown("“một hai ba bốn năm”"), "“một hai ba bốn năm”");
    }
}
