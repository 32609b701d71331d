//! The legal texts a document cites, as dated data, in one place (annual.md, "A document cites
//! only law in force on its date").
//!
//! Every law, decree, circular, standard and letter a template or a generated sentence names is a
//! [`Text`] here with the day it took effect and the day it lapsed. A document cites through
//! [`Citations::on`] its own date (an undated draft: its period's date), so a report of 2026 never
//! names a text that lapsed on 01/7/2026 and a report of 2020 keeps the texts of its time. The
//! templates reach them as `law.<role>` ([`Role`]); nothing else in baocao writes a text's number.
//!
//! Sources: Law 116/2025/QH15 (Công báo số 35, 21/01/2026): passed 10/12/2025, in force 01/7/2026,
//! Art. 44.2 ends Laws 86/2015/QH13 and 24/2018/QH14; Decree 331/2026/NĐ-CP ngày 19/8/2026 "về bảo
//! vệ an ninh mạng đối với hệ thống thông tin", in force the day it was signed (Art. 38); the texts
//! detailing the old laws (Decree 85/2016/NĐ-CP, Decree 53/2022/NĐ-CP, Thông tư 12/2022/TT-BTTTT)
//! lapse with them as annual.md says (Law 64/2025/QH15 Art. 57.2 as amended by Law 87/2025/QH15;
//! Decree 331 repeals nothing itself, and its Art. 39.1 still applies Decree 85's procedure to
//! systems under construction before 01/7/2026, a transition, not a basis a report cites); TCVN
//! 14423:2026 "An ninh mạng - Hệ thống thông tin - Yêu cầu cơ bản" replaces TCVN 11930:2017 from its
//! publication, reported as 24/7/2026.

use chrono::NaiveDate;

/// What a text is cited for: the templates name a text by its role, and the role's holder on the
/// document's date is the one cited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The law on the security of information systems (`law.law`).
    Law,
    /// The decree that sets the levels of information systems and their protection (`law.levels`).
    Levels,
    /// The circular detailing that decree (`law.levels_detail`).
    LevelsDetail,
    /// The technical standard a level's requirements are judged by (`law.standard`).
    Standard,
    /// The letter that asks for the monthly 4-layer report (`law.four_layers`).
    FourLayers,
    /// The directive that asks for periodic assessments of level 3+ systems (`law.assessment`).
    Assessment,
    /// The other law a text lapsed with (the Cybersecurity Law of 2018; not cited by role).
    Other,
}

impl Role {
    /// Every role, in the order the templates' context lists them.
    pub const ALL: [Role; 7] =
        [Role::Law, Role::Levels, Role::LevelsDetail, Role::Standard, Role::FourLayers, Role::Assessment, Role::Other];

    /// Its name in the templates' `law` object.
    pub const fn key(self) -> &'static str {
        match self {
            Role::Law => "law",
            Role::Levels => "levels",
            Role::LevelsDetail => "levels_detail",
            Role::Standard => "standard",
            Role::FourLayers => "four_layers",
            Role::Assessment => "assessment",
            Role::Other => "other",
        }
    }
}

/// One legal text and when it is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Its role.
    pub role: Role,
    /// How a sentence names it: `Nghị định số 331/2026/NĐ-CP`.
    pub cite: &'static str,
    /// Its number and symbol alone, as a reader (or a grep) finds it: `331/2026/NĐ-CP`.
    pub number: &'static str,
    /// Who issued it, as a sentence says after its date: `của Chính phủ`.
    pub by: &'static str,
    /// What it is about, after its number: `quy định về bảo vệ hệ thống thông tin theo cấp độ`.
    pub about: &'static str,
    /// The day it was issued (signed, passed or published).
    pub issued: (i32, u32, u32),
    /// The first day it is in force.
    pub from: (i32, u32, u32),
    /// The first day it is no longer in force, when it has lapsed.
    pub until: Option<(i32, u32, u32)>,
}

