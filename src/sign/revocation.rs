//! Whether a certificate was revoked (Decree 68/2024 Art. 31: "not revoked at the signing time",
//! through the CA's CRL or OCSP; issue 27): an OCSP response (RFC 6960) or a CRL (RFC 5280 §5)
//! about one certificate, believed only when it is signed by the certificate's issuer (or, for
//! OCSP, by a responder the issuer delegated to with `id-kp-OCSPSigning`), names that very
//! certificate, and is not dated in the future. Fetched over HTTP from the addresses the
//! certificate gives (`sign … --ltv`, `verify --online`), or read from a PDF's `/DSS`.
//!
//! The ASN.1 of OCSP is written here with `der`'s derive, as the time-stamp's is: the RustCrypto
//! `x509-ocsp` crate is released for `der` 0.7 only, a second ASN.1 stack beside this build's.

use chrono::{DateTime, Utc};
use const_oid::db::{rfc5280, rfc5912, rfc6960};
use der::asn1::{BitString, GeneralizedTime, Int, Null, ObjectIdentifier, OctetString};
use der::{Choice, Decode, Encode, Sequence, Tagged};
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::Extensions;
use x509_cert::Certificate;

use super::verify::{verify_with, CLOCK_SKEW};

/// CertID (RFC 6960 §4.1.1).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct CertId {
    hash_algorithm: AlgorithmIdentifierOwned,
    issuer_name_hash: OctetString,
    issuer_key_hash: OctetString,
    serial_number: Int,
}

/// Request (RFC 6960 §4.1.1), without extensions.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct Request {
    req_cert: CertId,
}

/// TBSRequest, version 1 (the default, left out), no requestor name, no extensions.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TbsRequest {
    request_list: Vec<Request>,
}

/// OCSPRequest, unsigned.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct OcspRequest {
    tbs_request: TbsRequest,
}

/// OCSPResponse (RFC 6960 §4.2.1): its status (an ENUMERATED) and, when successful, its bytes.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct OcspResponse {
    response_status: der::Any,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    response_bytes: Option<ResponseBytes>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct ResponseBytes {
    response_type: ObjectIdentifier,
    response: OctetString,
}

/// BasicOCSPResponse; the signed data kept as it was read, for its signature.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct BasicOcspResponse {
    tbs_response_data: der::Any,
    signature_algorithm: AlgorithmIdentifierOwned,
    signature: BitString,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    certs: Option<Vec<Certificate>>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct ResponseData {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    version: Option<u8>,
    /// byName [1] or byKey [2]: the signature says who signed, not this
    responder_id: der::Any,
    produced_at: GeneralizedTime,
    responses: Vec<SingleResponse>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    response_extensions: Option<Extensions>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SingleResponse {
    cert_id: CertId,
    cert_status: CertStatus,
    this_update: GeneralizedTime,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    next_update: Option<GeneralizedTime>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    single_extensions: Option<Extensions>,
}

#[derive(Clone, Debug, Eq, PartialEq, Choice)]
enum CertStatus {
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT")]
    Good(Null),
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", constructed = "true")]
    Revoked(RevokedInfo),
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT")]
    Unknown(Null),
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct RevokedInfo {
    revocation_time: GeneralizedTime,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    revocation_reason: Option<der::Any>,
}

/// Where the evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Source {
    /// An OCSP response.
    Ocsp,
    /// A certificate revocation list.
    Crl,
}

impl Source {
    /// As a user reads it.
    pub fn word(self) -> &'static str {
        match self {
            Source::Ocsp => "OCSP",
            Source::Crl => "CRL",
        }
    }
}

/// What one OCSP response or CRL that was believed says of one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// OCSP or CRL.
    pub source: Source,
    /// When the status it gives was known (`thisUpdate`).
    pub at: DateTime<Utc>,
    /// When newer data is due (`nextUpdate`), when it says.
    pub next: Option<DateTime<Utc>>,
    /// When the certificate was revoked, if it was.
    pub revoked: Option<DateTime<Utc>>,
}

