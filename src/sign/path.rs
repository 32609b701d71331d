//! Certificate path validation (RFC 5280; issue 24, item 5) by rustls-webpki: it builds the path
//! from the signer's certificate to a trusted root through the certificates the signature carries,
//! and refuses an issuer that is no CA, a path longer than a `pathLenConstraint` allows, a CA used
//! as the signer, a certificate not valid now, name constraints broken. Its signature algorithms
//! are ours (RustCrypto, the ones TT 15/2025 allows, as `verify` checks a document signature):
//! webpki's own come with ring or aws-lc-rs, C and assembly this build keeps out. Around it, what
//! webpki leaves to its user: every issuer's `keyUsage` allowing `keyCertSign`, the root itself
//! valid now, the signer's `keyUsage` allowing `digitalSignature` or `nonRepudiation`, and an
//! extended key usage, when present, fit for signing documents.

use std::time::Duration;

use der::{Decode, Encode};
use rustls_pki_types::{
    alg_id, AlgorithmIdentifier, CertificateDer, InvalidSignature, SignatureVerificationAlgorithm, UnixTime,
};
use x509_cert::Certificate;

/// The scheme of a signature algorithm.
#[derive(Debug, Clone, Copy)]
enum Scheme {
    Pkcs1,
    Pss,
    Ecdsa,
}

/// The hash of a signature algorithm.
#[derive(Debug, Clone, Copy)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

fn hash(h: Hash, message: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    match h {
        Hash::Sha256 => sha2::Sha256::digest(message).to_vec(),
        Hash::Sha384 => sha2::Sha384::digest(message).to_vec(),
        Hash::Sha512 => sha2::Sha512::digest(message).to_vec(),
    }
}

/// A signature algorithm a certificate may be signed with.
#[derive(Debug)]
struct Alg {
    key: AlgorithmIdentifier,
    signature: AlgorithmIdentifier,
    scheme: Scheme,
    hash: Hash,
}

impl SignatureVerificationAlgorithm for Alg {
    fn verify_signature(&self, public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        use rsa::signature::Verifier as _;
        let rsa_key = || -> Result<rsa::PublicKey, InvalidSignature> {
            use rsa::pkcs1::DecodeRsaPublicKey as _;
            use rsa::traits::PublicKeyParts as _;
            let key = rsa::PublicKey::from_pkcs1_der(public_key).map_err(|_| InvalidSignature)?;
            // TT 15/2025: RSA of at least 2048 bits
            if key.n().bit_width() < 2048 {
                return Err(InvalidSignature);
            }
            Ok(key)
        };
        let ok = match self.scheme {
            Scheme::Pkcs1 => {
                let key = rsa_key()?;
                let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| InvalidSignature)?;
                match self.hash {
                    Hash::Sha256 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &sig).is_ok(),
                    Hash::Sha384 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &sig).is_ok(),
                    Hash::Sha512 => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &sig).is_ok(),
                }
            }
            Scheme::Pss => {
                let key = rsa_key()?;
                let sig = rsa::pss::Signature::try_from(signature).map_err(|_| InvalidSignature)?;
                match self.hash {
                    Hash::Sha256 => rsa::pss::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &sig).is_ok(),
                    Hash::Sha384 => rsa::pss::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &sig).is_ok(),
                    Hash::Sha512 => rsa::pss::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &sig).is_ok(),
                }
            }
            Scheme::Ecdsa => {
                use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
                let digest = hash(self.hash, message);
                if self.key == alg_id::ECDSA_P256 {
                    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key).map_err(|_| InvalidSignature)?;
                    p256::ecdsa::Signature::from_der(signature).is_ok_and(|s| key.verify_prehash(&digest, &s).is_ok())
                } else {
                    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(public_key).map_err(|_| InvalidSignature)?;
                    p384::ecdsa::Signature::from_der(signature).is_ok_and(|s| key.verify_prehash(&digest, &s).is_ok())
                }
            }
        };
        if ok {
            Ok(())
        } else {
            Err(InvalidSignature)
        }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.key
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature
    }
}

const fn alg(key: AlgorithmIdentifier, signature: AlgorithmIdentifier, scheme: Scheme, hash: Hash) -> Alg {
    Alg { key, signature, scheme, hash }
}

static ALGS: [Alg; 12] = [
    alg(alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA256, Scheme::Pkcs1, Hash::Sha256),
    alg(alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA384, Scheme::Pkcs1, Hash::Sha384),
    alg(alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA512, Scheme::Pkcs1, Hash::Sha512),
    alg(alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA256, Scheme::Pss, Hash::Sha256),
    alg(alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA384, Scheme::Pss, Hash::Sha384),
    alg(alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA512, Scheme::Pss, Hash::Sha512),
    alg(alg_id::ECDSA_P256, alg_id::ECDSA_SHA256, Scheme::Ecdsa, Hash::Sha256),
    alg(alg_id::ECDSA_P256, alg_id::ECDSA_SHA384, Scheme::Ecdsa, Hash::Sha384),
    alg(alg_id::ECDSA_P256, alg_id::ECDSA_SHA512, Scheme::Ecdsa, Hash::Sha512),
    alg(alg_id::ECDSA_P384, alg_id::ECDSA_SHA256, Scheme::Ecdsa, Hash::Sha256),
    alg(alg_id::ECDSA_P384, alg_id::ECDSA_SHA384, Scheme::Ecdsa, Hash::Sha384),
    alg(alg_id::ECDSA_P384, alg_id::ECDSA_SHA512, Scheme::Ecdsa, Hash::Sha512),
];