fn day((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real day in the table")
}

impl Text {
    /// The first day it is in force.
    pub fn from(&self) -> NaiveDate {
        day(self.from)
    }

    /// The first day it is no longer in force.
    pub fn until(&self) -> Option<NaiveDate> {
        self.until.map(day)
    }

    /// The day it was issued.
    pub fn issued(&self) -> NaiveDate {
        day(self.issued)
    }

    /// Whether it is in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.from() <= date && self.until().is_none_or(|u| date < u)
    }

    /// Whether it had lapsed by `date`.
    pub fn lapsed(&self, date: NaiveDate) -> bool {
        self.until().is_some_and(|u| u <= date)
    }

    /// The text that holds its role on `date`, when another does.
    pub fn successor(&self, date: NaiveDate) -> Option<&'static Text> {
        TEXTS.iter().find(|t| t.role == self.role && t.role != Role::Other && t.in_force(date))
    }
}

/// Every text baocao cites, oldest first within a role.
pub const TEXTS: &[Text] = &[
    Text {
        role: Role::Law,
        cite: "Luật An toàn thông tin mạng số 86/2015/QH13",
        number: "86/2015/QH13",
        by: "của Quốc hội",
        about: "",
        issued: (2015, 11, 19),
        from: (2016, 7, 1),
        until: Some((2026, 7, 1)),
    },
    Text {
        role: Role::Other,
        cite: "Luật An ninh mạng số 24/2018/QH14",
        number: "24/2018/QH14",
        by: "của Quốc hội",
        about: "",
        issued: (2018, 6, 12),
        from: (2019, 1, 1),
        until: Some((2026, 7, 1)),
    },
    Text {
        role: Role::Law,
        cite: "Luật An ninh mạng số 116/2025/QH15",
        number: "116/2025/QH15",
        by: "của Quốc hội",
        about: "",
        issued: (2025, 12, 10),
        from: (2026, 7, 1),
        until: None,
    },
    Text {
        role: Role::Levels,
        cite: "Nghị định số 85/2016/NĐ-CP",
        number: "85/2016/NĐ-CP",
        by: "của Chính phủ",
        about: "về bảo đảm an toàn hệ thống thông tin theo cấp độ",
        issued: (2016, 7, 1),
        from: (2016, 7, 1),
        until: Some((2026, 7, 1)),
    },
    Text {
        role: Role::Levels,
        cite: "Nghị định số 331/2026/NĐ-CP",
        number: "331/2026/NĐ-CP",
        by: "của Chính phủ",
        about: "về bảo vệ an ninh mạng đối với hệ thống thông tin",
        issued: (2026, 8, 19),
        from: (2026, 8, 19),
        until: None,
    },
    Text {
        role: Role::Other,
        cite: "Nghị định số 53/2022/NĐ-CP",
        number: "53/2022/NĐ-CP",
        by: "của Chính phủ",
        about: "quy định chi tiết một số điều của Luật An ninh mạng",
        issued: (2022, 8, 15),
        from: (2022, 10, 1),
        until: Some((2026, 7, 1)),
    },
    Text {
        role: Role::LevelsDetail,
        cite: "Thông tư số 03/2017/TT-BTTTT",
        number: "03/2017/TT-BTTTT",
        by: "của Bộ Thông tin và Truyền thông",
        about: "quy định chi tiết và hướng dẫn một số điều của Nghị định số 85/2016/NĐ-CP",
        issued: (2017, 4, 24),
        from: (2017, 6, 10),
        // replaced by Thông tư 12/2022/TT-BTTTT (its Art. 22)
        until: Some((2022, 10, 1)),
    },
    Text {
        role: Role::LevelsDetail,
        cite: "Thông tư số 12/2022/TT-BTTTT",
        number: "12/2022/TT-BTTTT",
        by: "của Bộ Thông tin và Truyền thông",
        about: "quy định chi tiết và hướng dẫn một số điều của Nghị định số 85/2016/NĐ-CP",
        issued: (2022, 8, 12),
        from: (2022, 10, 1),
        until: Some((2026, 7, 1)),
    },
    Text {
        role: Role::Standard,
        cite: "TCVN 11930:2017",
        number: "11930:2017",
        by: "",
        about: "Công nghệ thông tin - Các kỹ thuật an toàn - Yêu cầu cơ bản về an toàn hệ thống thông tin theo cấp độ",
        issued: (2017, 12, 29),
        from: (2017, 12, 29),
        until: Some((2026, 7, 24)),
    },
    Text {
        role: Role::Standard,
        cite: "TCVN 14423:2026",
        number: "14423:2026",
        by: "",
        about: "An ninh mạng - Hệ thống thông tin - Yêu cầu cơ bản",
        issued: (2026, 7, 24),
        from: (2026, 7, 24),
        until: None,
    },
    Text {
        role: Role::FourLayers,
        cite: "Văn bản số 1552/BTTTT-CATTT",
        number: "1552/BTTTT-CATTT",
        by: "của Bộ Thông tin và Truyền thông",
        about:
            "về việc đôn đốc tổ chức triển khai bảo đảm an toàn thông tin cho hệ thống thông tin theo mô hình “4 lớp”",
        issued: (2020, 4, 28),
        from: (2020, 4, 28),
        until: None,
    },
    Text {
        role: Role::Assessment,
        cite: "Chỉ thị số 14/CT-TTg",
        number: "14/CT-TTg",
        by: "của Thủ tướng Chính phủ",
        about: "về việc tăng cường bảo đảm an toàn, an ninh mạng nhằm cải thiện chỉ số xếp hạng của Việt Nam",
        issued: (2019, 6, 7),
        from: (2019, 6, 7),
        until: None,
    },
];