fn utc(secs: u64) -> DateTime<Utc> {
    DateTime::from_timestamp(i64::try_from(secs).unwrap_or(i64::MAX), 0).unwrap_or_default()
}

/// `cert` is issued by `issuer`: its issuer's name, and its signature by the issuer's key.
pub fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    if cert.tbs_certificate().issuer() != issuer.tbs_certificate().subject() {
        return false;
    }
    let Ok(tbs) = cert.tbs_certificate().to_der() else { return false };
    let signature = cert.signature().raw_bytes();
    verify_with(issuer, cert.signature_algorithm(), None, &tbs, signature) == Ok(true)
}

/// The hash the CertID's algorithm names, over `data`.
fn cert_id_hash(oid: ObjectIdentifier, data: &[u8]) -> Option<Vec<u8>> {
    use sha1::Digest as _;
    match oid {
        o if o == rfc5912::ID_SHA_1 => Some(sha1::Sha1::digest(data).to_vec()),
        o => super::verify::hash_of(o).ok().map(|h| h.digest(&[data])),
    }
}

/// `id` names `cert`, issued by `issuer`.
fn names(id: &CertId, cert: &Certificate, issuer: &Certificate) -> bool {
    let Ok(name) = issuer.tbs_certificate().subject().to_der() else { return false };
    let key = issuer.tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes();
    let oid = id.hash_algorithm.oid;
    cert_id_hash(oid, &name).is_some_and(|h| h == id.issuer_name_hash.as_bytes())
        && cert_id_hash(oid, key).is_some_and(|h| h == id.issuer_key_hash.as_bytes())
        && id.serial_number.as_bytes() == cert.tbs_certificate().serial_number().as_bytes()
}

/// An OCSP request (DER) for `cert`, issued by `issuer`: one CertID by SHA-1, as responders
/// answer most (RFC 5019), no nonce (the answer is checked by its time and signature).
pub fn ocsp_request(cert: &Certificate, issuer: &Certificate) -> der::Result<Vec<u8>> {
    use sha1::Digest as _;
    let name = issuer.tbs_certificate().subject().to_der()?;
    let key = issuer.tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes();
    let id = CertId {
        hash_algorithm: AlgorithmIdentifierOwned { oid: rfc5912::ID_SHA_1, parameters: Some(Null.into()) },
        issuer_name_hash: OctetString::new(sha1::Sha1::digest(&name).to_vec())?,
        issuer_key_hash: OctetString::new(sha1::Sha1::digest(key).to_vec())?,
        serial_number: Int::new(cert.tbs_certificate().serial_number().as_bytes())?,
    };
    OcspRequest { tbs_request: TbsRequest { request_list: vec![Request { req_cert: id }] } }.to_der()
}

