//! Arbitrary bytes, and arbitrary changes to a real form, through the Excel form reader: nothing
//! may panic, abort or allocate from what the workbook declares (issue 25, item 14). A form that
//! reads is checked as JSON is.
#![no_main]

use std::io::{Read as _, Write as _};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A real form (the monthly sample's), its parts unzipped: the fuzzer's bytes change one part.
fn parts() -> &'static Vec<(String, Vec<u8>)> {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let sample: serde_json::Value =
            serde_json::from_slice(include_bytes!("../../samples/monthly-province.json")).expect("sample");
        let form = baocao::input::xlsx::form(baocao::model::Kind::Monthly, Some(&sample)).expect("form");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(form)).expect("zip");
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).expect("part");
                let mut data = Vec::new();
                f.read_to_end(&mut data).expect("read");
                (f.name().to_owned(), data)
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    // the bytes as a workbook of their own
    let _ = baocao::input::xlsx::read(data);
    // the bytes as one part of a real form: its first byte chooses the part
    let Some((&which, rest)) = data.split_first() else { return };
    let parts = parts();
    let chosen = usize::from(which) % parts.len();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (i, (name, bytes)) in parts.iter().enumerate() {
        out.start_file(name.as_str(), opts).expect("start");
        out.write_all(if i == chosen { rest } else { bytes }).expect("write");
    }
    let bytes = out.finish().expect("finish").into_inner();
    let _ = baocao::input::check_workbook(&bytes);
});
