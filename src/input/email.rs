//! One rule for e-mail addresses, used by the input reader, the JSON Schema ([`PATTERN`]) and the
//! mailer (`--from`, `--cc`), so an address `validate` accepts is one `email` can send to.
//!
//! The rule is the plain form every government mailbox has: a dot-atom local part of ASCII
//! letters, digits and ``!#$%&'*+/=?^_`{|}~-`` (no leading, trailing or doubled dot, at most 64
//! characters), `@`, and a host name of two or more labels (ASCII letters, digits and inner
//! hyphens, each at most 63 characters; the last starting with a letter, so an internationalised
//! domain is written in its `xn--` form), at most 254 characters in all. No quoted local part, no
//! `[127.0.0.1]` literal, no bare IP address. lettre (which sends the message) accepts every
//! address this rule accepts; [`check`] asks it too.

use crate::messages::tr;

/// The rule as a regular expression (ECMA 262 and Rust `regex` alike), for the JSON Schema; the
/// lengths are `maxLength` there.
pub const PATTERN: &str = concat!(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*",
    r"@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?$"
);

/// The longest address (RFC 5321 §4.5.3.1.3: a path of 256 octets, less the angle brackets).
pub const MAX_LEN: usize = 254;

const ATEXT_PUNCT: &str = "!#$%&'*+/=?^_`{|}~-";

/// Whether `s` is an address by the rule; `Err` says what is wrong, for a message such as
/// `"a..b@x.vn" is not an e-mail address: the part before @ has two dots in a row`.
pub fn check(s: &str) -> Result<(), String> {
    let Some((local, domain)) = s.rsplit_once('@') else { return Err(tr!("it has no @")) };
    if s.len() > MAX_LEN {
        return Err(tr!("it is longer than 254 characters"));
    }
    if local.is_empty() {
        return Err(tr!("nothing comes before @"));
    }
    if local.len() > 64 {
        return Err(tr!("the part before @ is longer than 64 characters"));
    }
    if local.contains('@') {
        return Err(tr!("it has more than one @"));
    }
    if !local.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || ATEXT_PUNCT.contains(c)) {
        return Err(tr!("the part before @ may hold only ASCII letters, digits, dots and !#$%&'*+/=?^_`{{|}}~-"));
    }
    if local.starts_with('.') || local.ends_with('.') {
        return Err(tr!("the part before @ starts or ends with a dot"));
    }
    if local.contains("..") {
        return Err(tr!("the part before @ has two dots in a row"));
    }
    if domain.starts_with('[') {
        return Err(tr!("an address literal such as [127.0.0.1] is not accepted; give the mail domain's name"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(tr!("the domain after @ needs a dot (e.g. bacninh.gov.vn)"));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(tr!("the domain after @ has an empty part (two dots in a row, or a dot at an end)"));
        }
        if label.len() > 63 {
            return Err(tr!("a part of the domain after @ is longer than 63 characters"));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(tr!("the domain after @ may hold only ASCII letters, digits, hyphens and dots (an internationalised domain in its xn-- form)"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(tr!("a part of the domain after @ starts or ends with a hyphen"));
        }
    }
    if !labels.last().is_some_and(|tld| tld.starts_with(|c: char| c.is_ascii_alphabetic())) {
        return Err(tr!("the domain after @ ends in a number; give the mail domain's name, not an IP address"));
    }
    // what sends the message must take it too (it always does for an address of this form)
    s.parse::<lettre::Address>().map(|_| ()).map_err(|_| tr!("the mailer does not accept it"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_is_wrong() {
        assert_eq!(check("a..b@x.vn"), Err("the part before @ has two dots in a row".to_owned()));
        assert_eq!(
            check("a@[127.0.0.1]"),
            Err("an address literal such as [127.0.0.1] is not accepted; give the mail domain's name".to_owned())
        );
        assert_eq!(check("ab@x"), Err("the domain after @ needs a dot (e.g. bacninh.gov.vn)".to_owned()));
        assert_eq!(check("stttt@bacninh.gov.vn"), Ok(()));
    }
}
