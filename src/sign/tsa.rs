//! A signature's time-stamp from an RFC 3161 time-stamping authority (`sign … --tsa URL`, PAdES
//! B-T, issue 27): the request over the signature value, sent by HTTP (through the proxy
//! `HTTP_PROXY`/`HTTPS_PROXY` name), retried with back-off within one deadline for the whole
//! exchange, and the token it returns believed only when [`super::timestamp::check`] accepts it
//! (its imprint, its authority's certificate chaining to the trusted roots for time-stamping)
//! and it answers this request (its nonce). Nothing else is trusted from the network.

use std::time::Duration;

use cms::signed_data::SignedData;
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{Int, OctetString};
use der::{Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;

/// Where to ask, how long to wait at most, and whom to believe.
#[derive(Debug, Clone)]
pub struct Authority {
    /// The authority's URL (`http://tsa.ca.gov.vn`).
    pub url: String,
    /// The deadline of the whole exchange, every attempt included.
    pub timeout: Duration,
    /// The trusted roots (DER) the authority's certificate must chain to.
    pub roots: Vec<Vec<u8>>,
}

/// MessageImprint (RFC 3161 §2.4.1).
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// TimeStampReq (RFC 3161 §2.4.1), without a policy or extensions.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    nonce: Int,
    cert_req: bool,
}

/// PKIStatusInfo (RFC 3161 §2.4.2): the status, what the authority says of it.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct PkiStatusInfo {
    status: u8,
    status_string: Option<Vec<String>>,
    fail_info: Option<der::asn1::BitString>,
}

/// The request's DER for `parts` (their concatenation: a SignerInfo's signature value, or a
/// revision's byte ranges) and its nonce: the nonce is derived from what is stamped (no clock,
/// no randomness: the same bytes ask the same), as an answer to another request cannot carry it.
fn request(parts: &[&[u8]]) -> der::Result<(Vec<u8>, Vec<u8>)> {
    let mut hashed = Sha256::new();
    parts.iter().for_each(|p| hashed.update(p));
    let hashed = hashed.finalize();
    // 8 bytes of the hash of "nonce" and the imprint, positive (a leading zero when the top bit
    // is set)
    let mut nonce = Sha256::new();
    nonce.update(b"baocao nonce");
    nonce.update(hashed);
    // as DER has an INTEGER: no leading zero byte but before a byte whose top bit is set (a
    // nonce starting 00 7F… was sent padded, and an authority refused it as a bad request: one
    // signing in 512)
    let hash = nonce.finalize();
    let bytes: Vec<u8> = hash[..8].iter().copied().skip_while(|b| *b == 0).collect();
    let bytes = if bytes.is_empty() { vec![0] } else { bytes };
    let nonce = Int::new(&if bytes[0] & 0x80 != 0 { [&[0u8][..], &bytes].concat() } else { bytes })?;
    let req = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            hash_algorithm: AlgorithmIdentifierOwned { oid: rfc5912::ID_SHA_256, parameters: None },
            hashed_message: OctetString::new(hashed.to_vec())?,
        },
        nonce: nonce.clone(),
        cert_req: true,
    };
    Ok((req.to_der()?, nonce.as_bytes().to_vec()))
}

/// Why no time-stamp could be had.
#[derive(Debug, thiserror::Error)]
pub enum TsaError {
    /// No answer within the deadline (the last attempt's failure said).
    #[error("không nhận được dấu thời gian từ {url} trong {secs} giây ({why})")]
    Deadline {
        /// The authority.
        url: String,
        /// The deadline, in seconds.
        secs: u64,
        /// What the last attempt met.
        why: String,
    },
    /// The authority answered, but not with a token we can believe.
    #[error("dấu thời gian từ {url} không dùng được: {why}")]
    Refused {
        /// The authority.
        url: String,
        /// Why.
        why: String,
    },
}

