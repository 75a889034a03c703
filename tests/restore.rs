//! The restorer with the shipped models: the examples, properties that must hold for any input
//! (digits of numbers, dates and codes never change; line count, line endings and indentation are kept), and
//! the change list.

use std::sync::LazyLock;

use proptest::prelude::*;
use vnocr::restore::{RestoreOptions, Restorer};
use vnocr::tokenize::{TokenKind, number_may_be_word, tokenize};

static RESTORER: LazyLock<Restorer> = LazyLock::new(|| Restorer::from_default().expect("shipped models load"));

/// OCR text → what the restorer must print, exactly.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "ciia Thi twéng Chinh phi ban hanh Chién lroc quéc gia vé Cach mang cdng nghiép 1an thir tu",
        "của Thủ tướng Chính phủ ban hành Chiến lược quốc gia về Cách mạng công nghiệp lần thứ tư",
    ),
    ("Nghi quy ét s6 2289/QP-TTG ngay 31/12/2020", "Nghị quyết số 2289/QĐ-TTg ngày 31/12/2020"),
    // Words in another script are printed as they are (they had become "a, b, c" and "穆陵").
    ("và α, β, γ lần lượt là các góc", "và α, β, γ lần lượt là các góc"),
    ("an táng tại Phụ Lăng (阜陵)", "an táng tại Phụ Lăng (阜陵)"),
    // The type the text names before a number picks its code among known ones ("CP" is Chính phủ's).
    ("Céng dién s6 95/CP-TTg ngay 18/7/2025", "Công điện số 95/CĐ-TTg ngày 18/7/2025"),
    ("Nghi dinh s6 95/CP ngay 18/7/2025", "Nghị định số 95/CP ngày 18/7/2025"),
    // Capitals are re-cased only to a code the corpora print ("TTg"), not to one only the gazetteer lists ("TTh").
    ("van ban s6 1552/BTTTT-TTH va 708/BTTTT-CATTT", "văn bản số 1552/BTTTT-TTH và 708/BTTTT-CATTT"),
    // The letters before a part's number are restored, its digits never ("QH" of the 15th National Assembly).
    ("Luat s6 87/2025/OH15 ngay 25/6/2025 va 19T06/ABC", "Luật số 87/2025/QH15 ngày 25/6/2025 và 19T06/ABC"),
    // ... also where the OCR read a letter of them as a digit ("0H13"), or a digit of the number as a letter ("1S").
    ("Luat s6 83/2015/0H13 va Luat s6 06/2022/QH1S;", "Luật số 83/2015/QH13 và Luật số 06/2022/QH15;"),
    // A year with a digit read as a letter is a year: "202S" of a number or a date.
    ("Thong tu s6 02/202S/TT-BCT ngay 15/5/2O2S nam 202S", "Thông tư số 02/2025/TT-BCT ngày 15/5/2025 năm 2025"),
    // A type the text names before a number outweighs another type's code one OCR confusion away (Đ → P).
    ("Dé an s6 379/PA-CP va Phuong an s6 12/PA-UBND", "Đề án số 379/ĐA-CP và Phương án số 12/PA-UBND"),
    // An acronym no syllable spells, printed with a capital first: the lexicon's capitals, not the OCR's case.
    (
        "Kho theo Qb 458 cua Hend tinh va Ttdt, Make in Vietnam",
        "Kho theo QĐ 458 của HĐND tỉnh và TTĐT, Make in Vietnam",
    ),
    ("khoahoc cong nghe", "khoa học công nghệ"),
    // The OCR's "56" for "số" before a document number; numbers of a table stay.
    ("Quyét dinh 56 1828- OD/TU ngay 11/02/2025", "Quyết định số 1828- QĐ/TU ngày 11/02/2025"),
    ("Quang Ngai 56 120 80", "Quảng Ngãi 56 120 80"),
    // A number that spells l and a marked vowel after a word is that word where the context wants it.
    ("UBND tinh dat ty 18 hd so", "UBND tỉnh đạt tỷ lệ hồ sơ"),
    ("giai quyét tinh trang 6 nhiém méi truong", "giải quyết tình trạng ô nhiễm môi trường"),
    ("SUA DOI, BO SUNG MOT 86 DIEU CUA LUAT", "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT"),
    ("thang 8 nam 2025, co 8 xa", "tháng 8 năm 2025, có 8 xã"),
    ("khoan 1 Dieu 5, thang 10 nam 2025", "khoản 1 Điều 5, tháng 10 năm 2025"),
    // Capitals broken by the apostrophe the OCR prints for a horn; a name with an apostrophe stays.
    ("CHUC N'NG QUAN LY", "CHỨC NĂNG QUẢN LÝ"),
    ("NGU'O'I DAN", "NGƯỜI DÂN"),
    ("Ông JOHN O'NEILL phát biểu", "Ông JOHN O'NEILL phát biểu"),
    ("DÂN TỘC H'MÔNG", "DÂN TỘC H'MÔNG"),
    // Slash abbreviations are letters, not words: "V/v" (về việc) had become "V/về"; "Đ/c" (đồng chí) printed
    // with the OCR's P.
    ("V/v huéng dan lap du toan", "V/v hướng dẫn lập dự toán"),
    ("K/g: S6 Tai chinh", "K/g: Sở Tài chính"),
    ("P/c Tran Van B", "Đ/c Trần Văn B"),
    // A capital inside a small-letter syllable is OCR noise even where the letters stay; names so written stay.
    ("dia phuong theo qUy dinh dé thU hut", "địa phương theo quy định để thu hút"),
    ("qUy dinh tai Diéu 5. cAc co quan, cAc don vi.", "Quy định tại Điều 5. Các cơ quan, các đơn vị."),
    ("nen tang iGate va eGov, mau 01-biN-NH", "nền tảng iGate và eGov, mẫu 01-biN-NH"),
    // A tone the OCR dropped from a stop-coda syllable: the vocabulary's typo "đươc" is no reading; names keep theirs.
    ("chuyên môn khác đươc sử dụng tại khu kinh tế đăc biệt", "chuyên môn khác được sử dụng tại khu kinh tế đặc biệt"),
    ("thị trường Hồng Kông", "thị trường Hồng Kông"),
    // A capital the OCR misread as another letter says nothing of the case: mid-sentence the word is small.
    ("gan két gido duc vdi thi truong Jao dong", "gắn kết giáo dục với thị trường lao động"),
    // Roman numerals with a small l or a digit for a capital, first or not.
    ("khoan 6 phan lI Chuong", "khoản 6 phần II Chương"),
    // So are the short capitals with a dot that open a signature line (thừa lệnh, thừa ủy quyền) and acronyms
    // alone in brackets: marks and Đ only.
    ("TL. CHU TICH", "TL. CHỦ TỊCH"),
    ("TUQ. GIAM DOC", "TUQ. GIÁM ĐỐC"),
    ("Chuyén doi s6 (DTI) cac s6, ban nganh", "Chuyển đổi số (DTI) các sở, ban ngành"),
    ("Hoi dong nhan dan (HPND) tinh", "Hội đồng nhân dân (HĐND) tỉnh"),
    // Code parts: one the corpora never had stays as printed; parts joined by & are restored each.
    ("708/BTTTT-CATTT va 472/SKHCN-BCVT&CDS", "708/BTTTT-CATTT và 472/SKHCN-BCVT&CĐS"),
    // A document number whose digits the OCR read as look-alike letters.
    ("theo Nghi quyét S0/NQ-CP va SO/NQ-CP", "theo Nghị quyết 50/NQ-CP và 50/NQ-CP"),
    // ... but not a number and letters that name no document; nor words with marks around a slash; nor a part
    // one unlearned confusion from a frequent one ("TDTU" is no "TDTT").
    ("kính thực tế ảo (3D/VR360), 2GB/hộp", "kính thực tế ảo (3D/VR360), 2GB/hộp"),
    ("ĐƠN ĐỀ NGHỊ ĐỔI THẺ/CẤP LẠI THẺ", "ĐƠN ĐỀ NGHỊ ĐỔI THẺ/CẤP LẠI THẺ"),
    ("số 01/KH-UBND-TDTU va 505/0D-UBND", "số 01/KH-UBND-TDTU và 505/QĐ-UBND"),
    // A part after a code's "-" that the OCR began with a digit is a part too ("8YT" had become "KÝ"); so is one
    // after a "-" and a space ("UBTVQH1S" had kept its S).
    ("Nghi quyét s6 1314/NQ- UBTVQH1S vé viéc", "Nghị quyết số 1314/NQ- UBTVQH15 về việc"),
    ("Ké hoach s6 45/KH-8YT ngay 10/01/2022", "Kế hoạch số 45/KH-BYT ngày 10/01/2022"),
    // A body the text names around a code spells its part ("8" is a B or an S): a Sở's, named before the code or
    // after it, where the lexicon's likelier part is the Bộ's; the Bộ's where the text names it; no body named, the
    // likelier part.
    (
        "Theo dé nghi cua Sé Xay dung tai To trinh s6 441/TTr-8XD ngay 07/11/2025",
        "Theo đề nghị của Sở Xây dựng tại Tờ trình số 441/TTr-SXD ngày 07/11/2025",
    ),
    ("To trinh s6 15/TTr-8TC ngay 3/3/2025 cua S& Tai chinh", "Tờ trình số 15/TTr-STC ngày 3/3/2025 của Sở Tài chính"),
    ("To trinh s6 15/TTr-8TC ngay 3/3/2025 cua Bd Tai chinh", "Tờ trình số 15/TTr-BTC ngày 3/3/2025 của Bộ Tài chính"),
    ("Thong tu s6 05/2018/TT-8XD ngay 15/5/2018", "Thông tư số 05/2018/TT-BXD ngày 15/5/2018"),
    // ... and a body the gazetteer lists by name, its code ("0TU" had become "ĐU").
    ("Ké hoach s6 466-KH/0TU ngay 5/5/2025 cua Tinh iy vé", "Kế hoạch số 466-KH/TU ngày 5/5/2025 của Tỉnh ủy về"),
    // A list of abbreviations is no heading ("Các" had become "CÁC", "TNMT" "NNMT"); a lone capital beside a
    // heading word is one ("S" for "SỞ").
    ("- Cac s: KHDT, TNMT, TC, XD;", "- Các sở: KHĐT, TNMT, TC, XD;"),
    (
        "UBND TINH QUANG NGAI CONG HOA XA HOI CHU NGHIA VIET NAM\nS GIAO DUC Doc lap - Tu do - Hanh phuc",
        "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ GIÁO DỤC Độc lập - Tự do - Hạnh phúc",
    ),
    ("CONG HOA XA HOI CHU NGHIA VIET NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (
        "Thu tuong Chinh phu da ban hanh quyet dinh ve viec thanh lap Ban Chi dao quoc gia",
        "Thủ tướng Chính phủ đã ban hành quyết định về việc thành lập Ban Chỉ đạo quốc gia",
    ),
    // Two acronyms side by side stay two ("MTTQVN" had been read from "MTTQ VN").
    ("- Uy ban MTTQ VN tinh va céc td chire", "- Ủy ban MTTQ VN tỉnh và các tổ chức"),
    ("Trung tam PV HCC tinh", "Trung tâm PV HCC tỉnh"),
    // A stray sign beside a word stays as printed where no word reads it ("hướng ¢" had become "hướng"); so does a
    // sign alone that the channel never learned as a word's print ("£", "§" for illegible handwritten digits had
    // become "b", "a"), while one it learned is read ("¢", "&" for "ở").
    ("S6: £ /KH-UBND Quang Ngai, ngay § thang 5 nam 2020", "Số: £ /KH-UBND Quảng Ngãi, ngày § tháng 5 năm 2020"),
    ("trién khai & co quan, dich vu ¢ cap tinh", "triển khai ở cơ quan, dịch vụ ở cấp tỉnh"),
    // Numerals other than digits are numbers ("½" had become "ô").
    ("dien tich ½ so dat va ① muc tieu", "diện tích ½ số đất và ① mục tiêu"),
    // In capitals too, between syllables; not between acronyms ("&" had stayed in "NHÀ & XÃ HỘI").
    ("CHINH SACH NHA & XA HOI VA KH & CN", "CHÍNH SÁCH NHÀ Ở XÃ HỘI VÀ KH & CN"),
    ("dinh huong ¢ dén nam 2030", "định hướng ¢ đến năm 2030"),
    // A closing bracket between two letters is a piece of one ("thé)ng" had become "thế)nợ").
    ("hé thé)ng cua cac bo nganh", "hệ thống của các bộ ngành"),
    // So is a sign between capitals, a ";" after a lone letter, and an "@" or "\" after a word's letters ("M:T" had
    // stayed, "TRUN@" had become "TRUNG@", "THU\" "THỦ\", "d;a" "d;a").
    ("THUC HIEN M:T SO NHIEM VU CU\\A BO", "THỰC HIỆN MỘT SỐ NHIỆM VỤ CỦA BỘ"),
    ("QUYEN HAN CUA TRUN@ TAM PHUC VU", "QUYỀN HẠN CỦA TRUNG TÂM PHỤC VỤ"),
    ("BAI BO VAN BAN CUA THU\\ TUONG CHINH PHU", "BÃI BỎ VĂN BẢN CỦA THỦ TƯỚNG CHÍNH PHỦ"),
    ("trén d;a ban tinh", "trên địa bàn tỉnh"),
    // ... and a ")" or "@" glued to a word's start (")QUỐC" had kept its ")").
    ("HOP TAC )UOC TE VA @IA DINH", "HỢP TÁC QUỐC TẾ VÀ GIA ĐÌNH"),
    // Capitals joined by a slash are words though the OCR stripped their horns ("XA/PHUONG" had stayed).
    ("CHU TICH UBND XA/PHUONG", "CHỦ TỊCH UBND XÃ/PHƯỜNG"),
    // A capitalized word spelled as a word keeps its first letter: a name, not a word the model knows better
    // ("Thanh Luong" had become "Thanh xương").
    (
        "phuong Phu Thinh, xa Thanh Phu va xa Thanh Luong thanh phuong moi",
        "phường Phú Thịnh, xã Thạnh Phú và xã Thạnh Lương thành phường mới",
    ),
    // An O the OCR printed for a capital Q keeps the capital ("Ouyét" had become "quyết" mid-sentence).
    (
        "ban hanh kem theo Ouyét dinh s6 12/QD-UBND cua Ou6c hoi",
        "ban hành kèm theo Quyết định số 12/QĐ-UBND của Quốc hội",
    ),
    // List markers read as a sequence: the OCR prints c) as ¢) and đ) as d).
    (
        "a) Tổ chức\nb) Hướng dẫn\n¢) Tổ chức\nd) Các sở\nd) Đề nghị\ne) Xây dựng",
        "a) Tổ chức\nb) Hướng dẫn\nc) Tổ chức\nd) Các sở\nđ) Đề nghị\ne) Xây dựng",
    ),
    // ... and a digit between two letters as the letter between them (g) printed 2)).
    (
        "e) Xay dung ké hoach\n2) Ung dung cong nghé\nh) Tang cuong kiém tra",
        "e) Xây dựng kế hoạch\ng) Ứng dụng công nghệ\nh) Tăng cường kiểm tra",
    ),
    // Damage the learned rewrites do not explain, words broken by OCR noise, a capital I for l mid-sentence.
    (
        "cập nhật tri thire khoa học, triển khai dc-ng bộ, Xay du*ng kế hoạch; quản Iy nhà nước",
        "cập nhật tri thức khoa học, triển khai đồng bộ, Xây dựng kế hoạch; quản lý nhà nước",
    ),
    // Two words glued by the OCR, each damaged too.
    ("Thoi gian thuc hién: Tirndm 2021 - 2030.", "Thời gian thực hiện: Từ năm 2021 - 2030."),
    // Acronyms defined in the document get their Đ from the words they abbreviate; a well-known one stays.
    (
        "dia chat thuy van (goi tat la DCTV); ban do DCTV; co so du lieu (CSDL)",
        "địa chất thủy văn (gọi tắt là ĐCTV); bản đồ ĐCTV; cơ sở dữ liệu (CSDL)",
    ),
    // ... also when the OCR printed its Đ as P, and wherever else the document prints it with D or P.
    (
        "dia chat thuy van (goi tat la PCTV); ban do PCTV va DCTV",
        "địa chất thủy văn (gọi tắt là ĐCTV); bản đồ ĐCTV và ĐCTV",
    ),
    // ... also when the OCR damaged the "là" (the acronym closes the parenthesis), and printed Đ as b or B.
    (
        "nghién cru dia chét thuy van (goi tit ha DCTV): ban do bCTV va BCTV",
        "nghiên cứu địa chất thủy văn (gọi tắt là ĐCTV): bản đồ ĐCTV và ĐCTV",
    ),
    // A capital the OCR gave a small word after a small one ("Của"): no sentence has one. First on a line, it may
    // open a paragraph under a heading without a full stop.
    (
        "sang tgo trong hoat dong Cua cdc co quan trong h¢ thong\n2. Nhiém vu trong tam\nCo 5 nhiém vu chinh",
        "sáng tạo trong hoạt động của các cơ quan trong hệ thống\n2. Nhiệm vụ trọng tâm\nCó 5 nhiệm vụ chính",
    ),
    // An office's code the document prints in its number is kept where it stands alone, not read as a word ("NAY").
    ("S6: 1875/SYT-NVY\n- Luu: VT, NVY.", "Số: 1875/SYT-NVY\n- Lưu: VT, NVY."),
    // Roman numerals in capitals are numbers; Roman numerals the OCR wrote with a digit or a small l.
    (
        "theo khoan 1 Phu luc V kem theo; Giai phap V Dam bao\nV. CHE DO BAO CAO",
        "theo khoản 1 Phụ lục V kèm theo; Giải pháp V Đảm bảo\nV. CHẾ ĐỘ BÁO CÁO",
    ),
    ("I1. Cac Thong bao\nI1l. Ké hoach", "II. Các Thông báo\nIII. Kế hoạch"),
    // Small l's the OCR printed for a numeral's capital I's: a heading's numeral, and I's the language model reads
    // from l's, in capitals.
    ("l. MUC TIEU TONG QUAT\nll. NHIEM VU", "I. MỤC TIÊU TỔNG QUÁT\nII. NHIỆM VỤ"),
    ("xa khu vuc l, II, III giai doan 2021 - 2025", "xã khu vực I, II, III giai đoạn 2021 - 2025"),
    ("Tai Phu luc l kem theo Nghi dinh nay", "Tại Phụ lục I kèm theo Nghị định này"),
    // In a line of capitals such a token may be a word the OCR damaged: a numeral or the word, as the language
    // model says ("ĐƠN VỊ", "PHẠM VI"; "PHẠM VI" had become "PHẨM VI" around a numeral).
    (
        "CHUONG II QUY DINH CHUNG VE PHAM VI DIEU CHINH\nDANH MUC DU AN CUA CAC DON VI THUOC TINH",
        "CHƯƠNG II QUY ĐỊNH CHUNG VỀ PHẠM VI ĐIỀU CHỈNH\nDANH MỤC DỰ ÁN CỦA CÁC ĐƠN VỊ THUỘC TỈNH",
    ),
    (
        "BAO CAO CHINH TRI CUA BAN CHAP HANH DANG BO TINH KHOA XV TAI DAI HOI LAN THU XVI",
        "BÁO CÁO CHÍNH TRỊ CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH KHÓA XV TẠI ĐẠI HỘI LẦN THỨ XVI",
    ),
    // A word in a line of capitals may lose its first letter ("ÚC" is a word, but "DANH UC" is "DANH MỤC"); a
    // capitalized word elsewhere keeps it (above: "Thạnh Lương").
    ("DANH UC THU TUC HANH CHINH THUOC THAM QUYEN CUA SO", "DANH MỤC THỦ TỤC HÀNH CHÍNH THUỘC THẨM QUYỀN CỦA SỞ"),
    (
        "Vl. TO CHUC THUC HIEN\nDai hoi lan thir Xl, X1 vé phat trién",
        "VI. TỔ CHỨC THỰC HIỆN\nĐại hội lần thứ XI, XI về phát triển",
    ),
    // "Al" is the OCR's "AI" (the language model only knows the syllable "ai"); "Ul" is no Roman numeral.
    ("ung dung Al va dit liéu 16n", "ứng dụng AI và dữ liệu lớn"),
    // A capital consonant or Y alone before a capitalized word at the start of a paragraph is a bullet (✓, ➢)
    // the OCR read as a letter: kept. Inside a paragraph it is a word's remains ("B" for "Bộ").
    ("Y Quyét dinh s6 1827-OP/TU\n\nS Giita Uy ban", "Y Quyết định số 1827-QĐ/TU\n\nS Giữa Ủy ban"),
    // A word broken into three pieces by symbols the channel never saw.
    ("liên doanh và ta_r]g cường liên kết", "liên doanh và tăng cường liên kết"),
    // A lone word in capitals among small letters is a Title-case word the OCR read in capitals; acronyms and
    // headings keep theirs.
    (
        "Đại học Nông Lâm Thành phố HO Chí Minh và các công nghệ mới như AI, dữ liệu lớn\nKINH PHI THUC HIỆN",
        "Đại học Nông Lâm Thành phố Hồ Chí Minh và các công nghệ mới như AI, dữ liệu lớn\nKINH PHÍ THỰC HIỆN",
    ),
    // A capital the OCR gave the second syllable of a word ("triển Khai", "yêu CAu"); a name's capital stays.
    (
        "Tiếp tục triển Khai các nhiệm vụ, đáp Gmg yêu CAu của Sở Xây dựng và Viện Khoa học",
        "Tiếp tục triển khai các nhiệm vụ, đáp ứng yêu cầu của Sở Xây dựng và Viện Khoa học",
    ),
    // Small letters the OCR put in a heading in capitals; a word in small letters between an acronym and a
    // heading stays.
    (
        "ĐỀ NGHỊ b6I THẺ KlÉM TOÁN VIÊN NHÀ NƯỚC\nứng dụng AI đưa AI vào KINH PHi THỰC HIỆN",
        "ĐỀ NGHỊ ĐỔI THẺ KIỂM TOÁN VIÊN NHÀ NƯỚC\nứng dụng AI đưa AI vào KINH PHÍ THỰC HIỆN",
    ),
    // ... also where the OCR damaged its neighbours too, on a line in capitals.
    (
        "BAN HANH QUY CHÉ PHÉl HGP THUC HlÉN CHRC NING, NHlÉM VU, QUYÉN HAN",
        "BAN HÀNH QUY CHẾ PHỐI HỢP THỰC HIỆN CHỨC NĂNG, NHIỆM VỤ, QUYỀN HẠN",
    ),
    // Capitals without a vowel outside a heading are an acronym, not a damaged syllable ("NGSP" had become
    // "NGẬP"); a heading's damaged word is still read ("HQC" for "HỌC").
    ("liên thông với NGSP thông qua LGSP.", "liên thông với NGSP thông qua LGSP."),
    // Đ is such a capital too ("ĐCTV", its Đ read as C, had become "CCTV").
    ("nhung mo hinh ĐCTV nhan duoc khi", "những mô hình ĐCTV nhận được khi"),
    ("SO KHOA HQC VA CONG NGHE", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"),
    // A known name or acronym in mixed case is no Vietnamese word ("IoT" had become "một").
    ("nghiép da trién khai IoT Gng dung trong san xuat", "nghiệp đã triển khai IoT ứng dụng trong sản xuất"),
    // A word in capitals but for the small l's the OCR printed for I, outside a heading too.
    ("Nơi nhận: GlAM DÉC", "Nơi nhận: GIÁM ĐỐC"),
    // The OCR prints a capital Đ as a small b, a small đ as d. (The name "Koéi" is kept before a comma: in the
    // comma-aware model an unknown word, `<unk>`, is often followed by ", đăk" in lists of place names, which
    // "kôi" is not; without the comma it is read "Kôi".)
    ("cac xa bak Koéi, bak Rve va dia ban tinh", "các xã Đăk Koéi, Đăk Rve và địa bàn tỉnh"),
    ("cac xa bak Koéi bak Rve va dia ban tinh", "các xã Đăk Kôi Đăk Rve và địa bàn tỉnh"),
    // A capital the OCR added before a word in small letters; not a P that is the word's Đ.
    ("hạ tầng Dcung cấp điện tại tinh Pdng Nai", "hạ tầng cung cấp điện tại tỉnh Đồng Nai"),
    // Known acronyms whose capital I the OCR read as l; a two-letter one is a word.
    (
        "ung dung loT va tai khoan dinh danh VnelD; ly lS khoan",
        "ứng dụng IoT và tài khoản định danh VneID; lý lỗ khoan",
    ),
    // ... but not capitals that spell a Vietnamese word: "DIEM" is printed somewhere in the corpora, "ĐIỂM" here.
    ("KIEM KE THOl DlEM CUOI NAM", "KIỂM KÊ THỜI ĐIỂM CUỐI NĂM"),
    // A Roman numeral's letters between two words in capitals, as where the OCR ran the header's columns into one
    // line, may be a word ("X" for "XÃ"); a number after "THỨ" stays one.
    (
        "UBND TINH DAK LAK CONG HOA X HOI CHU NGHIA VIET NAM Doc lap",
        "UBND TỈNH ĐẮK LẮK CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập",
    ),
    ("DAI HOI DANG BO TINH LAN THU XX NHIEM KY 2025 - 2030", "ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XX NHIỆM KỲ 2025 - 2030"),
    // A digit the OCR printed for the first letter of a document type's name before "số" and a number stands for a
    // capital (the name of one document); a one-word type inside another word ("pháp luật số …") does not.
    ("Can cr 0uyét dinh s6 12/QD-UBND ngay", "Căn cứ Quyết định số 12/QĐ-UBND ngày"),
    ("van ban quy pham phap 1uat s6 64/2025/QH15 duoc", "văn bản quy phạm pháp luật số 64/2025/QH15 được"),
    // The label of a document's number is "Số" however the OCR printed it, with a capital where the OCR showed no
    // case; "số" in running text stays small.
    ("TINH UY QUANG NGAI\nsS4 19-CT/TU Quang Ngai", "TỈNH ỦY QUẢNG NGÃI\nSố 19-CT/TU Quảng Ngãi"),
    ("Hanh phuc 8é: 12/KH-UBND Ha Noi", "Hạnh phúc Số: 12/KH-UBND Hà Nội"),
    ("kem theo Quyet dinh sO:…..QP-UBND ngay", "kèm theo Quyết định số:…..QĐ-UBND ngày"),
    // A line of three or four words in Title case is a person's name: it opens with a family name (B is one of this
    // OCR's prints of Đ); the same words inside a sentence are read as the language model says.
    ("PHÓ CHỦ TỊCH\n\nBang Ngoc Huy", "PHÓ CHỦ TỊCH\n\nĐặng Ngọc Huy"),
    ("do bang Ngoc Huy ky", "do bằng Ngọc Huy ký"),
    // A word in capitals but for one small letter is in capitals, at a line's end too.
    ("BO CONG THUONGi\nDANH MUCi THU TUC", "BỘ CÔNG THƯƠNG\nDANH MỤC THỦ TỤC"),
    // A line after a heading in capitals starts a sentence: the case noise of its first word gives a capital.
    (
        "UBND TINH BINH DINH CONG HOA XA HOI CHU NGHIA VIET NAM\nsS6: 45/KH-UBND Binh Dinh, ngay 3 thang 4 nam 2024",
        "UBND TỈNH BÌNH ĐỊNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 45/KH-UBND Bình Định, ngày 3 tháng 4 năm 2024",
    ),
    // A line that ends a sentence ends the model's context: the next starts a paragraph, as in training.
    ("xem xet.\nNoi nhan:", "xem xét.\nNơi nhận:"),
    // Digits inside a word are kept, or read as letters all together.
    ("ảnh khổ 22mm x 28mm; cta 16n", "ảnh khổ 22mm x 28mm; cửa lớn"),
    // A digit the OCR printed for a sentence's first letter stands for a capital, and so does a first letter it
    // lost; after a colon they do not.
    (
        "Quyết định này có hiệu lực kể từ ngày ký.\nieu 10. Quan ly va su dung the",
        "Quyết định này có hiệu lực kể từ ngày ký.\nĐiều 10. Quản lý và sử dụng thẻ",
    ),
    (
        "2. 0uyét dinh nay thay thé Quyét dinh s6 15/2019/QĐ-UBND, bao gom: 1ogistics, van tai",
        "2. Quyết định này thay thế Quyết định số 15/2019/QĐ-UBND, bao gồm: logistics, vận tải",
    ),
    // A letter split off a word's end joins it again; a stray letter before a word is no part of it.
    ("nghiép vién théon g phat trién", "nghiệp viễn thông phát triển"),
    // A brace or bar glued to a word is a piece of a letter; a table's rules, several to a line, are not.
    ("tong s6 45 {ng dung; Mang Truyér} s6 liéu", "tổng số 45 ứng dụng; Mạng Truyền số liệu"),
    ("|STT|Noi dung|Ket qua|", "|STT|Nội dung|Kết quả|"),
    // Syllables joined by a slash are words in a line of capitals or inside a line; a code cut by a line break,
    // opening a line of small letters, is a code ("OP/TU" for "QĐ/TU").
    ("DANH MUC DI VAT/CO VAT/BAO VAT QUOC GIA", "DANH MỤC DI VẬT/CỔ VẬT/BẢO VẬT QUỐC GIA"),
    ("ghi rõ Don vi/CA nhan dang ky", "ghi rõ Đơn vị/Cá nhân đăng ký"),
    ("Quyét dinh s6 1845-\nOP/TU ngay 21/02/2025", "Quyết định số 1845-\nQĐ/TU ngày 21/02/2025"),
    // A sign read as a word in a heading takes the heading's capitals.
    ("BAO VAT QUOC GIA CO NGUON GOC VIET NAM ¢ NUOC NGOAI", "BẢO VẬT QUỐC GIA CÓ NGUỒN GỐC VIỆT NAM Ở NƯỚC NGOÀI"),
    // A consonant alone opening a list item is a word the OCR cut down ("Đã"), not the letter "Đ" that list markers
    // taught the model.
    ("- P xay dung va dua vao hoat dong", "- Đã xây dựng và đưa vào hoạt động"),
    // A section's label in Title case keeps its case before a heading in capitals.
    ("Muc 1. XAY DUNG TRUNG TAM DU LIEU QUOC GIA", "Mục 1. XÂY DỰNG TRUNG TÂM DỮ LIỆU QUỐC GIA"),
    // A header's second line goes on with the left column (the issuer), not with "VIỆT NAM" of the right one.
    (
        "UBND TINH QUANG NGAI CONG HOA XA HOI CHU NGHIA VIET NAM\nSO TAI CHINH Doc lap - Tu do - Hanh phic",
        "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc",
    ),
    // A signature's column merged into the recipients': its authority mark after the label stays ("TL" had become
    // "TÚ"), and the left column's label keeps its case on a line of capitals ("Lưu" had become "LƯU").
    (
        "Noi nhan: TL. CHU TICH\n- Nhu trén; KT. CHANH VAN PHONG\n- Luu: VT. PHO CHANH VAN PHONG",
        "Nơi nhận: TL. CHỦ TỊCH\n- Như trên; KT. CHÁNH VĂN PHÒNG\n- Lưu: VT. PHÓ CHÁNH VĂN PHÒNG",
    ),
    (
        "Nơi nhận: TL. CHỦ TỊCH\n- Như trên; KT. CHÁNH VĂN PHÒNG\n- Lưu: VT. PHÓ CHÁNH VĂN PHÒNG",
        "Nơi nhận: TL. CHỦ TỊCH\n- Như trên; KT. CHÁNH VĂN PHÒNG\n- Lưu: VT. PHÓ CHÁNH VĂN PHÒNG",
    ),
    // The header's number names the type of the title below it.
    (
        "S6: 15/2025/N0-HDND Quang Ngai, ngay 10 thang 7 nam 2025\n\nNGHI QUYET",
        "Số: 15/2025/NQ-HĐND Quảng Ngãi, ngày 10 tháng 7 năm 2025\n\nNGHỊ QUYẾT",
    ),
    // The title may be damaged too ("CÉNG DIÉN": this OCR's é for ô); its type still names the number's.
    (
        "So: 07/CP-UBND Quang Ngai, ngay 28 thang 10 nam 2025\n\nCÉNG DIÉN",
        "Số: 07/CĐ-UBND Quảng Ngãi, ngày 28 tháng 10 năm 2025\n\nCÔNG ĐIỆN",
    ),
    // A number whose digits were written in by hand: its type part still comes from the title, past the junk
    // the OCR made of the digits; a day glued to its label stays as printed ("ngày4" had become "ngày").
    (
        "S6: £ /KI-UBND Quang Ngdi, ngay4 § thdang 5 ndam 2020\nKE HOACH",
        "Số: £ /KH-UBND Quảng Ngãi, ngày4 § tháng 5 năm 2020\nKẾ HOẠCH",
    ),
    // A footnote marker glued to a word stays ("8Thông" had become "Thông").
    ("8Théng bdo s6 01-TB/BCDTW ngay 22/01/2025", "8Thông báo số 01-TB/BCĐTW ngày 22/01/2025"),
    // "SỞ" printed as digits opening a header line or a list item before capitalized words; a table's row number
    // before a name stays.
    (
        "UBND TINH QUANG NGAI CONG HOA XA HOI CHU NGHIA VIET NAM\n80 TAI CHINH Doc lap - Tu do - Hanh phuc",
        "UBND TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TÀI CHÍNH Độc lập - Tự do - Hạnh phúc",
    ),
    ("3. 86 Ké hoach va Dau tu: Can d6i, bé tri vén", "3. Sở Kế hoạch và Đầu tư: Cân đối, bố trí vốn"),
    ("56 Nguyen Van An", "56 Nguyễn Văn An"),
    // A caseless "Sở" before a body's Title-case name opens the name.
    ("- Co quan chu tri: 8¢ Théng tin va Truyén thong.", "- Cơ quan chủ trì: Sở Thông tin và Truyền thông."),
    // After a list marker the word read from digits opens the item with a capital.
    ("b) 86 Tai chinh: chu tri", "b) Sở Tài chính: chủ trì"),
    // A "1" split off the front of a word is its l; a stray 1 before a word with an l of its own stays, as does a
    // number before a word it does not spell with.
    ("Cach mang cong nghiép 1 an thir tu", "Cách mạng công nghiệp lần thứ tư"),
    ("nguồn nhân lực chất 1 lượng cao", "nguồn nhân lực chất 1 lượng cao"),
    ("năm 2025 có 1 ai đó", "năm 2025 có 1 ai đó"),
    // A code part whose Đ the OCR printed as a small b.
    ("Ke hoach s6 12-KH/bU ngay 1/2/2025", "Kế hoạch số 12-KH/ĐU ngày 1/2/2025"),
    // The OCR's small b for Đ before capitals is a word in capitals.
    ("- Như Điều 2; PH6 GIAM bBC", "- Như Điều 2; PHÓ GIÁM ĐỐC"),
    ("Noi nhan: KT. GIAM bÉC", "Nơi nhận: KT. GIÁM ĐỐC"),
    // A party body's code the gazetteer lists and the corpora seldom print (Đảng ủy Khối: ĐUK).
    ("So 56-KH/PUK ngay 20/3/2023", "Số 56-KH/ĐUK ngày 20/3/2023"),
    // A date's month (or day) the OCR printed as a letter that looks like its digit.
    ("Thong bao s6 45-TB/TU ngay 10/S/2024 va", "Thông báo số 45-TB/TU ngày 10/5/2024 và"),
    ("Quang Ngai, ngay 18 thang S nam 2020", "Quảng Ngãi, ngày 18 tháng 5 năm 2020"),
    // A code part read as another type's code than the one the text names before it.
    ("Nghi quyet s6 57-NB/TW ngay 22/12/2024", "Nghị quyết số 57-NQ/TW ngày 22/12/2024"),
    ("Nghi quyet s6 57-ND/TW ngay 22/12/2024", "Nghị quyết số 57-NĐ/TW ngày 22/12/2024"),
    // A place before the date whose last word the OCR began with a digit: a capital.
    ("S6: 78/KH-UBND Binh 8on, ngay 21 thang 5 nam 2024", "Số: 78/KH-UBND Bình Sơn, ngày 21 tháng 5 năm 2024"),
    // A written-out date's day or month with a letter for a digit; a sign for a handwritten day stays.
    ("ngay 0S thang 9 nam 2019, ngay 1O thang l2 nam 2O24", "ngày 05 tháng 9 năm 2019, ngày 10 tháng 12 năm 2024"),
    ("ngay § thang 5 nam 2020", "ngày § tháng 5 năm 2020"),
    // ... between the date's words as the OCR damaged them.
    ("Ha Néi, ngay 2S théng 11 nim 2025", "Hà Nội, ngày 25 tháng 11 năm 2025"),
    ("Quang Ngai, ngay 0S thdang l2 nam 2025", "Quảng Ngãi, ngày 05 tháng 12 năm 2025"),
    // A number with a letter for a digit before a year or a number's code ("16S/2025/…", "2O/2025/…").
    ("Sé: 16S/2025/QP-UBND Ninh Binh", "Số: 165/2025/QĐ-UBND Ninh Bình"),
    ("Nghi dinh s6 2O/2025/ND-CP cua Chinh phu", "Nghị định số 20/2025/NĐ-CP của Chính phủ"),
    ("Phu 1uc V\n", "Phụ lục V\n"),
    // A word whose first letter the OCR lost shows no case: it takes the capital with which the document prints
    // the same two words ("Điều" before a number) where it prints them so at least twice, never small.
    (
        "Theo khoan 1 Diéu 5 va khoan 2 Diéu 7 cua Luat nay, tai khoan 3 iéu 9 quy dinh",
        "Theo khoản 1 Điều 5 và khoản 2 Điều 7 của Luật này, tại khoản 3 Điều 9 quy định",
    ),
    // A person's name reads as clean text prints names: "Hiền" is a given name after "Phước", where the language
    // model prefers the word "hiện".
    ("Phó Chủ tịch UBND tỉnh Tran Phuoc Hien tai cuoc hop", "Phó Chủ tịch UBND tỉnh Trần Phước Hiền tại cuộc họp"),
    // A family-name-like word and one more is as often a place, read as the decoder reads it.
    ("Hat Kiem lam Trieu Phong", "Hạt Kiểm lâm Triệu Phong"),
    // One or two capitals a space after a code are its last part, split by the OCR: kept, not read as a word
    // ("T" had become "Từ", which cut the number short for extraction); a word's piece there still joins the rest.
    ("kem theo Thong tu s6 40/2025/TT-BNNM T ngay 02/7/2025", "kèm theo Thông tư số 40/2025/TT-BNNM T ngày 02/7/2025"),
    ("Số: 125/2025/QĐ-UBND H uế, ngày 24 tháng 11 năm 2025", "Số: 125/2025/QĐ-UBND Huế, ngày 24 tháng 11 năm 2025"),
    // A horned vowel printed as an apostrophe and a capital O is one word with the letters before it.
    ("tu trung uong dén dia phu’Oong, boi du’O’ng can bo", "từ trung ương đến địa phương, bồi dưỡng cán bộ"),
    // A capital alone opening a document may be a bullet, or the first letter of a word the OCR split off.
    ("H ỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI\nCăn cứ Luật", "HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI\nCăn cứ Luật"),
    // A learned edit of three OCR letters ("ili" for "ũ") ranks past the first 48 rewritten forms of its token, which
    // the many one-letter rewrites fill (corpus documents 001 and 004).
    ("tap hun cho ddi ngili can bo cong nghé", "tập huấn cho đội ngũ cán bộ công nghệ"),
    ("ning lire, higu qua quan Iy nha nude", "năng lực, hiệu quả quản lý nhà nước"),
    ("", ""),
    ("\n\n", "\n\n"),
];