/// The day the Ministry of Public Security took over the function of the Ministry of Information
/// and Communications (Decree 02/2025/NĐ-CP and the merger of 01/3/2025): from it, a report has no
/// default addressee.
pub const ADDRESSEE_MOVED: (i32, u32, u32) = (2025, 3, 1);

/// Whether a document dated `date` may go to the old default addressee (Bộ Thông tin và Truyền
/// thông, Cục An toàn thông tin), which existed only before [`ADDRESSEE_MOVED`].
pub fn default_addressee_applies(date: NaiveDate) -> bool {
    date < day(ADDRESSEE_MOVED)
}

/// The texts a document dated `date` cites, by role: each the one in force on that date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citations {
    /// The date.
    pub date: NaiveDate,
}

impl Citations {
    /// The texts in force on `date`.
    pub fn on(date: NaiveDate) -> Citations {
        Citations { date }
    }

    /// The text holding `role` on this date, if any (between 01/7 and 19/8/2026 no decree sets
    /// the levels).
    pub fn get(&self, role: Role) -> Option<&'static Text> {
        TEXTS.iter().find(|t| t.role == role && t.in_force(self.date))
    }

    /// What a template cites for `role`: the text in force, or, on a date before any text held
    /// the role, the first that did (a report of 2019 still names the letter its template was
    /// written for; input warns of such a period). `None` only in a gap after a text lapsed
    /// (the levels between 01/7 and 19/8/2026).
    pub fn cited(&self, role: Role) -> Option<&'static Text> {
        self.get(role).or_else(|| {
            let first = TEXTS.iter().filter(|t| t.role == role).min_by_key(|t| t.from)?;
            (self.date < first.from()).then_some(first)
        })
    }

    /// The set of texts in force (their numbers): two dates with the same set cite alike.
    pub fn in_force(&self) -> Vec<&'static str> {
        TEXTS.iter().filter(|t| t.in_force(self.date)).map(|t| t.number).collect()
    }
}

