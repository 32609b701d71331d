//! Arbitrary bytes through parse → validate → template → document → both renderers: nothing
//! may panic; a valid document must render.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn engine() -> &'static baocao::Engine {
    static ENGINE: OnceLock<baocao::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| baocao::Engine::bundled().expect("bundled templates"))
}

fuzz_target!(|data: &[u8]| {
    let checked = baocao::input::check(data);
    if let Some(doc) = checked.document {
        engine().docx(&doc).expect("a valid document renders as DOCX");
        engine().pdf(&doc).expect("a valid document renders as PDF");
    }
});
