//! Reading inputs, for every command: files, directories (walked recursively) and `-` for standard input.
//!
//! Text is decoded from UTF-8 (with or without a byte-order mark) or UTF-16 LE/BE (with a byte-order mark).
//! Anything else is refused with an [`Error::Input`] that names the file and the byte offset: invalid UTF-8,
//! binary data (NUL bytes or mostly control bytes), an unpaired UTF-16 surrogate, a file over
//! [`ReadOptions::max_bytes`] or a line over [`ReadOptions::max_line_bytes`]; so is an input without any text
//! ([`EMPTY`]).
//!
//! The decoded text is kept exactly as it was, line breaks included: a CRLF file keeps its `"\r\n"` in
//! [`Document::text`] (the tokenizer sees `\r` as white space), so a stage that rewrites words in place writes
//! the line endings back unchanged. [`Document::line_ending`] remembers what the file used, and
//! [`LineEnding::apply`] / [`Document::with_line_endings`] put that ending on text built with bare `"\n"`.
//!
//! ```
//! use vnocr::input::{read_bytes, Charset, LineEnding};
//!
//! let doc = read_bytes("memo.txt", b"\xEF\xBB\xBFS\xE1\xBB\x91: 12\r\nng\xC3\xA0y\r\n").unwrap();
//! assert_eq!(doc.text, "Số: 12\r\nngày\r\n");
//! assert_eq!((doc.line_ending, doc.bom, doc.charset), (LineEnding::CrLf, true, Charset::Utf8));
//! assert_eq!(doc.with_line_endings("a\nb\n"), "a\r\nb\r\n");
//!
//! let err = read_bytes("bad.txt", b"ok\nbad \xFF here").unwrap_err();
//! assert_eq!(err.to_string(), "bad.txt: invalid UTF-8 at byte 7 (line 2)");
//! ```

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The line ending a document uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineEnding {
    /// `"\n"` (also for text without any line break).
    #[default]
    Lf,
    /// `"\r\n"`.
    CrLf,
}

impl LineEnding {
    /// The line ending of `text`: the one its first line break uses (`Lf` when it has none).
    pub fn detect(text: &str) -> LineEnding {
        match text.find('\n') {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    /// The line break itself.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }

    /// Writes `text` with this line ending: for `CrLf` every `"\n"` not already preceded by `"\r"` becomes
    /// `"\r\n"`; for `Lf` every `"\r\n"` becomes `"\n"`. Borrows when nothing changes.
    ///
    /// ```
    /// use vnocr::input::LineEnding;
    /// assert_eq!(LineEnding::CrLf.apply("a\nb\r\nc"), "a\r\nb\r\nc");
    /// assert_eq!(LineEnding::Lf.apply("a\r\nb\n"), "a\nb\n");
    /// ```
    pub fn apply(self, text: &str) -> Cow<'_, str> {
        match self {
            LineEnding::Lf if text.contains("\r\n") => Cow::Owned(text.replace("\r\n", "\n")),
            LineEnding::CrLf if has_bare_lf(text) => {
                let mut out = String::with_capacity(text.len() + text.len() / 16);
                let mut prev = '\0';
                for c in text.chars() {
                    if c == '\n' && prev != '\r' {
                        out.push('\r');
                    }
                    out.push(c);
                    prev = c;
                }
                Cow::Owned(out)
            }
            _ => Cow::Borrowed(text),
        }
    }
}

fn has_bare_lf(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| c == b'\n' && (i == 0 || b[i - 1] != b'\r'))
}

/// How the bytes of a document were encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Charset {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// UTF-16 little endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16 big endian, with a byte-order mark.
    Utf16Be,
}

/// One decoded input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The path as given on the command line (or found in a directory), or `"-"` for standard input.
    pub name: String,
    /// The decoded text, without byte-order mark, line endings exactly as in the input.
    pub text: String,
    /// The line ending the input uses (the one of its first line break).
    pub line_ending: LineEnding,
    /// Did the input start with a byte-order mark?
    pub bom: bool,
    /// The encoding the bytes were in.
    pub charset: Charset,
}

impl Document {
    /// `text` (built with `"\n"` or `"\r\n"` line breaks) written with this document's line ending.
    pub fn with_line_endings<'t>(&self, text: &'t str) -> Cow<'t, str> {
        self.line_ending.apply(text)
    }
}

