//! The CMS SignedData of a PAdES baseline B-B signature (ETSI EN 319 142-1, `ETSI.CAdES.detached`):
//! detached (no content), SHA-256, signed attributes contentType, messageDigest and
//! signingCertificateV2 (RFC 5035), no signingTime (the time is the signature dictionary's `/M`).
//!
//! Assembled from the RustCrypto ASN.1 types (`cms`, `x509-cert`, `der`) rather than `cms`'s
//! builder, so that the signature can come from anywhere (a key in memory, a PKCS#11 token): the
//! signer is handed the DER of the signed attributes and gives back the signature value. DER
//! sorts every SET, so the same input, key and time give the same bytes.

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use const_oid::db::{rfc5911, rfc5912};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::serial_number::SerialNumber;
use x509_cert::Certificate;

/// ESSCertIDv2 (RFC 5035): the signer's certificate by its SHA-256 hash (the default algorithm,
/// left out) and its issuer and serial number.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: IssuerSerial,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// How the signature value is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// RSA, PKCS#1 v1.5, SHA-256.
    RsaPkcs1v15,
    /// RSA, RSASSA-PSS, SHA-256, MGF1 with SHA-256, a 32-byte salt.
    RsaPss,
    /// ECDSA on P-256 with SHA-256 (the value DER-encoded).
    EcdsaP256,
}

impl Algorithm {
    fn identifier(self) -> der::Result<AlgorithmIdentifierOwned> {
        Ok(match self {
            Algorithm::RsaPkcs1v15 => {
                AlgorithmIdentifierOwned { oid: rfc5912::SHA_256_WITH_RSA_ENCRYPTION, parameters: Some(Any::null()) }
            }
            Algorithm::EcdsaP256 => AlgorithmIdentifierOwned { oid: rfc5912::ECDSA_WITH_SHA_256, parameters: None },
            Algorithm::RsaPss => rsa::pss::get_default_pss_signature_algo_id::<Sha256>()
                .map_err(|_| der::Error::from(der::ErrorKind::Failed))?,
        })
    }
}

/// Building the CMS failed.
#[derive(Debug, thiserror::Error)]
pub enum CmsError {
    /// A certificate or a structure could not be encoded or decoded.
    Der(#[from] der::Error),
    /// The signer failed.
    Signer(Box<dyn std::error::Error + Send + Sync>),
}

impl std::fmt::Display for CmsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CmsError::Der(e) => f.write_str(&crate::messages::tr!("the signature's CMS: {e}", e)),
            CmsError::Signer(e) => std::fmt::Display::fmt(e, f),
        }
    }
}

fn attribute(oid: der::oid::ObjectIdentifier, value: Any) -> der::Result<Attribute> {
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value])? })
}

/// The signed attributes for `digest` (SHA-256 of the signed bytes) and the signer's certificate.
fn signed_attributes(digest: &[u8], cert: &Certificate, cert_der: &[u8]) -> der::Result<SetOfVec<Attribute>> {
    let tbs = cert.tbs_certificate();
    let scv2 = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(cert_der).to_vec())?,
            issuer_serial: IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer().clone())],
                serial_number: tbs.serial_number().clone(),
            },
        }],
    };
    SetOfVec::try_from(vec![
        attribute(rfc5911::ID_CONTENT_TYPE, Any::encode_from(&rfc5911::ID_DATA)?)?,
        attribute(rfc5911::ID_MESSAGE_DIGEST, Any::encode_from(&OctetString::new(digest.to_vec())?)?)?,
        attribute(rfc5911::ID_AA_SIGNING_CERTIFICATE_V_2, Any::encode_from(&scv2)?)?,
    ])
}

/// The DER of a CMS ContentInfo holding the detached SignedData over bytes whose SHA-256 is
/// `digest`, signed by the first certificate of `chain` (DER, the signer's first): `sign` is
/// given the DER of the signed attributes and returns the signature value.
pub fn signed_data(
    digest: &[u8],
    chain: &[Vec<u8>],
    algorithm: Algorithm,
    sign: impl FnOnce(&[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>>,
) -> Result<Vec<u8>, CmsError> {
    let certs: Vec<Certificate> = chain.iter().map(|c| Certificate::from_der(c)).collect::<Result<_, _>>()?;
    let signer = &certs[0];
    let signed = signed_attributes(digest, signer, &chain[0])?;
    let value = sign(&signed.to_der()?).map_err(CmsError::Signer)?;
    let tbs = signer.tbs_certificate();
    let sha256 = AlgorithmIdentifierOwned { oid: rfc5912::ID_SHA_256, parameters: None };
    let info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer().clone(),
            serial_number: tbs.serial_number().clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed),
        signature_algorithm: algorithm.identifier()?,
        signature: OctetString::new(value)?,
        unsigned_attrs: None,
    };
    let data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256])?,
        encap_content_info: EncapsulatedContentInfo { econtent_type: rfc5911::ID_DATA, econtent: None },
        certificates: Some(CertificateSet::try_from(
            certs.into_iter().map(CertificateChoices::Certificate).collect::<Vec<_>>(),
        )?),
        crls: None,
        signer_infos: SignerInfos::try_from(vec![info])?,
    };
    Ok(ContentInfo { content_type: rfc5911::ID_SIGNED_DATA, content: Any::encode_from(&data)? }.to_der()?)
}