/// Where in the restored text a [`PARTS`] row's expected text stands.
#[derive(Debug, Clone, Copy)]
enum At {
    Start,
    End,
    Inside,
}

/// OCR text → a part of what the restorer must print, and where it stands.
const PARTS: &[(&str, At, &str)] = &[
    // The corpus's stray "¢" between two words stays in OCR text (the gold of 001 keeps it). Alone on a line of
    // clean text it reads "ở" (0.91) since 2026-12-07: one change in eight words is too many for the text to count
    // as printed right, and keeping an unknown token costs more than the channel's "¢" for "ở".
    ("Tham muu UBND tinh ¢ ban hanh Ké hoach", At::End, "Tham mưu UBND tỉnh ¢ ban hành Kế hoạch"),
    // A signer's name line: every syllable has its capital, the digit's too; in other Title-case runs the
    // second syllable stays small ("Ban Quản lý Khu", "Độc lập", "Phụ lục V" in EXAMPLES).
    ("PHO CHU TICH\n\nNguyén Van 8on\n", At::End, "Nguyễn Văn Sơn\n"),
    ("Ban Quan 1y Khu kinh té", At::Start, "Ban Quản lý Khu"),
    // A person's name reads as clean text prints names: the lowercase language model prefers the word "hiệu"
    // ("hiệu quả" also reads elsewhere in the document); as a given name after "Văn", "Hiếu" is the common one.
    ("nang cao hiéu qua cong tac.\n\nPHO GIAM POC\n\nPhan Vin Hiéu\n", At::End, "\nPhan Văn Hiếu\n"),
    // A name is read as a whole: "Thanh Hòa" is a common pair, where "Thành" alone after "Võ" and then "Hoa"
    // had been read syllable by syllable.
    ("T/M BAN THUONG VU\nBI THU\n\nVo Thanh Hoa\n", At::End, "\nVõ Thanh Hòa\n"),
    // A name standing alone at a line's end, as a signature prints it, opens with a family name even where the
    // decoder read the OCR's first word as another word ("Vi" as "Vĩ"): "Vũ" is a family name one edit away.
    ("- Lwu: VT. Vi Pai Thang\n", At::End, ". Vũ Đại Thắng\n"),
    // ... but not a body's name in running text, whose syllables are also names' ("Đỗ Công Thường").
    ("Bo truong Bo Cong Thuong quy dinh", At::Start, "Bộ trưởng Bộ Công Thương quy định"),
    ("Kinh gui:\n\nBo Cong Thuong\n", At::End, "\nBộ Công Thương\n"),
    // Three of the OCR's confusions in one word with digits (Đ → P, ố → 6, i → 1): a third rewrite of the digit.
    ("QUY DINH CO CHE TAI CHINH AP DUNG P61 VOI CO SO GIAO DUC", At::Inside, " ÁP DỤNG ĐỐI VỚI "),
    // A stray letter is not merged away.
    ("a) To m chirc quan triét cac quan diém", At::Inside, " m chức"),
    // Two tokens are not read as two words glued ("namđộc" is in the vocabulary: corpus lines lost the space).
    ("CONG HOA XA HOI CHU NGHIA VIET NAM Pc lap - Tu do - Hanh phuc", At::Start, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "),
];

/// A token of two letters or digits opening a list item's words never reads as a consonant alone ("D" before
/// "xây dựng", as the markers "d) Xây dựng" taught the language model), but as a word: "Đã" like the other items
/// (until 2026-12-07), or "Để", which the language model prefers before "xây dựng" by 2 (log10) where the channel
/// prefers "Đã" by 1.5.
#[test]
fn a_list_item_opener_is_no_consonant_alone() {
    let ocr = "- P t6 chirc hoi nghi trién khai Ké hoach s6 12/KH-UBND cua UBND tinh;\n- P ban hanh Ké hoach trién khai \
               thuc hién Nghi quyét;\n- P hoan thanh viéc ra soat, danh gia két qua thuc hién;\n- D3 xay dung co s& dir \
               liéu dung chung cua tinh;\n- Pa phéi hop véi cac co quan lién quan trién khai;\n";
    let restored = RESTORER.restore(ocr).text;
    let item = restored.lines().nth(3).expect("five lines");
    let opener = item.split(' ').nth(1).expect("an item's first word");
    assert!(["Đã", "Để"].contains(&opener), "{item:?}");
    assert!(item.ends_with(" xây dựng cơ sở dữ liệu dùng chung của tỉnh;"), "{item:?}");
}

#[test]
fn parts_restore_as_stated() {
    for &(ocr, at, want) in PARTS {
        let restored = RESTORER.restore(ocr).text;
        let found = match at {
            At::Start => restored.starts_with(want),
            At::End => restored.ends_with(want),
            At::Inside => restored.contains(want),
        };
        assert!(found, "{ocr:?} → {restored:?}: no {want:?} at {at:?}");
    }
}

#[test]
fn a_code_cited_again_reads_as_the_documents_other_citations() {
    let cite = |code: &str| format!("Theo Ké hoach s6 03-KH/{code} ngay 2/4/2025.\n");
    // Alone, a damaged part no code has stays as printed.
    assert_eq!(RESTORER.restore(&cite("BCRTW")).text, "Theo Kế hoạch số 03-KH/BCRTW ngày 2/4/2025.\n");
    // Two other spellings of the document read as one part: the damaged one is read so too.
    let text = ["BCPTW", "BCBTW", "BCRTW"].map(cite).concat();
    let restored = RESTORER.restore(&text).text;
    assert_eq!(restored.matches("03-KH/BCĐTW").count(), 3, "{restored}");
    // One other spelling is not enough.
    let restored = RESTORER.restore(&["BCPTW", "BCRTW"].map(cite).concat()).text;
    assert!(restored.contains("03-KH/BCRTW"), "{restored}");
}

#[test]
fn a_word_the_document_reads_elsewhere_is_a_reading_one_edit_away() {
    // "Ngi" lost the "a" of "Ngãi": alone, the search ranks the rare word past its readings ("Ngũ") ...
    let damaged = "Trén dia ban tinh Quang Ngi nam 2025.\n";
    assert_eq!(RESTORER.restore(damaged).text, "Trên địa bàn tỉnh Quảng Ngũ năm 2025.\n");
    // ... but where the document reads "Ngãi" elsewhere, the second pass offers it, also to a word the OCR split.
    let text = format!("UBND tinh Quang Ngai ban hanh ké hoach.\n{damaged}TINH QUANG NG I\n");
    assert_eq!(
        RESTORER.restore(&text).text,
        "UBND tỉnh Quảng Ngãi ban hành kế hoạch.\nTrên địa bàn tỉnh Quảng Ngãi năm 2025.\nTỈNH QUẢNG NGÃI\n"
    );
}

#[test]
fn a_token_that_spells_no_syllable_may_be_a_word_the_document_reads_often_two_edits_away() {
    // "Nii" lost the "g" and the "a" of "Ngãi": where the document reads "Ngãi" once, it is "Nữ" ...
    let damaged = "Ké hoach chuyén doi so tinh Quang Nii nam 2025\n";
    let once = format!("UBND tinh Quang Ngai ban hanh.\n{damaged}");
    assert_eq!(
        RESTORER.restore(&once).text,
        "UBND tỉnh Quảng Ngãi ban hành.\nKế hoạch chuyển đổi số tỉnh Quảng Nữ năm 2025\n"
    );
    // ... where the document reads "Ngãi" three times, it is "Ngãi".
    let often = format!("UBND tinh Quang Ngai.\nTinh Quang Ngai.\nTai Quang Ngai.\n{damaged}");
    assert_eq!(
        RESTORER.restore(&often).text,
        "UBND tỉnh Quảng Ngãi.\nTỉnh Quảng Ngãi.\nTại Quảng Ngãi.\nKế hoạch chuyển đổi số tỉnh Quảng Ngãi năm 2025\n"
    );
}

#[test]
fn a_word_glued_with_a_sign_may_be_a_word_the_document_reads_elsewhere() {
    // "Ng}n": a brace inside "Nghị" (corpus document 004). Alone it reads "Ngân", a reading of its own letters ...
    let damaged = "b) Tiép tuc thuc hién Ng}n quyét sb 17/NQ-CP ngay 07 thang 03 ném\n";
    assert!(RESTORER.restore(damaged).text.contains(" Ngân quyết "));
    // ... where the document reads "Nghị" often, that word, which the letters' search ranks past its first twenty.
    let text = format!("Nghi quyét s6 50/NQ-CP.\nThuc hién Nghi quyét.\nCac Nghi quyét.\n{damaged}");
    assert!(RESTORER.restore(&text).text.ends_with("thực hiện Nghị quyết số 17/NQ-CP ngày 07 tháng 03 năm\n"));
}

#[test]
fn examples_restore_exactly() {
    for (ocr, want) in EXAMPLES {
        assert_eq!(RESTORER.restore(ocr).text, *want, "{ocr}");
    }
}

#[test]
fn paragraph_parts_restore_as_the_whole_document() {
    let text = "a) Tổ chức\n\nb) Hướng dẫn\n\n¢) Tổ chức\n\nd) Các sở\n\nd) Đề nghị ciia Thi twéng\n";
    let whole = RESTORER.restore(text);
    assert!(whole.text.contains("c) Tổ") && whole.text.contains("đ) Đề"), "{}", whole.text);
    assert_eq!(restored_in_parts(text), (whole.text, 5));
    // Without blank lines a long text still splits into paragraphs, at clause ends, and restores the same.
    let text = "Thi twéng Chinh phi ban hanh Chién lroc;\nvà ciia Chinh phi\n".repeat(40);
    let whole = RESTORER.restore(&text);
    assert!(whole.text.starts_with("Thủ tướng Chính phủ ban hành Chiến lược;\nvà của Chính phủ\n"), "{}", whole.text);
    assert_eq!(restored_in_parts(&text), (whole.text, 3));
    // A bullet the OCR read as a letter starts a paragraph after a blank line, wherever a part starts.
    let text = "Thi twéng Chinh phi ban hanh Chién lroc;\nY Quyét dinh ciia Chinh phi\n".repeat(40);
    assert_eq!(restored_in_parts(&text).0, RESTORER.restore(&text).text);
    // A part's first word opens a sentence as the document's text before it says, not as the part starts.
    let text = "Thuc hien nhu sau:\n0uyet dinh nay.\n\n0uyet dinh nay.\n";
    let whole = RESTORER.restore(text);
    assert_eq!(whole.text, "Thực hiện như sau:\nquyết định này.\n\nQuyết định này.\n");
    assert_eq!(restored_in_parts(text), (whole.text, 4));
    // A blank line inside a sentence (a page break: a letter before it, a small letter after it) cuts no
    // paragraph, so the words on both sides are read together ("nơi đầu tư" alone); a list item after a blank
    // line starts one.
    let text = "thúc đẩy kết\n\nnoi dau tu cho cac du an\n\na) Tổ chức\n";
    let whole = RESTORER.restore(text);
    assert_eq!(whole.text, "thúc đẩy kết\n\nnối đầu tư cho các dự án\n\na) Tổ chức\n");
    assert_eq!(restored_in_parts(text), (whole.text, 2));
}

/// `text` restored as its paragraph chunks (each as small as a paragraph), each with the whole document's context,
/// joined; and how many chunks there were.
fn restored_in_parts(text: &str) -> (String, usize) {
    let context = RESTORER.context(text);
    let chunks = vnocr::batch::paragraph_chunks(text, 1);
    let parts = chunks.iter().map(|c| RESTORER.restore_part(c.text, c.start, &context).text).collect();
    (parts, chunks.len())
}

/// With threads to spare, both passes run on paragraph chunks in parallel ([`RestoreOptions::chunk_bytes`]); the
/// first pass's readings of each chunk, joined in text order, are those of one pass over the whole. A corpus
/// document restored in chunks of one paragraph on two threads gives the text and the changes it gives restored
/// whole.
#[test]
fn chunked_passes_restore_as_the_whole_does() {
    let text = std::fs::read_to_string("corpus/003_07071c8f3bf3abc8.ocr.txt").expect("corpus document");
    let restorer = |chunk_bytes| {
        let options = RestoreOptions { chunk_bytes, ..RestoreOptions::default() };
        Restorer::builder().options(options).build().expect("shipped models load")
    };
    let (whole, chunked) = (restorer(usize::MAX), restorer(1));
    assert!(vnocr::batch::paragraph_chunks(&text, 1).len() > 50);
    let want = whole.restore(&text);
    assert!(want.stats.changed > 1000, "{:?}", want.stats);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("two threads");
    assert_eq!(pool.install(|| chunked.restore(&text)), want);
    assert_eq!(pool.install(|| chunked.restore_text(&text)), want.text);
}

/// A paragraph of one huge line is decoded in pieces (at sentence ends where it has them): every byte is kept
/// and every piece restores as the sentence alone does.
#[test]
fn a_huge_line_restores_in_pieces() {
    let sentence = RESTORER.restore("Thi twéng Chinh phi ban hanh Chién lroc.").text;
    assert_eq!(sentence, "Thủ tướng Chính phủ ban hành Chiến lược.");
    let line = vec!["Thi twéng Chinh phi ban hanh Chién lroc."; 400].join(" ");
    let want = vec![sentence.as_str(); 400].join(" ");
    assert_eq!(RESTORER.restore(&format!("{line}\n")).text, format!("{want}\n"));
    // Without a sentence end the cut falls mid-sentence: nothing is lost or doubled, and only the words at the
    // cuts, without their context on one side, may read worse.
    let unpunctuated = vec!["ciia Thi twéng Chinh phi"; 700].join(" ");
    let out = RESTORER.restore(&unpunctuated).text;
    assert_eq!(out.split(' ').count(), unpunctuated.split(' ').count());
    let right = out.matches("của Thủ tướng Chính phủ").count();
    assert!((695..=700).contains(&right), "{right} of 700 restored");
}

/// Text typed without marks (no word has one) goes through plain stripping, not the OCR channel: every word
/// restored reads back as it was typed once its marks are stripped, so no letter or digit changes ("CH4" had
/// become "CHỊ", "khí" "khi" through the OCR channel, whose plain "o" is seldom an "ô").
#[test]
fn accentless_text_gets_its_marks_back_and_keeps_its_letters() {
    let clean = "Ủy ban nhân dân tỉnh giao Sở Tài nguyên và Môi trường chủ trì, phối hợp với các sở, ngành liên quan \
                 tổ chức đo lường, kiểm tra chất lượng nước tại các khu vực khai thác mỏ; lập bản đồ cao độ mực nước \
                 ngầm và báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh trước ngày 30 tháng 6 năm 2026.\n\
                 Phòng thí nghiệm lấy mẫu ống thép dài 18mm, thể tích 5 m3, đo hàm lượng khí CH4 và đề xuất biện \
                 pháp xử lý; các hộ dân được hỗ trợ kinh phí mua vật tư, thiết bị mới.\n";
    let typed = vnocr::eval::strip_marks(clean);
    assert!(!typed.contains(|c: char| !c.is_ascii()));
    let out = RESTORER.restore(&typed).text;
    let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let (typed_words, out_words, clean_words) = (words(&typed), words(&out), words(clean));
    assert_eq!(out_words.len(), typed_words.len());
    for (o, t) in out_words.iter().zip(&typed_words) {
        assert_eq!(&vnocr::eval::strip_marks(o), t, "{out}");
    }
    let wrong = out_words.iter().zip(&clean_words).filter(|(o, c)| o != c).count();
    assert!(wrong <= 2, "{wrong} words wrong: {out}");
}

/// In text printed mostly right (few words changed by a first pass), a word spelled as a word keeps its first
/// letter: "trút ra" had become "rút ra", "hông lò" "sông lô", words the language model knows better.
#[test]
fn words_printed_right_keep_their_first_letter() {
    let clean = "Số liệu mặt cắt được trút ra từ máy toàn đạc điện tử và lưu vào sổ đo của đơn vị thi công.\n\
                 Tổ khảo sát kiểm tra nóc, đáy và hông lò trước khi cho công nhân vào làm việc trong ca sáng.\n\
                 Kết quả kiểm tra được báo cáo cho lãnh đạo công ty và gửi về cơ quan quản lý nhà nước có thẩm \
                 quyền theo quy định.\n\
                 Các đơn vị liên quan có trách nhiệm phối hợp thực hiện nghiêm túc nội dung của kế hoạch này.\n";
    let out = RESTORER.restore(clean).text;
    let first = |w: &str| w.chars().next().map(vnocr::syllable::fold_one);
    assert_eq!(out.split_whitespace().count(), clean.split_whitespace().count());
    for (o, c) in out.split_whitespace().zip(clean.split_whitespace()) {
        assert_eq!(first(o), first(c), "{c} → {o}: {out}");
    }
}

#[test]
fn restoring_restored_text_changes_nothing() {
    for (_, restored) in EXAMPLES {
        let again = RESTORER.restore(restored);
        assert_eq!(again.text, *restored);
        assert!(again.changes.is_empty(), "{:?}", again.changes);
    }
}

/// The same on whole documents: restoring the restored OCR of two corpus documents changes nothing (the second
/// restore's first pass finds the text mostly exact, DESIGN.md "The exact share is read from the first pass"; with
/// the fixed share it changed 2 words of 004).
#[test]
fn restoring_restored_documents_changes_nothing() {
    for stem in ["003_07071c8f3bf3abc8", "004_221ff7e4d995610f"] {
        let restored = RESTORER.restore(&corpus(stem, "ocr")).text;
        let again = RESTORER.restore(&restored);
        assert!(again.changes.is_empty(), "{stem}: {:?}", again.changes);
        assert_eq!(again.text, restored);
    }
}

#[test]
fn line_breaks_crlf_and_indentation_are_kept() {
    let ocr = "  Thi twéng Chinh phi\r\n\r\n\tban hanh  Chién lroc\r\nquéc gia";
    let out = RESTORER.restore(ocr).text;
    assert_eq!(out, "  Thủ tướng Chính phủ\r\n\r\n\tban hành  Chiến lược\r\nquốc gia");
}

#[test]
fn change_list_points_into_input_and_output() {
    let ocr = "S6: 1260/BC-SKHCN\nciia Thi twéng Chinh phi";
    let r = RESTORER.restore(ocr);
    assert!(!r.changes.is_empty());
    for c in &r.changes {
        assert_eq!(&ocr[c.input.start..c.input.end], c.original, "{c:?}");
        assert_eq!(&r.text[c.output.start..c.output.end], c.replacement, "{c:?}");
        assert!(c.applied && c.confidence > 0.0 && c.confidence <= 1.0 + 1e-6, "{c:?}");
        let line = ocr[..c.input.start].matches('\n').count() + 1;
        assert_eq!(c.line, line, "{c:?}");
    }
    let ciia = r.changes.iter().find(|c| c.original == "ciia").expect("ciia is changed");
    assert_eq!((ciia.line, ciia.replacement.as_str()), (2, "của"));
    assert_eq!(r.stats.changed, r.changes.len());
}

/// The output with every applied change put back to its original, checking on the way that each change's spans
/// hold what it says: "nothing lost" means this gives the input again, byte for byte.
fn undo(out: &vnocr::restore::Restored, input: &str) -> String {
    let mut back = String::with_capacity(input.len());
    let mut at = 0;
    for c in out.changes.iter().filter(|c| c.applied) {
        assert!(c.output.start >= at, "changes in output order: {c:?}");
        assert_eq!(&out.text[c.output.start..c.output.end], c.replacement, "{c:?}");
        assert_eq!(&input[c.input.start..c.input.end], c.original, "{c:?}");
        back.push_str(&out.text[at..c.output.start]);
        back.push_str(&c.original);
        at = c.output.end;
    }
    back.push_str(&out.text[at..]);
    back
}

#[test]
fn the_corpus_documents_differ_from_their_restoration_only_in_the_changes() {
    for path in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")).unwrap() {
        let path = path.unwrap().path();
        if !path.to_string_lossy().ends_with(".ocr.txt") {
            continue;
        }
        let ocr = std::fs::read_to_string(&path).unwrap();
        let out = RESTORER.restore(&ocr);
        assert!(out.changes.len() > 100, "{}: {} changes", path.display(), out.changes.len());
        assert!(undo(&out, &ocr) == ocr, "{}: the output with its changes undone is not the input", path.display());
    }
}

