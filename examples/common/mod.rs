//! What the corpus examples share: how they find the documents of a corpus file (one paragraph a line, like
//! `shared/corpora/admin.txt.xz`) and read their arguments. Each example uses part of it.
#![allow(dead_code)]

/// The documents of a corpus file's lines, as line ranges: a document starts at a line whose first 200
/// characters hold the national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and a "Số" label, and runs to the next.
pub fn documents(lines: &[&str]) -> Vec<std::ops::Range<usize>> {
    let is_header = |l: &str| {
        let head: String = l.chars().take(200).collect();
        head.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && head.contains("Số")
    };
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| is_header(lines[i])).collect();
    starts.iter().enumerate().map(|(k, &s)| s..starts.get(k + 1).copied().unwrap_or(lines.len())).collect()
}

/// The `vnocr bench` noise profile of that name: `seeds` (learned from the aligned documents in `corpus/`, so
/// run from the repository), `tesseract` or `strip`.
pub fn noise_profile(name: &str) -> anyhow::Result<vnocr::noise::NoiseProfile> {
    use vnocr::noise::{NoiseProfile, SeedsChannel};
    Ok(match name {
        "seeds" => NoiseProfile::Seeds(SeedsChannel::from_dir(std::path::Path::new("corpus"))?),
        "tesseract" => NoiseProfile::tesseract(),
        "strip" => NoiseProfile::Strip,
        "clean" => NoiseProfile::Clean,
        other => anyhow::bail!("unknown noise profile {other}: seeds, tesseract, strip or clean"),
    })
}

/// The arguments `FILE[.xz] [--show N]` (`--show N` anywhere after the file, among other options): the file's
/// text (read by `vnocr::lm::train::read_text`) and N (0 when not given).
pub fn file_and_show(usage: &str) -> anyhow::Result<(String, usize)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or_else(|| anyhow::anyhow!("usage: {usage}"))?;
    let show = match args.iter().position(|a| a == "--show").map(|i| args.get(i + 1)) {
        None => 0,
        Some(Some(n)) => n.parse()?,
        Some(None) => anyhow::bail!("usage: {usage}"),
    };
    Ok((vnocr::lm::train::read_text(std::path::Path::new(path))?, show))
}

/// The document type whose code the number after a header's "Số:" label prints ("Số: 123/2025/QĐ-UBND" →
/// "Quyết định"), as the gazetteer names it.
pub fn header_type(head: &str) -> Option<&'static str> {
    use std::sync::LazyLock;
    static NUMBER: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"Số:\s*\S*?\d+[/-](?:\d{4}/)?([A-ZĐ]+)").expect("number regex"));
    NUMBER.captures(head).and_then(|c| vnocr::extract::gazetteer::Gazetteer::builtin().type_of_code(&c[1]))
}