/// The texts `source` (a template's text) names that had lapsed by `date`, each once, in table
/// order. A text is named by its number (`85/2016/NĐ-CP`, `11930:2017`) however it is typed: any
/// Unicode form, with or without diacritics (`ND-CP`), any hyphen (U+2010–2012, U+2212), spaces
/// anywhere (`TCVN 11930 : 2017`), any case; never as part of a longer number (`103/2017/…`).
pub fn lapsed_in(source: &str, date: NaiveDate) -> Vec<&'static Text> {
    // every string of every input is checked: the table's numbers are folded once, and a
    // document dated before any text lapsed folds nothing
    static NUMBERS: std::sync::OnceLock<Vec<Vec<char>>> = std::sync::OnceLock::new();
    let numbers = NUMBERS.get_or_init(|| TEXTS.iter().map(|t| fold(t.number)).collect());
    // a number's runs of digits, which folding keeps as they are: a text whose source lacks one
    // is not named there
    static RUNS: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    let runs = RUNS.get_or_init(|| {
        TEXTS
            .iter()
            .map(|t| t.number.split(|c: char| !c.is_ascii_digit()).filter(|r| !r.is_empty()).collect())
            .collect()
    });
    // every number has a digit; most strings have none
    if !source.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    // the source's own runs of digits: a number's run is in the source only inside one of them
    let digits: Vec<&[u8]> = source.as_bytes().split(|b| !b.is_ascii_digit()).filter(|r| !r.is_empty()).collect();
    let has = |run: &str| {
        let run = run.as_bytes();
        digits.iter().any(|d| d.windows(run.len()).any(|w| w == run))
    };
    let lapsed: Vec<usize> =
        (0..TEXTS.len()).filter(|&i| TEXTS[i].lapsed(date) && runs[i].iter().all(|r| has(r))).collect();
    if lapsed.is_empty() {
        return Vec::new();
    }
    let source = fold(source);
    lapsed.into_iter().filter(|&i| names(&source, &numbers[i])).map(|i| &TEXTS[i]).collect()
}

/// A text folded for finding a number in it: no diacritics (`đ` as `d`), one kind of hyphen, no
/// white space, lower case.
fn fold(s: &str) -> Vec<char> {
    use unicode_normalization::UnicodeNormalization;
    let chars: Vec<char> = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect();
    // spaces around a number's separators go (`11930 : 2017`); other spaces stay, as boundaries
    let sep = |c: Option<&char>| c.is_some_and(|c| matches!(c, ':' | '/' | '-' | ' '));
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' && (sep(out.last()) || sep(chars.get(i + 1))) {
            continue;
        }
        out.push(*c);
    }
    out
}

/// Whether `number` occurs in `source` not as part of a longer number (a digit or a letter on
/// either side).
fn names(source: &[char], number: &[char]) -> bool {
    let n = number.len();
    // (its first character asked first: a comparison of the whole number at every place of every
    // text was a seventh of the time to check 10,000 systems)
    (0..source.len().saturating_sub(n - 1)).any(|i| {
        source[i] == number[0]
            && source[i..i + n] == *number
            && !i.checked_sub(1).is_some_and(|j| source[j].is_alphanumeric())
            && !source.get(i + n).is_some_and(|c| c.is_alphanumeric())
    })
}

/// Which text sets the levels when, in words, for the schema and the forms' hints.
pub const LEVELS_NOTE: &str = "Cấp độ 1 đến 5: theo Nghị định 85/2016/NĐ-CP với văn bản ngày trước 01/7/2026; theo Luật An ninh mạng 116/2025/QH15 từ 01/7/2026 và Nghị định 331/2026/NĐ-CP từ 19/8/2026.";