#[test]
fn low_confidence_changes_are_flagged_not_applied() {
    let strict = Restorer::builder().min_confidence(1.01).build().unwrap();
    let ocr = "ciia Thi twéng Chinh phi";
    let r = strict.restore(ocr);
    assert_eq!(r.text, ocr, "nothing reaches a confidence above 1");
    assert!(!r.changes.is_empty() && r.changes.iter().all(|c| !c.applied));
    assert_eq!(r.stats.flagged, r.changes.len());
}

/// The text alone is the text of the full restoration, whose changes carry their confidences: on two corpus
/// documents, and where `min_confidence` decides what is applied (there the confidences are computed).
#[test]
fn the_text_alone_is_the_full_restorations_text() {
    let strict = Restorer::builder().min_confidence(0.9).build().unwrap();
    for stem in ["003_07071c8f3bf3abc8", "004_221ff7e4d995610f"] {
        let ocr = corpus(stem, "ocr");
        let full = RESTORER.restore(&ocr);
        assert_eq!(RESTORER.restore_text(&ocr), full.text, "{stem}");
        let held = strict.restore(&ocr);
        assert!(held.stats.flagged > 0, "{stem}: no change under 0.9");
        assert_eq!(strict.restore_text(&ocr), held.text, "{stem}: with min_confidence");
    }
}

