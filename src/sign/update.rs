//! An incremental update (PDF 32000-1 §7.5.6): the original bytes kept as they are, new and
//! changed objects appended with their own cross-reference section and a trailer pointing back
//! (`/Prev`), so every earlier signature still covers exactly the bytes it signed.
//!
//! A signature's `/Contents` is written as a run of zeros of fixed length and its `/ByteRange` as
//! padded placeholders; once the file is laid out, the byte range is filled in, the two ranges
//! around `/Contents` hashed, and the CMS written into the zeros.

use std::collections::BTreeMap;

use lopdf::{Object, ObjectId};

use crate::messages::tr;
use crate::render::pdf::serialize;

/// Room for the CMS in `/Contents`, in bytes (written as twice as many hex digits): a signature
/// with a chain of three RSA-4096 certificates is about 7 KB.
pub const CONTENTS_BYTES: usize = 16 * 1024;

/// The placeholder of a `/ByteRange`: four numbers of ten digits, rewritten in place.
const BYTE_RANGE: &str = "[0000000000 0000000000 0000000000 0000000000]";

/// The original file's trailer facts an update needs.
pub struct Base<'a> {
    /// The original bytes.
    pub bytes: &'a [u8],
    /// The next free object number.
    pub size: u32,
    /// Where the original's last cross-reference section starts.
    pub prev: u64,
    /// The trailer's `/Root`, `/Info`, `/ID`.
    pub root: Object,
    /// The trailer's `/Info`, if any.
    pub info: Option<Object>,
    /// The trailer's `/ID`, kept (its first part must not change).
    pub id: Option<Object>,
}

/// The file is not a PDF this update can extend.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// No `startxref` at its end.
    NoStartXref,
    /// The CMS is larger than the room left for it.
    TooLarge {
        /// Its size.
        size: usize,
    },
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            UpdateError::NoStartXref => tr!("not a complete PDF file (no startxref at its end)"),
            UpdateError::TooLarge { size } => {
                tr!("the signature is {size} bytes; the room for it is {room}", size, room = CONTENTS_BYTES)
            }
        })
    }
}

impl<'a> Base<'a> {
    /// The facts of `bytes`, read with `doc` (its parse).
    pub fn new(bytes: &'a [u8], doc: &lopdf::Document) -> Result<Base<'a>, UpdateError> {
        let tail = &bytes[bytes.len().saturating_sub(1024)..];
        let at = memchr::memmem::rfind(tail, b"startxref").ok_or(UpdateError::NoStartXref)?;
        let digits: String = tail[at + 9..]
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take_while(|b| b.is_ascii_digit())
            .map(|b| *b as char)
            .collect();
        let prev = digits.parse().map_err(|_| UpdateError::NoStartXref)?;
        let root = doc.trailer.get(b"Root").cloned().map_err(|_| UpdateError::NoStartXref)?;
        Ok(Base {
            bytes,
            size: doc.max_id + 1,
            prev,
            root,
            info: doc.trailer.get(b"Info").ok().cloned(),
            id: doc.trailer.get(b"ID").ok().cloned(),
        })
    }
}

/// The objects of one update: changed ones by their number, new ones numbered from the base's
/// size.
pub struct Update<'a> {
    base: Base<'a>,
    objects: BTreeMap<u32, Object>,
    next: u32,
    /// The signature dictionary, whose `/Contents` and `/ByteRange` are filled at the end.
    signature: Option<u32>,
}