/// What the OCSP response `der_bytes` says of `cert` (issued by `issuer`), checked at `now`
/// (seconds since 1970); `Err` says why it is not believed.
pub fn ocsp(der_bytes: &[u8], cert: &Certificate, issuer: &Certificate, now: i64) -> Result<Evidence, String> {
    let response = OcspResponse::from_der(der_bytes).map_err(|_| "câu trả lời OCSP không đọc được".to_owned())?;
    let status = &response.response_status;
    if status.tag() != der::Tag::Enumerated || status.value() != [0] {
        let code = status.value().first().copied().unwrap_or(u8::MAX);
        let what = match code {
            1 => "malformedRequest",
            2 => "internalError",
            3 => "tryLater",
            5 => "sigRequired",
            6 => "unauthorized",
            _ => "không rõ",
        };
        return Err(format!("máy chủ OCSP không trả lời được (trạng thái {code}: {what})"));
    }
    let bytes = response.response_bytes.ok_or("câu trả lời OCSP không có nội dung")?;
    if bytes.response_type != rfc6960::ID_PKIX_OCSP_BASIC {
        return Err(format!("câu trả lời OCSP loại {} không được hỗ trợ", bytes.response_type));
    }
    let basic = BasicOcspResponse::from_der(bytes.response.as_bytes())
        .map_err(|_| "câu trả lời OCSP (BasicOCSPResponse) không đọc được".to_owned())?;
    let tbs = basic.tbs_response_data.to_der().map_err(|e| e.to_string())?;
    let data = ResponseData::from_der(&tbs).map_err(|_| "câu trả lời OCSP (ResponseData) không đọc được".to_owned())?;
    let produced = data.produced_at.to_unix_duration().as_secs();
    // about this certificate (cheap, before any signature is checked)
    let single = data
        .responses
        .iter()
        .find(|r| names(&r.cert_id, cert, issuer))
        .ok_or("câu trả lời OCSP không nói về chứng thư này")?;
    // signed by the issuer, or by a responder the issuer delegated to
    let delegated = |c: &&Certificate| {
        let eku = c.tbs_certificate().get_extension::<x509_cert::ext::pkix::ExtendedKeyUsage>().ok().flatten();
        let validity = c.tbs_certificate().validity();
        eku.is_some_and(|(_, e)| e.0.contains(&rfc5280::ID_KP_OCSP_SIGNING))
            && validity.not_before.to_unix_duration().as_secs() <= produced
            && produced <= validity.not_after.to_unix_duration().as_secs()
            && issued_by(c, issuer)
    };
    let carried = basic.certs.as_deref().unwrap_or_default();
    let signed = std::iter::once(issuer).chain(carried.iter().filter(delegated)).any(|signer| {
        verify_with(signer, &basic.signature_algorithm, None, &tbs, basic.signature.raw_bytes()) == Ok(true)
    });
    if !signed {
        return Err(
            "câu trả lời OCSP không được ký bởi tổ chức cấp chứng thư hoặc máy chủ OCSP được ủy quyền".to_owned()
        );
    }
    if i64::try_from(produced).unwrap_or(i64::MAX) > now + CLOCK_SKEW {
        return Err(format!("câu trả lời OCSP ghi thời điểm ở tương lai ({})", utc(produced).to_rfc3339()));
    }
    let at = single.this_update.to_unix_duration().as_secs();
    if i64::try_from(at).unwrap_or(i64::MAX) > now + CLOCK_SKEW {
        return Err(format!("câu trả lời OCSP ghi thời điểm ở tương lai ({})", utc(at).to_rfc3339()));
    }
    let revoked = match &single.cert_status {
        CertStatus::Good(_) => None,
        CertStatus::Revoked(info) => Some(utc(info.revocation_time.to_unix_duration().as_secs())),
        CertStatus::Unknown(_) => return Err("máy chủ OCSP không biết chứng thư này (unknown)".to_owned()),
    };
    let next = single.next_update.as_ref().map(|t| utc(t.to_unix_duration().as_secs()));
    Ok(Evidence { source: Source::Ocsp, at: utc(at), next, revoked })
}

/// id-ce-deltaCRLIndicator, id-ce-issuingDistributionPoint (RFC 5280 §5.2.4, §5.2.5).
const DELTA_CRL_INDICATOR: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.27");
const ISSUING_DISTRIBUTION_POINT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.28");