/// The tokens whose digits must never change, in order, each with whether it is a number the OCR prints for a
/// word ("ty 18" for "tỷ lệ"), which the decoder may read as that word: numbers, dates and URLs as printed, the
/// digits and separators of codes.
fn fixed_tokens(text: &str) -> Vec<(String, bool)> {
    tokenize(text)
        .iter()
        .filter_map(|t| match t.kind {
            TokenKind::Number => Some((t.text.to_string(), number_may_be_word(&text[..t.start], t.text))),
            TokenKind::Date | TokenKind::Url => Some((t.text.to_string(), false)),
            TokenKind::Code => Some((t.text.chars().filter(|c| !c.is_alphabetic()).collect(), false)),
            _ => None,
        })
        .collect()
}

/// Are the output's fixed tokens exactly the input's, in order, less some of the numbers that may be words?
/// (Whether a number may be a word depends on the word before it, which the restorer may change: "h2 1" → "hè 1"
/// keeps a "1" that the output alone would call a word's.)
fn only_word_numbers_dropped(input: &[(String, bool)], output: &[(String, bool)]) -> bool {
    // kept[i][j]: input[i..] gives output[j..]
    let mut kept = vec![vec![false; output.len() + 1]; input.len() + 1];
    kept[input.len()][output.len()] = true;
    for i in (0..input.len()).rev() {
        for j in (0..=output.len()).rev() {
            let (text, may_be_word) = &input[i];
            kept[i][j] =
                output.get(j).is_some_and(|o| &o.0 == text) && kept[i + 1][j + 1] || *may_be_word && kept[i + 1][j];
        }
    }
    kept[0][0]
}