impl<'a> Update<'a> {
    /// An update of `base`.
    pub fn new(base: Base<'a>) -> Update<'a> {
        let next = base.size;
        Update { base, objects: BTreeMap::new(), next, signature: None }
    }

    /// Adds a new object; its id.
    pub fn add(&mut self, object: impl Into<Object>) -> ObjectId {
        let n = self.next;
        self.next += 1;
        self.objects.insert(n, object.into());
        (n, 0)
    }

    /// Replaces object `id` in this revision.
    pub fn set(&mut self, id: ObjectId, object: impl Into<Object>) {
        self.objects.insert(id.0, object.into());
    }

    /// Adds the signature dictionary (`/Contents` and `/ByteRange` are added here); its id.
    pub fn add_signature(&mut self, mut dict: lopdf::Dictionary) -> ObjectId {
        // markers, replaced by the placeholders when written
        dict.set("ByteRange", Object::Name(b"BAOCAO_BYTE_RANGE".to_vec()));
        dict.set("Contents", Object::Name(b"BAOCAO_CONTENTS".to_vec()));
        let id = self.add(Object::Dictionary(dict));
        self.signature = Some(id.0);
        id
    }

    /// The file: the original bytes, then this revision. With a signature dictionary, `sign`
    /// gets the bytes its byte range covers (the whole file but `/Contents`'s hex string) and
    /// gives the CMS to put there.
    pub fn write(
        self,
        sign: impl FnOnce(&[&[u8]]) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>>,
    ) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
        let mut out = self.base.bytes.to_vec();
        if !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        let mut offsets = BTreeMap::new();
        let (mut range_at, mut contents_at) = (None, None);
        for (n, object) in &self.objects {
            offsets.insert(*n, out.len());
            out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
            let mut body = serialize(object);
            if Some(*n) == self.signature {
                let zeros = format!("<{}>", "0".repeat(CONTENTS_BYTES * 2));
                body = replace(&body, b"/BAOCAO_BYTE_RANGE", BYTE_RANGE.as_bytes());
                body = replace(&body, b"/BAOCAO_CONTENTS", zeros.as_bytes());
                let at = |needle: &[u8]| memchr::memmem::find(&body, needle).map(|i| out.len() + i);
                range_at = at(BYTE_RANGE.as_bytes());
                contents_at = at(zeros.as_bytes());
            }
            out.extend_from_slice(&body);
            out.extend_from_slice(b"\nendobj\n");
        }
        // the cross-reference section: one subsection a run of consecutive numbers
        let xref = out.len();
        out.extend_from_slice(b"xref\n");
        let numbers: Vec<u32> = offsets.keys().copied().collect();
        let mut i = 0;
        while i < numbers.len() {
            let mut j = i;
            while j + 1 < numbers.len() && numbers[j + 1] == numbers[j] + 1 {
                j += 1;
            }
            out.extend_from_slice(format!("{} {}\n", numbers[i], j - i + 1).as_bytes());
            for n in &numbers[i..=j] {
                out.extend_from_slice(format!("{:010} 00000 n \n", offsets[n]).as_bytes());
            }
            i = j + 1;
        }
        let mut trailer = lopdf::Dictionary::new();
        trailer.set("Size", Object::Integer(i64::from(self.next)));
        trailer.set("Root", self.base.root.clone());
        if let Some(info) = &self.base.info {
            trailer.set("Info", info.clone());
        }
        if let Some(id) = &self.base.id {
            trailer.set("ID", id.clone());
        }
        trailer.set("Prev", Object::Integer(self.base.prev as i64));
        out.extend_from_slice(b"trailer\n");
        out.extend_from_slice(&serialize(&Object::Dictionary(trailer)));
        out.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF\n").as_bytes());

        let (Some(range_at), Some(contents_at)) = (range_at, contents_at) else { return Ok(out) };
        let contents_end = contents_at + CONTENTS_BYTES * 2 + 2;
        let range = format!("[0 {contents_at} {contents_end} {}]", out.len() - contents_end);
        let padded = format!("{range:<width$}", width = BYTE_RANGE.len());
        out[range_at..range_at + padded.len()].copy_from_slice(padded.as_bytes());
        let cms = sign(&[&out[..contents_at], &out[contents_end..]])?;
        if cms.len() > CONTENTS_BYTES {
            return Err(Box::new(UpdateError::TooLarge { size: cms.len() }));
        }
        let hex: String = cms.iter().map(|b| format!("{b:02X}")).collect();
        out[contents_at + 1..contents_at + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(out)
    }
}

fn replace(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    match memchr::memmem::find(haystack, needle) {
        Some(i) => [&haystack[..i], with, &haystack[i + needle.len()..]].concat(),
        None => haystack.to_vec(),
    }
}