/// Limits and choices for reading inputs. `ReadOptions::default()` is what the free functions use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Refuse inputs larger than this many bytes (default 256 MiB).
    pub max_bytes: u64,
    /// Refuse inputs with a line longer than this many bytes (default 1 MiB): OCR text has short lines, and a
    /// megabyte without a line break is not a document.
    pub max_line_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: 256 << 20, max_line_bytes: 1 << 20 }
    }
}

impl ReadOptions {
    /// Reads and decodes a file.
    pub fn read_path(&self, path: &Path) -> Result<Document> {
        let io = |source| Error::Io { path: path.to_path_buf(), source };
        let file = std::fs::File::open(path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if meta.is_dir() {
            return Err(input_error(&path.display().to_string(), "is a directory".into()));
        }
        if meta.len() > self.max_bytes {
            return Err(input_error(&path.display().to_string(), self.too_large(meta.len())));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(self.max_bytes + 1).read_to_end(&mut bytes).map_err(io)?;
        self.read_bytes(&path.display().to_string(), &bytes)
    }

    /// Reads and decodes standard input (named `"-"`).
    pub fn read_stdin(&self) -> Result<Document> {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(self.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Io { path: PathBuf::from("-"), source })?;
        self.read_bytes("-", &bytes)
    }

    /// Decodes bytes read from somewhere called `name`. Never panics, whatever the bytes.
    pub fn read_bytes(&self, name: &str, bytes: &[u8]) -> Result<Document> {
        if bytes.len() as u64 > self.max_bytes {
            return Err(input_error(name, self.too_large(bytes.len() as u64)));
        }
        let (charset, bom_len) = match bytes {
            [0xEF, 0xBB, 0xBF, ..] => (Charset::Utf8, 3),
            [0xFF, 0xFE, ..] => (Charset::Utf16Le, 2),
            [0xFE, 0xFF, ..] => (Charset::Utf16Be, 2),
            _ => (Charset::Utf8, 0),
        };
        let text = match charset {
            Charset::Utf8 => {
                // Binary first: a binary file is rarely valid UTF-8, and "binary" is the better message.
                check_binary(name, bytes.iter().enumerate().skip(bom_len).map(|(i, &b)| (i, u32::from(b))))?;
                decode_utf8(name, bytes, bom_len)?
            }
            Charset::Utf16Le | Charset::Utf16Be => {
                let text = decode_utf16(name, bytes, charset == Charset::Utf16Le)?;
                let offsets = text.chars().scan(2, |off, c| {
                    let at = *off;
                    *off += c.len_utf16() * 2;
                    Some((at, u32::from(c)))
                });
                check_binary(name, offsets)?;
                text
            }
        };
        if text.is_empty() {
            return Err(input_error(name, EMPTY.into()));
        }
        self.check_lines(name, &text, bom_len, charset)?;
        Ok(Document { name: name.to_string(), line_ending: LineEnding::detect(&text), text, bom: bom_len > 0, charset })
    }

    fn too_large(&self, len: u64) -> String {
        format!("input of {len} bytes is larger than the limit of {} bytes", self.max_bytes)
    }

    fn check_lines(&self, name: &str, text: &str, bom_len: usize, charset: Charset) -> Result<()> {
        let mut start = 0;
        for (n, line) in text.split('\n').enumerate() {
            if line.len() > self.max_line_bytes {
                let at = input_offset(text, start, bom_len, charset);
                return Err(input_error(
                    name,
                    format!(
                        "line {} (from byte {at}) is longer than the limit of {} bytes",
                        n + 1,
                        self.max_line_bytes
                    ),
                ));
            }
            start += line.len() + 1;
        }
        Ok(())
    }
}

/// Reads and decodes a file with the default [`ReadOptions`].
pub fn read_path(path: &Path) -> Result<Document> {
    ReadOptions::default().read_path(path)
}

/// Decodes bytes read from somewhere called `name`, with the default [`ReadOptions`].
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Document> {
    ReadOptions::default().read_bytes(name, bytes)
}

/// Reads and decodes standard input with the default [`ReadOptions`].
pub fn read_stdin() -> Result<Document> {
    ReadOptions::default().read_stdin()
}

/// The message of an input without any text (no bytes, or a byte-order mark alone): an empty file is an OCR
/// run or a copy that failed, to be listed with the other bad inputs, not passed on as an empty document.
pub const EMPTY: &str = "empty: no text";

fn input_error(name: &str, message: String) -> Error {
    Error::Input { path: PathBuf::from(name), message }
}

/// 1-based line number of byte `at` of `bytes`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn decode_utf8(name: &str, bytes: &[u8], bom_len: usize) -> Result<String> {
    match std::str::from_utf8(&bytes[bom_len..]) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = bom_len + e.valid_up_to();
            Err(input_error(name, format!("invalid UTF-8 at byte {at} (line {})", line_of(bytes, at))))
        }
    }
}