/// What the CRL `der_bytes` says of `cert` (issued by `issuer`), checked at `now`; `Err` says why
/// it is not believed. A delta CRL, or one whose scope is limited (an issuing distribution
/// point), is not: it may leave out what a full list says.
pub fn crl(der_bytes: &[u8], cert: &Certificate, issuer: &Certificate, now: i64) -> Result<Evidence, String> {
    let list = x509_cert::crl::CertificateList::<x509_cert::certificate::Rfc5280>::from_der(der_bytes)
        .map_err(|_| "CRL không đọc được".to_owned())?;
    // the signed bytes as they were read
    let raw = Vec::<der::Any>::from_der(der_bytes).map_err(|_| "CRL không đọc được".to_owned())?;
    let tbs = raw.first().and_then(|a| a.to_der().ok()).ok_or("CRL không đọc được")?;
    let subject = issuer.tbs_certificate().subject();
    if &list.tbs_cert_list.issuer != subject || cert.tbs_certificate().issuer() != subject {
        return Err("CRL không phải của tổ chức cấp chứng thư này".to_owned());
    }
    let usage = issuer.tbs_certificate().get_extension::<x509_cert::ext::pkix::KeyUsage>().ok().flatten();
    if usage.is_some_and(|(_, ku)| !ku.crl_sign()) {
        return Err("chứng thư của tổ chức cấp không được dùng để ký CRL (keyUsage thiếu cRLSign)".to_owned());
    }
    if verify_with(issuer, &list.signature_algorithm, None, &tbs, list.signature.raw_bytes()) != Ok(true) {
        return Err("CRL không được ký bởi tổ chức cấp chứng thư".to_owned());
    }
    let extensions = list.tbs_cert_list.crl_extensions.as_deref().unwrap_or_default();
    if extensions.iter().any(|e| e.extn_id == DELTA_CRL_INDICATOR || e.extn_id == ISSUING_DISTRIBUTION_POINT) {
        return Err("CRL delta hoặc CRL có phạm vi hạn chế (issuingDistributionPoint) không được dùng".to_owned());
    }
    let at = list.tbs_cert_list.this_update.to_unix_duration().as_secs();
    if i64::try_from(at).unwrap_or(i64::MAX) > now + CLOCK_SKEW {
        return Err(format!("CRL ghi thời điểm ở tương lai ({})", utc(at).to_rfc3339()));
    }
    let serial = cert.tbs_certificate().serial_number().as_bytes();
    let revoked = list
        .tbs_cert_list
        .revoked_certificates
        .iter()
        .flatten()
        .find(|r| r.serial_number.as_bytes() == serial)
        .map(|r| utc(r.revocation_date.to_unix_duration().as_secs()));
    let next = list.tbs_cert_list.next_update.map(|t| utc(t.to_unix_duration().as_secs()));
    Ok(Evidence { source: Source::Crl, at: utc(at), next, revoked })
}

/// The HTTP addresses `cert` gives for its status: OCSP responders (authority information
/// access), then CRL distribution points.
pub fn addresses(cert: &Certificate) -> (Vec<String>, Vec<String>) {
    use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
    use x509_cert::ext::pkix::{AuthorityInfoAccessSyntax, CrlDistributionPoints};
    let http = |n: &GeneralName| match n {
        GeneralName::UniformResourceIdentifier(u) if u.as_str().starts_with("http://") => Some(u.as_str().to_owned()),
        _ => None,
    };
    let tbs = cert.tbs_certificate();
    let ocsp = tbs
        .get_extension::<AuthorityInfoAccessSyntax>()
        .ok()
        .flatten()
        .map(|(_, aia)| {
            aia.0
                .iter()
                .filter(|d| d.access_method == rfc5280::ID_AD_OCSP)
                .filter_map(|d| http(&d.access_location))
                .collect()
        })
        .unwrap_or_default();
    let crls = tbs
        .get_extension::<CrlDistributionPoints>()
        .ok()
        .flatten()
        .map(|(_, dps)| {
            dps.0
                .iter()
                .filter_map(|dp| match &dp.distribution_point {
                    Some(DistributionPointName::FullName(names)) => {
                        Some(names.iter().filter_map(http).collect::<Vec<_>>())
                    }
                    _ => None,
                })
                .flatten()
                .collect()
        })
        .unwrap_or_default();
    (ocsp, crls)
}

/// Fetched evidence: the raw response or list (for a `/DSS`) and what it says.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The OCSP response or CRL, DER.
    pub der: Vec<u8>,
    /// What it says, checked.
    pub evidence: Evidence,
}

