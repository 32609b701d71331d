//! The input's messages (JSON, files, e-mail addresses, addresses), and the stages after it: model, law, templates, document, layout, renderers.

/// English → Vietnamese.
pub const ENTRIES: &[(&str, &str)] = &[("required field is missing", "thiếu trường bắt buộc")];
