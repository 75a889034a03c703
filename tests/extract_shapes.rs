//! Table-driven tests of number, date and issuer shapes, clean and broken by OCR.

use vnocr::extract::{extract, extract_restored, parse_date};

/// The first reference of a one-line text.
fn first_ref(text: &str) -> (String, Option<String>, Option<String>, Option<String>) {
    let m = extract(text);
    let r = m.references.first().unwrap_or_else(|| panic!("no reference in {text:?}"));
    (r.number.clone(), r.r#type.clone(), r.date.clone(), r.issuer.clone())
}

#[test]
fn number_shapes() {
    let table = [
        ("Quyết định số 2289/QĐ-TTg ngày 31/12/2020", "2289/QĐ-TTg"),
        ("Nghị định số 107/2021/NĐ-CP của Chính phủ", "107/2021/NĐ-CP"),
        ("Nghị quyết số 52-NQ/TW ngày 27/9/2019", "52-NQ/TW"),
        ("Chỉ thị số 19-CT/TU ngày 18/5/2022", "19-CT/TU"),
        ("Công văn số 541/UBND-TH ngày 02/3/2021", "541/UBND-TH"),
        ("Nghị quyết số 193/2025/QH15 của Quốc hội", "193/2025/QH15"),
        ("Công văn số 472/SKHCN-BCVT&CĐS ngày 27/7/2025", "472/SKHCN-BCVT&CĐS"),
        // broken by OCR
        ("Nghị quyết số 57- -NQ/T W ngày 22/12/2024", "57-NQ/TW"),
        ("Kế hoạch số 151/KH-UB ND ngày 06/3/2025", "151/KH-UBND"),
        ("Quyết định số 4385/QĐ-BVHTT DL ngày 10/12/2024", "4385/QĐ-BVHTTDL"),
        ("Quyết định số 2608/QĐ-U BND ngày 10/12/2024", "2608/QĐ-UBND"),
        ("Kế hoạch số 359-\nKH/TU ngày 29/4/2025", "359-KH/TU"),
        ("Quy chế số 02 -QC/BCĐ ngày 21/02/2025", "02-QC/BCĐ"),
        ("Quyết định số 1828- QĐ/TU ngày 11/02/2025", "1828-QĐ/TU"),
        ("Quyét dinh s6 942/QP-TTg ngay 15/6/2021", "942/QĐ-TTg"),
        ("Quyét dinh s6 749/QB-TTG ngay 03/6/2020", "749/QĐ-TTg"),
        ("Nghi quyét 52-NO/TW", "52-NQ/TW"),
        ("Quyét dinh so 1827-OP/TU ngay 11/02/2025", "1827-QĐ/TU"),
        ("Tờ trình số347/TTr-CP ngày 09/5/2025", "347/TTr-CP"),
        // a digit the OCR printed as a letter between digits
        ("Nghị định số 171/2O25/NĐ-CP ngày 30/6/2025", "171/2025/NĐ-CP"),
        // ... or as the last char of a year
        ("Thông tư số 69/202S/TT-BNNMT ngày 28/11/2025", "69/2025/TT-BNNMT"),
        ("Nghị định số 106/202O/NĐ-CP của Chính phủ", "106/2020/NĐ-CP"),
        // a department's code is not turned into a listed one ("DP" is not "ĐĐ")
        ("Công văn số 1234/BYT-DP ngày 1/4/2024", "1234/BYT-DP"),
        // a listed code before capitals stays as it is ("ND" after "UBND" is no part of it)
        ("Quyết định số 12/QĐ-UBND ND ngày 1/4/2024", "12/QĐ-UBND"),
    ];
    for (text, want) in table {
        assert_eq!(first_ref(text).0, want, "{text:?}");
    }
}

#[test]
fn not_numbers() {
    for text in [
        "giai đoạn 2021 - 2025 và ngày 31/12/2020",
        "Đề án 06 năm 2025 - Tham mưu xây dựng",
        "phiên bản 3.0, mã 52/3A",
        "năm 2025 -Tham mưu UBND tỉnh",
        "theo mẫu số 01-ĐĐN-TH kèm theo",
    ] {
        assert!(extract(text).references.is_empty(), "{text:?}: {:?}", extract(text).references);
    }
}

#[test]
fn types_dates_and_issuers() {
    type Row = (&'static str, &'static str, Option<&'static str>, Option<&'static str>, Option<&'static str>);
    let table: [Row; 18] = [
        // who wrote it, before "tại" and the type word
        (
            "Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số 52/TTr-STC ngày 20/7/2025.",
            "52/TTr-STC",
            Some("Tờ trình"),
            Some("2025-07-20"),
            Some("Giám đốc Sở Tài chính"),
        ),
        (
            "Xét đề nghị của Bộ trưởng Bộ Tài chính tại Tờ trình số 844/TTr-BTC;",
            "844/TTr-BTC",
            Some("Tờ trình"),
            None,
            Some("Bộ trưởng Bộ Tài chính"),
        ),
        (
            "Quyết định số 2289/QĐ-TTg ngày 31/12/2020 của Thủ tướng Chính phủ về việc",
            "2289/QĐ-TTg",
            Some("Quyết định"),
            Some("2020-12-31"),
            Some("Thủ tướng Chính phủ"),
        ),
        (
            "Chỉ thị số 19-CT/TU ngày 18 tháng 5 năm 2022 của Ban Thường vụ Tỉnh ủy về",
            "19-CT/TU",
            Some("Chỉ thị"),
            Some("2022-05-18"),
            Some("Ban Thường vụ Tỉnh ủy"),
        ),
        // an impossible date is no date
        (
            "Kế hoạch số 12/KH-UBND ngày 31/02/2020 của UBND tỉnh",
            "12/KH-UBND",
            Some("Kế hoạch"),
            None,
            Some("UBND tỉnh"),
        ),
        // an incomplete year is no date
        ("Công văn số 461/UBND-TTHC ngày 19/7/202, và", "461/UBND-TTHC", Some("Công văn"), None, None),
        // the type from the code when no word names it; a letter has no type code
        ("theo 45/2020/NĐ-CP và", "45/2020/NĐ-CP", Some("Nghị định"), None, None),
        ("các văn bản: 3587/UBND ngày 11/6/2025", "3587/UBND", Some("Công văn"), Some("2025-06-11"), None),
        // qualifier words between the type and the number; the head noun wins
        (
            "Thông báo kết luận số 04-TB/BCĐTW ngày 30/5/2025 của đồng chí Tổng Bí thư Tô Lâm, Trưởng Ban Chỉ đạo \
             Trung ương; và",
            "04-TB/BCĐTW",
            Some("Thông báo"),
            Some("2025-05-30"),
            // a person by title and name, then the office they hold; the title "Trưởng Ban" leaves "Ban" to the body
            Some("Tổng Bí thư Tô Lâm, Trưởng Ban Chỉ đạo Trung ương"),
        ),
        // an issuer across line breaks, with a title and a body
        (
            "Quyết định số 12/QĐ-BKHĐT ngày 07/1/2021 của Bộ\ntrưởng Bộ Kế hoạch và Đầu tư và phát triển",
            "12/QĐ-BKHĐT",
            Some("Quyết định"),
            Some("2021-01-07"),
            Some("Bộ trưởng Bộ Kế hoạch và Đầu tư"),
        ),
        // the subject of "ban hành"
        (
            "Đồng thời, Ủy ban nhân dân tỉnh ban hành Quyết định số 439/QĐ-UBND ngày 23 tháng 6 năm 2025 phê duyệt",
            "439/QĐ-UBND",
            Some("Quyết định"),
            Some("2025-06-23"),
            Some("Ủy ban nhân dân tỉnh"),
        ),
        // "của" not right after the number and date: no issuer
        (
            "Quyết định số 1434-QĐ/TU ngày 05/02/2025 thành lập Ban chỉ đạo của tỉnh",
            "1434-QĐ/TU",
            Some("Quyết định"),
            Some("2025-02-05"),
            None,
        ),
        // OCR: no diacritics, "ngay", "cua": the issuer spelled from the gazetteer
        (
            "Quyet dinh so 714/QD-TTg ngay 22/5/2015 cua Thu tuong Chinh phu ban hanh",
            "714/QĐ-TTg",
            Some("Quyết định"),
            Some("2015-05-22"),
            Some("Thủ tướng Chính phủ"),
        ),
        // OCR: garbled letters in a body's name
        (
            "Quyét dinh so 1827-OP/TU ngay 11/02/2025 ciia Ban Thirong vu Tinh iy dé thanh ldp",
            "1827-QĐ/TU",
            Some("Quyết định"),
            Some("2025-02-11"),
            Some("Ban Thường vụ Tỉnh ủy"),
        ),
        // a law: its name between "Luật" and the number
        (
            "Căn cứ Luật Đất đai số 31/2024/QH15 ngày 18 tháng 01 năm 2024;",
            "31/2024/QH15",
            Some("Luật"),
            Some("2024-01-18"),
            None,
        ),
        // a letter's subject ending on the issuer, the recipients' label on the next line
        (
            "V/v triển khai Quyết định số 1183/QĐ-UBND\nngày 20/8/2025 của Chủ tịch UBND tỉnh\nKính gửi: Các sở, ban, ngành",
            "1183/QĐ-UBND",
            Some("Quyết định"),
            Some("2025-08-20"),
            Some("Chủ tịch UBND tỉnh"),
        ),
        // with a comma in its name
        (
            "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
            "06/2022/QH15",
            Some("Luật"),
            Some("2022-06-15"),
            None,
        ),
        // a board named after its zones, over a line break (restored from "cia Ban Quan ly Khu kinh té\nDung Quat")
        (
            "Căn cứ Quyết định số 15/QĐ-BQL ngày 5/3/2024 của Ban Quản lý Khu kinh tế\nDung Quất và các Khu công \
             nghiệp Quảng Ngãi về việc giao đất;",
            "15/QĐ-BQL",
            Some("Quyết định"),
            Some("2024-03-05"),
            Some("Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"),
        ),
    ];
    for (text, number, typ, date, issuer) in table {
        let got = first_ref(text);
        assert_eq!(got.0, number, "{text:?}");
        assert_eq!(got.1.as_deref(), typ, "type in {text:?}");
        assert_eq!(got.2.as_deref(), date, "date in {text:?}");
        assert_eq!(got.3.as_deref(), issuer, "issuer in {text:?}");
    }
}

#[test]
fn distinct_numbers_merge_first_mention_wins() {
    let text = "Thực hiện Nghị quyết số 57-NQ/TW; nội dung.\n\
                Kế hoạch số 359-KH/TU ngày 29/4/2025 thực hiện Nghị quyết số 57- NQ/TW ngày\n\
                22/12/2024 của Bộ Chính trị về đột phá; Kế hoạch số 359-KH/TU ngày 28/4/2025 của Ban Thường vụ Tỉnh ủy.";
    let m = extract(text);
    let nums: Vec<&str> = m.references.iter().map(|r| r.number.as_str()).collect();
    assert_eq!(nums, ["57-NQ/TW", "359-KH/TU"]);
    let nq = &m.references[0];
    assert_eq!((nq.line, nq.date.as_deref(), nq.issuer.as_deref()), (1, Some("2024-12-22"), Some("Bộ Chính trị")));
    assert_eq!(nq.mentions, 2);
    let kh = &m.references[1];
    // the first stated date wins over a later, contradicting one; the issuer comes from the later mention
    assert_eq!((kh.date.as_deref(), kh.issuer.as_deref()), (Some("2025-04-29"), Some("Ban Thường vụ Tỉnh ủy")));
}

#[test]
fn a_programme_of_action_is_titled_by_its_type() {
    let text = "TỈNH ỦY QUẢNG NGÃI ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 15-CTr/TU Quảng Ngãi, ngày 08 tháng 6 năm 2021\n\n\
                CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng\n\n\
                Thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, Ban Chấp hành ban hành:\n";
    let d = extract(text).document;
    assert_eq!(d.r#type.as_deref(), Some("Chương trình"));
    assert_eq!(d.subject.as_deref(), Some("thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"));
}

#[test]
fn a_title_the_ocr_damaged_is_the_type_its_number_names() {
    let header = |title: &str| {
        format!(
            "TỈNH ỦY QUẢNG NGÃI ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO\n* Quảng Ngãi, ngày 28 tháng 6 năm 2023\n\
             Số 245-BC/BTGTU\n\n{title}\nsơ kết công tác tuyên truyền năm 2023\n\nThực hiện Kế hoạch của Tỉnh ủy,\n"
        )
    };
    let d = extract(&header("BÁO DO")).document;
    assert_eq!(d.r#type.as_deref(), Some("Báo cáo"));
    assert_eq!(d.subject.as_deref(), Some("sơ kết công tác tuyên truyền năm 2023"));
    // A line in capitals that is not the number's type damaged opens no subject.
    assert_eq!(extract(&header("KẾ DO")).document.subject, None);
}

#[test]
fn an_issuer_the_ocr_read_after_the_motto_and_date_is_the_issuer() {
    // The OCR read the right column (motto, place and date) before the left one (issuer, number).
    let text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 15 tháng 4 năm 2024\n\
                ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1234/UBND-KT\nV/v triển khai chuyển đổi số\n\nKính gửi: Sở Y tế.\n";
    let d = extract(text).document;
    assert_eq!(d.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Quảng Ngãi"));
    assert_eq!(d.number.as_deref(), Some("1234/UBND-KT"));
    assert_eq!(d.date.as_deref(), Some("2024-04-15"));
}

#[test]
fn a_left_column_run_into_the_place_and_date_line_stays_the_issuers() {
    // The issuer's lines go on around the place and date, printed above the number; a comma ends one of them.
    let text = "TỈNH ỦY QUẢNG NGÃI ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC,\n\
                CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO Quảng Ngãi, ngày 20 tháng 8 năm 2025\nVÀ CHUYỂN ĐỔI SỐ\n*\n\
                Số 12-KH/BCĐ\n\nKẾ HOẠCH\nhoạt động của Ban Chỉ đạo năm 2025\n\nThực hiện Kế hoạch của Tỉnh ủy,\n";
    let d = extract(text).document;
    assert_eq!(d.place.as_deref(), Some("Quảng Ngãi"));
    assert_eq!(d.date.as_deref(), Some("2025-08-20"));
    assert_eq!(d.parent_issuer.as_deref(), Some("Tỉnh ủy Quảng Ngãi"));
    let issuer = d.issuer.unwrap().to_lowercase();
    assert_eq!(issuer, "ban chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số");
}

#[test]
fn the_documents_own_number_is_no_reference() {
    // printed whole, or cut before its last letters (the OCR split "QĐ-UBND" into "QĐ-UBN D", the restorer read
    // "D" as a word)
    for own in ["38/2024/QĐ-UBND", "38/2024/QĐ-UBN Dịch"] {
        let text = format!(
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
             Số: 38/2024/QĐ-UBND Quảng Ngãi, ngày 22 tháng 7 năm 2024\nQUYẾT ĐỊNH\n\
             Căn cứ Nghị định số 73/2019/NĐ-CP ngày 05/9/2019 của Chính phủ;\n\
             QUY CHẾ\n(Ban hành kèm theo Quyết định số {own} ngày 22 tháng 7 năm 2024)\n"
        );
        let m = extract(&text);
        assert_eq!(m.document.number.as_deref(), Some("38/2024/QĐ-UBND"));
        let nums: Vec<&str> = m.references.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(nums, ["73/2019/NĐ-CP"], "{text}");
    }
}

#[test]
fn a_number_the_ocr_damaged_once_is_the_one_cited_more_often() {
    let cite = |code: &str| format!("Kế hoạch số 01-KH/{code} ngày 21/3/2025 của Ban Chỉ đạo Trung ương;\n");
    let numbers = |text: &str| -> Vec<(String, usize, usize)> {
        extract(text).references.into_iter().map(|r| (r.number, r.line, r.mentions)).collect()
    };
    // same digits, type, date and issuer, two edits apart: one reference, at the first line, spelled as more
    // mentions spell it
    let text = [cite("BCHTW"), cite("BCĐTW"), cite("BCĐTW")].concat();
    assert_eq!(numbers(&text), [("01-KH/BCĐTW".to_string(), 1, 3)]);
    // a mention that names no issuer (the damage may cost it that) is no other document
    let bare = "Kế hoạch số 01-KH/BCHTW ngày 21/3/2025;\n";
    assert_eq!(numbers(&[bare, &cite("BCĐTW"), &cite("BCĐTW")].concat()), [("01-KH/BCĐTW".to_string(), 1, 3)]);
    // as many mentions of each: either may be the misprint, both stay
    let text = [cite("BCHTW"), cite("BCĐTW")].concat();
    assert_eq!(numbers(&text).len(), 2);
    // another issuer, another date or other digits: other documents
    let other = "Kế hoạch số 01-KH/BCHTW ngày 21/3/2025 của Ban Chấp hành Trung ương;\n";
    assert_eq!(numbers(&[other, &cite("BCĐTW"), &cite("BCĐTW")].concat()).len(), 2);
    let other = cite("BCHTW").replace("21/3", "22/3");
    assert_eq!(numbers(&[other, cite("BCĐTW"), cite("BCĐTW")].concat()).len(), 2);
    let other = cite("BCHTW").replace("01-KH", "07-KH");
    assert_eq!(numbers(&[other, cite("BCĐTW"), cite("BCĐTW")].concat()).len(), 2);
}

#[test]
fn a_number_the_ocr_cut_short_is_the_whole_one() {
    let numbers = |text: &str| -> Vec<(String, usize, usize)> {
        extract(text).references.into_iter().map(|r| (r.number, r.line, r.mentions)).collect()
    };
    let whole = "Căn cứ Nghị định số 98/2019/NĐ-CP ngày 27/12/2019 của Chính phủ;\n";
    let cut = "Thực hiện Nghị định số 98/2019/NĐ-}P ngày 27/12/2019 của Chính phủ;\n";
    assert_eq!(numbers(&[whole, cut].concat()), [("98/2019/NĐ-CP".to_string(), 1, 2)]);
    assert_eq!(numbers(&[cut, whole].concat()), [("98/2019/NĐ-CP".to_string(), 1, 2)]);
    // the same start with another letter after it, another date or another issuer: other documents
    let short = "Thực hiện Nghị định số 98/2019/NĐ ngày 27/12/2019 của Chính phủ;\n";
    assert_eq!(numbers(&[whole, short].concat()), [("98/2019/NĐ-CP".to_string(), 1, 2)]);
    for other in [
        short.replace("NĐ ngày", "NĐC ngày"),
        short.replace("27/12", "28/12"),
        short.replace("Chính phủ", "Bộ Tài chính"),
    ] {
        assert_eq!(numbers(&[whole, &other].concat()).len(), 2, "{other}");
    }
    // cut before the last letters of its last part, a word's width from them
    let whole = "Căn cứ Thông tư số 09/2025/TT-BCT ngày 01/02/2025 của Bộ trưởng Bộ Công Thương;\n";
    let split = "sửa đổi Thông tư số 09/2025/TT-BC T ngày 01 tháng 02 năm 2025 của Bộ trưởng Bộ Công Thương;\n";
    assert_eq!(numbers(&[whole, split].concat()), [("09/2025/TT-BCT".to_string(), 1, 2)]);
    assert_eq!(numbers(&[split, whole].concat()), [("09/2025/TT-BCT".to_string(), 1, 2)]);
    let small = "Trên đây là Kế hoạch thực hiện Chỉ thị số 27/CT-TT g ngày 15 tháng 8 năm 2024;\n";
    let whole_small = "Thực hiện Chỉ thị số 27/CT-TTg ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ;\n";
    assert_eq!(numbers(&[whole_small, small].concat()), [("27/CT-TTg".to_string(), 1, 2)]);
    assert_eq!(numbers(&[whole, &split.replace("Thông tư", "Quyết định")].concat()).len(), 2);
}

#[test]
fn lists_carry_the_type() {
    let m =
        extract("Công văn số: 147/VP-TTHC ngày 02/5/2025; 3251/UBND-TTHC ngày 30/5/2025, 1782/BC-VP ngày 16/6/2025.");
    let types: Vec<Option<&str>> = m.references.iter().map(|r| r.r#type.as_deref()).collect();
    assert_eq!(types, [Some("Công văn"); 3]);
}

#[test]
fn a_committee_is_named_by_its_remit_where_the_text_prints_it_again() {
    let text = "Quy định chức năng của Ban Chỉ đạo của tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo và\n\
                chuyển đổi số; Quy chế số 02-QC/BCĐ ngày 21/02/2025 của Ban Chỉ đạo của tỉnh về › phát triển khoa\n\
                học, công nghệ, đổi mới sáng tạo và chuyển đổi số; Chương trình số 06-CTr/BCĐ ngày 21/5/2025 của\n\
                Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2025; Kế hoạch\n\
                số 08/KH-BCĐ ngày 03/6/2025 của Ban Chỉ đạo về triển khai Đề án 06, và Kế hoạch số 08/KH-BCĐ\n\
                ngày 03/6/2025 của Ban Chỉ đạo về triển khai Đề án 06.";
    let m = extract(text);
    let issuers: Vec<(&str, Option<&str>)> =
        m.references.iter().map(|r| (r.number.as_str(), r.issuer.as_deref())).collect();
    let remit = "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số";
    assert_eq!(
        issuers,
        [
            // the remit printed before, without the stray mark; the year belongs to the programme
            ("02-QC/BCĐ", Some(format!("Ban Chỉ đạo của tỉnh về {remit}").as_str())),
            ("06-CTr/BCĐ", Some(format!("Ban Chỉ đạo về {remit}").as_str())),
            // a subject printed only with its own document (cited twice) is no remit
            ("08/KH-BCĐ", Some("Ban Chỉ đạo")),
        ]
    );
}

#[test]
fn date_shapes() {
    let table = [
        ("31/12/2020", Some("2020-12-31")),
        ("18 tháng 5 năm 2022", Some("2022-05-18")),
        ("05 tháng 9 năm 2025", Some("2025-09-05")),
        ("14 |tháng 6 năm 2025", Some("2025-06-14")),
        ("29/02/2024", Some("2024-02-29")),
        ("31/02/2020", None),
        ("29/02/2023", None),
        ("0/5/2020", None),
        ("12/13/2020", None),
        ("19/7/202", None),
    ];
    for (text, want) in table {
        assert_eq!(parse_date(text).as_deref(), want, "{text:?}");
    }
}

#[test]
fn a_date_in_running_text_dates_no_document() {
    // No "Số" label and no motto: only a placed date is the header's.
    let prose = "Tháng 9/1940, quân Nhật tiến vào Đông Dương, buộc Pháp nhượng nhiều quyền lợi khác cho Nhật. \
                 Ngày 20/1/1941, Pháp ký với Nhật hiệp định cũng về quyền lợi kinh tế.\n";
    let d = extract(prose).document;
    assert_eq!((d.place, d.date), (None, None));
    // Naming the party or the state in running text is no motto.
    let named = "Ngày 27 tháng 3 năm 2015, cổng thông tin chính thức đi vào hoạt động nhằm tuyên truyền các chủ \
                 trương, chính sách của Đảng Cộng sản Việt Nam và Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam.\n";
    let m = extract(named);
    assert_eq!((m.motto, m.document.date), (None, None));
    // A header whose motto and label the OCR lost keeps its placed date.
    let header = "UBND TỈNH QUẢNG NGÃI\nSỞ NỘI VỤ\nQuảng Ngãi, ngày 05 tháng 9 năm 2025\nBÁO CÁO\n";
    let d = extract(header).document;
    assert_eq!(d.place.as_deref(), Some("Quảng Ngãi"));
    assert_eq!(d.date.as_deref(), Some("2025-09-05"));
}

#[test]
fn a_name_heading_running_text_signs_nothing() {
    // No recipients label, no signature position: a name alone on its line above running text is no signer.
    let article = "Nguyễn Văn Tiến\nNguyễn Văn Tiến là một nhà hoạt động cách mạng, từng giữ chức Bí thư Tỉnh ủy \
                   và Chủ tịch Ủy ban hành chính tỉnh trong những năm kháng chiến chống Pháp.\n";
    assert_eq!(extract(article).signature.signer, None);
    // The same name closing the text still signs it.
    let closing =
        "Đề nghị các cơ quan, đơn vị triển khai thực hiện nghiêm túc các nội dung trên đây.\nNguyễn Văn Tiến\n";
    assert_eq!(extract(closing).signature.signer.as_deref(), Some("Nguyễn Văn Tiến"));
    // So it does above the digital signature's lines.
    let signed = format!("{closing}Ủy ban nhân dân tỉnh Quảng Ngãi<ubnd@quangngai.gov.vn> đã ký lên văn bản này!\n");
    assert_eq!(extract(&signed).signature.signer.as_deref(), Some("Nguyễn Văn Tiến"));
}

#[test]
fn header_columns_on_one_line() {
    let text = "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                SỞ KHOA HỌC VÀ CÔNG NGHỆ Độc lập - Tự do - Hạnh phúc\n\
                Số: 1260/BC-SKHCN Quảng Ngãi, ngày 05 tháng 9 năm 2025\n\
                BÁO CÁO\n\
                Kết quả triển khai thực hiện\n";
    let d = extract(text).document;
    assert_eq!(d.number.as_deref(), Some("1260/BC-SKHCN"));
    assert_eq!(d.issuer.as_deref(), Some("Sở Khoa học và Công nghệ"));
    assert_eq!(d.parent_issuer.as_deref(), Some("UBND tỉnh Quảng Ngãi"));
    assert_eq!(d.place.as_deref(), Some("Quảng Ngãi"));
    assert_eq!(d.date.as_deref(), Some("2025-09-05"));
    assert_eq!(d.r#type.as_deref(), Some("Báo cáo"));
    assert_eq!(d.subject.as_deref(), Some("Kết quả triển khai thực hiện"));

    // the whole header on one line, as clean text exports have it
    let one = "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc \
               Số: 0134/KH-UBND Đắk Lắk, ngày 25 tháng 11 năm 2025\n";
    let d = extract(one).document;
    assert_eq!(d.number.as_deref(), Some("0134/KH-UBND"));
    assert_eq!(d.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Đắk Lắk"));
    assert_eq!(d.parent_issuer, None);
    assert_eq!(d.place.as_deref(), Some("Đắk Lắk"));
    assert_eq!(d.date.as_deref(), Some("2025-11-25"));
    assert_eq!(d.r#type.as_deref(), Some("Kế hoạch"));

    // the columns read one after the other: the number and a "V/v" subject, then the motto, then the place and date
    // under it (clean and as the OCR prints it)
    for columns in [
        "UBND TỈNH QUẢNG TRỊ\nSỞ Y TẾ\nSố: 1875/SYT-NVY\nV/v tăng cường công tác phòng,\nchống dịch sởi trên địa bàn \
         tỉnh\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n———\n\nQuảng Trị, ngày 25 tháng 02 năm 2025\n",
        "UBND TINH QUANG TRI\nSO Y TE\nS6: 1875/SYT-NVY\nV/v tang cuong cong tac phong,\nchdng dich séi trén dia ban \
         tinh\n\nCONG HOA XA HOI CHU NGHIA VIET NAM\nDéc 1ap - Tw do - Hanh phic\n\nQuang Tri, ngay 25 thang 02 nam 2025\n",
    ] {
        let d = extract(columns).document;
        assert_eq!(d.number.as_deref(), Some("1875/SYT-NVY"), "{columns}");
        assert_eq!(d.place.as_deref(), Some("Quảng Trị"), "{columns}");
        assert_eq!(d.date.as_deref(), Some("2025-02-25"), "{columns}");
    }

    // a board named after its zones, wrapped over four lines of the left column
    let zones = "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                 BAN QUẢN LÝ KHU KINH TẾ Độc lập - Tự do - Hạnh phúc\n\
                 DUNG QUẤT VÀ CÁC KHU CÔNG NGHIỆP\n\
                 QUẢNG NGÃI\n\
                 Số: 125/QĐ-BQL Quảng Ngãi, ngày 15 tháng 3 năm 2025\n\
                 QUYẾT ĐỊNH\n";
    let d = extract(zones).document;
    assert_eq!(d.issuer.as_deref(), Some("Ban Quản lý khu kinh tế Dung Quất và các khu công nghiệp Quảng Ngãi"));
    assert_eq!(d.parent_issuer.as_deref(), Some("UBND tỉnh Quảng Ngãi"));

    // a label in small letters (restored from an OCR "8é:", which has no capital) before the motto is the header's;
    // after it, mid-line, it is body text's
    let small = "CHÍNH PHỦ số: 171/2025/NĐ-CP CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc \
                 Hà Nội, ngày 30 tháng 6 năm 2025\n";
    let d = extract(small).document;
    assert_eq!(d.number.as_deref(), Some("171/2025/NĐ-CP"));
    assert_eq!(d.issuer.as_deref(), Some("Chính phủ"));
    assert_eq!(d.r#type.as_deref(), Some("Nghị định"));
    let body = "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nthực hiện Nghị định số: 171/2025/NĐ-CP của Chính phủ\n";
    assert_eq!(extract(body).document.number, None);

    // a party document: the right column's place and date level with the "*" under the issuer, above the number;
    // "QUAN" of "CƠ QUAN" is no district ("quận")
    let party = "ĐẢNG BỘ TỈNH QUẢNG NGÃI ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY CÁC CƠ QUAN TỈNH\n\
                 * Quảng Ngãi, ngày 12 tháng 3 năm 2025\nSố 45-KH/ĐU\n\nKẾ HOẠCH\nthực hiện Chỉ thị số 35-CT/TW\n";
    let d = extract(party).document;
    assert_eq!(d.number.as_deref(), Some("45-KH/ĐU"));
    assert_eq!(d.place.as_deref(), Some("Quảng Ngãi"));
    assert_eq!(d.date.as_deref(), Some("2025-03-12"));
    assert_eq!(d.issuer.map(|i| i.to_lowercase()).as_deref(), Some("đảng ủy các cơ quan tỉnh"));
    assert_eq!(d.parent_issuer.as_deref(), Some("Đảng bộ tỉnh Quảng Ngãi"));
    // the place's first word in small letters after the "*" (a capital the OCR printed as a digit, "* 0uang Ngai")
    let text = party.replace("* Quảng Ngãi", "* quảng Ngãi");
    assert_eq!(extract(&text).document.place.as_deref(), Some("Quảng Ngãi"), "{text}");
    // an "S" alone for "Số", and a small letter the OCR glued to the number
    for (label, number) in [("S 45-KH/ĐU", "45-KH/ĐU"), ("Số: d45-KH/ĐU", "45-KH/ĐU")] {
        let text = party.replace("Số 45-KH/ĐU", label);
        assert_eq!(extract(&text).document.number.as_deref(), Some(number), "{text}");
    }
    // a date after the number with no place before it is a cited document's whose number the OCR damaged, when a
    // placed date stands above the number
    let text = party.replace("Chỉ thị số 35-CT/TW", "Nghị quyết số 09-N)/TU ngày 05/12/2022 của Tỉnh ủy");
    let d = extract(&text).document;
    assert_eq!((d.place.as_deref(), d.date.as_deref()), (Some("Quảng Ngãi"), Some("2025-03-12")), "{text}");
    // a district's name the header's issuer spells otherwise but for marks (the restorer read "SƠN TINH" as the unit
    // word) is the place's spelling
    let district = "HUYỆN ỦY SƠN TỈNH ĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 125-BC/HU Sơn Tịnh, ngày 28 tháng 02 năm 2025\n";
    let d = extract(district).document;
    assert_eq!((d.issuer.as_deref(), d.place.as_deref()), (Some("Huyện ủy Sơn Tịnh"), Some("Sơn Tịnh")));
    // a party body inside a state one is one body
    let text = party.replace("ĐẢNG ỦY CÁC CƠ QUAN TỈNH", "BAN CÁN SỰ ĐẢNG UBND TỈNH").replace("KH/ĐU", "BC/BCSĐ");
    let d = extract(&text).document;
    assert_eq!(d.issuer.as_deref(), Some("Ban cán sự đảng UBND tỉnh"));
    assert_eq!(d.parent_issuer.as_deref(), Some("Đảng bộ tỉnh Quảng Ngãi"));
    // a blank form's date after the label is its date, not a dated line above it
    let blank = "ỦY BAN NHÂN DÂN TỈNH X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 5 tháng 3 năm 2025\n\
                 Số: …/QĐ-UBND …, ngày … tháng … năm …\n";
    assert_eq!(extract(blank).document.date, None);

    // raw OCR of the same kind of header
    let ocr = "UBND TINH QUANG NGAI CONG HOA XA HOI CHU NGHIA VIET NAM\n\
               S6: 1260/BC-SKHCN Qudng Ngai, ngay 05 thdang 9 nam 2025\n";
    let d = extract(ocr).document;
    assert_eq!(d.number.as_deref(), Some("1260/BC-SKHCN"));
    assert_eq!(d.date.as_deref(), Some("2025-09-05"));

    // a motto whose words the OCR damaged still ends the issuer
    for motto in [
        "CONG HOA XA Hl CHU NGHIA VI¢T NéAM",
        "CNG HOA XA HOI CHU NGHIA VIDT NAM",
        "CỘNG HÒA XÃ HÀ CHỦ NGHĨA VIỆT NAM",
        "CỘNG HÒA XANH CHỦ NGHĨA VIỆT,NAM",
        "CỘNG HÒA XÁ H:I CHỦ\\ NGHĨA VIỆT NAM",
        "HỘI }CHỦ NGHĨA VIỆT NAM",
        "CỘNG HÒA XẢ HƠI CHUẨN@HÓA VIỆT NAM",
        "CẦN@ HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VẬT NĂM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VỀ,T NĂM",
    ] {
        let text = format!("ỦY BAN NHÂN DÂN TỈNH SƠN LA {motto} Độc lập - Tự do - Hạnh phúc Số: 2954/QĐ-UBND\n");
        assert_eq!(extract(&text).document.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Sơn La"), "{text}");
    }
    // ... and so does its second line beside the body's, a sign glued to a word or a crumb before a dash
    for line in [
        "bọc lớp - 4Tự do - Hạnh phúc",
        "Độc lập Đã- Tự do - Hạnh phúc",
        "Poc 1ap Ld- Ty do - Hanh phic",
        "Độc lập - Tự do - Hạnh phúc",
    ] {
        let text = format!(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH SƠN LA {line}\n\
             Số: 2954/QĐ-UBND Sơn La, ngày 20 tháng 11 năm 2025\n"
        );
        assert_eq!(extract(&text).document.issuer.as_deref(), Some("Ủy ban nhân dân tỉnh Sơn La"), "{text}");
    }

    // the party's motto with its first word damaged
    let text = "BAN CHẤP HÀNH TRUNG ƯƠNG PAN@ CỘNG SẢN VIỆT NAM\nSố 123-KL/TW Hà Nội, ngày 24 tháng 3 năm 2025\n";
    assert_eq!(extract(text).document.issuer.as_deref(), Some("Ban Chấp hành Trung ương"));

    // a letter: no title, its subject after "V/v", the place and date below it
    let letter = "SỞ Y TẾ TỈNH BÌNH ĐỊNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
                  Số: 567/SYT-NVY\nV/v triển khai tiêm chủng mở rộng\nnăm 2024\nBình Định, ngày 5 tháng 4 năm 2024\n\n\
                  Kính gửi: Các cơ sở y tế.\n";
    let d = extract(letter).document;
    assert_eq!(d.number.as_deref(), Some("567/SYT-NVY"));
    assert_eq!(d.r#type.as_deref(), Some("Công văn"));
    assert_eq!(d.issuer.as_deref(), Some("Sở Y tế tỉnh Bình Định"));
    assert_eq!(d.date.as_deref(), Some("2024-04-05"));
    assert_eq!(d.subject.as_deref(), Some("V/v triển khai tiêm chủng mở rộng năm 2024"));
    // ... its lines apart (the OCR's blank line, the place and date beside it), or ended by the body
    for (head, vv) in [
        (
            "Quảng Ngãi, ngày 12 tháng 8 năm 2024
",
            "V/v hướng dẫn xây dựng dự toán

ngân sách năm 2025
",
        ),
        (
            "\n",
            "V/v hướng dẫn xây dựng dự toán Quảng Ngãi, ngày 12 tháng 8 năm 2024
ngân sách năm 2025
",
        ),
    ] {
        let text = format!("Số: 2145/STC-QLNS {head}{vv}\nKính gửi: Các sở, ban, ngành.\n");
        let d = extract(&text).document;
        assert_eq!(d.subject.as_deref(), Some("V/v hướng dẫn xây dựng dự toán ngân sách năm 2025"), "{text}");
        assert_eq!(d.date.as_deref(), Some("2024-08-12"), "{text}");
    }
    let text = "Số: 2145/STC-QLNS Quảng Ngãi, ngày 12 tháng 8 năm 2024\nV/v dự toán năm 2025\n\nThực hiện Thông tư.\n";
    assert_eq!(extract(text).document.subject.as_deref(), Some("V/v dự toán năm 2025"));

    // a title with a word the restorer left in small letters, or an OCR crumb stuck to a word; a subject ended
    // by the body's one-line paragraph
    for title in ["THÔNG BÁO", "THÔNG báo", "Thông báo", "THÔNG@ BÁO", "THÔNG BÁO’"] {
        let text = format!(
            "Số: 245/TB-VP Quảng Ngãi, ngày 03 tháng 11 năm 2025\n{title}\nKết luận của Phó Chủ tịch tại cuộc họp\n\
             Ngày 30 tháng 10 năm 2025, đồng chí Phó Chủ tịch đã chủ trì cuộc họp.\n"
        );
        let d = extract(&text).document;
        assert_eq!(d.r#type.as_deref(), Some("Thông báo"), "{title}");
        assert_eq!(d.subject.as_deref(), Some("Kết luận của Phó Chủ tịch tại cuộc họp"), "{title}");
    }

    // a year with a letter for a digit
    let d = extract("Số: 137/2025/QĐ-UBND Đồng Tháp, ngày 19 tháng 11 năm 2O25\nQUYẾT ĐỊNH\n").document;
    assert_eq!(d.date.as_deref(), Some("2025-11-19"));
    let d = extract("Số: 144/KH-UBND Bắc Ninh, ngày 24 tháng 11 năm 202S\nKẾ HOẠCH\n").document;
    assert_eq!((d.date.as_deref(), d.place.as_deref()), (Some("2025-11-24"), Some("Bắc Ninh")));

    // a place's first word in small letters right after the number (its capital printed as a digit: "0uang")
    let d = extract("Số: 86/TB-UBND quảng Ngãi, ngày 09 tháng 3 năm 2024\nTHÔNG BÁO\n").document;
    assert_eq!((d.date.as_deref(), d.place.as_deref()), (Some("2024-03-09"), Some("Quảng Ngãi")));

    // a province the OCR damaged in the issuer, mended from the place
    let d = extract(
        "ỦY BAN NHÂN DÂN TỈNH PDNG NA CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\
         Số: 2740/QĐ-UBND Đồng Nai, ngày 17 tháng 11 năm 2025\nQUYẾT ĐỊNH\n",
    )
    .document;
    assert_eq!((d.issuer.as_deref(), d.place.as_deref()), (Some("Ủy ban nhân dân tỉnh Đồng Nai"), Some("Đồng Nai")));

    // an illegible (handwritten) number and day
    let d = extract("Số: £ /KH-UBND Quảng Ngãi, ngày4 § tháng 5 năm 2020\nKẾ HOẠCH\n").document;
    assert_eq!((d.number, d.number_readable, d.date), (None, false, None));
    assert_eq!(d.r#type.as_deref(), Some("Kế hoạch"));
}

#[test]
fn a_recipients_list_whose_label_was_misread_ends_at_its_filed_copy() {
    // "Noi nhién" restored as "Nội chiến": the list is found by its "- Lưu:" item, and the name beside it read.
    let text = "định này./.\n\
                Nội chiến: KT. CHỦ TỊCH\n\
                - Như Điều 15; PHÓ CHỦ TỊCH\n\
                - Bộ Tài chính;\n\
                - Lưu: VT, T4. Nguyễn Tuấn Thanh\n";
    let m = extract(text);
    assert_eq!(m.signature.signer.as_deref(), Some("Nguyễn Tuấn Thanh"));
    assert_eq!(m.signature.position.as_deref(), Some("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"));
    assert_eq!(m.recipients, ["Như Điều 15", "Bộ Tài chính", "Lưu: VT"]);
}

#[test]
fn signature_block() {
    let text = "Nội dung.\n\
                Nơi nhận: KT. GIÁM ĐỐC\n\
                - Sở Nội vụ,\n\
                - GĐ, các PGĐ Sở; PHÓ GIÁM ĐỐC\n\
                - Lưu: VT.\n\
                \n\
                Phan Văn Hiếu\n\
                \t\t2020-05-19T06:40:52+0700\n\
                \tỦy ban nhân dân tỉnh Quảng Ngãi<ubnd@quangngai.gov.vn> đã ký lên văn bản này!\n";
    let m = extract(text);
    assert_eq!(m.signature.position.as_deref(), Some("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"));
    assert_eq!(m.signature.signer.as_deref(), Some("Phan Văn Hiếu"));
    assert_eq!(m.signature.signed_by.as_deref(), Some("Ủy ban nhân dân tỉnh Quảng Ngãi"));
    assert_eq!(m.signature.signed_at.as_deref(), Some("2020-05-19T06:40:52+0700"));
    assert_eq!(m.recipients, ["Sở Nội vụ", "GĐ, các PGĐ Sở", "Lưu: VT"]);
    let d = m.digital_signature.expect("digital signature");
    assert_eq!(d.email.as_deref(), Some("ubnd@quangngai.gov.vn"));
    // every span points at its value
    let span = m.spans["signature.signer"];
    assert_eq!(&text[span.start..span.end], "Phan Văn Hiếu");
    assert_eq!(span.line, 7);

    // without "Nơi nhận", the title among the last lines is no position ("THÔNG BÁO" is one letter from "THƯỜNG
    // BAN")
    for (title, tl, want) in [
        ("THÔNG BÁO", "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG"),
        ("THONG BAO", "TL. CHU TICH\nKT. CHANH VAN PHONG", "TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG"),
    ] {
        let text = format!("Số: 312/TB-UBND\n{title}\nKết luận của cuộc họp\n\nNội dung.\n\n{tl}\n\nNguyễn Văn Bình\n");
        assert_eq!(extract(&text).signature.position.as_deref(), Some(want), "{text}");
    }

    // three position lines beside the recipients, party marks ("K/T"), and an OCR crumb stuck to a word
    for (tl, t2, t3, want) in [
        ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG"),
        ("TM. CHÍNH PHỦ", "KT. THỦ\\ TƯỚNG", "PHÓ THỦ TƯỚNG", "TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG"),
        ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN"),
        ("T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", "PHÓ BÍ THƯ", "T/M BAN THƯỜNG VỤ K/T BÍ THƯ PHÓ BÍ THƯ"),
        ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "", "T/L BAN THƯỜNG VỤ CHÁNH VĂN PHÒNG"),
    ] {
        let text = format!(
            "Nội dung.\n\nNơi nhận: {tl}\n- Ban Bí thư Trung ương Đảng; {t2}\n- Các Phó Thủ tướng; {t3}\n\
             - Lưu: VT.\n\nNguyễn Văn An\n"
        );
        let m = extract(&text);
        assert_eq!(m.signature.position.as_deref(), Some(want), "{text}");
        assert_eq!(m.signature.signer.as_deref(), Some("Nguyễn Văn An"), "{text}");
        assert_eq!(m.recipients, ["Ban Bí thư Trung ương Đảng", "Các Phó Thủ tướng", "Lưu: VT"], "{text}");
    }

    // the signature block printed above "Nơi nhận" (its column read first); a name above it without a position
    // is the text's, no signer
    let m = extract(
        "Nội dung.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Thị Bích Ngọc\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n",
    );
    assert_eq!(m.signature.position.as_deref(), Some("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"));
    assert_eq!(m.signature.signer.as_deref(), Some("Nguyễn Thị Bích Ngọc"));
    assert_eq!(m.recipients, ["Như trên", "Lưu: VT"]);
    let m = extract("Nội dung báo cáo của đồng chí\nNguyễn Thị Bích Ngọc\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n");
    assert_eq!(m.signature.signer, None);

    // a position word the restorer left in Title case beside capitals; Title case alone is a recipient
    for (line, want) in [
        ("Nơi nhận: KT. Bộ TRƯỞNG\n- Như Điều 3; THỨ TRƯỞNG", Some("KT. BỘ TRƯỞNG THỨ TRƯỞNG")),
        ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n- Thường trực Đảng ủy xã; Chủ TỊCH", Some("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH")),
        ("Nơi nhận: Bộ Trưởng\n- Như trên;", None),
    ] {
        let text = format!("Nội dung.\n\n{line}\n- Lưu: VT.\n\nNguyễn Văn An\n");
        assert_eq!(extract(&text).signature.position.as_deref(), want, "{text}");
    }

    // a short document without "Nơi nhận": the header's "BAN TUYÊN GIÁO" in its last lines is no position, nor does
    // its subject's "Ngày Giải phóng" hide the header's date above the number
    let text = "TỈNH ỦY QUẢNG NGÃI ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TUYÊN GIÁO\n* Quảng Ngãi, ngày 3 tháng 4 năm 2024\n\
                Số 12-HD/BTGTU\n\nHƯỚNG DẪN\ntuyên truyền kỷ niệm 50 năm Ngày Giải phóng hoàn toàn miền Nam\n\n\
                Nội dung.\nK/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n\nĐặng Ngọc Huy\n";
    let m = extract(text);
    assert_eq!(m.signature.position.as_deref(), Some("K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN"));
    assert_eq!(m.document.date.as_deref(), Some("2024-04-03"));
    // nor is an appendix's title below the signer's name
    let text = "Nội dung.\nNơi nhận: KT. CHỦ TỊCH\n- Như Điều 2; PHÓ CHỦ TỊCH\n- Lưu: VT.\n\nNguyễn Ngọc Sâm\n\n\
                PHỤ LỤC\nDANH SÁCH THÀNH VIÊN\n1. Ông Trần Văn Minh, Tổ trưởng;\n";
    let m = extract(text);
    assert_eq!(m.signature.position.as_deref(), Some("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"));
    assert_eq!(m.signature.signer.as_deref(), Some("Nguyễn Ngọc Sâm"));
    // nor a name that ends a wrapped line of the text after the block (the name beside the last recipient)
    let appendix = "\n(Ban hành kèm theo Quyết định số 1760/QĐ-KTNN của Tổng Kiểm toán nhà nước)\n\
                    Tôi xin cam kết và chịu trách nhiệm về những thông tin khai báo. Kính đề nghị Tổng Kiểm\n\
                    toán nhà nước xem xét giải quyết.\n";
    for tail in [appendix, ""] {
        let text =
            format!("Nội dung.\nNơi nhận: TỔNG KIỂM TOÁN NHÀ NƯỚC\n- Như Điều 3;\n- Lưu: VT. Ngô Văn Tuấn\n{tail}");
        assert_eq!(extract(&text).signature.signer.as_deref(), Some("Ngô Văn Tuấn"), "{text}");
    }
    // ... but a recipient the OCR printed without its dash (in the recipients' column, narrower than the text's
    // lines), a name beside it or below, is still the list
    for item in [
        "Chủ tịch, các Phó Chủ tịch UBND tỉnh và các sở ngành Trần Ngọc Căng\n",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức\nchính trị - xã hội tỉnh;\n\nTrần Ngọc Căng\n",
    ] {
        let text = format!("Nội dung.\nNơi nhận: CHỦ TỊCH\n- Như Điều 3;\n{item}");
        assert_eq!(extract(&text).signature.signer.as_deref(), Some("Trần Ngọc Căng"), "{text}");
    }

    // "VT." (văn thư) beside the last position line is the recipients' code, not the mark "KT." misread
    let text = "Nội dung.\n\nNơi nhận: TL. CHỦ TỊCH\n- Như trên; KT. CHÁNH VĂN PHÒNG\n\
                - Lưu: VT. PHÓ CHÁNH VĂN PHÒNG\n\nNguyễn Thị Lan\n";
    let m = extract(text);
    assert_eq!(m.signature.position.as_deref(), Some("TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG"));
    assert_eq!(m.recipients, ["Như trên", "Lưu: VT"]);

    // "KT." ending a list of offices to keep a copy is the economy office's code, whether the OCR kept the columns
    // apart or not
    for gap in [" ", "                    ", "\t"] {
        let text = format!(
            "Nội dung.\n\nNơi nhận:{gap}TM. ỦY BAN NHÂN DÂN\n- Như Điều 3;{gap}KT. CHỦ TỊCH\n\
             - Lưu: VT, KT.{gap}PHÓ CHỦ TỊCH\n\nNguyễn Văn An\n"
        );
        let m = extract(&text);
        assert_eq!(m.signature.position.as_deref(), Some("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH"), "{text}");
        assert_eq!(m.recipients, ["Như Điều 3", "Lưu: VT, KT"], "{text}");
    }
    // after a recipient that is no office code, "KT." is the mark
    let m = extract("Nội dung.\n\nNơi nhận:\n- Sở Nội vụ, KT. GIÁM ĐỐC\n- Lưu: VT. PHÓ GIÁM ĐỐC\n\nNguyễn Văn An\n");
    assert_eq!(m.signature.position.as_deref(), Some("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"));
    assert_eq!(m.recipients, ["Sở Nội vụ", "Lưu: VT"]);
    // with the count of copies kept; the crumbs of a stamp after a comma are no office
    let m = extract("Nội dung.\n\nNơi nhận:\n- Sở Nội vụ, A AM DC\n- Lưu: VT, KK (2b).\n\nNguyễn Văn An\n");
    assert_eq!(m.recipients, ["Sở Nội vụ", "Lưu: VT, KK (2b)"]);
}

#[test]
fn empty_and_odd_input_do_not_panic() {
    for text in ["", "\n\n\n", "Số:", "ngày", "1/", "-", "Nơi nhận:", "\u{feff}Số: 12/QĐ-UBND", "£§¢ ›› 57- -"]
    {
        let m = extract(text);
        assert_eq!(m.schema, 1);
    }
}

mod never_panics {
    use proptest::prelude::*;

    fn ocr_text() -> String {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/001_d6b316fd38878d12.ocr.txt");
        std::fs::read_to_string(p).expect("corpus")
    }

    proptest! {
        // 200 cases unless PROPTEST_CASES says otherwise
        #![proptest_config(ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200),
            ..ProptestConfig::default()
        })]

        /// Arbitrary text, Vietnamese letters, OCR symbols and document-number characters mixed.
        #[test]
        fn on_arbitrary_text(text in "[a-zA-Z0-9 /\\-:,.;()\n\tĐđàáảãạăằắẳẵặâầấẩẫậêềếểễệôồốổỗộơờớởỡợưừứửữựỳýỷỹỵ£§¢›“”&]{0,300}") {
            let m = vnocr::extract::extract(&text);
            for r in &m.references {
                prop_assert!(r.span.start <= r.span.end && r.span.end <= text.len());
                prop_assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
            }
            for s in m.spans.values() {
                prop_assert!(s.start <= s.end && s.end <= text.len());
            }
        }

        /// Any slice of real OCR output (cut at char boundaries).
        #[test]
        fn on_slices_of_real_ocr(a in 0usize..60_000, len in 0usize..3_000) {
            let text = ocr_text();
            let mut a = a.min(text.len());
            while !text.is_char_boundary(a) { a -= 1; }
            let mut b = (a + len).min(text.len());
            while !text.is_char_boundary(b) { b -= 1; }
            let _ = vnocr::extract::extract(&text[a..b]);
        }
    }
}

#[test]
fn restored_numbers_keep_their_spelling_unless_the_restorer_read_a_code_as_a_word() {
    let first = |restored: &str, ocr: &str| extract_restored(restored, ocr).references[0].number.clone();
    let table = [
        // a code part read as a word (a vowel mark no code has): the printed spelling, with the gazetteer's fixes
        ("Quyết định số 1827-CP/TỪ ngày 11/02/2025", "Quyét dinh s6 1827-OP/TU ngay 11/02/2025", "1827-QĐ/TU"),
        // a restored code stays: the Đ the OCR lost, a digit it read as a letter
        ("Nghị định số 79/2025/NĐ-CP ngày 1/4/2025", "Nghi dinh s6 79/2025/N-CP ngay 1/4/2025", "79/2025/NĐ-CP"),
        (
            "Nghị quyết số 1314/NQ-UBTVQH15 ngày 1/4/2025",
            "Nghi quyét s6 1314/NQ-UBTVQH1S ngay 1/4/2025",
            "1314/NQ-UBTVQH15",
        ),
        // ... and the Đ a restored part has where the printed one has none
        ("Quyết định số 1532/QĐ-BGDĐT ngày 1/4/2025", "Quyét dinh s6 1532/Q-BGDDT ngay 1/4/2025", "1532/QĐ-BGDĐT"),
        ("Quyết định số 1532/QĐ-BGDĐT ngày 1/4/2025", "Quyét dinh s6 1532/QP-BGDT ngay 1/4/2025", "1532/QĐ-BGDĐT"),
        // the type word before the number agrees with the restored code
        ("Công điện số 95/CĐ-TTg ngày 1/4/2025", "Cong dién s6 95/CP-TTg ngay 1/4/2025", "95/CĐ-TTg"),
        // printed with a Đ the restored one lacks: read by an OCR that knows Vietnamese, kept
        ("Báo cáo số 117/BC-BYT ngày 1/4/2025", "Báo cáo số 117/BC-BĐT ngày 1/4/2025", "117/BC-BĐT"),
        // codes the gazetteer does not list, restored from the corpora's: the restored one
        (
            "Công văn số 472/SKHCN-BCVT&CĐS ngày 1/4/2025",
            "Cong van s6 472/SKHCN-BCVT&CDS ngay 1/4/2025",
            "472/SKHCN-BCVT&CĐS",
        ),
    ];
    for (restored, ocr, want) in table {
        assert_eq!(first(restored, ocr), want, "{ocr}");
    }
    // the header's own number likewise
    let number = |restored: &str, ocr: &str| extract_restored(restored, ocr).document.number;
    let ocr = "UY BAN NHAN DAN TINH DONG NAI\nSé: 2740/Q-UBND Dong Nai, ngay 17 thang 11 nam 2025\n";
    let restored = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI\nSố: 2740/QĐ-UBND Đồng Nai, ngày 17 tháng 11 năm 2025\n";
    assert_eq!(number(restored, ocr).as_deref(), Some("2740/QĐ-UBND"));
    let ocr = "UY BAN NHAN DAN TINH DONG NAI\nSé: 2740/OP-UBND Dong Nai, ngay 17 thang 11 nam 2025\n";
    let restored = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI\nSố: 2740/CP-UBND Đồng Nai, ngày 17 tháng 11 năm 2025\n";
    assert_eq!(number(restored, ocr).as_deref(), Some("2740/QĐ-UBND"));
}

/// Where a subject ends: under a title, the lines of the subject (in capitals or in sentence case, wrapped as a
/// page prints them), then what follows it; the subject is the first column's lines joined.
#[test]
fn subject_ends_where_the_authority_or_the_body_starts() {
    let header = "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\
                  Số: 2740/QĐ-UBND Đồng Nai, ngày 17 tháng 11 năm 2025\nQUYẾT ĐỊNH\n";
    let cases: &[(&[&str], &str)] = &[
        // the issuing authority in capitals under a subject in capitals
        (
            &["VỀ VIỆC CÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ", "TRONG LĨNH VỰC CÔNG TÁC DÂN TỘC"],
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        ),
        (&["BAN HÀNH QUY CHẾ HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH"], "TRƯỞNG BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH"),
        (&["QUY ĐỊNH CHỨC NĂNG, NHIỆM VỤ CỦA TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"], "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"),
        // a subject in capitals, then the body in sentence case, whatever its first words
        (
            &["PHÁT TRIỂN HẠ TẦNG 5G TRÊN ĐỊA BÀN TỈNH ĐẾN NĂM 2030"],
            "Triển khai thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị; Nghị",
        ),
        (&["VỀ VIỆC BAN HÀNH KẾ HOẠCH XUẤT KHẨU"], "Căn cứ Luật Tổ chức chính quyền địa phương;"),
        // a subject in sentence case, then the body
        (
            &["Quy định chi tiết một số điều và biện pháp thi hành", "Luật Di sản văn hóa"],
            "Theo đề nghị của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch;",
        ),
        (
            &["Kết luận của Phó Thủ tướng tại buổi làm việc về kết quả", "triển khai thực hiện sắp xếp tổ chức bộ máy"],
            "Thực hiện Kết luận số 18-KL/TW, ngày 5 tháng 3.",
        ),
        // lines that go on a subject: a named body or a head word after a line that needs more, a line that
        // opens with a head word, a number or "THỰC HIỆN" in capitals
        (
            &["BAN HÀNH QUY CHẾ LÀM VIỆC CỦA", "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"],
            "Căn cứ Luật Tổ chức chính quyền địa phương;",
        ),
        (&["TRIỂN KHAI CÔNG TÁC", "PHÒNG, CHỐNG MA TÚY NĂM 2026"], "Căn cứ Luật Phòng, chống ma túy;"),
        (
            &["VỀ VIỆC BAN HÀNH KẾ HOẠCH THỰC HIỆN QUY HOẠCH MẠNG LƯỚI CƠ", "SỞ VĂN HÓA VÀ THỂ THAO THỜI KỲ 2021-2030"],
            "Căn cứ Luật Quy hoạch;",
        ),
        (&["PHÁT TRIỂN KINH TẾ SỐ TỈNH ĐỒNG NAI GIAI ĐOẠN", "2026 - 2030"], "Căn cứ Luật Quy hoạch;"),
        // "CHƯƠNG TRÌNH" opening a line goes on a subject, where a chapter's "Chương I" opens the body
        (
            &["PHÂN BỔ VỐN NGÂN SÁCH NHÀ NƯỚC THỰC HIỆN", "CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG"],
            "Chương I",
        ),
        (
            &["QUY ĐỊNH MỨC CHI KHUYẾN KHÍCH TỔ CHỨC, CÁ NHÂN", "THỰC HIỆN DỊCH VỤ CÔNG TRỰC TUYẾN"],
            "Căn cứ Luật Ngân sách nhà nước;",
        ),
        // a subject in capitals is a block: seven lines, a stop at its end
        (
            &[
                "VỀ VIỆC CÔNG BỐ DANH MỤC 01 THỦ TỤC HÀNH CHÍNH CẤP XÃ MỚI",
                "BAN HÀNH VÀ PHÊ DUYỆT 01 QUY TRÌNH NỘI BỘ TIẾP NHẬN, GIẢI",
                "QUYẾT THỦ TỤC HÀNH CHÍNH TRONG LĨNH VỰC TỔ CHỨC CAI NGHIỆN",
                "MA TÚY VÀ QUẢN LÝ SAU CAI NGHIỆN MA TÚY THUỘC THẨM QUYỀN",
                "GIẢI QUYẾT CỦA ỦY BAN NHÂN DÂN CẤP XÃ TRÊN ĐỊA BÀN TỈNH VĨNH",
                "LONG (THỦ TỤC HÀNH CHÍNH THỰC HIỆN KHÔNG PHỤ THUỘC VÀO ĐỊA",
                "GIỚI HÀNH CHÍNH)",
            ],
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        ),
        (
            &[
                "KẾT LUẬN CỦA THỦ TƯỚNG CHÍNH PHỦ TẠI PHIÊN HỌP LẦN THỨ 21",
                "CÁC CÔNG TRÌNH, DỰ ÁN QUAN TRỌNG QUỐC GIA, TRỌNG ĐIỂM NGÀNH",
                "GIAO THÔNG VẬN TẢI.",
            ],
            "Ngày 08 tháng 11 năm 2025, Thủ tướng Chính phủ chủ trì phiên họp.",
        ),
    ];
    // No date in the header: the date of a document the subject cites is not the header's, and a subject ending
    // in "TỰ VỆ" (not "VỀ") does not run on into the body.
    let text = "CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 16/2025/NĐ-CP\nNGHỊ ĐỊNH\n\
                SỬA ĐỔI NGHỊ ĐỊNH SỐ 72/2020/NĐ-CP NGÀY 30 THÁNG 6 NĂM 2020 VỀ DÂN QUÂN TỰ VỆ\n\
                Căn cứ Luật Dân quân tự vệ;\n";
    let d = extract(text).document;
    assert_eq!(d.date, None);
    assert_eq!(
        d.subject.as_deref(),
        Some("SỬA ĐỔI NGHỊ ĐỊNH SỐ 72/2020/NĐ-CP NGÀY 30 THÁNG 6 NĂM 2020 VỀ DÂN QUÂN TỰ VỆ")
    );
    for (subject, after) in cases {
        let text = format!("{header}{}\n{after}\nĐiều 1. Ban hành kèm theo Quyết định này.\n", subject.join("\n"));
        assert_eq!(extract(&text).document.subject.as_deref(), Some(subject.join(" ").as_str()), "{text}");
        // without the title line, a subject opening with "Về việc" is found all the same
        if subject[0].to_lowercase().starts_with("về việc") {
            let text = text.replacen("QUYẾT ĐỊNH\n", "", 1);
            assert_eq!(extract(&text).document.subject.as_deref(), Some(subject.join(" ").as_str()), "{text}");
        }
    }
}