/// The status of `cert` (issued by `issuer`) from the addresses it gives, OCSP first, then each
/// CRL, within `timeout` for all of them; what is fetched is checked as [`ocsp`] and [`crl`]
/// check it. `Err` says what each address met.
pub fn fetch(cert: &Certificate, issuer: &Certificate, timeout: std::time::Duration) -> Result<Fetched, String> {
    let start = std::time::Instant::now();
    let (ocsps, crls) = addresses(cert);
    if ocsps.is_empty() && crls.is_empty() {
        return Err("chứng thư không ghi địa chỉ OCSP hay CRL (http://) nào".to_owned());
    }
    let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let mut met = Vec::new();
    let said = |url: &str, f: super::net::Failure| match f {
        super::net::Failure::Deadline(why) => format!("{}: hết thời gian chờ ({why})", super::net::shown(url)),
        super::net::Failure::Refused(why) => format!("{}: {why}", super::net::shown(url)),
    };
    let request = ocsp_request(cert, issuer).map_err(|e| e.to_string())?;
    let redirect = "địa chỉ là của chứng thư, không theo chuyển hướng";
    for url in &ocsps {
        let left = timeout.saturating_sub(start.elapsed());
        let ask = super::net::Ask::Post {
            body: &request,
            content_type: "application/ocsp-request",
            accept: "application/ocsp-response",
        };
        match super::net::exchange(url, &ask, left, 1024 * 1024, redirect) {
            Ok(der) => match ocsp(&der, cert, issuer, now()) {
                Ok(evidence) => return Ok(Fetched { der, evidence }),
                Err(why) => met.push(format!("{}: {why}", super::net::shown(url))),
            },
            Err(f) => met.push(said(url, f)),
        }
    }
    for url in &crls {
        let left = timeout.saturating_sub(start.elapsed());
        match super::net::exchange(url, &super::net::Ask::Get, left, 32 * 1024 * 1024, redirect) {
            Ok(der) => match crl(&der, cert, issuer, now()) {
                Ok(evidence) => return Ok(Fetched { der, evidence }),
                Err(why) => met.push(format!("{}: {why}", super::net::shown(url))),
            },
            Err(f) => met.push(said(url, f)),
        }
    }
    Err(met.join("; "))
}

/// What the evidence `found` (each checked) says of a certificate at `time` (seconds since 1970),
/// the time the signature is known to have existed by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not revoked then: the evidence dates from `time` or after.
    Good(Evidence),
    /// Revoked, but after `time` (a time a time-stamp proves).
    RevokedAfter(Evidence),
    /// Revoked at or before `time`, or at any time when nothing proves `time`.
    Revoked(Evidence),
    /// No evidence that covers `time`; why.
    Unknown(String),
}