/// Which standard applies when, in words, for the schema and the forms' hints.
pub const STANDARD_NOTE: &str = "TCVN 11930:2017 với văn bản ngày trước 24/7/2026; TCVN 14423:2026 từ ngày 24/7/2026.";

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn a_role_has_one_holder_on_any_day() {
        let mut day = d(2015, 1, 1);
        while day < d(2030, 1, 1) {
            for role in Role::ALL.into_iter().filter(|r| *r != Role::Other) {
                let n = TEXTS.iter().filter(|t| t.role == role && t.in_force(day)).count();
                assert!(n <= 1, "{role:?} has {n} texts in force on {day}");
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn the_texts_of_2026_replace_the_lapsed_ones() {
        let before = Citations::on(d(2026, 6, 30));
        assert_eq!(before.get(Role::Levels).unwrap().number, "85/2016/NĐ-CP");
        assert_eq!(before.get(Role::Law).unwrap().number, "86/2015/QH13");
        assert_eq!(before.get(Role::Standard).unwrap().number, "11930:2017");
        let between = Citations::on(d(2026, 7, 1));
        assert_eq!(between.get(Role::Law).unwrap().number, "116/2025/QH15");
        assert_eq!(between.get(Role::Levels), None, "no decree on levels between 01/7 and 19/8/2026");
        assert_eq!(between.get(Role::LevelsDetail), None);
        let after = Citations::on(d(2026, 12, 20));
        assert_eq!(after.get(Role::Levels).unwrap().number, "331/2026/NĐ-CP");
        assert_eq!(after.get(Role::Standard).unwrap().number, "14423:2026");
        let early = Citations::on(d(2019, 1, 1));
        assert_eq!(early.get(Role::FourLayers), None);
        assert_eq!(early.cited(Role::FourLayers).unwrap().number, "1552/BTTTT-CATTT");
        assert_eq!(between.cited(Role::Levels), None);
        for lapsed in [
            "85/2016/NĐ-CP",
            "86/2015/QH13",
            "12/2022/TT-BTTTT",
            "03/2017/TT-BTTTT",
            "53/2022/NĐ-CP",
            "24/2018/QH14",
            "11930:2017",
        ] {
            assert!(!after.in_force().contains(&lapsed), "{lapsed}");
        }
    }

    #[test]
    fn every_number_has_a_digit() {
        // `lapsed_in` skips a string without digits
        for t in TEXTS {
            assert!(t.number.bytes().any(|b| b.is_ascii_digit()), "{}", t.number);
        }
    }

    #[test]
    fn lapsed_texts_are_found_by_number_in_any_form() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("theo Nghị định 85/2016/NĐ-CP").collect();
        let found: Vec<&str> = lapsed_in(&nfd, d(2026, 12, 1)).iter().map(|t| t.number).collect();
        assert_eq!(found, ["85/2016/NĐ-CP"]);
        assert!(lapsed_in(&nfd, d(2026, 6, 30)).is_empty());
        assert!(lapsed_in("TCVN 14423:2026", d(2026, 12, 1)).is_empty());
        // however typed, and never inside a longer number
        let day = d(2026, 12, 1);
        let numbers = |s: &str| lapsed_in(s, day).iter().map(|t| t.number).collect::<Vec<_>>();
        assert_eq!(numbers("Nghị định 85/2016/ND-CP"), ["85/2016/NĐ-CP"]);
        assert_eq!(numbers("TCVN 11930 : 2017"), ["11930:2017"]);
        assert_eq!(numbers("85/2016/NĐ\u{2011}CP"), ["85/2016/NĐ-CP"]);
        assert!(numbers("Thông tư 103/2017/TT-BTTTT").is_empty());
        assert!(numbers("TCVN 119301:2017").is_empty());
    }

    #[test]
    fn the_notes_say_what_the_table_says() {
        for t in TEXTS.iter().filter(|t| matches!(t.role, Role::Levels)) {
            assert!(LEVELS_NOTE.contains(t.number), "{}", t.number);
            let from = crate::vn::short_date(t.until().unwrap_or(t.from()));
            assert!(LEVELS_NOTE.contains(&from), "{from}");
        }
        for t in TEXTS.iter().filter(|t| t.role == Role::Standard) {
            assert!(STANDARD_NOTE.contains(t.cite), "{}", t.cite);
        }
        assert!(default_addressee_applies(d(2025, 2, 28)));
        assert!(!default_addressee_applies(d(2025, 3, 1)));
    }
}
