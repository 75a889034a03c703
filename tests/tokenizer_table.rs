//! Table-driven tokenizer tests on the shapes administrative OCR text is made of: document codes, dates, numbers,
//! URLs and e-mail addresses, and OCR noise words. Spaces are left out of the expectations; the round trip is
//! checked on every row.

use vnocr::tokenize::{TokenKind, tokenize};

use TokenKind::*;

fn check(table: &[(&str, &[(TokenKind, &str)])]) {
    let mut failures = Vec::new();
    for (input, want) in table {
        let tokens = tokenize(input);
        assert_eq!(tokens.iter().map(|t| t.text).collect::<String>(), *input, "round trip");
        let got: Vec<(TokenKind, &str)> = tokens.iter().filter(|t| t.kind != Space).map(|t| (t.kind, t.text)).collect();
        if got != *want {
            failures.push(format!("{input:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} rows fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn document_codes() {
    check(&[
        ("2289/QĐ-TTg", &[(Code, "2289/QĐ-TTg")]),
        ("107/2021/NĐ-CP", &[(Code, "107/2021/NĐ-CP")]),
        ("193/2025/QH15", &[(Code, "193/2025/QH15")]),
        ("52-NQ/TW", &[(Code, "52-NQ/TW")]),
        ("19-CT/TU", &[(Code, "19-CT/TU")]),
        ("271-KH/TU;", &[(Code, "271-KH/TU"), (Punct, ";")]),
        ("1260/BC-SKHCN.", &[(Code, "1260/BC-SKHCN"), (Punct, ".")]),
        ("472/SKHCN-BCVT&CĐS", &[(Code, "472/SKHCN-BCVT&CĐS")]),
        // As OCR prints them: Đ read as P, case lost; still codes.
        ("2289/QP-TTG", &[(Code, "2289/QP-TTG")]),
        (
            "S6: 1260/BC-SKHCN Qudng Ngai",
            &[(Word, "S6"), (Punct, ":"), (Code, "1260/BC-SKHCN"), (Word, "Qudng"), (Word, "Ngai")],
        ),
        (
            "Nghị quyết số 50/NQ-CP ngày",
            &[(Word, "Nghị"), (Word, "quyết"), (Word, "số"), (Code, "50/NQ-CP"), (Word, "ngày")],
        ),
        (
            "(Quyết định 714/QĐ-TTg)",
            &[(Punct, "("), (Word, "Quyết"), (Word, "định"), (Code, "714/QĐ-TTg"), (Punct, ")")],
        ),
    ]);
}

#[test]
fn dates_and_numbers() {
    check(&[
        ("31/12/2020", &[(Date, "31/12/2020")]),
        ("ngày 17/4/2020,", &[(Word, "ngày"), (Date, "17/4/2020"), (Punct, ",")]),
        ("05-9-2025", &[(Date, "05-9-2025")]),
        ("1.1.2024.", &[(Date, "1.1.2024"), (Punct, ".")]),
        // Not a date: month 13, or mixed separators.
        ("12/13/2020", &[(Number, "12"), (Punct, "/"), (Number, "13"), (Punct, "/"), (Number, "2020")]),
        ("1/2.2020", &[(Number, "1"), (Punct, "/"), (Number, "2.2020")]),
        ("1.000.000 đồng", &[(Number, "1.000.000"), (Word, "đồng")]),
        ("3,5%", &[(Number, "3,5"), (Punct, "%")]),
        ("năm 2025.", &[(Word, "năm"), (Number, "2025"), (Punct, ".")]),
        ("tháng 9 năm 2025", &[(Word, "tháng"), (Number, "9"), (Word, "năm"), (Number, "2025")]),
        ("1.2. Mục tiêu", &[(Number, "1.2"), (Punct, "."), (Word, "Mục"), (Word, "tiêu")]),
    ]);
}

#[test]
fn urls_and_email() {
    check(&[
        ("https://vbpl.vn/path?x=1", &[(Url, "https://vbpl.vn/path?x=1")]),
        ("xem www.quangngai.gov.vn.", &[(Word, "xem"), (Url, "www.quangngai.gov.vn"), (Punct, ".")]),
        ("(http://a.vn/b)", &[(Punct, "("), (Url, "http://a.vn/b"), (Punct, ")")]),
        ("ubnd@quangngai.gov.vn", &[(Url, "ubnd@quangngai.gov.vn")]),
        (
            "Email: so.khcn@quangngai.gov.vn;",
            &[(Word, "Email"), (Punct, ":"), (Url, "so.khcn@quangngai.gov.vn"), (Punct, ";")],
        ),
        // Bare domain names, known by their top-level domain.
        (
            "tên miền @dongthap.gov.vn;",
            &[(Word, "tên"), (Word, "miền"), (Punct, "@"), (Url, "dongthap.gov.vn"), (Punct, ";")],
        ),
        ("Cổng chinhphu.vn/tin-tuc.", &[(Word, "Cổng"), (Url, "chinhphu.vn/tin-tuc"), (Punct, ".")]),
        // Not URLs: a bare scheme, an address without a domain (in OCR text an @ after a word's letters is a piece
        // of its last letter, "TRUN@" for "TRUNG"), a sentence ending before a word.
        ("năm.Sau", &[(Word, "năm"), (Punct, "."), (Word, "Sau")]),
        ("http://", &[(Word, "http"), (Punct, ":"), (Punct, "/"), (Punct, "/")]),
        ("x@", &[(Word, "x@")]),
        ("5@", &[(Number, "5"), (Punct, "@")]),
    ]);
}

#[test]
fn ocr_noise_words() {
    check(&[
        ("ctia s6 Pang k¥", &[(Word, "ctia"), (Word, "s6"), (Word, "Pang"), (Word, "k¥")]),
        ("sS4 1an thir tu", &[(Word, "sS4"), (Word, "1an"), (Word, "thir"), (Word, "tu")]),
        (
            "- V& ha tang; K& hoach",
            &[(Punct, "-"), (Word, "V&"), (Word, "ha"), (Word, "tang"), (Punct, ";"), (Word, "K&"), (Word, "hoach")],
        ),
        ("cong ngh¢, ti€p nhan", &[(Word, "cong"), (Word, "ngh¢"), (Punct, ","), (Word, "ti€p"), (Word, "nhan")]),
        ("cﬁa Chinh phﬁ", &[(Word, "cﬁa"), (Word, "Chinh"), (Word, "phﬁ")]),
        ("Thi twéng Chinh phi", &[(Word, "Thi"), (Word, "twéng"), (Word, "Chinh"), (Word, "phi")]),
        ("KH&CN, UBND", &[(Word, "KH&CN"), (Punct, ","), (Word, "UBND")]),
        ("Ké hoach", &[(Word, "Ké"), (Word, "hoach")]),
        // Decomposed marks stay in the word; a stray mark after punctuation stays with it.
        ("ho\u{300}a bi\u{300}nh", &[(Word, "ho\u{300}a"), (Word, "bi\u{300}nh")]),
        ("—\u{301}", &[(Punct, "—\u{301}")]),
        ("Tự do - Hạnh phúc", &[(Word, "Tự"), (Word, "do"), (Punct, "-"), (Word, "Hạnh"), (Word, "phúc")]),
    ]);
}
