//! RFC 3161 time-stamp tokens (issue 24, item 10): a document time-stamp (`/DocTimeStamp`, PAdES
//! B-LTA) and a signature's time-stamp (the unsigned attribute signatureTimeStampToken, PAdES B-T).
//!
//! A token is believed only when all of it holds: a CMS SignedData whose content is a `TSTInfo`,
//! exactly one SignerInfo, by the time-stamping authority's certificate that the token carries and
//! names in its signingCertificate (v1 or v2) attribute, its content-type and message-digest
//! attributes those of the `TSTInfo`, its signature verifying by an algorithm TT 15/2025 allows;
//! the `TSTInfo`'s message imprint the hash of what it stamps; its time not in the future; and the
//! authority's certificate chaining to a trusted root, for time-stamping (RFC 5280 with the
//! `timeStamping` extended key usage RFC 3161 §2.3 requires).

use cms::signed_data::SignedData;
use const_oid::db::rfc5911;
use der::{Decode, Encode, Tagged};
use x509_cert::Certificate;

use super::verify::{hash_of, name, signer_certificate, verify_with, CLOCK_SKEW, ID_CT_TST_INFO};

/// id-aa-signingCertificate (RFC 2634): ESS signing certificate, v1 (SHA-1 certificate hashes).
pub const ID_AA_SIGNING_CERTIFICATE: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");

/// id-aa-signatureTimeStampToken (RFC 3161 Appendix A): a signature's time-stamp, unsigned.
pub const ID_AA_SIGNATURE_TIME_STAMP_TOKEN: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// A token that verified: when, and by whom.
#[derive(Debug, Clone)]
pub struct Stamp {
    /// The `TSTInfo`'s `genTime`.
    pub time: chrono::DateTime<chrono::Utc>,
    /// The time-stamping authority (its certificate's CN and O).
    pub tsa: String,
    /// Who issued the authority's certificate.
    pub issuer: String,
    /// Its certificate chains to a trusted root, for time-stamping; `Err` says why not.
    pub trusted: Result<(), String>,
    /// That chain, from the authority's certificate to the root (empty when not trusted).
    pub path: Vec<Certificate>,
}

/// MessageImprint (RFC 3161 §2.4.2).
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct MessageImprint {
    hash_algorithm: spki::AlgorithmIdentifierOwned,
    hashed_message: der::asn1::OctetString,
}

/// ESSCertID (RFC 2634 §5.4.1): the SHA-1 hash of a certificate.
#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct EssCertId {
    cert_hash: der::asn1::OctetString,
    issuer_serial: Option<der::Any>,
}

#[derive(Clone, Debug, Eq, PartialEq, der::Sequence)]
struct SigningCertificate {
    certs: Vec<EssCertId>,
    policies: Option<der::Any>,
}

/// The `TSTInfo` (RFC 3161 §2.4.2) as far as a verifier needs it: the message imprint and the
/// time, from a SEQUENCE whose first five members are version, policy, messageImprint,
/// serialNumber and genTime.
fn tst_info(der_bytes: &[u8]) -> Result<(MessageImprint, chrono::DateTime<chrono::Utc>), String> {
    let bad = |what: &str| format!("token dấu thời gian: {what} không đọc được");
    let items = Vec::<der::Any>::from_der(der_bytes).map_err(|_| bad("TSTInfo"))?;
    let [version, _policy, imprint, _serial, time, ..] = &items[..] else { return Err(bad("TSTInfo")) };
    if version.decode_as::<u8>().ok() != Some(1) {
        return Err(bad("phiên bản TSTInfo"));
    }
    let imprint = imprint.decode_as::<MessageImprint>().map_err(|_| bad("messageImprint"))?;
    if time.tag() != der::Tag::GeneralizedTime {
        return Err(bad("genTime"));
    }
    // YYYYMMDDHHMMSS, a fraction of a second (RFC 3161 allows one), Z
    let text = std::str::from_utf8(time.value()).map_err(|_| bad("genTime"))?;
    let body = text.strip_suffix('Z').ok_or_else(|| bad("genTime"))?;
    let (whole, fraction) = body.split_once('.').unwrap_or((body, "0"));
    if whole.len() != 14 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("genTime"));
    }
    let time = chrono::NaiveDateTime::parse_from_str(whole, "%Y%m%d%H%M%S").map_err(|_| bad("genTime"))?.and_utc();
    Ok((imprint, time))
}