/// The reply's token for the request `nonce` over `signature`, as ContentInfo DER, when it is one
/// we believe at `now` (seconds since 1970).
fn token_of(
    reply: &[u8],
    parts: &[&[u8]],
    nonce: &[u8],
    roots: &[Vec<u8>],
    now: i64,
) -> Result<(Vec<u8>, super::timestamp::Stamp), String> {
    let items = Vec::<der::Any>::from_der(reply).map_err(|_| "câu trả lời không phải TimeStampResp (RFC 3161)")?;
    let [status, rest @ ..] = &items[..] else { return Err("câu trả lời không có trạng thái".to_owned()) };
    let status_der = status.to_der().map_err(|e| e.to_string())?;
    let info = PkiStatusInfo::from_der(&status_der).map_err(|_| "trạng thái của câu trả lời không đọc được")?;
    if info.status > 1 {
        // the authority's words, its control characters escaped (no terminal codes, no line
        // that reads as another message)
        let said: Vec<String> = info
            .status_string
            .iter()
            .flatten()
            .map(|t| {
                t.chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect()
            })
            .collect();
        return Err(format!(
            "tổ chức cấp dấu thời gian từ chối (trạng thái {}{})",
            info.status,
            if said.is_empty() { String::new() } else { format!(": {}", said.join("; ")) }
        ));
    }
    let [token] = rest else { return Err("câu trả lời không có token dấu thời gian".to_owned()) };
    let token = token.to_der().map_err(|e| e.to_string())?;
    let data = cms::content_info::ContentInfo::from_der(&token)
        .ok()
        .filter(|ci| ci.content_type == rfc5911::ID_SIGNED_DATA)
        .and_then(|ci| ci.content.decode_as::<SignedData>().ok())
        .ok_or("token dấu thời gian không đọc được")?;
    let stamp = super::timestamp::check(&data, parts, roots, now)?;
    if let Err(why) = &stamp.trusted {
        return Err(format!("chứng thư của tổ chức cấp dấu thời gian không được tin cậy: {why}"));
    }
    if super::timestamp::nonce_of(&data).as_deref() != Some(nonce) {
        return Err("token không trả lời yêu cầu này (nonce khác)".to_owned());
    }
    Ok((token, stamp))
}

pub use super::net::shown;

/// A time-stamp token (ContentInfo DER) over `parts` (their concatenation) from `authority`, and
/// what it says, checked before it is given back; `now` gives the time (seconds since 1970) its
/// certificates are checked at.
pub fn stamp(
    authority: &Authority,
    parts: &[&[u8]],
    now: impl Fn() -> i64,
) -> Result<(Vec<u8>, super::timestamp::Stamp), TsaError> {
    let url = shown(&authority.url);
    let refused = |why: String| TsaError::Refused { url: url.clone(), why };
    let (body, nonce) = request(parts).map_err(|e| refused(e.to_string()))?;
    let ask = super::net::Ask::Post {
        body: &body,
        content_type: "application/timestamp-query",
        accept: "application/timestamp-reply",
    };
    match super::net::exchange(&authority.url, &ask, authority.timeout, 1024 * 1024, "hãy dùng địa chỉ đó trong --tsa")
    {
        // an answer is final: a token we cannot believe is not asked for again
        Ok(bytes) => token_of(&bytes, parts, &nonce, &authority.roots, now()).map_err(refused),
        Err(super::net::Failure::Deadline(why)) => {
            Err(TsaError::Deadline { url: url.clone(), secs: authority.timeout.as_secs(), why })
        }
        Err(super::net::Failure::Refused(why)) => Err(refused(why)),
    }
}

/// `cms_der` (a ContentInfo with one SignerInfo, as [`super::cms::signed_data`] makes it) with
/// `token` as its signer's signatureTimeStampToken, and the signature value it stamps.
pub fn signature_value(cms_der: &[u8]) -> der::Result<Vec<u8>> {
    let data = cms::content_info::ContentInfo::from_der(cms_der)?.content.decode_as::<SignedData>()?;
    let info = data.signer_infos.0.iter().next().ok_or(der::Error::from(der::ErrorKind::Failed))?;
    Ok(info.signature.as_bytes().to_vec())
}

