//! A key on a PKCS#11 token (a USB token of the Ban Cơ yếu Chính phủ CA; SoftHSM2 in tests), used
//! through `cryptoki`: the token found by its label (or the only one present), logged in with the
//! PIN, the private key found by its label (or the only one), its certificate by the key's
//! `CKA_ID`, the other certificates on the token added to the chain. The token hashes and signs.

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use der::{Decode, Encode};

use super::cms::Algorithm;
use super::key::{Key, KeyError};
use crate::messages::tr;

/// Which token and key.
#[derive(Debug, Clone)]
pub struct TokenChoice {
    /// The PKCS#11 module (a `.so` file).
    pub module: std::path::PathBuf,
    /// The token's label; `None`: the only token present.
    pub token: Option<String>,
    /// The private key's label; `None`: the only private key.
    pub key: Option<String>,
    /// An RSA key signs with RSASSA-PSS.
    pub pss: bool,
}

/// A private key on a token, logged in.
pub struct TokenKey {
    session: Session,
    key: ObjectHandle,
    algorithm: Algorithm,
    chain: Vec<Vec<u8>>,
    // the library stays loaded while the session is used (dropped after it)
    _context: Pkcs11,
}

fn token_error(what: &str, e: impl std::fmt::Display) -> KeyError {
    KeyError::Token(format!("{what}: {e}"))
}

impl TokenKey {
    /// Opens the token, logs in with `pin`, finds the key and its certificates.
    pub fn open(choice: &TokenChoice, pin: &str) -> Result<TokenKey, KeyError> {
        let context = Pkcs11::new(&choice.module).map_err(|e| {
            token_error(&tr!("cannot load the PKCS#11 module {module}", module = choice.module.display()), e)
        })?;
        context
            .initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
            .map_err(|e| token_error(&tr!("cannot initialise the PKCS#11 module"), e))?;
        let slots = context.get_slots_with_token().map_err(|e| token_error(&tr!("cannot list the tokens"), e))?;
        let mut found = Vec::new();
        for slot in slots {
            // a slot's token that is not initialised holds no key (SoftHSM2 always offers one)
            let Ok(info) = context.get_token_info(slot) else { continue };
            if !info.token_initialized() {
                continue;
            }
            let label = info.label().trim().to_owned();
            if choice.token.as_deref().is_none_or(|l| l == label) {
                found.push((slot, label));
            }
        }
        let slot = match (&found[..], &choice.token) {
            ([(slot, _)], _) => *slot,
            ([], Some(l)) => return Err(KeyError::Token(tr!("no token labelled {label}", label = format!("{l:?}")))),
            ([], None) => return Err(KeyError::Token(tr!("no token present"))),
            (many, _) => {
                let labels: Vec<&str> = many.iter().map(|(_, l)| l.as_str()).collect();
                return Err(KeyError::Token(tr!(
                    "several tokens ({labels}); choose one with --token",
                    labels = labels.join(", ")
                )));
            }
        };
        let session = context.open_ro_session(slot).map_err(|e| token_error(&tr!("cannot open a session"), e))?;
        session
            .login(UserType::User, Some(&AuthPin::from(pin.to_owned())))
            .map_err(|e| token_error(&tr!("cannot log in (is the PIN in BAOCAO_PKCS11_PIN right?)"), e))?;
        let mut template = vec![Attribute::Class(ObjectClass::PRIVATE_KEY)];
        if let Some(label) = &choice.key {
            template.push(Attribute::Label(label.as_bytes().to_vec()));
        }
        let keys = session.find_objects(&template).map_err(|e| token_error(&tr!("cannot list the keys"), e))?;
        let key = match (&keys[..], &choice.key) {
            ([k], _) => *k,
            ([], Some(l)) => {
                return Err(KeyError::Token(tr!(
                    "no private key labelled {label} on the token",
                    label = format!("{l:?}")
                )))
            }
            ([], None) => return Err(KeyError::Token(tr!("no private key on the token"))),
            _ => return Err(KeyError::Token(tr!("several private keys on the token; choose one with --key"))),
        };
        let attrs = session
            .get_attributes(key, &[AttributeType::KeyType, AttributeType::Id, AttributeType::EcParams])
            .map_err(|e| token_error(&tr!("cannot read the key"), e))?;
        let (mut kind, mut id, mut curve) = (None, Vec::new(), None);
        for a in attrs {
            match a {
                Attribute::KeyType(k) => kind = Some(k),
                Attribute::Id(i) => id = i,
                Attribute::EcParams(p) => curve = Some(p),
                _ => {}
            }
        }
        // an EC key on another curve (P-384) signed with P-256's encoding and failed as a bare
        // "signature error": it is refused before signing, in the words a PKCS#12 key gets
        if kind == Some(KeyType::EC) && curve.as_deref() != Some(P256_PARAMS) {
            return Err(KeyError::Unsupported);
        }
        let algorithm = match kind {
            Some(k) if k == KeyType::RSA && choice.pss => Algorithm::RsaPss,
            Some(k) if k == KeyType::RSA => Algorithm::RsaPkcs1v15,
            Some(k) if k == KeyType::EC && choice.pss => return Err(KeyError::PssNeedsRsa),
            Some(k) if k == KeyType::EC => Algorithm::EcdsaP256,
            _ => return Err(KeyError::Unsupported),
        };
        // every certificate on the token: the key's (same CKA_ID) first, then the others
        let certs = session
            .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
            .map_err(|e| token_error(&tr!("cannot list the certificates"), e))?;
        let mut chain: Vec<(bool, Vec<u8>)> = Vec::new();
        for c in certs {
            let attrs = session
                .get_attributes(c, &[AttributeType::Value, AttributeType::Id])
                .map_err(|e| token_error(&tr!("cannot read a certificate"), e))?;
            let (mut value, mut cid) = (None, Vec::new());
            for a in attrs {
                match a {
                    Attribute::Value(v) => value = Some(v),
                    Attribute::Id(i) => cid = i,
                    _ => {}
                }
            }
            if let Some(v) = value {
                chain.push((!id.is_empty() && cid == id, v));
            }
        }
        chain.sort_by_key(|(own, _)| !*own);
        if !chain.first().is_some_and(|(own, _)| *own) {
            return Err(KeyError::Token(tr!("the key's certificate (same CKA_ID) is not on the token")));
        }
        let chain = order_chain(chain.into_iter().map(|(_, c)| c).collect());
        Ok(TokenKey { session, key, algorithm, chain, _context: context })
    }
}

