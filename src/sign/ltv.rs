//! Long-term validation data (PAdES B-LT; `sign issue … --ltv`, `sign extend … --ltv`; issue 27):
//! for every certificate of every signature's path and of every time-stamp authority's path (the
//! root aside), its status from the CA — OCSP from the certificate's authority information
//! access, else the CRL of its distribution point, under one deadline for them all — checked as
//! `verify` checks it, then written with the certificates into the catalog's `/DSS` (each
//! signature's own in its `/VRI` entry), in an incremental update after the last signature. A
//! certificate revoked before the time its signature is proven to have existed by gets no data:
//! the signature is invalid, and nothing is written.

use std::time::{Duration, Instant};

use der::Encode;
use lopdf::{Dictionary, Object, Stream};
use x509_cert::Certificate;

use super::revocation::{self, Status};
use super::{update, verify, SignError};
use crate::messages::tr;

/// `pdf` (its signatures intact, only permitted changes after them, trusted against `roots`) with
/// the long-term validation data of all of them, fetched within `timeout`.
pub fn add(pdf: &[u8], roots: &[Vec<u8>], timeout: Duration) -> Result<Vec<u8>, SignError> {
    let refuse = |why: String| SignError::NoValidationData(why);
    super::refuse_encrypted(pdf)?;
    let doc = lopdf::Document::load_mem(pdf)?;
    let verdicts = verify::verify(pdf, roots).map_err(|e| refuse(e.to_string()))?;
    if verdicts.is_empty() {
        return Err(refuse(tr!("it has no signature")));
    }
    if let Some(v) = verdicts.iter().find(|v| !v.ok()) {
        return Err(refuse(format!("{}: {}", v.field, v.problems.join("; "))));
    }
    let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);

    // every certificate but the roots, with its issuer and the time it must be proven unrevoked at
    let mut certs: Vec<Vec<u8>> = Vec::new();
    let mut wanted: Vec<(Certificate, Certificate, i64, bool)> = Vec::new();
    let mut of_signature: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    for v in &verdicts {
        let (time, proven) = (v.proven.unwrap_or_else(now), v.proven.is_some());
        let mut mine = Vec::new();
        for path in &v.paths {
            for (i, cert) in path.iter().enumerate() {
                let der = cert.to_der().map_err(|e| refuse(e.to_string()))?;
                if !certs.contains(&der) {
                    certs.push(der.clone());
                    if let Some(issuer) = path.get(i + 1) {
                        wanted.push((cert.clone(), issuer.clone(), time, proven));
                    }
                } else if let Some(w) = wanted.iter_mut().find(|w| &w.0 == cert) {
                    // shared by two signatures: unrevoked at the earlier time
                    w.2 = w.2.min(time);
                    w.3 &= proven;
                }
                mine.push(der);
            }
        }
        of_signature.push((v.field.clone(), mine));
    }

    // their status, from the CA, believed once checked
    let start = Instant::now();
    let mut ocsps: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let mut crls: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for (cert, issuer, time, proven) in &wanted {
        let who = verify::name(cert.tbs_certificate().subject());
        let left = timeout.saturating_sub(start.elapsed());
        let fetched = revocation::fetch(cert, issuer, left).map_err(|why| {
            SignError::Revocation(format!("không lấy được trạng thái thu hồi của chứng thư {who}: {why}"))
        })?;
        match revocation::status(std::slice::from_ref(&fetched.evidence), *time, *proven) {
            Status::Good(_) | Status::RevokedAfter(_) => {}
            Status::Revoked(e) => {
                let when = if *proven {
                    tr!(
                        "before the time the signature is proven to exist by ({time})",
                        time = chrono::DateTime::from_timestamp(*time, 0).unwrap_or_default().to_rfc3339()
                    )
                } else {
                    tr!("and no time-stamp proves the signature was made before")
                };
                return Err(SignError::Revoked(tr!(
                    "the certificate of {who} was revoked at {revoked} ({source} of {at}), {when}",
                    who,
                    revoked = e.revoked.map(|r| r.to_rfc3339()).unwrap_or_default(),
                    source = e.source.word(),
                    at = e.at.to_rfc3339(),
                    when,
                )))
            }
            Status::Unknown(why) => {
                return Err(SignError::Revocation(format!(
                    "trạng thái thu hồi của chứng thư {who}: {why}; thêm sau bằng baocao sign extend --ltv, khi tổ chức cấp đã công bố dữ liệu mới hơn"
                )))
            }
        }
        let der = cert.to_der().map_err(|e| refuse(e.to_string()))?;
        match fetched.evidence.source {
            revocation::Source::Ocsp => ocsps.push((der, fetched.der)),
            revocation::Source::Crl => crls.push((der, fetched.der)),
        }
    }

    // the /DSS: what it held, and the new data; a /VRI entry per signature
    let (form_id, form) = super::acroform(&doc);
    let _ = form_id;
    let contents = signature_contents(&doc, &form);
    let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference)?;
    let mut catalog = doc.get_dictionary(catalog_id)?.clone();
    let old = catalog
        .get(b"DSS")
        .ok()
        .and_then(|d| doc.dereference(d).ok())
        .and_then(|(_, d)| d.as_dict().ok().cloned())
        .unwrap_or_default();
    let held = verify::dss(&doc).map_err(refuse)?;
    let held_certs: Vec<Vec<u8>> = held.certs.iter().filter_map(|c| c.to_der().ok()).collect();
    let mut up = update::Update::new(update::Base::new(pdf, &doc)?);
    let mut stream = |bytes: &[u8]| up.add(Stream::new(Dictionary::new(), bytes.to_vec()));
    let mut cert_refs = Vec::new();
    for der in certs.iter().filter(|c| !held_certs.contains(c)) {
        cert_refs.push((der.clone(), stream(der)));
    }
    let ocsp_refs: Vec<_> = ocsps.iter().map(|(cert, der)| (cert.clone(), stream(der))).collect();
    let crl_refs: Vec<_> = crls.iter().map(|(cert, der)| (cert.clone(), stream(der))).collect();
    let grown = |key: &[u8], new: &[(Vec<u8>, lopdf::ObjectId)]| -> Object {
        let mut items = old
            .get(key)
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok().cloned())
            .unwrap_or_default();
        items.extend(new.iter().map(|(_, id)| Object::Reference(*id)));
        Object::Array(items)
    };
    let mut store = Dictionary::new();
    store.set("Type", Object::Name(b"DSS".to_vec()));
    store.set("Certs", grown(b"Certs", &cert_refs));
    store.set("OCSPs", grown(b"OCSPs", &ocsp_refs));
    store.set("CRLs", grown(b"CRLs", &crl_refs));
    let mut vri = old
        .get(b"VRI")
        .ok()
        .and_then(|d| doc.dereference(d).ok())
        .and_then(|(_, d)| d.as_dict().ok().cloned())
        .unwrap_or_default();
    for (field, mine) in &of_signature {
        let Some(bytes) = contents.iter().find(|(f, _)| f == field).map(|(_, b)| b) else { continue };
        // what the signature's entry held, kept (a /DSS only grows), and its new data
        let key = vri_key(bytes);
        let held = vri
            .get(key.as_bytes())
            .ok()
            .and_then(|e| doc.dereference(e).ok())
            .and_then(|(_, e)| e.as_dict().ok().cloned())
            .unwrap_or_default();
        let refs = |name: &str, list: &[(Vec<u8>, lopdf::ObjectId)]| -> Object {
            let mut items = held
                .get(name.as_bytes())
                .ok()
                .and_then(|a| doc.dereference(a).ok())
                .and_then(|(_, a)| a.as_array().ok().cloned())
                .unwrap_or_default();
            items.extend(list.iter().filter(|(c, _)| mine.contains(c)).map(|(_, id)| Object::Reference(*id)));
            Object::Array(items)
        };
        let mut entry = held.clone();
        entry.set("Cert", refs("Cert", &cert_refs));
        entry.set("OCSP", refs("OCSP", &ocsp_refs));
        entry.set("CRL", refs("CRL", &crl_refs));
        vri.set(key, Object::Dictionary(entry));
    }
    store.set("VRI", Object::Dictionary(vri));
    let store = up.add(Object::Dictionary(store));
    catalog.set("DSS", Object::Reference(store));
    up.set(catalog_id, Object::Dictionary(catalog));
    let written = up.write(|_| Ok(Vec::new())).map_err(SignError::Write)?;

    // what was written verifies as before, each signature's data now in the file
    let again = verify::verify(&written, roots).map_err(|e| refuse(e.to_string()))?;
    if let Some(v) = again.iter().find(|v| !v.ok()) {
        return Err(refuse(tr!(
            "what was written does not verify: {field}: {problems}",
            field = v.field,
            problems = v.problems.join("; ")
        )));
    }
    Ok(written)
}

/// The `/VRI` key of a signature: the SHA-1 of its `/Contents` bytes, upper-case hex (ETSI EN
/// 319 142-1 §5.4.2.2).
pub fn vri_key(contents: &[u8]) -> String {
    use sha1::Digest as _;
    sha1::Sha1::digest(contents).iter().map(|b| format!("{b:02X}")).collect()
}

/// Each signature field of the form with its signature's `/Contents` bytes.
fn signature_contents(doc: &lopdf::Document, form: &Dictionary) -> Vec<(String, Vec<u8>)> {
    let fields = form.get(b"Fields").and_then(Object::as_array).cloned().unwrap_or_default();
    fields
        .iter()
        .filter_map(|f| {
            let field = doc.dereference(f).ok()?.1.as_dict().ok()?;
            let name = lopdf::decode_text_string(field.get(b"T").ok()?).ok()?;
            let sig = doc.dereference(field.get(b"V").ok()?).ok()?.1.as_dict().ok()?;
            Some((name, sig.get(b"Contents").ok()?.as_str().ok()?.to_vec()))
        })
        .collect()
}
