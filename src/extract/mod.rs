//! Extraction: what a Vietnamese administrative document says about itself (number, type, issuer, place,
//! date, subject, signature, recipients) and which documents it cites — as JSON-ready serde types, schema 1.
//!
//! The schema is that of the gold files (`shared/seeds/*.meta.json`): `document`, `references`, `signature`,
//! plus `schema`, `source`, and fields the gold does not have: `spans` (line and input byte range of every
//! value), `confidence`, `recipients` (the "Nơi nhận" list), `digital_signature` and `motto`.
//!
//! Matching is diacritic- and case-insensitive (folded text), so the extractor works on restored text and
//! keeps working on raw OCR where it can; values are printed as the text spells them (issuers in the header in
//! normal case, known codes in their proper spelling: "QP-TTG" → "QĐ-TTg").
//!
//! ```
//! let text = "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
//!             SỞ KHOA HỌC VÀ CÔNG NGHỆ Độc lập - Tự do - Hạnh phúc\n\
//!             Số: 1260/BC-SKHCN Quảng Ngãi, ngày 05 tháng 9 năm 2025\n\
//!             BÁO CÁO\n\
//!             Kết quả thực hiện\n\
//!             \n\
//!             Thực hiện Quyết định số 2289/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ.\n";
//! let m = vnocr::extract::extract(text);
//! assert_eq!(m.document.number.as_deref(), Some("1260/BC-SKHCN"));
//! assert_eq!(m.document.issuer.as_deref(), Some("Sở Khoa học và Công nghệ"));
//! assert_eq!(m.document.parent_issuer.as_deref(), Some("UBND tỉnh Quảng Ngãi"));
//! assert_eq!(m.document.date.as_deref(), Some("2025-09-05"));
//! let r = &m.references[0];
//! assert_eq!((r.number.as_str(), r.r#type.as_deref()), ("2289/QĐ-TTg", Some("Quyết định")));
//! assert_eq!((r.date.as_deref(), r.issuer.as_deref()), (Some("2020-12-31"), Some("Thủ tướng Chính phủ")));
//! ```

pub mod gazetteer;
mod header;
mod issuers;
mod refs;
pub(crate) mod shapes;
mod signature;
mod stream;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use gazetteer::{BUILTIN_TSV, Entry, Gazetteer, Hit, Kind};
pub use shapes::{iso_date, parse_date};

/// The version of the JSON schema written by [`extract`].
pub const SCHEMA_VERSION: u32 = 1;

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// Schema version ([`SCHEMA_VERSION`]).
    pub schema: u32,
    /// The input's name, when known (set by the caller).
    pub source: Option<String>,
    /// What the document says about itself.
    pub document: DocumentInfo,
    /// The documents it cites, one entry per distinct number, in order of first mention.
    pub references: Vec<Reference>,
    /// Who signed it.
    pub signature: SignatureInfo,
    /// The "Nơi nhận" list, one entry per item.
    pub recipients: Vec<String>,
    /// The digital signature block, when the text has one.
    pub digital_signature: Option<DigitalSignature>,
    /// The motto printed in the header: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (state) or "ĐẢNG CỘNG SẢN VIỆT NAM"
    /// (party).
    pub motto: Option<String>,
    /// A heuristic 0–1: the share of the header's fields (number, type, issuer, place, date, subject) found and
    /// checked.
    pub confidence: f32,
    /// Where each value was found: `"document.number"`, `"signature.signer"`, … → line and byte range.
    pub spans: BTreeMap<String, Span>,
}

/// The document's own header fields (the gold schema's `document`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// "1260/BC-SKHCN", or None when absent or unreadable.
    pub number: Option<String>,
    /// False when the header's number is missing or illegible (handwritten).
    pub number_readable: bool,
    /// "Báo cáo", "Quyết định", … from the title, else from the number's code.
    #[serde(rename = "type")]
    pub r#type: Option<String>,
    /// The issuing body, in normal case ("Sở Khoa học và Công nghệ").
    pub issuer: Option<String>,
    /// The body printed above the issuer ("UBND tỉnh Quảng Ngãi").
    pub parent_issuer: Option<String>,
    /// "Quảng Ngãi".
    pub place: Option<String>,
    /// "YYYY-MM-DD", only for a real, complete date.
    pub date: Option<String>,
    /// The title / subject lines, joined with one space.
    pub subject: Option<String>,
}