/// `cms_der` with `token` (ContentInfo DER) as its one signer's signatureTimeStampToken.
pub fn with_token(cms_der: &[u8], token: &[u8]) -> der::Result<Vec<u8>> {
    let ci = cms::content_info::ContentInfo::from_der(cms_der)?;
    let mut data = ci.content.decode_as::<SignedData>()?;
    let mut infos: Vec<_> = data.signer_infos.0.iter().cloned().collect();
    let info = infos.first_mut().ok_or(der::Error::from(der::ErrorKind::Failed))?;
    let attribute = x509_cert::attr::Attribute {
        oid: super::timestamp::ID_AA_SIGNATURE_TIME_STAMP_TOKEN,
        values: der::asn1::SetOfVec::try_from(vec![der::Any::from_der(token)?])?,
    };
    info.unsigned_attrs = Some(der::asn1::SetOfVec::try_from(vec![attribute])?);
    data.signer_infos = cms::signed_data::SignerInfos::try_from(infos)?;
    cms::content_info::ContentInfo { content_type: ci.content_type, content: der::Any::encode_from(&data)? }.to_der()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_der_of_version_1_over_the_sha256_of_the_signature_with_a_positive_nonce() {
        let (der_bytes, nonce) = request(&[b"signature value"]).unwrap();
        let req = TimeStampReq::from_der(&der_bytes).unwrap();
        assert_eq!(req.version, 1);
        assert!(req.cert_req);
        assert_eq!(req.message_imprint.hashed_message.as_bytes(), Sha256::digest(b"signature value").as_slice());
        assert_eq!(req.nonce.as_bytes(), &nonce[..]);
        assert!(nonce[0] & 0x80 == 0, "a positive INTEGER");
        // the same signature asks the same; another, another nonce
        assert_eq!(request(&[b"signature ", b"value"]).unwrap().1, nonce);
        assert_ne!(request(&[b"another"]).unwrap().1, nonce);
    }

    #[test]
    fn a_nonce_is_a_der_integer_with_no_padding_byte() {
        // an imprint whose nonce's hash starts 00 and then a byte under 80 (one in 512)
        let padded = (0u32..100_000)
            .map(|i| i.to_be_bytes())
            .find(|i| {
                let hashed = Sha256::digest(i);
                let mut n = Sha256::new();
                n.update(b"baocao nonce");
                n.update(hashed);
                let n = n.finalize();
                n[0] == 0 && n[1] < 0x80
            })
            .unwrap();
        let (der_bytes, nonce) = request(&[&padded]).unwrap();
        assert!(nonce[0] != 0, "{nonce:02x?}");
        assert_eq!(TimeStampReq::from_der(&der_bytes).unwrap().nonce.as_bytes(), &nonce[..]);
        // the INTEGER's content octets as sent: 7 bytes, no leading zero
        let at = der_bytes.windows(nonce.len() + 2).position(|w| w[0] == 0x02 && w[2..] == nonce[..]).unwrap();
        assert_eq!(usize::from(der_bytes[at + 1]), nonce.len());
    }

    #[test]
    fn a_reply_that_is_not_a_granted_token_says_why() {
        // status 2 (rejection) with the authority's words
        #[derive(Sequence)]
        struct Reply {
            status: PkiStatusInfo,
        }
        let status = PkiStatusInfo { status: 2, status_string: Some(vec!["bad request".to_owned()]), fail_info: None };
        let reply = Reply { status }.to_der().unwrap();
        assert_eq!(
            token_of(&reply, &[b"x"], b"n", &[], 0).unwrap_err(),
            "tổ chức cấp dấu thời gian từ chối (trạng thái 2: bad request)"
        );
        assert_eq!(
            token_of(b"not der", &[b"x"], b"n", &[], 0).unwrap_err(),
            "câu trả lời không phải TimeStampResp (RFC 3161)"
        );
    }
}