/// The extended key usages that fit signing documents: the government CA's personal certificates
/// carry clientAuth and emailProtection; documentSigning (RFC 9336), Adobe's and Microsoft's
/// document signing, codeSigning-free. anyExtendedKeyUsage too.
const FITTING: &[&[u8]] = &[
    // id-kp-clientAuth 1.3.6.1.5.5.7.3.2
    &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02],
    // id-kp-emailProtection 1.3.6.1.5.5.7.3.4
    &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04],
    // id-kp-documentSigning 1.3.6.1.5.5.7.3.36
    &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x24],
    // Adobe Authentic Documents Trust 1.2.840.113583.1.1.5
    &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x2f, 0x01, 0x01, 0x05],
    // Microsoft document signing 1.3.6.1.4.1.311.10.3.12
    &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x0a, 0x03, 0x0c],
    // anyExtendedKeyUsage 2.5.29.37.0
    &[0x55, 0x1d, 0x25, 0x00],
];

/// An extended key usage, when a certificate has one, holding a purpose that fits signing
/// documents (serverAuth alone does not).
struct DocumentSigning;

impl webpki::ExtendedKeyUsageValidator for DocumentSigning {
    // the error with context names a required purpose; here any of several fits
    #[allow(deprecated)]
    fn validate(&self, iter: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        // no extended key usage: any use the key usage allows
        let (mut any, mut fits) = (false, false);
        for purpose in iter {
            let purpose = purpose?;
            any = true;
            fits |= FITTING.iter().any(|f| purpose == webpki::KeyPurposeId::new(f));
        }
        if fits || !any {
            Ok(())
        } else {
            Err(webpki::Error::RequiredEkuNotFound)
        }
    }
}

/// id-kp-timeStamping 1.3.6.1.5.5.7.3.8
const TIME_STAMPING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08];

/// What a certificate is validated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Signing documents: no extended key usage, or one with a purpose that fits.
    Document,
    /// Time-stamping (RFC 3161 §2.3): an extended key usage of `timeStamping`, nothing else.
    TimeStamping,
}

/// A time-stamping authority's extended key usage: `timeStamping` only. A certificate of the
/// path with none (a CA between the authority and the root, as the government CA's are) is not
/// restricted by it (RFC 5280 §4.2.1.12); that the authority's own has one, critical, is
/// [`super::timestamp::check`]'s to require.
struct TimeStampingOnly;

impl webpki::ExtendedKeyUsageValidator for TimeStampingOnly {
    #[allow(deprecated)]
    fn validate(&self, iter: webpki::KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        let mut purposes = 0;
        let mut fits = false;
        for purpose in iter {
            purposes += 1;
            fits |= purpose? == webpki::KeyPurposeId::new(TIME_STAMPING);
        }
        if purposes == 0 || (fits && purposes == 1) {
            Ok(())
        } else {
            Err(webpki::Error::RequiredEkuNotFound)
        }
    }
}

/// The key usage bits of a certificate, when it has the extension.
fn key_usage(cert: &Certificate) -> Option<x509_cert::ext::pkix::KeyUsage> {
    cert.tbs_certificate().get_extension::<x509_cert::ext::pkix::KeyUsage>().ok().flatten().map(|(_, ku)| ku)
}

fn valid_at(cert: &Certificate, at: i64) -> bool {
    let v = cert.tbs_certificate().validity();
    let secs = |t: x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    secs(v.not_before) <= at && at <= secs(v.not_after)
}