fn decode_utf16(name: &str, bytes: &[u8], little: bool) -> Result<String> {
    let body = &bytes[2..];
    if body.len() % 2 == 1 {
        let at = bytes.len() - 1;
        return Err(input_error(name, format!("truncated UTF-16: odd number of bytes (last byte {at})")));
    }
    let units = body
        .chunks_exact(2)
        .map(|p| if little { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) });
    let mut out = String::with_capacity(body.len() / 2 * 3);
    let mut line = 1;
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                line += usize::from(c == '\n');
                out.push(c);
            }
            Err(_) => {
                // decode_utf16 yields one item per unit for errors and one per pair for astral chars, so
                // recount the position from the text decoded so far.
                let at = 2 + out.chars().map(|c| c.len_utf16() * 2).sum::<usize>();
                return Err(input_error(
                    name,
                    format!("invalid UTF-16 (unpaired surrogate) at byte {at} (line {line})"),
                ));
            }
        }
    }
    Ok(out)
}

/// Byte offset in the original input of byte `at` of the decoded `text`.
fn input_offset(text: &str, at: usize, bom_len: usize, charset: Charset) -> usize {
    match charset {
        Charset::Utf8 => bom_len + at,
        Charset::Utf16Le | Charset::Utf16Be => 2 + text[..at].chars().map(|c| c.len_utf16() * 2).sum::<usize>(),
    }
}

/// Control characters that do not occur in text files (everything below U+0020 except tab, line feed, vertical
/// tab, form feed, carriage return and escape, plus DEL).
fn is_binary_control(c: u32) -> bool {
    matches!(c, 0..=0x8 | 0xe..=0x1a | 0x1c..=0x1f | 0x7f)
}

/// Refuses input with a NUL, or where more than one unit in ten among the first 8192 is a control character that
/// text files do not contain. `units` are (byte offset in the input, code unit or char) pairs.
fn check_binary(name: &str, units: impl Iterator<Item = (usize, u32)>) -> Result<()> {
    let (mut total, mut control, mut first, mut line) = (0usize, 0usize, None, 1usize);
    for (off, c) in units {
        if c == 0 {
            return Err(input_error(name, format!("binary file (NUL byte at byte {off}, line {line})")));
        }
        line += usize::from(c == u32::from(b'\n'));
        if total < 8192 {
            total += 1;
            if is_binary_control(c) {
                control += 1;
                first.get_or_insert(off);
            }
        }
    }
    match first {
        Some(off) if control * 10 > total => Err(input_error(
            name,
            format!("binary file ({control} control bytes in the first {total} characters, first at byte {off})"),
        )),
        _ => Ok(()),
    }
}

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// Standard input, named `"-"`.
    Stdin,
    /// A file.
    File {
        /// The path to open (a path given on the command line, or one found under a directory given there).
        path: PathBuf,
        /// The path relative to the directory it was found in (for a file given directly: its file name), for
        /// writing outputs to a mirror tree.
        relative: PathBuf,
    },
    /// An entry found under a directory that cannot be read as a document: a link that loops, a directory that
    /// cannot be listed, a pipe, socket or device (which could block forever). Reading it gives its error, so that
    /// it is reported where the documents' errors are, and the other documents go on.
    Unreadable {
        /// The entry's path.
        path: PathBuf,
        /// Why it is not read.
        message: String,
    },
}

impl Source {
    /// The name errors and outputs use: the path, or `"-"`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_string(),
            Source::File { path, .. } | Source::Unreadable { path, .. } => path.display().to_string(),
        }
    }

    /// Reads and decodes the document.
    pub fn read(&self, options: &ReadOptions) -> Result<Document> {
        match self {
            Source::Stdin => options.read_stdin(),
            Source::File { path, .. } => options.read_path(path),
            Source::Unreadable { path, message } => Err(Error::Input { path: path.clone(), message: message.clone() }),
        }
    }
}

/// Why an entry found under a directory that is neither a file nor a directory is not read.
pub const NOT_A_FILE: &str = "not a regular file (a pipe, socket or device): not read";