/// One cited document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// "2289/QĐ-TTg" (spaces and line breaks the OCR put inside removed).
    pub number: String,
    /// "Quyết định": the type word before the number, else from the number's code.
    #[serde(rename = "type")]
    pub r#type: Option<String>,
    /// "YYYY-MM-DD" from "ngày …" right after the number (first mention stating it).
    pub date: Option<String>,
    /// The body named for it ("của Thủ tướng Chính phủ"; or the subject of "… ban hành").
    pub issuer: Option<String>,
    /// 1-based line of the first mention.
    pub line: usize,
    /// The first mention's input byte range.
    pub span: Span,
    /// How many times the number is mentioned.
    pub mentions: usize,
}

/// The signature (the gold schema's `signature`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SignatureInfo {
    /// The signer's name ("Phan Văn Hiếu").
    pub signer: Option<String>,
    /// The position as printed ("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC").
    pub position: Option<String>,
    /// The digital-signature holder.
    pub signed_by: Option<String>,
    /// The digital-signature time as printed.
    pub signed_at: Option<String>,
}

/// A digital signature block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DigitalSignature {
    /// Who holds the certificate ("Ủy ban nhân dân tỉnh Quảng Ngãi").
    pub holder: Option<String>,
    /// Its e-mail address.
    pub email: Option<String>,
    /// The signing time as printed.
    pub time: Option<String>,
    /// The agency ("Cơ quan: …"), when printed.
    pub agency: Option<String>,
    /// Where the block is.
    pub span: Option<Span>,
}

/// Where a value is: 1-based line of its first byte and its input byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// Input byte offset of the first byte.
    pub start: usize,
    /// Input byte offset one past the last byte.
    pub end: usize,
}

/// Extracts the metadata of one document's text with the built-in gazetteer.
pub fn extract(text: &str) -> Metadata {
    extract_with(Gazetteer::builtin(), text)
}

/// Extracts the metadata of one document's text with the given gazetteer.
pub fn extract_with(g: &Gazetteer, text: &str) -> Metadata {
    extract_inner(g, text, None)
}

/// Extracts the metadata of a restored text, reading document numbers from the raw OCR it was restored from
/// (line `i` of `restored` being the restoration of line `i` of `ocr`, as `vnocr restore` writes it).
///
/// A restorer that reads codes as words may turn a number broken over two lines ("1845-" / "OP/TU") into
/// "1845-CP/TỪ". Each number of the restored text whose digits and separators match a number printed on the same
/// line of the OCR and that has a vowel mark no code has, or lacks a Đ the OCR printed, takes the OCR's spelling
/// (with the gazetteer's fixes of known codes: "OP" → "QĐ"); a restored code ("79/2025/N-CP" printed,
/// "79/2025/NĐ-CP" restored) stays.
/// Everything else — types, dates, issuers, header, signature — comes from the restored text.
///
/// ```
/// let ocr = "Quyét dinh s6 1827-OP/TU ngay 11/02/2025 ciia Ban Thirong vu Tinh iy\n";
/// let restored = "Quyết định số 1827-CP/TỪ ngày 11/02/2025 của Ban Thường vụ Tỉnh ủy\n";
/// let m = vnocr::extract::extract_restored(restored, ocr);
/// assert_eq!(m.references[0].number, "1827-QĐ/TU");
/// assert_eq!(m.references[0].issuer.as_deref(), Some("Ban Thường vụ Tỉnh ủy"));
/// ```
pub fn extract_restored(restored: &str, ocr: &str) -> Metadata {
    let g = Gazetteer::builtin();
    let printed = refs::PrintedNumbers::new(ocr, g);
    let mut m = extract_inner(g, restored, Some(&printed));
    // the header's own number, likewise (the OCR's header alone, not a whole second extraction)
    let printed_header = header::header(ocr, &stream::Lines::new(ocr), g);
    if let (Some(r), Some((p, _))) = (&m.document.number, &printed_header.number) {
        let digits = |n: &str| n.chars().take_while(char::is_ascii_digit).collect::<String>();
        if digits(r) == digits(p) && refs::separators(r) == refs::separators(p) && refs::printed_wins(p, r) {
            m.document.number = Some(p.clone());
        }
    }
    m
}

