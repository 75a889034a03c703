//! Property tests: the tokenizer is lossless, normalization is idempotent with sound offsets, and input decoding
//! never panics and gives text back unchanged.

use proptest::prelude::*;
use proptest::sample::select;

use vnocr::input::{self, LineEnding};
use vnocr::normalize::{Encoding, Normalized, Normalizer};
use vnocr::syllable::ToneStyle;
use vnocr::tokenize::tokenize;

/// Characters that stress the tokenizer and the normalizer: Vietnamese letters (precomposed, both cases),
/// combining marks, digits and the separators of dates, codes and URLs, white space with CR/LF, OCR symbols and
/// ligatures, the Latin-1 characters TCVN3 and VNI use, and VIQR's ASCII marks.
fn interesting_char() -> impl Strategy<Value = char> {
    let vietnamese: Vec<char> = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ\
                                 AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬEÈÉẺẼẸÊỀẾỂỄỆIÌÍỈĨỊOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢUÙÚỦŨỤƯỪỨỬỮỰYỲÝỶỸỴĐ\
                                 bcdghklmnpqrstvxBCDGHKLMNPQRSTVXfjwzFJWZ"
        .chars()
        .collect();
    let marks = vec!['\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{306}', '\u{309}', '\u{31b}', '\u{323}'];
    let separators = vec![
        '0', '1', '2', '5', '9', '/', '-', '@', '.', ',', ':', ';', '&', '(', ')', '"', '“', '”', '’', ' ', ' ', ' ',
        '\t', '\r', '\n', '\u{a0}', '\u{feff}',
    ];
    let ocr = vec!['¢', '€', '¥', '£', '§', '°', 'ﬁ', 'ﬂ', 'ﬀ', 'ﬃ', 'ﬄ', 'Ð', 'ð', '\u{2212}', '\u{3bc}', '\u{ad}'];
    let latin1: Vec<char> = ('\u{a1}'..='\u{ff}').collect();
    let viqr = vec!['\'', '`', '?', '~', '^', '+', '\\'];
    prop_oneof![
        6 => select(vietnamese),
        2 => select(marks),
        4 => select(separators),
        1 => select(ocr),
        2 => select(latin1),
        1 => select(viqr),
        1 => any::<char>(),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(interesting_char(), 0..48).prop_map(|v| v.into_iter().collect())
}

/// Real words in both tone styles, misplaced marks, OCR noise and codes, joined by spaces and punctuation.
fn words() -> impl Strategy<Value = String> {
    let vocab = vec![
        "hoà",
        "hòa",
        "HOÀ",
        "Hoà",
        "thuỷ",
        "thủy",
        "THUỶ",
        "khoẻ",
        "khỏe",
        "Khoẻ",
        "uỷ",
        "Ủy",
        "quý",
        "qủa",
        "nứơc",
        "người",
        "Quảng",
        "Ngãi",
        "giữ",
        "gì",
        "hoạch",
        "tuyển",
        "s6",
        "ctia",
        "Pang",
        "k¥",
        "céac",
        "tué",
        "iPhone",
        "2289/QĐ-TTg",
        "31/12/2020",
        "https://vbpl.vn",
        "a@b.vn",
        "1.000",
        "KH&CN",
        "ho\u{300}a",
        "thu\u{309}y",
    ];
    let seps = vec![" ", ", ", ". ", "\n", "\r\n", "-", "/", ""];
    proptest::collection::vec((select(vocab), select(seps)), 0..12)
        .prop_map(|v| v.into_iter().flat_map(|(w, s)| [w, s]).collect())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![text(), words(), any::<String>()]
}

fn normalizers() -> Vec<Normalizer> {
    let mut out = Vec::new();
    for from in [Encoding::Unicode, Encoding::Tcvn3, Encoding::Vni, Encoding::Viqr] {
        let n = Normalizer::new().from(from);
        out.extend([n.tones(ToneStyle::Classic), n.tones(ToneStyle::Modern), n.keep_tones()]);
    }
    out
}

fn check_offsets(input: &str, n: &Normalized) -> Result<(), TestCaseError> {
    prop_assert_eq!(n.offsets.len(), n.text.len() + 1);
    prop_assert_eq!(*n.offsets.last().unwrap(), input.len());
    prop_assert!(n.offsets.windows(2).all(|w| w[0] <= w[1]), "offsets decrease: {:?}", n.offsets);
    prop_assert!(n.offsets.iter().all(|&o| input.is_char_boundary(o)), "offset inside a char: {:?}", n.offsets);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokenizer_round_trips(s in any_text()) {
        let tokens = tokenize(&s);
        prop_assert_eq!(tokens.iter().map(|t| t.text).collect::<String>(), s.clone());
        let mut at = 0;
        for t in &tokens {
            prop_assert!(!t.text.is_empty());
            prop_assert_eq!(t.start, at);
            prop_assert_eq!(&s[t.span()], t.text);
            at = t.end();
        }
        prop_assert_eq!(at, s.len());
    }

    #[test]
    fn normalization_is_idempotent_with_sound_offsets(s in any_text()) {
        for n in normalizers() {
            let once = n.normalize(&s);
            check_offsets(&s, &once)?;
            // The output is a fixed point of the Unicode normalizer with the same tone handling (for Unicode input
            // that is plain idempotence: normalize(normalize(x)) == normalize(x)).
            let unicode = n.from(Encoding::Unicode);
            let twice = unicode.normalize(&once.text);
            prop_assert_eq!(&twice.text, &once.text, "{:?}", n);
            check_offsets(&once.text, &twice)?;
        }
    }

    #[test]
    fn normalization_is_line_local(s in any_text()) {
        for n in normalizers() {
            let whole = n.normalize(&s).text;
            let by_line: String = s.split_inclusive('\n').map(|l| n.normalize(l).text).collect();
            prop_assert_eq!(&by_line, &whole, "{:?}", n);
        }
    }

    #[test]
    fn tone_styles_convert_both_ways(s in any_text()) {
        let classic = Normalizer::new().tones(ToneStyle::Classic);
        let modern = Normalizer::new().tones(ToneStyle::Modern);
        let c = classic.normalize(&s).text;
        let m = modern.normalize(&s).text;
        prop_assert_eq!(&modern.normalize(&c).text, &m);
        prop_assert_eq!(&classic.normalize(&m).text, &c);
        // Only tone placement differs: same length in chars, same text once tones are folded away.
        prop_assert_eq!(c.chars().count(), m.chars().count());
        prop_assert_eq!(vnocr::syllable::fold(&c), vnocr::syllable::fold(&m));
    }

    #[test]
    fn read_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        if let Ok(doc) = input::read_bytes("fuzz", &bytes) {
            prop_assert!(!doc.text.contains('\0'));
            prop_assert_eq!(doc.line_ending, LineEnding::detect(&doc.text));
        }
    }

    #[test]
    fn read_bytes_never_panics_on_near_text(s in any_text(), cut in 0usize..64, junk in any::<u8>(), bom in 0u8..4) {
        let mut bytes = match bom {
            1 => b"\xEF\xBB\xBF".to_vec(),
            2 => vec![0xFF, 0xFE],
            3 => vec![0xFE, 0xFF],
            _ => Vec::new(),
        };
        bytes.extend(s.as_bytes());
        let at = cut.min(bytes.len());
        bytes.insert(at, junk);
        let _ = input::read_bytes("fuzz", &bytes);
    }

    #[test]
    fn text_reads_back_unchanged(s in any_text(), little in any::<bool>()) {
        // Text without NUL and without the control characters of binary files, starting with no BOM.
        let s: String = s.chars().filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r')).collect();
        let s = s.trim_start_matches('\u{feff}').to_string();
        prop_assume!(!s.is_empty());
        let utf8 = input::read_bytes("t", s.as_bytes()).unwrap();
        prop_assert_eq!(&utf8.text, &s);
        prop_assert!(!utf8.bom);
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend(s.as_bytes());
        prop_assert_eq!(&input::read_bytes("t", &with_bom).unwrap().text, &s);
        let mut utf16 = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in s.encode_utf16() {
            utf16.extend(if little { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let doc = input::read_bytes("t", &utf16).unwrap();
        prop_assert_eq!(&doc.text, &s);
        prop_assert!(doc.bom);
        // The document's line ending, applied, changes nothing in a document that uses only that ending.
        let uniform = LineEnding::CrLf.apply(&s.replace('\r', "")).into_owned();
        let again = LineEnding::CrLf.apply(&uniform).into_owned();
        prop_assert_eq!(again, uniform);
    }
}
