//! Signing keys: a PKCS#12 file (its password from the environment), checked before use.

use der::Decode;
use x509_cert::ext::pkix::KeyUsage;
use x509_cert::Certificate;

use super::cms::Algorithm;
use crate::messages::tr;

/// A key that signs, with its certificate chain (the signer's first, DER).
pub trait Key {
    /// The chain, the signer's certificate first.
    fn chain(&self) -> &[Vec<u8>];
    /// How it signs.
    fn algorithm(&self) -> Algorithm;
    /// The signature value over `message` (hashed with SHA-256 here or by the token).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>>;
}

/// Why a key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The PKCS#12 file does not open (a wrong password, or not PKCS#12).
    P12(String),
    /// It holds no private key with a certificate.
    NoKey,
    /// The PKCS#11 token or its key cannot be used.
    Token(String),
    /// `--pss` with a key that is not RSA.
    PssNeedsRsa,
    /// The private key is neither RSA nor ECDSA P-256.
    Unsupported,
    /// An RSA key shorter than the rules allow.
    Short {
        /// Its size.
        bits: usize,
    },
    /// A certificate does not parse.
    Certificate(#[from] der::Error),
    /// The certificate is not valid now, or at the signing time.
    Period {
        /// Its subject.
        subject: String,
        /// Valid from.
        from: String,
        /// Valid to.
        to: String,
        /// The signing time.
        at: String,
    },
    /// The certificate's key usage excludes signing.
    Usage {
        /// Its subject.
        subject: String,
    },
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            KeyError::P12(e) => tr!(
                "cannot open the PKCS#12 file (wrong password in BAOCAO_P12_PASSWORD, or not a PKCS#12 file): {e}",
                e
            ),
            KeyError::NoKey => tr!("the PKCS#12 file holds no private key with its certificate"),
            KeyError::Token(e) => format!("PKCS#11: {e}"),
            KeyError::PssNeedsRsa => tr!("--pss is for RSA keys; this key is ECDSA"),
            KeyError::Unsupported => tr!("the private key is neither RSA nor ECDSA P-256"),
            KeyError::Short { bits } => tr!("the RSA key has {bits} bits; at least 2048 are required", bits),
            KeyError::Certificate(e) => tr!("the certificate cannot be read: {e}", e),
            KeyError::Period { subject, from, to, at } => {
                tr!("the certificate of {subject} is valid from {from} to {to}, not at {at}", subject, from, to, at)
            }
            KeyError::Usage { subject } => tr!(
                "the certificate of {subject} is not for signatures (its key usage has neither digitalSignature nor nonRepudiation)",
                subject
            ),
        };
        f.write_str(&text)
    }
}

enum Private {
    Rsa(Box<rsa::PrivateKey>),
    P256(p256::ecdsa::SigningKey),
}

/// A key held in memory (from a PKCS#12 file).
pub struct SoftKey {
    chain: Vec<Vec<u8>>,
    key: Private,
    pss: bool,
}

impl SoftKey {
    /// The first private key of a PKCS#12 file and its chain; an RSA key signs with RSASSA-PSS
    /// when `pss`.
    pub fn from_pkcs12(bytes: &[u8], password: &str, pss: bool) -> Result<SoftKey, KeyError> {
        use p12_keystore::{KeyStore, Pkcs12ImportPolicy};
        let store = KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Strict)
            .map_err(|e| KeyError::P12(e.to_string()))?;
        let (_, chain) = store.private_key_chain().ok_or(KeyError::NoKey)?;
        let certs: Vec<Vec<u8>> = chain.certs().iter().map(|c| c.as_der().to_vec()).collect();
        if certs.is_empty() {
            return Err(KeyError::NoKey);
        }
        let der = chain.key().as_der();
        let key = {
            use rsa::pkcs8::DecodePrivateKey as _;
            if let Ok(k) = rsa::PrivateKey::from_pkcs8_der(der) {
                let bits = rsa::traits::PublicKeyParts::size(&k) * 8;
                if bits < 2048 {
                    return Err(KeyError::Short { bits });
                }
                Private::Rsa(Box::new(k))
            } else if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
                if pss {
                    return Err(KeyError::PssNeedsRsa);
                }
                Private::P256(k)
            } else {
                return Err(KeyError::Unsupported);
            }
        };
        Ok(SoftKey { chain: certs, key, pss })
    }
}

