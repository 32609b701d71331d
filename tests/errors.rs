//! Errors are typed (issue 15 item 4): each carries its place and its cause as `source()`, and the
//! library's words name no command-line flag (the CLI words those itself).

#![allow(clippy::unwrap_used)]

use std::error::Error as _;
use std::path::Path;

use baocao::mail::{Field, MailError};
use baocao::output::Format;
use baocao::publish::{self, WriteError};

fn sample() -> baocao::model::Document {
    let checked = baocao::input::load(Path::new("samples/monthly-province.json")).unwrap();
    checked.document.unwrap()
}

#[test]
fn a_write_error_names_the_file_and_keeps_the_io_error() {
    let engine = baocao::Engine::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("not-made");
    let e = publish::write(&engine, &sample(), &missing, "x", &[Format::Pdf], None).unwrap_err();
    let WriteError::Io { name, .. } = &e else { panic!("{e:?}") };
    assert_eq!(name, "x.pdf");
    let io = e.source().and_then(|s| s.downcast_ref::<std::io::Error>()).expect("the io::Error as source");
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert!(!missing.exists(), "nothing written");
}

#[test]
fn a_bad_copy_address_is_typed_and_names_no_flag() {
    let engine = baocao::Engine::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cc = vec!["vanthu@bacninh.gov.vn".to_owned(), "không phải địa chỉ".to_owned()];
    let email = publish::Email { from: None, cc: &cc, signed_pdf: None, signers: &[] };
    let e = publish::write(&engine, &sample(), dir.path(), "x", &[Format::Pdf], Some(email)).unwrap_err();
    let WriteError::Mail(MailError::Address { field, value, .. }) = &e else { panic!("{e:?}") };
    assert_eq!(*field, Field::Cc(1));
    assert!(field.from_caller());
    assert_eq!(value, "không phải địa chỉ");
    assert!(e.to_string().starts_with("copy address 2: \"không phải địa chỉ\" is not an e-mail address"), "{e}");
    assert!(!e.to_string().contains("--"), "{e}");
    // nothing of the document was written: its files are named only once the e-mail is made
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_missing_batch_folder_is_a_read_error_with_its_path_and_cause() {
    let engine = baocao::Engine::bundled().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("no-such-batch.json");
    let opts =
        baocao::batch::Options { formats: vec![Format::Pdf], strict: false, email: None, jobs: None, base: None };
    let e = baocao::batch::run(&engine, &input, &dir.path().join("out"), &opts, &baocao::batch::Quiet).unwrap_err();
    let baocao::batch::BatchError::Read { path, .. } = &e else { panic!("{e:?}") };
    assert_eq!(path, &input);
    assert!(e.source().is_some());
    assert!(e.to_string().starts_with(&format!("cannot read {}: ", input.display())), "{e}");
}

#[test]
fn a_template_error_keeps_teras_error_as_its_source() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("monthly.md"), "{% if %}").unwrap();
    let Err(e) = baocao::template::Templates::with_overrides(dir.path()) else { panic!("loaded") };
    let baocao::template::TemplateError::Tera { name, .. } = &e else { panic!("{e:?}") };
    assert_eq!(name, "monthly.md");
    assert!(e.source().and_then(|s| s.downcast_ref::<tera::Error>()).is_some());
}
