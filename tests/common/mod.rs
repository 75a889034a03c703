//! Helpers shared by integration tests.

use std::path::Path;

/// The rebuild command of `dictionaries/SOURCES.md` that starts `cargo run --release -- <subcommand> `, its lines
/// joined (a line ending in `\` goes on on the next), as the arguments `vnocr` gets (without `cargo run --release
/// --`).
pub fn rebuild_command(subcommand: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = std::fs::read_to_string(root.join("dictionaries/SOURCES.md")).unwrap();
    let head = format!("cargo run --release -- {subcommand} ");
    let mut command = String::new();
    for line in sources.lines().skip_while(|l| !l.starts_with(&head)) {
        command.push_str(line.trim_end_matches('\\'));
        if !line.ends_with('\\') {
            break;
        }
    }
    assert!(!command.is_empty(), "no `{head}…` in dictionaries/SOURCES.md");
    command.split_whitespace().skip(4).map(str::to_string).collect()
}
