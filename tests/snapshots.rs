//! Snapshots of the Markdown each sample's templates render (the wording stage), so a change of
//! wording or of the context shows up as a reviewable diff (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test snapshots` then `git diff`).

#![allow(clippy::unwrap_used)]

mod common;

#[test]
fn markdown_of_every_sample() {
    let engine = common::engine();
    for sample in common::samples() {
        let rendered = engine.markdown(&common::model_of(&sample)).unwrap();
        let name = sample.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("{name}.subject"), rendered.subject);
        insta::assert_snapshot!(format!("{name}.body"), rendered.body);
    }
}
