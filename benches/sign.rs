//! Signing and verifying speed (issue 24): verifying the issued sample stays under 20 ms, each
//! signing step under 50 ms, with a PKCS#12 key (RSA 2048). The throwaway PKI is made with the
//! openssl command at the start (the bench says so and stops when it is missing).
//!
//! `cargo bench --bench sign`

#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::process::Command;

use baocao::sign::{Image, Issue, SoftKey};
use criterion::{criterion_group, criterion_main, Criterion};

fn openssl(dir: &std::path::Path, args: &[&str]) -> bool {
    Command::new("openssl").current_dir(dir).args(args).output().is_ok_and(|o| o.status.success())
}

/// A PNG of `w`×`h` opaque blue pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().unwrap();
        writer.write_image_data(&[20u8, 40, 160, 255].repeat((w * h) as usize)).unwrap();
    }
    out
}

fn sign(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = openssl(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
            "-days",
            "3650",
            "-subj",
            "/CN=Bench Root",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ],
    ) && std::fs::write(
        d.join("leaf.ext"),
        "[e]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .is_ok();
    // the signer and the agency the sample names (each signature by its own certificate)
    let leaf = |name: &str, cn: &str| {
        let (key, csr, crt, p12) =
            (format!("{name}.key"), format!("{name}.csr"), format!("{name}.crt"), format!("{name}.p12"));
        let subject = format!("/CN={cn}");
        openssl(d, &["req", "-newkey", "rsa:2048", "-nodes", "-keyout", &key, "-out", &csr, "-subj", &subject, "-utf8"])
            && openssl(
                d,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &csr,
                    "-CA",
                    "ca.crt",
                    "-CAkey",
                    "ca.key",
                    "-out",
                    &crt,
                    "-days",
                    "3650",
                    "-extfile",
                    "leaf.ext",
                    "-extensions",
                    "e",
                ],
            )
            && openssl(
                d,
                &[
                    "pkcs12",
                    "-export",
                    "-inkey",
                    &key,
                    "-in",
                    &crt,
                    "-certfile",
                    "ca.crt",
                    "-out",
                    &p12,
                    "-passout",
                    "pass:bench",
                ],
            )
    };
    let made = made && leaf("signer", "Đỗ Văn Hùng") && leaf("org", "Sở Thông tin và Truyền thông tỉnh Bắc Ninh");
    if !made {
        eprintln!("sign bench: the openssl command is needed to make a throwaway PKI; skipped");
        return;
    }
    let key = SoftKey::from_pkcs12(&std::fs::read(d.join("signer.p12")).unwrap(), "bench", false).unwrap();
    let org = SoftKey::from_pkcs12(&std::fs::read(d.join("org.p12")).unwrap(), "bench", false).unwrap();
    if !openssl(d, &["x509", "-in", "ca.crt", "-outform", "DER", "-out", "ca.der"]) {
        eprintln!("sign bench: openssl could not write the root as DER; skipped");
        return;
    }
    let root = std::fs::read(d.join("ca.der")).unwrap();
    let engine = baocao::Engine::bundled().unwrap();
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/monthly-draft.json")).unwrap();
    let model = baocao::input::check(&bytes).document.unwrap();
    let draft = engine.pdf(&model).unwrap();
    let image = Image::from_png(&png(300, 120)).unwrap();
    let seal = Image::from_png(&png(200, 200)).unwrap();
    let now = chrono::Utc::now().fixed_offset();
    let clerk = Issue { number: Some(130), date: chrono::NaiveDate::from_ymd_opt(2026, 5, 20), seal_mm: 36.0 };
    let approved = baocao::sign::approve(&draft, &image, &key, now, None).unwrap();
    let issued = baocao::sign::issue(&approved, &seal, &clerk, &org, now, None).unwrap();
    let verdicts = baocao::sign::verify::verify(&issued, std::slice::from_ref(&root)).unwrap();
    assert!(verdicts.len() == 2 && verdicts.iter().all(baocao::sign::verify::Verdict::ok), "{verdicts:?}");
    c.bench_function("sign/approve", |b| {
        b.iter(|| baocao::sign::approve(black_box(&draft), &image, &key, now, None).unwrap())
    });
    c.bench_function("sign/issue", |b| {
        b.iter(|| baocao::sign::issue(black_box(&approved), &seal, &clerk, &org, now, None).unwrap())
    });
    c.bench_function("verify/issued", |b| {
        b.iter(|| baocao::sign::verify::verify(black_box(&issued), std::slice::from_ref(&root)).unwrap())
    });
}

criterion_group!(benches, sign);
criterion_main!(benches);
