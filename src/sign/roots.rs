//! Trust anchors that ship (`--trust vgca`, `--trust national`, issue 27): public root
//! certificates of Vietnam's two signature infrastructures, bundled so a user need not find them,
//! each pinned by the SHA-256 of its DER, as two independent public sources agree (the tests
//! check the bundled bytes against the pin).
//!
//! - `vgca`: the government CA's root (Ban Cơ yếu Chính phủ, "RootCA chuyên dùng Chính phủ G2",
//!   2018–2048), published at `http://ca.gov.vn/pki/pub/crt/rootcag2.crt`. Taken from
//!   github.com/nguyentvtk/eSign.Files (`server/trust/vgca/rootcag2.crt`, commit dd3c0b2), whose
//!   README pins this SHA-256; pinned alike, independently, in the public C# constants of a
//!   government signing service (`ksts.be.shared`, `SignatureConstants.RootG2Sha256`), and named
//!   by the same SHA-1 (761a8d40…) in another project's tests.
//! - `national`: the national root of public CAs (Bộ Thông tin và Truyền thông, NEAC, "Vietnam
//!   National Root CA", 2014–2039), published in `https://rootca.gov.vn/crt/vnrca256.p7b`. Taken
//!   from the same repository (`server/trust/national/vnrca256.crt`), whose README pins this
//!   SHA-256; another project's trust store, extracted from that bundle, names the file by the
//!   same SHA-1 (8ea95975…).
//!
//! The CA for state agencies (an intermediate under the G2 root) is not bundled: no two
//! independent sources of it were found. A signature whose CMS carries only the signer's
//! certificate needs it: give it with `--trust FILE` (docs/signing.md).

/// A bundled root certificate.
#[derive(Debug, Clone, Copy)]
pub struct Anchor {
    /// Its subject's common name.
    pub name: &'static str,
    /// Its DER.
    pub der: &'static [u8],
    /// The SHA-256 of `der`, lower-case hex, as its sources give it.
    pub sha256: &'static str,
}

/// The government CA's root (Ban Cơ yếu Chính phủ, G2).
pub const VGCA: &[Anchor] = &[Anchor {
    name: "RootCA chuyên dùng Chính phủ G2",
    der: include_bytes!("roots/vgca-rootca-g2.cer"),
    sha256: "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8",
}];

/// The national root of public CAs (NEAC).
pub const NATIONAL: &[Anchor] = &[Anchor {
    name: "Vietnam National Root CA",
    der: include_bytes!("roots/vietnam-national-root-ca.cer"),
    sha256: "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7",
}];

/// The bundled roots a `--trust` value names (`vgca`, `national`), if it names some: these words
/// always mean the bundled roots (a file so named is given as `./vgca`), so a file planted in a
/// working folder cannot stand for them.
///
/// In any case (`VGCA` was looked for as a file), and always before a file of that name: a file
/// named `VGCA` planted in a working folder is read only as `./VGCA`.
pub fn named(value: &std::ffi::OsStr) -> Option<&'static [Anchor]> {
    match value.to_str()?.to_ascii_lowercase().as_str() {
        "vgca" => Some(VGCA),
        "national" => Some(NATIONAL),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use der::Decode as _;
    use sha2::Digest as _;

    #[test]
    fn each_bundled_root_is_the_certificate_its_sources_pin_and_a_self_signed_ca() {
        for anchor in VGCA.iter().chain(NATIONAL) {
            let hex: String = sha2::Sha256::digest(anchor.der).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(hex, anchor.sha256, "{}", anchor.name);
            let cert = x509_cert::Certificate::from_der(anchor.der).unwrap();
            let tbs = cert.tbs_certificate();
            assert_eq!(tbs.subject(), tbs.issuer(), "{}: self-signed", anchor.name);
            assert!(
                super::super::verify::name(tbs.subject()).starts_with(anchor.name),
                "{}: {}",
                anchor.name,
                super::super::verify::name(tbs.subject())
            );
            let basic = tbs.get_extension::<x509_cert::ext::pkix::BasicConstraints>().unwrap().unwrap().1;
            assert!(basic.ca, "{}: a CA", anchor.name);
        }
        assert_eq!(named("vgca".as_ref()).map(<[Anchor]>::len), Some(1));
        assert_eq!(named("national".as_ref()).map(<[Anchor]>::len), Some(1));
        assert!(named("./vgca".as_ref()).is_none());
    }
}