/// The token `data` (a SignedData) stamping `parts` (their concatenation), checked against the
/// trusted `roots` at `now` (seconds since 1970). `Err`: the token is not a valid stamp of these
/// bytes, and why.
pub fn check(data: &SignedData, parts: &[&[u8]], roots: &[Vec<u8>], now: i64) -> Result<Stamp, String> {
    if data.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err("không phải một token RFC 3161 (TSTInfo)".to_owned());
    }
    let content = data
        .encap_content_info
        .econtent
        .as_ref()
        .and_then(|c| c.decode_as::<der::asn1::OctetString>().ok())
        .ok_or("token dấu thời gian không có nội dung TSTInfo")?;
    let (certs, info, tsa) = signer_certificate(data)?;
    if data.signer_infos.0.len() != 1 {
        return Err("token dấu thời gian phải có đúng một người ký".to_owned());
    }
    let hash = hash_of(info.digest_alg.oid)?;
    let attrs = info.signed_attrs.as_ref().ok_or("token dấu thời gian không có thuộc tính được ký")?;
    let attribute = |oid: der::oid::ObjectIdentifier| -> Option<&der::Any> {
        let found: Vec<_> = attrs.iter().filter(|at| at.oid == oid).collect();
        match found[..] {
            [one] if one.values.len() == 1 => one.values.iter().next(),
            _ => None,
        }
    };
    if attribute(rfc5911::ID_CONTENT_TYPE).and_then(|a| a.decode_as::<der::oid::ObjectIdentifier>().ok())
        != Some(ID_CT_TST_INFO)
    {
        return Err("token dấu thời gian thiếu thuộc tính content-type (TSTInfo)".to_owned());
    }
    let digest = attribute(rfc5911::ID_MESSAGE_DIGEST).and_then(|a| a.decode_as::<der::asn1::OctetString>().ok());
    if digest.is_none_or(|d| d.as_bytes() != hash.digest(&[content.as_bytes()]).as_slice()) {
        return Err("token dấu thời gian đã bị thay đổi (giá trị băm TSTInfo không khớp)".to_owned());
    }
    if !names_authority(attribute(ID_AA_SIGNING_CERTIFICATE), attribute(rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2), &tsa) {
        return Err(
            "token dấu thời gian không chỉ rõ chứng thư của tổ chức cấp dấu thời gian (signingCertificate)".to_owned()
        );
    }
    let signed = attrs.to_der().map_err(|e| e.to_string())?;
    if !verify_with(&tsa, &info.signature_algorithm, Some(hash), &signed, info.signature.as_bytes())? {
        return Err("chữ ký của tổ chức cấp dấu thời gian không đúng".to_owned());
    }
    let (imprint, time) = tst_info(content.as_bytes())?;
    let stamped = hash_of(imprint.hash_algorithm.oid)?;
    if imprint.hashed_message.as_bytes() != stamped.digest(parts).as_slice() {
        return Err("dấu thời gian không phải của nội dung này (messageImprint không khớp)".to_owned());
    }
    if time.timestamp() > now + CLOCK_SKEW {
        return Err(format!("thời điểm của dấu thời gian {} ở tương lai", time.to_rfc3339()));
    }
    // the authority's certificate valid when it stamped, and for time-stamping only, critically
    // (RFC 3161 §2.3), besides its path now
    let validity = tsa.tbs_certificate().validity();
    let secs = |t: x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    // (a certificate without one passes the path's check, as a CA between it and the root may)
    let usage = tsa.tbs_certificate().get_extension::<x509_cert::ext::pkix::ExtendedKeyUsage>().ok().flatten();
    let mut path = Vec::new();
    let trusted = if time.timestamp() < secs(validity.not_before) || time.timestamp() > secs(validity.not_after) {
        Err(format!(
            "chứng thư của tổ chức cấp dấu thời gian không có hiệu lực tại thời điểm của dấu thời gian ({})",
            time.to_rfc3339()
        ))
    } else {
        super::path::validate(&tsa, &certs, roots, now, super::path::Purpose::TimeStamping).and_then(|p| {
            path = p;
            match usage {
            Some((true, _)) => Ok(()),
            Some((false, _)) => Err("chứng thư của tổ chức cấp dấu thời gian không có extendedKeyUsage timeStamping đánh dấu critical (RFC 3161 §2.3)".to_owned()),
            None => Err(format!(
                "chứng thư của {} không dành riêng cho cấp dấu thời gian (extendedKeyUsage timeStamping)",
                name(tsa.tbs_certificate().subject())
            )),
        }})
    };
    if trusted.is_err() {
        path.clear();
    }
    Ok(Stamp {
        time,
        tsa: name(tsa.tbs_certificate().subject()),
        issuer: name(tsa.tbs_certificate().issuer()),
        trusted,
        path,
    })
}

