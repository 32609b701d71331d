//! Puts the children of WordprocessingML property elements in the order the schema requires.
//!
//! docx-rs writes, for instance, `w:rPr` first in a `w:pPr` and `w:headerReference` after
//! `w:pgSz` in a `w:sectPr`; ECMA-376 (Part 1, §17, the `CT_PPr`, `CT_SectPr`, `CT_TblPr`,
//! `CT_TcPr`, `CT_RPr` sequences) fixes their order, and Word is entitled to refuse a file that
//! breaks it. This pass reorders those children (stably) and changes nothing else.

/// Schema order of the children of each property element we reorder (local names, `w:` prefix).
fn order(parent: &[u8]) -> Option<&'static [&'static str]> {
    const RUN: &[&str] = &[
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
        "rPrChange",
    ];
    const PARAGRAPH: &[&str] = &[
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ];
    // footerReference ranks as headerReference (see `rank`).
    const SECTION: &[&str] = &[
        "headerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "paperSrc",
        "pgBorders",
        "lnNumType",
        "pgNumType",
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    ];
    const TABLE: &[&str] = &[
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
        "tblPrChange",
    ];
    const CELL: &[&str] = &[
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    ];
    const BORDERS: &[&str] =
        &["top", "left", "start", "bottom", "right", "end", "between", "bar", "insideH", "insideV"];
    const STYLE: &[&str] = &[
        "name",
        "aliases",
        "basedOn",
        "next",
        "link",
        "autoRedefine",
        "hidden",
        "uiPriority",
        "semiHidden",
        "unhideWhenUsed",
        "qFormat",
        "locked",
        "personal",
        "personalCompose",
        "personalReply",
        "rsid",
        "pPr",
        "rPr",
        "tblPr",
        "trPr",
        "tcPr",
        "tblStylePr",
    ];
    const SETTINGS: &[&str] = &[
        "writeProtection",
        "view",
        "zoom",
        "removePersonalInformation",
        "removeDateAndTime",
        "doNotDisplayPageBoundaries",
        "displayBackgroundShape",
        "printPostScriptOverText",
        "printFractionalCharacterWidth",
        "printFormsData",
        "embedTrueTypeFonts",
        "embedSystemFonts",
        "saveSubsetFonts",
        "saveFormsData",
        "mirrorMargins",
        "alignBordersAndEdges",
        "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter",
        "gutterAtTop",
        "hideSpellingErrors",
        "hideGrammaticalErrors",
        "activeWritingStyle",
        "proofState",
        "formsDesign",
        "attachedTemplate",
        "linkStyles",
        "stylePaneFormatFilter",
        "stylePaneSortMethod",
        "documentType",
        "mailMerge",
        "revisionView",
        "trackRevisions",
        "doNotTrackMoves",
        "doNotTrackFormatting",
        "documentProtection",
        "autoFormatOverride",
        "styleLockTheme",
        "styleLockQFSet",
        "defaultTabStop",
        "autoHyphenation",
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "showEnvelope",
        "summaryLength",
        "clickAndTypeStyle",
        "defaultTableStyle",
        "evenAndOddHeaders",
        "bookFoldRevPrinting",
        "bookFoldPrinting",
        "bookFoldPrintingSheets",
        "drawingGridHorizontalSpacing",
        "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery",
        "displayVerticalDrawingGridEvery",
        "doNotUseMarginsForDrawingGridOrigin",
        "drawingGridHorizontalOrigin",
        "drawingGridVerticalOrigin",
        "doNotShadeFormData",
        "noPunctuationKerning",
        "characterSpacingControl",
        "printTwoOnOne",
        "strictFirstAndLastChars",
        "noLineBreaksAfter",
        "noLineBreaksBefore",
        "savePreviewPicture",
        "doNotValidateAgainstSchema",
        "saveInvalidXml",
        "ignoreMixedContent",
        "alwaysShowPlaceholderText",
        "doNotDemarcateInvalidXml",
        "saveXmlDataOnly",
        "useXSLTWhenSaving",
        "saveThroughXslt",
        "showXMLTags",
        "alwaysMergeEmptyNamespace",
        "updateFields",
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    ];
    Some(match parent {
        b"w:style" => STYLE,
        b"w:settings" => SETTINGS,
        b"w:rPr" => RUN,
        b"w:pPr" => PARAGRAPH,
        b"w:sectPr" => SECTION,
        b"w:tblPr" => TABLE,
        b"w:tcPr" => CELL,
        b"w:pBdr" | b"w:tblBorders" | b"w:tcBorders" | b"w:tblCellMar" => BORDERS,
        _ => return None,
    })
}