fn extract_inner(g: &Gazetteer, text: &str, printed: Option<&refs::PrintedNumbers>) -> Metadata {
    let lines = stream::Lines::new(text);
    let h = header::header(text, &lines, g);
    let mut references = refs::references(text, &lines, g, h.number_range, printed);
    let end = signature::ending(text, &lines, g);
    let mut spans = BTreeMap::new();
    let mut put = |name: &str, f: &header::Found| -> Option<String> {
        let (v, (a, b)) = f.as_ref()?;
        spans.insert(name.to_string(), Span { line: lines.line_of(*a), start: *a, end: *b });
        Some(v.clone())
    };
    let mut document = DocumentInfo {
        number: put("document.number", &h.number),
        number_readable: h.number_readable,
        r#type: put("document.type", &h.type_),
        issuer: put("document.issuer", &h.issuer),
        parent_issuer: put("document.parent_issuer", &h.parent_issuer),
        place: put("document.place", &h.place),
        date: put("document.date", &h.date),
        subject: put("document.subject", &h.subject),
    };
    let bodies: Vec<&str> =
        [&document.issuer, &document.parent_issuer].into_iter().flatten().map(|b| b.as_str()).collect();
    if let Some(mended) = document.place.as_deref().and_then(|p| issuers::mend_place(p, &bodies, g)) {
        document.place = Some(mended);
    }
    if let Some(place) = &document.place {
        for body in [&mut document.issuer, &mut document.parent_issuer] {
            if let Some(mended) = body.as_deref().and_then(|b| issuers::mend_province(b, place, g)) {
                *body = Some(mended);
            }
            if let Some(mended) = body.as_deref().and_then(|b| issuers::mend_name(b, place, g)) {
                *body = Some(mended);
            }
        }
    }
    // The document's own number elsewhere in it (an appendix's "(Ban hành kèm theo Quyết định số …)") cites no
    // other document, nor does it cut short there ("2597/QĐ-T Tg": the OCR split its last part).
    if let Some(own) = document.number.as_deref().map(refs::number_key) {
        references.retain(|r| {
            let key = refs::number_key(&r.number);
            key != own && !(key.len() < own.len() && refs::cut_short(&key, &own).is_some())
        });
    }
    let motto = put("motto", &h.motto);
    let signature = SignatureInfo {
        signer: put("signature.signer", &end.signer),
        position: put("signature.position", &end.position),
        signed_by: end.digital.as_ref().and_then(|d| d.holder.clone()),
        signed_at: end.digital.as_ref().and_then(|d| d.time.clone()),
    };
    // No issuer block in the header: the digital signature's holder, when it is a body.
    if document.issuer.is_none()
        && let Some(holder) = &signature.signed_by
    {
        let folded = crate::syllable::fold(holder);
        if g.issuer_at(&folded, 0).is_some() {
            document.issuer = Some(holder.clone());
        }
    }
    let found = [
        document.number.is_some(),
        document.r#type.is_some(),
        document.issuer.is_some(),
        document.place.is_some(),
        document.date.is_some(),
        document.subject.is_some(),
    ];
    let confidence = found.iter().filter(|&&f| f).count() as f32 / found.len() as f32;
    Metadata {
        schema: SCHEMA_VERSION,
        source: None,
        document,
        references,
        signature,
        recipients: end.recipients,
        digital_signature: end.digital,
        motto,
        confidence,
        spans,
    }
}