/// The signing certificate attributes name `tsa` as their first certificate: at least one of v1
/// (SHA-1) and v2, and each one given.
fn names_authority(v1: Option<&der::Any>, v2: Option<&der::Any>, tsa: &Certificate) -> bool {
    (v1.is_some() || v2.is_some())
        && v2.is_none_or(|_| super::verify::names_signer(v2, tsa))
        && v1.is_none_or(|a| names_v1(a, tsa))
}

/// A signingCertificate (v1) attribute names `cert` as its first certificate (its SHA-1 hash).
pub fn names_v1(attribute: &der::Any, cert: &Certificate) -> bool {
    let Some(first) = attribute.decode_as::<SigningCertificate>().ok().and_then(|s| s.certs.first().cloned()) else {
        return false;
    };
    use sha1::Digest as _;
    cert.to_der().is_ok_and(|der| sha1::Sha1::digest(&der).as_slice() == first.cert_hash.as_bytes())
}

/// The nonce of the token `data`'s `TSTInfo` (its INTEGER after genTime), its DER content bytes.
pub fn nonce_of(data: &SignedData) -> Option<Vec<u8>> {
    let content = data.encap_content_info.econtent.as_ref()?.decode_as::<der::asn1::OctetString>().ok()?;
    let items = Vec::<der::Any>::from_der(content.as_bytes()).ok()?;
    items.get(5..)?.iter().find(|i| i.tag() == der::Tag::Integer).map(|i| i.value().to_vec())
}

/// The `signatureTimeStampToken` of a SignerInfo whose signature value is `signature`: `None`
/// when it has none, else the token checked over that value.
pub fn of_signature(info: &cms::signed_data::SignerInfo, roots: &[Vec<u8>], now: i64) -> Option<Result<Stamp, String>> {
    let attrs = info.unsigned_attrs.as_ref()?;
    let found: Vec<_> = attrs.iter().filter(|a| a.oid == ID_AA_SIGNATURE_TIME_STAMP_TOKEN).collect();
    let token = match found[..] {
        [] => return None,
        [one] if one.values.len() == 1 => one.values.iter().next()?,
        _ => return Some(Err("chữ ký có nhiều hơn một dấu thời gian".to_owned())),
    };
    let data = token
        .to_der()
        .ok()
        .and_then(|d| cms::content_info::ContentInfo::from_der(&d).ok())
        .filter(|ci| ci.content_type == rfc5911::ID_SIGNED_DATA)
        .and_then(|ci| ci.content.decode_as::<SignedData>().ok());
    let Some(data) = data else { return Some(Err("không đọc được token dấu thời gian".to_owned())) };
    Some(check(&data, &[info.signature.as_bytes()], roots, now))
}