impl Key for SoftKey {
    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn algorithm(&self) -> Algorithm {
        match self.key {
            Private::Rsa(_) if self.pss => Algorithm::RsaPss,
            Private::Rsa(_) => Algorithm::RsaPkcs1v15,
            Private::P256(_) => Algorithm::EcdsaP256,
        }
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
        match &self.key {
            Private::Rsa(k) if self.pss => {
                use rsa::signature::{SignatureEncoding as _, Signer as _};
                let signer = rsa::pss::SigningKey::<sha2::Sha256>::new((**k).clone());
                Ok(signer.try_sign(message)?.to_vec())
            }
            Private::Rsa(k) => Ok(k.pkcs1v15_sign::<sha2::Sha256>(message)?),
            Private::P256(k) => {
                use p256::ecdsa::signature::Signer as _;
                let s: p256::ecdsa::Signature = k.try_sign(message)?;
                Ok(s.to_der().as_bytes().to_vec())
            }
        }
    }
}

/// The certificate's subject, as a reader shows it.
pub fn subject(cert: &Certificate) -> String {
    cert.tbs_certificate().subject().to_string()
}

/// Checks the signer's certificate (the chain's first) before signing at `at`: valid now (the
/// software checks before it signs, TT 15/2025; `at`, the `/M` a test may set, never moves that
/// check) and at `at`, for signatures, and its key long enough (signing.md).
pub fn check(chain: &[Vec<u8>], at: chrono::DateTime<chrono::FixedOffset>) -> Result<(), KeyError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let now = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default().with_timezone(at.offset());
    check_at(chain, at, false)?;
    check_at(chain, now, true)
}

/// `now`: `at` is this machine's clock, else the signing time.
fn check_at(chain: &[Vec<u8>], at: chrono::DateTime<chrono::FixedOffset>, now: bool) -> Result<(), KeyError> {
    let cert = Certificate::from_der(chain.first().ok_or(KeyError::NoKey)?)?;
    let tbs = cert.tbs_certificate();
    // an RSA key under 2048 bits, from any source (a file, a token): its certificate says
    {
        use der::Encode as _;
        use rsa::pkcs8::DecodePublicKey as _;
        use rsa::traits::PublicKeyParts as _;
        if let Ok(Ok(key)) = tbs.subject_public_key_info().to_der().map(|d| rsa::PublicKey::from_public_key_der(&d)) {
            let bits = key.n().bit_width() as usize;
            if bits < 2048 {
                return Err(KeyError::Short { bits });
            }
        }
    }
    let validity = tbs.validity();
    let secs = |t: x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
    let (from, to) = (secs(validity.not_before), secs(validity.not_after));
    let when = at.timestamp();
    if when < from || when > to {
        let show = |s: i64| {
            chrono::DateTime::from_timestamp(s, 0)
                .map(|d| d.with_timezone(at.offset()).to_rfc3339())
                .unwrap_or_else(|| s.to_string())
        };
        return Err(KeyError::Period {
            subject: subject(&cert),
            from: show(from),
            to: show(to),
            at: if now {
                tr!("now {time}", time = at.to_rfc3339())
            } else {
                tr!("the signing time {time}", time = at.to_rfc3339())
            },
        });
    }
    if let Ok(Some((_, usage))) = tbs.get_extension::<KeyUsage>() {
        if !usage.digital_signature() && !usage.non_repudiation() {
            return Err(KeyError::Usage { subject: subject(&cert) });
        }
    }
    Ok(())
}