#[test]
fn the_digits_check_drops_only_word_numbers() {
    let t = |v: &[(&str, bool)]| v.iter().map(|&(s, w)| (s.to_string(), w)).collect::<Vec<_>>();
    // (input's fixed tokens, output's, what the check says); true marks a number that may be a word
    type Tokens<'a> = &'a [(&'a str, bool)];
    let cases: &[(Tokens, Tokens, bool)] = &[
        (&[("1", false), ("2025", false)], &[("1", true), ("2025", false)], true),
        (&[("16", true)], &[], true),
        (&[("16", true)], &[("16", false)], true),
        (&[("1", true), ("1", false)], &[("1", false)], true),
        (&[("1", false)], &[], false),
        (&[("2", false)], &[("3", false)], false),
        (&[("2", false), ("3", false)], &[("3", false), ("2", false)], false),
        (&[("2", false)], &[("2", false), ("4", false)], false),
    ];
    for (input, output, want) in cases {
        assert_eq!(only_word_numbers_dropped(&t(input), &t(output)), *want, "{input:?} → {output:?}");
    }
    // What the property test drew: "h2 1" → "hè 1", the kept "1" now after a word.
    let out = RESTORER.restore("h2 1 ciia ").text;
    assert!(only_word_numbers_dropped(&fixed_tokens("h2 1 ciia "), &fixed_tokens(&out)), "{out:?}");
}

fn ocr_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "ciia", "Thi", "twéng", "Chinh", "phi", "s6", "1an", "thir", "tu", "ngay", "thang", "nam", "Pang", "UBND",
            "tinh", "Quang", "Ngai", "ké", "hoach", "QP", "HEND", "x4", "k¥", "s&", "cé", "-", ",", ".", "(", ")",
        ])
        .prop_map(str::to_string),
        (1u32..100_000).prop_map(|n| n.to_string()),
        (1u32..29, 1u32..13, 1990u32..2030).prop_map(|(d, m, y)| format!("{d}/{m}/{y}")),
        (1u32..9999, prop::sample::select(vec!["QĐ-TTg", "QP-TTG", "NQ/TW", "KH-UBND", "BC-SKHCN"]))
            .prop_map(|(n, c)| format!("{n}/{c}")),
        "[a-zđ0-9 ]{0,6}",
    ];
    prop::collection::vec((piece, prop::sample::select(vec![" ", "  ", "\n", "\r\n", " \t"])), 0..24)
        .prop_map(|v| v.into_iter().map(|(p, s)| p + s).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn digits_of_numbers_dates_and_codes_never_change(text in ocr_line()) {
        let out = RESTORER.restore(&text).text;
        let (fixed_in, fixed_out) = (fixed_tokens(&text), fixed_tokens(&out));
        prop_assert!(only_word_numbers_dropped(&fixed_in, &fixed_out), "{:?} → {:?} ({:?})", fixed_in, fixed_out, out);
    }

    #[test]
    fn a_change_keeps_its_digits_or_reads_them_as_letters(text in ocr_line()) {
        // "28mm" is never "25mm": a replacement keeps some of the original's digits in order, the others read as
        // letters ("16n" → "lớn", "0H15" → "QH15"), or a misread number gains one ("S0/NQ-CP" → "50/NQ-CP").
        let digits = |t: &str| t.chars().filter(char::is_ascii_digit).collect::<Vec<char>>();
        let within = |a: &[char], b: &[char]| {
            let mut rest = b.iter();
            a.iter().all(|d| rest.any(|x| x == d))
        };
        for c in RESTORER.restore(&text).changes {
            let (o, r) = (digits(&c.original), digits(&c.replacement));
            prop_assert!(within(&r, &o) || within(&o, &r), "{:?}", c);
        }
    }

    #[test]
    fn line_count_endings_and_indentation_are_kept(text in ocr_line()) {
        let out = RESTORER.restore(&text).text;
        let lines_in: Vec<&str> = text.split('\n').collect();
        let lines_out: Vec<&str> = out.split('\n').collect();
        prop_assert_eq!(lines_in.len(), lines_out.len());
        for (a, b) in lines_in.iter().zip(&lines_out) {
            let indent = |s: &str| s.len() - s.trim_start().len();
            prop_assert_eq!(&a[..indent(a)], &b[..indent(b)]);
            prop_assert_eq!(a.ends_with('\r'), b.ends_with('\r'));
        }
    }

    #[test]
    fn any_string_is_restored_without_panic(text in any::<String>()) {
        let r = RESTORER.restore(&text);
        prop_assert_eq!(r.text.matches('\n').count(), text.matches('\n').count());
        prop_assert_eq!(undo(&r, &text), text);
    }

    #[test]
    fn only_the_listed_changes_differ(text in ocr_line()) {
        let r = RESTORER.restore(&text);
        prop_assert_eq!(undo(&r, &text), text);
    }
}