/// Expands command-line arguments into the documents to read, in order.
///
/// `-` is standard input (at most once); a directory is walked recursively, its files in sorted order, skipping
/// hidden files and directories (names starting with `.`), following links; what the walk finds that cannot be read
/// (a link that loops, a directory it cannot list, a pipe, socket or device) comes back as
/// [`Source::Unreadable`], whose error reading reports. Any other path is taken as a file, so a missing file becomes
/// an error when it is read, naming it. No arguments means standard input.
pub fn collect_inputs(args: &[PathBuf]) -> Result<Vec<Source>> {
    if args.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    let mut out = Vec::new();
    let mut stdin_seen = false;
    for arg in args {
        if arg.as_os_str() == "-" {
            if stdin_seen {
                return Err(Error::Other("standard input (-) given more than once".into()));
            }
            stdin_seen = true;
            out.push(Source::Stdin);
        } else if arg.is_dir() {
            let walk = walkdir::WalkDir::new(arg)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for entry in walk {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let path = e.path().to_path_buf();
                        let relative = path.strip_prefix(arg).unwrap_or(&path).to_path_buf();
                        out.push(Source::File { path, relative });
                    }
                    Ok(e) if e.file_type().is_dir() => {}
                    Ok(e) => out.push(Source::Unreadable { path: e.path().to_path_buf(), message: NOT_A_FILE.into() }),
                    Err(e) => {
                        let path = e.path().unwrap_or(arg).to_path_buf();
                        let message = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                        out.push(Source::Unreadable { path, message });
                    }
                }
            }
        } else {
            let relative = arg.file_name().map_or_else(|| arg.clone(), PathBuf::from);
            out.push(Source::File { path: arg.clone(), relative });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> String {
        read_bytes("f", bytes).unwrap_err().to_string()
    }

    #[test]
    fn decodes() {
        let le = read_bytes("f", b"\xFF\xFEh\0\xE0\0\r\0\n\0").unwrap();
        assert_eq!((le.text.as_str(), le.charset, le.line_ending), ("hà\r\n", Charset::Utf16Le, LineEnding::CrLf));
        let be = read_bytes("f", b"\xFE\xFF\x1E\xA1\0\n\xD8\x3D\xDE\x00").unwrap();
        assert_eq!(be.text, "ạ\n😀");
        assert_eq!(read_bytes("f", b"a\tb\x0c\x1b[0m\n").unwrap().text, "a\tb\x0c\x1b[0m\n");
    }

    #[test]
    fn refuses_with_offsets() {
        assert_eq!(err(b"ab\ncd\n\xC3("), "f: invalid UTF-8 at byte 6 (line 3)");
        assert_eq!(err(b"\xEF\xBB\xBFa\xFF"), "f: invalid UTF-8 at byte 4 (line 1)");
        assert_eq!(err(b"text\n\0more"), "f: binary file (NUL byte at byte 5, line 2)");
        assert_eq!(err(b"\xFF\xFEa\0\0\0"), "f: binary file (NUL byte at byte 4, line 1)");
        assert_eq!(err(b"\xFF\xFEa\0\0\xDC"), "f: invalid UTF-16 (unpaired surrogate) at byte 4 (line 1)");
        assert_eq!(err(b"\xFE\xFF\0a\0"), "f: truncated UTF-16: odd number of bytes (last byte 4)");
        assert!(err(b"\x01\x02\x03abc\x04\x05").starts_with("f: binary file (5 control bytes"));
        for empty in [&b""[..], b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"] {
            assert_eq!(err(empty), "f: empty: no text", "{empty:?}");
        }
        assert_eq!(read_bytes("f", b"\n").unwrap().text, "\n");
        let opts = ReadOptions { max_bytes: 4, max_line_bytes: 3 };
        assert_eq!(
            opts.read_bytes("f", b"12345").unwrap_err().to_string(),
            "f: input of 5 bytes is larger than the limit of 4 bytes"
        );
        assert_eq!(
            ReadOptions { max_bytes: 10, ..opts }.read_bytes("f", b"1\n2345").unwrap_err().to_string(),
            "f: line 2 (from byte 2) is longer than the limit of 3 bytes"
        );
    }

    #[test]
    fn line_endings() {
        assert_eq!(LineEnding::detect("a\r\nb\n"), LineEnding::CrLf);
        assert_eq!(LineEnding::detect("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("\n"), LineEnding::Lf);
        assert_eq!(LineEnding::CrLf.apply("\n\n"), "\r\n\r\n");
        assert!(matches!(LineEnding::CrLf.apply("a\r\n"), Cow::Borrowed(_)));
    }
}