/// The path from `signer` to one of `roots` (DER), through `pool` (the certificates the signature
/// carries), valid at `now` (seconds since 1970): its certificates from `signer` to the root;
/// `Err` says why not, in Vietnamese.
pub fn validate(
    signer: &Certificate,
    pool: &[Certificate],
    roots: &[Vec<u8>],
    now: i64,
    purpose: Purpose,
) -> Result<Vec<Certificate>, String> {
    let name = |c: &Certificate| super::verify::name(c.tbs_certificate().subject());
    // the signer's own key usage: for signing (webpki leaves an end entity's key usage alone)
    match key_usage(signer) {
        Some(ku) if ku.digital_signature() || ku.non_repudiation() => {}
        _ => {
            return Err(format!(
                "chứng thư của {} không dành cho ký số (keyUsage thiếu digitalSignature/nonRepudiation)",
                name(signer)
            ))
        }
    }
    let der = signer.to_der().map_err(|e| e.to_string())?;
    let ee_der = CertificateDer::from(der.as_slice());
    let ee =
        webpki::EndEntityCert::try_from(&ee_der).map_err(|e| format!("chứng thư của người ký không đọc được ({e})"))?;
    let roots_der: Vec<CertificateDer<'_>> = roots.iter().map(|r| CertificateDer::from(r.as_slice())).collect();
    let mut anchors = Vec::new();
    for (r, der) in roots_der.iter().enumerate() {
        let Ok(cert) = Certificate::from_der(&roots[r]) else { continue };
        // the root itself valid now, and a CA that may sign certificates
        if !valid_at(&cert, now) {
            continue;
        }
        if key_usage(&cert).is_some_and(|ku| !ku.key_cert_sign()) {
            continue;
        }
        if let Ok(a) = webpki::anchor_from_trusted_cert(der) {
            anchors.push(a);
        }
    }
    let pool_der: Vec<Vec<u8>> = pool.iter().filter(|c| *c != signer).filter_map(|c| c.to_der().ok()).collect();
    let intermediates: Vec<CertificateDer<'_>> = pool_der.iter().map(|d| CertificateDer::from(d.as_slice())).collect();
    let algs: Vec<&dyn SignatureVerificationAlgorithm> =
        ALGS.iter().map(|a| a as &dyn SignatureVerificationAlgorithm).collect();
    let time = UnixTime::since_unix_epoch(Duration::from_secs(u64::try_from(now).unwrap_or(0)));
    // every intermediate of the path may sign certificates; the path, kept
    let found: std::cell::RefCell<Vec<Certificate>> = std::cell::RefCell::new(Vec::new());
    let issuers_sign = |path: &webpki::VerifiedPath<'_>| -> Result<(), webpki::Error> {
        let mut certs = Vec::new();
        for cert in path.intermediate_certificates() {
            let c = Certificate::from_der(cert.der().as_ref()).map_err(|_| webpki::Error::BadDer)?;
            if key_usage(&c).is_some_and(|ku| !ku.key_cert_sign()) {
                return Err(webpki::Error::UnknownIssuer);
            }
            certs.push(c);
        }
        *found.borrow_mut() = certs;
        Ok(())
    };
    match purpose {
        Purpose::Document => {
            ee.verify_for_usage(&algs, &anchors, &intermediates, time, DocumentSigning, None, Some(&issuers_sign))
        }
        Purpose::TimeStamping => {
            ee.verify_for_usage(&algs, &anchors, &intermediates, time, TimeStampingOnly, None, Some(&issuers_sign))
        }
    }
    .map_err(|e| why(&e, signer, purpose))?;
    // signer, intermediates (webpki gives them from the signer up), the root that issued the last
    let mut path = vec![signer.clone()];
    path.extend(found.into_inner());
    let root = roots
        .iter()
        .filter_map(|r| Certificate::from_der(r).ok())
        .find(|r| path.last().is_some_and(|last| super::revocation::issued_by(last, r)));
    path.extend(root);
    Ok(path)
}

/// webpki's reason, in Vietnamese.
#[allow(deprecated)]
fn why(e: &webpki::Error, signer: &Certificate, purpose: Purpose) -> String {
    let who = super::verify::name(signer.tbs_certificate().subject());
    match e {
        webpki::Error::CertExpired { .. } | webpki::Error::CertNotValidYet { .. } => {
            format!("chứng thư trong chuỗi của {who} không còn (hoặc chưa) có hiệu lực")
        }
        webpki::Error::CaUsedAsEndEntity => {
            format!("chứng thư của {who} là chứng thư của tổ chức cấp (CA), không phải của người ký")
        }
        webpki::Error::EndEntityUsedAsCa => {
            "chứng thư của người ký được cấp bởi một chứng thư không phải của tổ chức cấp (CA)".to_owned()
        }
        webpki::Error::PathLenConstraintViolated => "chuỗi chứng thư dài hơn giới hạn pathLenConstraint".to_owned(),
        webpki::Error::RequiredEkuNotFound | webpki::Error::RequiredEkuNotFoundContext(_) => match purpose {
            Purpose::Document => format!("chứng thư của {who} không dành cho ký văn bản (extendedKeyUsage)"),
            Purpose::TimeStamping => {
                format!("chứng thư của {who} không dành riêng cho cấp dấu thời gian (extendedKeyUsage timeStamping)")
            }
        },
        webpki::Error::InvalidSignatureForPublicKey
        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKey
        | webpki::Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
        | webpki::Error::UnsupportedSignatureAlgorithm
        | webpki::Error::UnsupportedSignatureAlgorithmContext(_) => {
            "chữ ký trên chứng thư không hợp lệ hoặc dùng thuật toán/khóa yếu".to_owned()
        }
        _ => format!("chứng thư không dẫn tới một chứng thư gốc được tin cậy (--trust) ({e})"),
    }
}