/// CKA_EC_PARAMS of a P-256 key: the named curve prime256v1 (OID 1.2.840.10045.3.1.7), DER.
const P256_PARAMS: &[u8] = &[0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

/// The signer's certificate first, then each issuer in turn; certificates outside the chain
/// left out.
fn order_chain(certs: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let parsed: Vec<Option<x509_cert::Certificate>> =
        certs.iter().map(|c| x509_cert::Certificate::from_der(c).ok()).collect();
    let mut order = vec![0];
    while let Some(Some(last)) = order.last().map(|i| &parsed[*i]) {
        let issuer = last.tbs_certificate().issuer();
        if issuer == last.tbs_certificate().subject() {
            break;
        }
        let next = parsed
            .iter()
            .enumerate()
            .find(|(i, c)| !order.contains(i) && c.as_ref().is_some_and(|c| c.tbs_certificate().subject() == issuer));
        match next {
            Some((i, _)) => order.push(i),
            None => break,
        }
    }
    order
        .into_iter()
        .filter_map(|i| parsed[i].as_ref().and_then(|c| c.to_der().ok()).or(Some(certs[i].clone())))
        .collect()
}

impl Key for TokenKey {
    fn chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
        use sha2::Digest as _;
        match self.algorithm {
            Algorithm::RsaPkcs1v15 => Ok(self.session.sign(&Mechanism::Sha256RsaPkcs, self.key, message)?),
            Algorithm::RsaPss => {
                use cryptoki::mechanism::rsa::{PkcsMgfType, PkcsPssParams};
                use cryptoki::mechanism::MechanismType;
                let params =
                    PkcsPssParams { hash_alg: MechanismType::SHA256, mgf: PkcsMgfType::MGF1_SHA256, s_len: 32.into() };
                Ok(self.session.sign(&Mechanism::Sha256RsaPkcsPss(params), self.key, message)?)
            }
            Algorithm::EcdsaP256 => {
                // the token signs the hash and gives r || s; CMS wants it DER-encoded
                let rs = self.session.sign(&Mechanism::Ecdsa, self.key, &sha2::Sha256::digest(message))?;
                let sig = p256::ecdsa::Signature::from_slice(&rs)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}
