fn main() {
    std::process::exit(vnocr_cli());
}
fn vnocr_cli() -> i32 { 0 }