/// A file of a corpus document: `corpus/<stem>.<kind>.txt`.
fn corpus(stem: &str, kind: &str) -> String {
    std::fs::read_to_string(format!("{}/corpus/{stem}.{kind}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A restorer of the shipped models with options other than the default.
fn restorer_with(options: RestoreOptions) -> Restorer {
    Restorer::builder().options(options).build().unwrap()
}

/// Words `r` leaves wrong when it restores `text`, line-aligned with `gold` (score.py's token errors).
fn words_wrong(r: &Restorer, text: &str, gold: &str) -> usize {
    let out = r.restore(text).text;
    let (hyp, gold): (Vec<&str>, Vec<&str>) = (out.lines().collect(), gold.lines().collect());
    vnocr::eval::score_text(&hyp, &gold).unwrap().tok_err
}

/// Words left wrong by the shipped restorer and by one with `options` over the corpus documents, each restored from
/// `input(gold)` and scored against its gold; the documents' OCR must restore the same under both.
fn wrong_against(options: RestoreOptions, input: impl Fn(&str) -> String) -> [usize; 2] {
    wrong_between([&RESTORER, &restorer_with(options)], input)
}

/// [`wrong_against`] for any two restorers.
fn wrong_between(restorers: [&Restorer; 2], input: impl Fn(&str) -> String) -> [usize; 2] {
    let mut wrong = [0, 0];
    for stem in ["001_d6b316fd38878d12", "003_07071c8f3bf3abc8", "004_221ff7e4d995610f"] {
        let (ocr, gold) = (corpus(stem, "ocr"), corpus(stem, "gold"));
        assert_eq!(restorers[0].restore(&ocr), restorers[1].restore(&ocr), "{stem}");
        let text = input(&gold);
        for (n, r) in wrong.iter_mut().zip(restorers) {
            *n += words_wrong(r, &text, &gold);
        }
    }
    wrong
}

/// The second pass reads a token the way the document mostly read it: on the OCR of two corpus documents, two
/// passes leave fewer words wrong than one. (On their gold texts with every mark stripped they did too, until the
/// model learned commas: now 0.486% against 0.439% SER; on the 110,524 syllables of the bench's accentless
/// admin text two passes still win, 1.259% against 1.480%.)
#[test]
fn two_passes_beat_one_on_ocr_documents() {
    let one = restorer_with(RestoreOptions { two_pass: false, ..Default::default() });
    let errors = |r: &Restorer| -> usize {
        ["001_d6b316fd38878d12", "004_221ff7e4d995610f"]
            .iter()
            .map(|stem| words_wrong(r, &corpus(stem, "ocr"), &corpus(stem, "gold")))
            .sum()
    };
    let (two, one) = (errors(&RESTORER), errors(&one));
    assert!(two < one, "two passes: {two} words wrong, one pass: {one}");
}

/// Text the first pass hardly changes was mostly transcribed exactly, and the second pass changes less of it: on the
/// gold texts of the corpus documents, reading the exact share from the first pass leaves fewer words wrong than
/// the fixed default share; their OCR, which the first pass changes almost everywhere, restores the same either way.
#[test]
fn clean_text_is_changed_less_once_the_first_pass_finds_it_exact() {
    let [adaptive, fixed] =
        wrong_against(RestoreOptions { exact_from_first_pass: false, ..Default::default() }, str::to_string);
    assert!(adaptive < fixed, "exact share from the first pass: {adaptive} words wrong, fixed: {fixed}");
}

/// In text the first pass changes little (a corpus document's gold, or the same under the `tesseract` profile's
/// noise, 7% of the words damaged), words of letters and digits are units and formulas, and capitals without marks
/// among small words (or a number) are acronyms: both kept as printed, and so are code parts and a document's acronyms but for a
/// D's stroke, signs between letters, and the letters of list markers. In OCR text without a Vietnamese model the
/// same shapes are damaged words ("s6" → "số", "CHI THI" → "CHỈ THỊ").
#[test]
fn units_formulas_and_acronyms_stay_in_text_that_needs_few_changes() {
    let kept = [
        "Sản lượng khai thác năm: ... tấn (hoặc m3).",
        "Khí đo được: CH4, H2, N2 (hoặc CH4 + H2).",
        "Đo trên dm2 bản đồ.",
        "Từng bước áp dụng BIM, GIS và CIM trong quản lý đô thị.",
        "Lưu: VT, XH.",
        "Ngư lôi VA-111, tiêm kích KF-16 và bom Mk-82.",
        "Họ vào chung kết cúp C1 với các phiên bản F-105F.",
        "Lúc 9:00 p.m. và 10 a.m. hôm sau.",
        "Phó Tổng thống Mỹ Al Gore.",
        // Capitals between a number and a small word ("US" had become "USD").
        "Một thùng nhiên liệu phụ 1.703 L (450 US gallon) ở phía bên kia.",
        // A list that skips letters as the document printed it ("l)" had become "i)").
        "đ) Đối tượng thực hiện;",
        "e) Cơ quan thực hiện;",
        "g) Kết quả thực hiện;",
        "h) Phí, lệ phí;",
        "l) Căn cứ pháp lý.",
    ];
    let gold = corpus("003_07071c8f3bf3abc8", "gold");
    let noisy = tesseract(&gold);
    for text in [gold.trim_end(), noisy.strip_suffix('\n').unwrap()] {
        let out = RESTORER.restore(&format!("{text}\n{}\n", kept.join("\n"))).text;
        let last: Vec<&str> = out.lines().rev().take(kept.len()).collect();
        assert_eq!(last.into_iter().rev().collect::<Vec<_>>(), kept);
    }
    assert_eq!(RESTORER.restore("CHI THI\nQuyét dinh s6 2289/QP-TTg").text, "CHỈ THỊ\nQuyết định số 2289/QĐ-TTg");
}

/// Clean text reads its letters and marks too: a word printed without marks in a text that prints them is likelier
/// a word without marks ("Canh", "thanh" had become "Cảnh", "thành"). Measured with the exact share left at its
/// default (14 words wrong against 24): on these gold texts the exact share a first pass reads keeps all but 6
/// words as printed either way, while on the bench's clean admin text adapting still leaves fewer words wrong
/// (0.023% against 0.033% SER).
#[test]
fn clean_text_reads_the_letters_and_marks_it_prints() {
    let default_exact = |adapt_letters| {
        restorer_with(RestoreOptions { exact_from_first_pass: false, adapt_letters, ..Default::default() })
    };
    let [adapted, fixed] = wrong_between([&default_exact(true), &default_exact(false)], str::to_string);
    assert!(adapted < fixed, "adapted {adapted} words wrong, fixed {fixed}");
}

/// A text printed mostly right attests the words it prints again and again: they stay as printed, though a
/// first pass alone would read the rare foreign word as a Vietnamese one ("Gin" had become "Gìn").
#[test]
fn a_word_clean_text_prints_again_and_again_stays() {
    let text = "Gin là một loại rượu mạnh được chưng cất từ ngũ cốc và có hương vị chính từ quả bách xù.\n\
                Gin ra đời ở Hà Lan vào thế kỷ mười bảy, ban đầu được dùng như một loại thuốc.\n\
                Sau đó Gin trở nên phổ biến ở Anh và được pha với nước có ga hoặc nước chanh.\n\
                Ngày nay Gin là thành phần của nhiều loại cocktail nổi tiếng trên thế giới.\n\
                Người ta thường uống Gin lạnh, với đá và một lát chanh tươi.\n";
    assert_eq!(RESTORER.restore(text).text, text);
}

/// Clean text whose first pass reads a word in a hundred or fewer as another is taken as nearly all printed right (the
/// exact share is 1 − (f / 3%)², DESIGN.md "The exact share is read from the first pass"): "hàng năm", as printed, had
/// become "hằng năm", which the language model prefers (with a share linear in f, 1 − f / 3%).
#[test]
fn clean_text_that_needs_almost_no_change_keeps_its_words() {
    let text = "Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với các sở, ban, ngành và địa phương rà soát, tổng hợp nhu cầu kinh phí thực hiện các nhiệm vụ hàng năm, báo cáo Ủy ban nhân dân tỉnh trước ngày 30 tháng 9.\n\
                Các cơ quan, đơn vị chủ động bố trí nguồn lực, xây dựng kế hoạch triển khai cụ thể, định kỳ sáu tháng và hàng năm đánh giá kết quả thực hiện, gửi Sở Khoa học và Công nghệ để tổng hợp, báo cáo theo quy định.\n\
                Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời phản ánh về Sở Khoa học và Công nghệ để được hướng dẫn hoặc tham mưu Ủy ban nhân dân tỉnh xem xét, giải quyết.\n\
                Sở Khoa học và Công nghệ có trách nhiệm theo dõi, đôn đốc các cơ quan, đơn vị triển khai thực hiện kế hoạch này; tổng hợp kết quả thực hiện, báo cáo Ủy ban nhân dân tỉnh và Bộ Khoa học và Công nghệ theo quy định.\n\
                Sở Nội vụ phối hợp với các cơ quan liên quan tham mưu Ủy ban nhân dân tỉnh kiện toàn tổ chức bộ máy, bố trí đủ biên chế cho các đơn vị sự nghiệp công lập thuộc lĩnh vực khoa học và công nghệ.\n\
                Sở Thông tin và Truyền thông chủ trì, phối hợp với các cơ quan báo chí trên địa bàn tỉnh đẩy mạnh công tác thông tin, tuyên truyền về vai trò của khoa học, công nghệ và đổi mới sáng tạo trong phát triển kinh tế - xã hội của tỉnh.\n\
                Ủy ban nhân dân các huyện, thị xã, thành phố căn cứ chức năng, nhiệm vụ được giao và tình hình thực tế của địa phương xây dựng kế hoạch thực hiện, bố trí kinh phí từ ngân sách địa phương để triển khai các nhiệm vụ được giao.\n\
                Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh phối hợp tuyên truyền, vận động đoàn viên, hội viên và nhân dân tích cực tham gia thực hiện các mục tiêu, nhiệm vụ của kế hoạch.\n\
                Trong quá trình tổ chức thực hiện, các cơ quan, đơn vị thường xuyên rà soát, đánh giá, đề xuất điều chỉnh, bổ sung nhiệm vụ cho phù hợp với tình hình thực tế, gửi Sở Khoa học và Công nghệ tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, quyết định.\n";
    assert_eq!(RESTORER.restore(text).text, text);
}

/// In a text printed mostly right a word keeps its first letter but for marks and a D's stroke (a look-alike eth
/// "Ð" is a Đ): its printer read letters, so this OCR's P for Đ is no misprint there ("Pon de Replay" had become
/// "Đón de Replay").
#[test]
fn clean_text_keeps_first_letters() {
    let eth = "Chuyến lưu diễn của cô dừng chân ở Ðà Nẵng vào tháng sau.\n";
    let text = "Rihanna phát hành đĩa đơn đầu tay \"Pon de Replay\" vào mùa hè năm 2005.\n\
                Bài hát được nhiều đài phát thanh ở Mỹ phát liên tục trong nhiều tuần liền.\n\
                Các nhà phê bình khen giai điệu vui tươi và giọng hát trẻ trung của cô ca sĩ.\n\
                Sau thành công đó, cô bắt đầu thu âm album phòng thu thứ hai với nhiều nhạc sĩ nổi tiếng.\n";
    assert_eq!(RESTORER.restore(text).text, text);
    let restored = RESTORER.restore(&format!("{text}{eth}")).text;
    assert_eq!(restored, format!("{text}{}", eth.replace('Ð', "Đ")));
}

/// Text printed by an OCR that reads Vietnamese keeps its "đ", "ê", "â" and most of its marks: the letters the
/// channel learned this OCR seldom prints right are read as printed where the document prints them at running
/// text's share, and a mark the token lacks costs what such a document drops. On the gold texts of the corpus
/// documents under the `tesseract` profile's noise, adapting leaves fewer words wrong (43 against 60); the OCR of
/// those documents, which prints none of those letters, restores the same either way.
#[test]
fn letters_a_document_prints_are_likelier_printed_as_themselves() {
    let [adapted, fixed] = wrong_against(RestoreOptions { adapt_letters: false, ..Default::default() }, tesseract);
    assert!(adapted < fixed, "adapted {adapted} words wrong, fixed {fixed}");
}

/// The same with one pass, where there is no first pass to say how much of the text changes: the letters are read
/// in every document (57 words wrong against 72).
#[test]
fn one_pass_reads_the_letters_a_document_prints_too() {
    let one = |adapt_letters| restorer_with(RestoreOptions { two_pass: false, adapt_letters, ..Default::default() });
    let [adapted, fixed] = wrong_between([&one(true), &one(false)], tesseract);
    assert!(adapted < fixed, "adapted {adapted} words wrong, fixed {fixed}");
}

/// Gold text under the `tesseract` noise profile (seed 1).
fn tesseract(gold: &str) -> String {
    let lines: Vec<&str> = gold.lines().collect();
    vnocr::noise::corrupt_lines(&lines, &vnocr::noise::NoiseProfile::tesseract(), 1).join("\n") + "\n"
}

/// A model handed to the builder in memory restores as the built-in one: the shipped file read into a `Vec`.
#[test]
fn a_model_given_in_memory_restores_like_the_built_in_one() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/lm.bin")).unwrap();
    let lm = vnocr::model::LmModel::from_vec(bytes).unwrap();
    let r = Restorer::builder().model(lm).build().unwrap();
    let ocr = "Quyét dinh s6 2289/QP-TTg ciia Thi twéng Chinh phi";
    assert_eq!(r.restore(ocr), RESTORER.restore(ocr));
    assert_eq!(r.restore(ocr).text, "Quyết định số 2289/QĐ-TTg của Thủ tướng Chính phủ");
}
