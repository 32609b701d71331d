//! A PNG (a handwritten signature, a seal) as a PDF image: its colour in one image XObject, its
//! transparency in another (`/SMask`), so the page shows through where the PNG is transparent.

use std::io::Write as _;

use lopdf::{Dictionary, Object, Stream};

use crate::messages::tr;

/// The largest image side accepted, in pixels (a signature or a seal is a few hundred).
pub const MAX_SIDE: u32 = 4000;

/// A decoded image.
#[derive(Debug, Clone)]
pub struct Image {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// `DeviceRGB` or `DeviceGray` samples, 8 bits each, row by row.
    color: Vec<u8>,
    /// Colour components a pixel: 3 or 1.
    components: u8,
    /// The alpha plane, 8 bits a pixel, when the PNG has transparency.
    alpha: Option<Vec<u8>>,
}

/// Why an image cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Not a PNG that can be decoded.
    Decode(#[from] png::DecodingError),
    /// Too large.
    TooLarge {
        /// Pixels across.
        width: u32,
        /// Pixels down.
        height: u32,
    },
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            ImageError::Decode(e) => tr!("not a PNG image that can be read: {e}", e),
            ImageError::TooLarge { width, height } => {
                tr!("the image is {width}×{height} pixels; at most {max} a side", width, height, max = MAX_SIDE)
            }
        })
    }
}

impl Image {
    /// Decodes a PNG: palette and low bit depths expanded, 16 bits cut to 8, transparency kept.
    pub fn from_png(bytes: &[u8]) -> Result<Image, ImageError> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info()?;
        let (width, height) = (reader.info().width, reader.info().height);
        if width > MAX_SIDE || height > MAX_SIDE || width == 0 || height == 0 {
            return Err(ImageError::TooLarge { width, height });
        }
        let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
        let frame = reader.next_frame(&mut buf)?;
        let data = &buf[..frame.buffer_size()];
        let (color, components, alpha) = match frame.color_type {
            png::ColorType::Rgba => {
                let color = data.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
                (color, 3, Some(data.chunks_exact(4).map(|p| p[3]).collect()))
            }
            png::ColorType::GrayscaleAlpha => {
                (data.chunks_exact(2).map(|p| p[0]).collect(), 1, Some(data.chunks_exact(2).map(|p| p[1]).collect()))
            }
            png::ColorType::Grayscale => (data.to_vec(), 1, None),
            // palettes are expanded to RGB (EXPAND)
            png::ColorType::Rgb | png::ColorType::Indexed => (data.to_vec(), 3, None),
        };
        Ok(Image { width, height, color, components, alpha })
    }

    /// The share of its pixels that are opaque and not red ink ([`opaque_ground_share`]).
    pub fn opaque_ground(&self) -> f32 {
        opaque_ground_share(&self.color, usize::from(self.components), self.alpha.as_deref())
    }

    /// Width over height.
    pub fn aspect(&self) -> f32 {
        self.width as f32 / self.height as f32
    }

    /// The image XObject and, when the image has transparency, its soft mask: (image, mask).
    /// The image's `/SMask` is set by the caller to the mask's reference.
    pub fn xobjects(&self) -> (Stream, Option<Stream>) {
        let stream = |samples: &[u8], gray: bool| {
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"XObject".to_vec()));
            d.set("Subtype", Object::Name(b"Image".to_vec()));
            d.set("Width", Object::Integer(i64::from(self.width)));
            d.set("Height", Object::Integer(i64::from(self.height)));
            d.set("ColorSpace", Object::Name(if gray { b"DeviceGray".to_vec() } else { b"DeviceRGB".to_vec() }));
            d.set("BitsPerComponent", Object::Integer(8));
            d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
            // writing to memory cannot fail
            let _ = z.write_all(samples);
            Stream::new(d, z.finish().unwrap_or_default())
        };
        let image = stream(&self.color, self.components == 1);
        let mask = self.alpha.as_ref().map(|a| stream(a, true));
        (image, mask)
    }
}

/// The largest share of a seal's pixels that may be opaque and not red ink: a seal is red ink on
/// a transparent ground (Decree 30/2020, Phụ lục I: "màu đỏ … định dạng (.png) nền trong suốt");
/// an opaque ground of any colour would hide what the signer signed (third hostile review: white
/// over the signer's title; a fourth: a cream ground, 255 252 200, not counted as white, over the
/// recipients and the signer's title, with its own words on it).
pub const SEAL_MAX_OPAQUE_GROUND: f32 = 0.10;

/// Whether an opaque pixel of `components` samples is red ink: red clearly above green and blue
/// (seal red, dark or light, and its anti-aliased edge on a transparent ground).
fn is_red_ink(px: &[u8]) -> bool {
    match *px {
        [r, g, b] => r >= 96 && u16::from(r) >= u16::from(g) + 48 && u16::from(r) >= u16::from(b) + 48,
        _ => false,
    }
}

/// The share of pixels of `color` (`components` 8-bit samples a pixel) that are opaque (alpha at
/// least half, or no alpha) and not red ink ([`is_red_ink`]; a grey image has none).
pub fn opaque_ground_share(color: &[u8], components: usize, alpha: Option<&[u8]>) -> f32 {
    let pixels = color.len() / components.max(1);
    if pixels == 0 {
        return 0.0;
    }
    let ground = color
        .chunks_exact(components.max(1))
        .enumerate()
        .filter(|(i, px)| !is_red_ink(px) && alpha.is_none_or(|a| a.get(*i).is_none_or(|v| *v >= 128)))
        .count();
    ground as f32 / pixels as f32
}
