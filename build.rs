//! Embeds the shipped language model when `dictionaries/lm.bin` exists (cfg `vnocr_embedded_lm`).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(vnocr_embedded_lm)");
    println!("cargo::rerun-if-changed=dictionaries/lm.bin");
    println!("cargo::rerun-if-changed=dictionaries");
    if std::path::Path::new("dictionaries/lm.bin").exists() {
        println!("cargo::rustc-cfg=vnocr_embedded_lm");
    }
}
