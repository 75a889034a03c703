//! A small language model trained from a few sentences written here (not corpus text), for the fuzz targets
//! that need a model cheap to build a restorer on.

use std::sync::LazyLock;

use vnocr::lm::train::{self, CorpusSpec, TrainOptions};
use vnocr::model;

/// Sentences of our own, not corpus text: enough for bigrams and trigrams of every kind.
const TEXT: &str = "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện chuyển đổi số năm 2025.
Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở, ban, ngành triển khai kế hoạch.
Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 15/12/2025.
Kế hoạch số 45/KH-UBND ngày 01/4/2025 của Ủy ban nhân dân tỉnh về chuyển đổi số.
Nơi nhận: như trên; lưu VT.
";

/// The model's file bytes.
pub static GOOD: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("vnocr-fuzz-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("text.txt");
    std::fs::write(&path, TEXT.repeat(3)).unwrap();
    let opts = TrainOptions { order: 3, min_count: 1.0, ..TrainOptions::default() };
    let (counts, _) = train::count(&[CorpusSpec::new(&path)], &opts).unwrap();
    let parts = train::estimate(&counts, 3, None, "fuzz").unwrap();
    std::fs::remove_dir_all(&dir).ok();
    model::to_bytes(&parts).unwrap()
});