/// The status of a certificate at `time` from the evidence `found` about it (`proven`: a
/// time-stamp proves `time`): a revocation at or before `time` decides — any revocation, when
/// nothing proves `time` —, then one after it; else the freshest evidence, when it was issued at
/// `time` or after: a list or an answer issued before says nothing of what happened between (a
/// CA publishing its CRL every few hours is read once it has published again).
pub fn status(found: &[Evidence], time: i64, proven: bool) -> Status {
    if let Some(e) = found.iter().find(|e| e.revoked.is_some_and(|r| !proven || r.timestamp() <= time)) {
        return Status::Revoked(e.clone());
    }
    if let Some(e) = found.iter().filter(|e| e.revoked.is_some()).min_by_key(|e| e.revoked) {
        return Status::RevokedAfter(e.clone());
    }
    // of what was issued at the time or after, an OCSP response (about this certificate alone)
    // before a CRL (which a certificate of the same CA may have brought), then the freshest: which
    // is said does not depend on which was fetched a second later
    if let Some(e) = found.iter().filter(|e| e.at.timestamp() >= time).max_by_key(|e| (e.source == Source::Ocsp, e.at))
    {
        return Status::Good(e.clone());
    }
    match found.iter().max_by_key(|e| e.at) {
        Some(e) => Status::Unknown(format!(
            "dữ liệu thu hồi mới nhất ({} lúc {}) có trước thời điểm cần kiểm tra ({}), nên không chứng minh được chứng thư chưa bị thu hồi lúc đó{}",
            e.source.word(),
            e.at.to_rfc3339(),
            utc(u64::try_from(time).unwrap_or(0)).to_rfc3339(),
            e.next.map(|n| format!("; tổ chức cấp công bố dữ liệu mới trước {}", n.to_rfc3339())).unwrap_or_default()
        )),
        None => Status::Unknown("không có dữ liệu thu hồi".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap()
    }

    fn stale_ocsp(time: i64) -> Evidence {
        evidence(Source::Ocsp, time - 1, None)
    }

    fn evidence(source: Source, when: i64, revoked: Option<i64>) -> Evidence {
        Evidence { source, at: at(when), next: None, revoked: revoked.map(at) }
    }

    #[test]
    fn a_revocation_at_or_before_the_time_decides_then_one_after_then_fresh_evidence() {
        let time = 1_000_000;
        // revoked at the very second, or before: revoked, whatever else says good
        let good = evidence(Source::Ocsp, time + 10, None);
        let before = evidence(Source::Crl, time + 5, Some(time));
        assert_eq!(status(&[good.clone(), before.clone()], time, true), Status::Revoked(before));
        // revoked a second after a proven time: not before the signature; with nothing proving
        // the time, revoked
        let after = evidence(Source::Ocsp, time + 5, Some(time + 1));
        assert_eq!(status(&[good.clone(), after.clone()], time, true), Status::RevokedAfter(after.clone()));
        assert_eq!(status(&[good.clone(), after.clone()], time, false), Status::Revoked(after));
        // good, issued at the time or after
        assert_eq!(status(std::slice::from_ref(&good), time, true), Status::Good(good.clone()));
        let same = evidence(Source::Crl, time, None);
        assert_eq!(status(std::slice::from_ref(&same), time, true), Status::Good(same));
        // good, but issued a second before the time (second hostile review: within the clock
        // skew it was believed, and a revocation in between went unseen): proves nothing of it
        let stale = evidence(Source::Ocsp, time - 1, None);
        assert!(
            matches!(status(&[stale], time, true), Status::Unknown(why) if why.contains("có trước thời điểm cần kiểm tra"))
        );
        assert_eq!(status(&[], time, true), Status::Unknown("không có dữ liệu thu hồi".to_owned()));
        // of two as fresh, the OCSP response; and of two covering the time, the OCSP response
        // though the CRL came a second later (a CRL fetched for another certificate of the same
        // CA made the source said depend on the machine's load)
        let crl = evidence(Source::Crl, time + 10, None);
        assert_eq!(status(&[good.clone(), crl.clone()], time, true), Status::Good(good.clone()));
        assert_eq!(status(&[crl, good.clone()], time, true), Status::Good(good.clone()));
        let later = evidence(Source::Crl, time + 11, None);
        assert_eq!(status(&[good.clone(), later.clone()], time, true), Status::Good(good.clone()));
        assert_eq!(status(&[later.clone(), good.clone()], time, true), Status::Good(good));
        // a CRL covering the time is taken over an OCSP response that does not
        assert_eq!(status(&[stale_ocsp(time), later.clone()], time, true), Status::Good(later));
    }

    #[test]
    fn what_is_not_an_ocsp_response_or_a_crl_is_said_so() {
        let cert = Certificate::from_der(include_bytes!("roots/vgca-rootca-g2.cer")).unwrap();
        assert_eq!(ocsp(b"junk", &cert, &cert, 0).unwrap_err(), "câu trả lời OCSP không đọc được");
        assert_eq!(crl(b"junk", &cert, &cert, 0).unwrap_err(), "CRL không đọc được");
        // an OCSPResponse whose status is tryLater (3)
        let try_later = [0x30, 0x03, 0x0a, 0x01, 0x03];
        assert_eq!(
            ocsp(&try_later, &cert, &cert, 0).unwrap_err(),
            "máy chủ OCSP không trả lời được (trạng thái 3: tryLater)"
        );
    }
}