/// A corpus document (one paragraph a line, its header on the first) laid out as a scanned page prints it and an
/// OCR reads it, columns merged line by line as in the corpus documents of `corpus/`: the issuing body's column
/// beside the national motto (the body cut before its last unit word, "ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN"), the
/// number beside the place and date, the type's name in capitals over a subject in capitals (when the number's
/// code names the type and the next paragraph is in capitals), paragraphs wrapped at 80 characters, and the
/// recipients ("Nơi nhận: - …; - …") one a line beside the signature block (its capitals cut before "KT.", "TM.",
/// "TL.", "PHÓ", "THỨ", then the name). Returns the lines and the subject laid out under the title, if any; the
/// title is the type the header's number names ([`header_type`]).
pub fn page(doc: &[&str]) -> (Vec<String>, Option<String>) {
    const MOTTO: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    const MOTTO2: &str = "Độc lập - Tự do - Hạnh phúc";
    let mut out = Vec::new();
    let Some((&head, rest)) = doc.split_first() else { return (out, None) };
    match (head.find(MOTTO), head.find(MOTTO2)) {
        (Some(m), Some(m2)) if m2 > m => {
            let left: Vec<&str> = head[..m].split_whitespace().collect();
            // not inside "ỦY BAN", "CƠ SỞ"
            let unit = |i: usize| match left[i] {
                "TỈNH" | "HUYỆN" | "CỤC" => true,
                "SỞ" | "BAN" => !["ỦY", "UỶ", "CƠ"].contains(&left[i - 1]),
                "THÀNH" => left.get(i + 1) == Some(&"PHỐ"),
                "VĂN" => left.get(i + 1) == Some(&"PHÒNG"),
                _ => false,
            };
            let cut = (1..left.len()).rev().find(|&i| unit(i)).unwrap_or(left.len());
            out.push(format!("{} {MOTTO}", left[..cut].join(" ")).trim().to_string());
            out.push(format!("{} {MOTTO2}", left[cut..].join(" ")).trim().to_string());
            let tail = head[m2 + MOTTO2.len()..].trim();
            if !tail.is_empty() {
                out.push(tail.to_string());
            }
        }
        _ => out.extend(wrap(head, 80)),
    }
    let mut rest = rest.iter();
    let mut laid_subject = None;
    if let Some(subject) = rest.clone().next().filter(|s| in_capitals(s))
        && let Some(t) = header_type(head)
    {
        out.push(t.to_uppercase());
        out.extend(wrap(subject, 60));
        laid_subject = Some(subject.trim().to_string());
        rest.next();
    }
    for p in rest {
        match p.trim_start_matches(|c: char| !c.is_alphabetic()).strip_prefix("Nơi nhận:") {
            Some(list) => out.extend(recipients_and_signature(list)),
            None => out.extend(wrap(p, 80)),
        }
    }
    (out, laid_subject)
}

/// Are nine in ten of the letters of `s` capitals, at least one letter given?
pub fn in_capitals(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().filter(|c| c.is_uppercase()).count() * 10 >= letters.len() * 9
}

/// `s` cut into lines of at most `width` characters at spaces.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + w.chars().count() <= width => {
                l.push(' ');
                l.push_str(w);
            }
            _ => lines.push(w.to_string()),
        }
    }
    lines
}

/// The recipients list (after "Nơi nhận:") one item a line, the signature block after its "Lưu: …." item beside it.
fn recipients_and_signature(list: &str) -> Vec<String> {
    let (items, sig) = match list.find("Lưu").and_then(|l| list[l..].find(". ").map(|d| l + d + 1)) {
        Some(at) => (&list[..at], list[at..].trim()),
        None => (list, ""),
    };
    let mut left = vec!["Nơi nhận:".to_string()];
    left.extend(items.split(" - ").map(str::trim).filter(|s| !s.is_empty()).map(|s| {
        let s = s.trim_start_matches("- ");
        format!("- {s}")
    }));
    let mut right: Vec<String> = Vec::new();
    let words: Vec<&str> = sig.split_whitespace().collect();
    let caps_end =
        words.iter().position(|w| !in_capitals(w) && w.chars().any(char::is_alphabetic)).unwrap_or(words.len());
    for (i, w) in words[..caps_end].iter().enumerate() {
        let breaks = i > 0 && ["KT.", "TM.", "TL.", "PHÓ", "THỨ"].contains(w);
        match right.last_mut() {
            Some(l) if !breaks => {
                l.push(' ');
                l.push_str(w);
            }
            _ => right.push(w.to_string()),
        }
    }
    // The name under the block, on the list's last line or below it.
    let name = words[caps_end..].join(" ");
    while right.len() + 1 < left.len() {
        right.push(String::new());
    }
    if !name.is_empty() {
        right.push(name);
    }
    (0..left.len().max(right.len()))
        .map(|i| {
            let (l, r) = (left.get(i).map_or("", |s| s), right.get(i).map_or("", |s| s));
            format!("{l} {r}").trim().to_string()
        })
        .collect()
}