fn rank(table: &[&str], child: &[u8]) -> usize {
    let local = child.strip_prefix(b"w:").unwrap_or(child);
    // headerReference and footerReference form one choice group: the same rank
    let local: &[u8] = if local == b"footerReference" { b"headerReference" } else { local };
    table.iter().position(|entry| entry.as_bytes() == local).unwrap_or(table.len())
}

/// A parsed node: an element (its name, the byte range of its start tag, children, the byte range
/// of its end tag, if any) or other content (text, declarations) kept as bytes.
enum Node {
    Element { name: (usize, usize), start: (usize, usize), children: Vec<Node>, end: Option<(usize, usize)> },
    Other((usize, usize)),
}

/// The end of the tag starting at `i` (the index after `>`), skipping quoted attribute values.
fn tag_end(xml: &[u8], mut i: usize) -> Option<usize> {
    let mut quote = None;
    while i < xml.len() {
        match (quote, xml[i]) {
            (None, b'"' | b'\'') => quote = Some(xml[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

fn name_of(xml: &[u8], start: usize, end: usize) -> (usize, usize) {
    let from = start + 1;
    let len = xml[from..end].iter().position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>').unwrap_or(0);
    (from, from + len)
}

/// Parses the children up to the end tag of the current element (or the end of input).
fn parse(xml: &[u8], pos: &mut usize) -> Option<Vec<Node>> {
    let mut nodes = Vec::new();
    while *pos < xml.len() {
        if xml[*pos] != b'<' {
            let next = xml[*pos..].iter().position(|c| *c == b'<').map_or(xml.len(), |n| *pos + n);
            nodes.push(Node::Other((*pos, next)));
            *pos = next;
            continue;
        }
        let end = tag_end(xml, *pos)?;
        match xml.get(*pos + 1) {
            Some(b'/') => return Some(nodes), // the caller's end tag; it consumes it
            Some(b'?' | b'!') => {
                nodes.push(Node::Other((*pos, end)));
                *pos = end;
            }
            _ => {
                let start = (*pos, end);
                let name = name_of(xml, *pos, end);
                *pos = end;
                if xml[end - 2] == b'/' {
                    nodes.push(Node::Element { name, start, children: vec![], end: None });
                } else {
                    let children = parse(xml, pos)?;
                    let close_end = tag_end(xml, *pos)?;
                    nodes.push(Node::Element { name, start, children, end: Some((*pos, close_end)) });
                    *pos = close_end;
                }
            }
        }
    }
    Some(nodes)
}

fn write(xml: &[u8], nodes: &mut [Node], out: &mut Vec<u8>) {
    for node in nodes {
        match node {
            Node::Other((a, b)) => out.extend_from_slice(&xml[*a..*b]),
            Node::Element { name, start, children, end } => {
                out.extend_from_slice(&xml[start.0..start.1]);
                if &xml[name.0..name.1] == b"w:pPr" {
                    // an empty w:rPr says nothing, and the paragraph properties of a style, of
                    // the document defaults and of a numbering level (CT_PPrGeneral) may not
                    // hold one at all
                    children.retain(|c| {
                        !matches!(c, Node::Element { name, start, end: None, .. }
                            if &xml[name.0..name.1] == b"w:rPr" && is_bare(&xml[start.0..start.1]))
                    });
                }
                if let Some(table) = order(&xml[name.0..name.1]) {
                    let key = |c: &Node| match c {
                        Node::Element { name, .. } => rank(table, &xml[name.0..name.1]),
                        Node::Other(_) => 0,
                    };
                    let ranks: Vec<usize> = children.iter().map(key).collect();
                    if ranks.windows(2).any(|w| w[0] > w[1]) {
                        children.sort_by_cached_key(key);
                    }
                }
                write(xml, children, out);
                if let Some((a, b)) = end {
                    out.extend_from_slice(&xml[*a..*b]);
                }
            }
        }
    }
}

/// Whether a self-closed start tag has no attributes (`<w:rPr />`).
fn is_bare(tag: &[u8]) -> bool {
    !tag.contains(&b'=')
}

/// `xml` with the children of every property element in schema order. Input that does not parse
/// (never docx-rs's) is returned unchanged.
pub fn canonicalize(xml: &[u8]) -> Vec<u8> {
    let mut pos = 0;
    match parse(xml, &mut pos) {
        Some(mut nodes) if pos == xml.len() => {
            let mut out = Vec::with_capacity(xml.len());
            write(xml, &mut nodes, &mut out);
            out
        }
        _ => xml.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> String {
        String::from_utf8(canonicalize(s.as_bytes())).unwrap()
    }

    #[test]
    fn reorders_paragraph_and_section_properties() {
        assert_eq!(
            c(
                r#"<w:p><w:pPr><w:rPr><w:sz w:val="26" /><w:b /></w:rPr><w:jc w:val="center" /><w:spacing w:before="0" /><w:keepNext /></w:pPr><w:r><w:t xml:space="preserve">a &gt; b</w:t></w:r></w:p>"#
            ),
            r#"<w:p><w:pPr><w:keepNext /><w:spacing w:before="0" /><w:jc w:val="center" /><w:rPr><w:b /><w:sz w:val="26" /></w:rPr></w:pPr><w:r><w:t xml:space="preserve">a &gt; b</w:t></w:r></w:p>"#
        );
        assert_eq!(
            c(
                r#"<w:sectPr><w:pgSz w:w="1" /><w:cols w:num="1" /><w:headerReference w:type="default" r:id="a" /><w:headerReference w:type="first" r:id="b" /><w:titlePg /><w:pgNumType w:start="1" /></w:sectPr>"#
            ),
            r#"<w:sectPr><w:headerReference w:type="default" r:id="a" /><w:headerReference w:type="first" r:id="b" /><w:pgSz w:w="1" /><w:pgNumType w:start="1" /><w:cols w:num="1" /><w:titlePg /></w:sectPr>"#
        );
    }

    #[test]
    fn orders_styles_and_settings_and_drops_empty_mark_properties() {
        assert_eq!(
            c(
                r#"<w:style w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#
            ),
            r#"<w:style w:styleId="Normal"><w:name w:val="Normal" /><w:qFormat /><w:pPr></w:pPr><w:rPr /></w:style>"#
        );
        assert_eq!(
            c(r#"<w:settings><w:defaultTabStop w:val="840" /><w:zoom w:percent="100" /><w:compat /></w:settings>"#),
            r#"<w:settings><w:zoom w:percent="100" /><w:defaultTabStop w:val="840" /><w:compat /></w:settings>"#
        );
        // a paragraph mark's real properties stay
        assert_eq!(c(r#"<w:pPr><w:rPr><w:b /></w:rPr></w:pPr>"#), r#"<w:pPr><w:rPr><w:b /></w:rPr></w:pPr>"#);
    }

    #[test]
    fn leaves_other_content_alone() {
        let s = r#"<?xml version="1.0"?><w:document a="x>y"><w:body><w:p><w:r><w:t>z</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(c(s), s);
        assert_eq!(c("<a><b>"), "<a><b>", "unbalanced input comes back unchanged");
    }
}
