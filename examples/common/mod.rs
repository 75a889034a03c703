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
        other => anyhow::bail!("unknown noise profile {other}: seeds, tesseract or strip"),
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
