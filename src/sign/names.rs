//! Whose certificate may make each of baocao's signatures (hostile review, F-2): the signer's
//! (`ky-duyet`) a certificate whose common name is the signer's name printed on the report; the
//! organisation's (`dong-dau`) an organisation's certificate whose common name is the issuing
//! agency's, as the report prints it, optionally followed by where or whose it is, taken from the
//! parent agency's name (`Sở Thông tin và Truyền thông` + `tỉnh Bắc Ninh` of `Ủy ban nhân dân
//! tỉnh Bắc Ninh`). Without this, any end-entity certificate of a trusted hierarchy could issue an
//! agency's report. The names are the ones `generate` recorded in the first revision, which every
//! signature covers.
//!
//! Names are compared as a reader compares them: letters without their diacritics (some CAs write
//! names without them), `đ` as `d`, case and spacing ignored.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization as _};

use crate::model::SigningNames;
use crate::render::fields::{ISSUER_NAME, PARENT_NAME, SIGNER_NAME};

/// `s` folded for comparison: no diacritics, `đ` as `d`, lower case, words separated by one space.
pub fn fold(s: &str) -> String {
    let letters: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    letters.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A person's certificate named `cn` is the signer's, `signer`.
pub fn is_person(cn: &str, signer: &str) -> bool {
    !signer.trim().is_empty() && fold(cn) == fold(signer)
}

/// An organisation's certificate named `cn` is the issuing agency's: its name, or its name
/// followed by the end of its parent's name (where or whose it is), a dash or comma between them
/// allowed.
pub fn is_organisation(cn: &str, issuer: &str, parent: Option<&str>) -> bool {
    let (cn, issuer) = (fold(cn), fold(issuer));
    if issuer.is_empty() {
        return false;
    }
    if cn == issuer {
        return true;
    }
    let Some(rest) = cn.strip_prefix(&issuer).and_then(|r| r.strip_prefix(' ')) else { return false };
    let rest = rest.trim_start_matches(['-', ',', '–', '—', ' ']);
    let Some(parent) = parent.map(fold) else { return false };
    !rest.is_empty() && (parent == rest || parent.ends_with(&format!(" {rest}")))
}

/// The names `generate` recorded in `doc` (its first revision), when it did.
pub fn recorded(doc: &lopdf::Document) -> Option<SigningNames> {
    let private = super::private_data(doc)?;
    let text = |key: &[u8]| private.get(key).ok().and_then(|v| lopdf::decode_text_string(v).ok());
    Some(SigningNames { signer: text(SIGNER_NAME)?, issuer: text(ISSUER_NAME)?, parent: text(PARENT_NAME) })
}

/// The common name of a certificate's subject.
pub fn common_name(cert: &x509_cert::Certificate) -> Option<String> {
    use x509_cert::ext::pkix::name::DirectoryString;
    cert.tbs_certificate()
        .subject()
        .iter()
        .find(|atv| atv.oid == const_oid::db::rfc4519::CN)
        .and_then(|atv| atv.value.decode_as::<DirectoryString>().ok())
        .map(|d| d.value().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_named_as_printed_with_or_without_diacritics() {
        assert!(is_person("Đỗ Văn Hùng", "Đỗ Văn Hùng"));
        assert!(is_person("DO VAN HUNG", "Đỗ  Văn Hùng"));
        assert!(is_person("Đỗ Văn Hùng", "Đỗ Văn Hùng")); // NFD vs NFC
        assert!(!is_person("Đỗ Văn Hùng, Sở Thông tin", "Đỗ Văn Hùng"));
        assert!(!is_person("Nguyễn Văn An", "Đỗ Văn Hùng"));
        assert!(!is_person("", ""));
    }

    #[test]
    fn an_organisation_is_the_issuer_or_the_issuer_of_its_parents_place() {
        let parent = Some("Ủy ban nhân dân tỉnh Bắc Ninh");
        let issuer = "Sở Thông tin và Truyền thông";
        assert!(is_organisation("Sở Thông tin và Truyền thông", issuer, parent));
        assert!(is_organisation("Sở Thông tin và Truyền thông tỉnh Bắc Ninh", issuer, parent));
        assert!(is_organisation("SO THONG TIN VA TRUYEN THONG TINH BAC NINH", issuer, parent));
        assert!(is_organisation("Sở Thông tin và Truyền thông - tỉnh Bắc Ninh", issuer, parent));
        assert!(is_organisation("Sở Thông tin và Truyền thông Bắc Ninh", issuer, parent));
        // another province's, a person's, a word glued on, half a word
        assert!(!is_organisation("Sở Thông tin và Truyền thông tỉnh Hà Nam", issuer, parent));
        assert!(!is_organisation("Đỗ Văn Hùng", issuer, parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thôngX", issuer, parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thông inh", issuer, parent));
        assert!(!is_organisation("Sở Thông tin và Truyền thông tỉnh Bắc Ninh", issuer, None));
        assert!(!is_organisation("Sở Thông tin và Truyền thông", "", parent));
        // a ministry's department, named with its ministry
        let parent = Some("Bộ Tài chính");
        assert!(is_organisation(
            "Cục Tin học và Thống kê tài chính - Bộ Tài chính",
            "Cục Tin học và Thống kê tài chính",
            parent
        ));
    }
}
