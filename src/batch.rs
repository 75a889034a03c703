//! Parallel, ordered, resumable processing of many documents: a directory tree ([`run_dir`]) or a stream of
//! JSON Lines ([`run_jsonl`]).
//!
//! The engine does not know what "processing" is: it takes a function `Fn(&Doc) -> Result<Output<J>>` (in the
//! binary, [`crate::pipeline::Pipeline::process`]) and runs it on a dedicated rayon pool, across documents and,
//! through [`map_chunks`], across the paragraph chunks of large documents. Whatever the thread count, every
//! output byte is the same: documents are independent, chunk boundaries depend on the text only, and every
//! listing (inputs, `errors.jsonl`, JSONL records) is in a fixed order.
//!
//! ```
//! use vnocr::batch::{map_chunks, Doc, Output, Stats};
//!
//! // A per-document function: uppercase each paragraph chunk in parallel, count the words.
//! let work = |doc: &Doc| -> vnocr::Result<Output<serde_json::Value>> {
//!     let parts = map_chunks(&doc.text, 8, |chunk| chunk.text.to_uppercase());
//!     let words = doc.text.split_whitespace().count() as u64;
//!     let stats = Stats { syllables: words, ..Stats::default() };
//!     Ok(Output { text: parts.concat(), json: serde_json::json!({ "words": words }), stats })
//! };
//!
//! // A directory run: one good file, one binary file.
//! let tmp = tempfile::tempdir()?;
//! let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
//! std::fs::create_dir_all(input.join("sub"))?;
//! std::fs::write(input.join("sub/doc.txt"), "một hai\n\nba bốn\n")?;
//! std::fs::write(input.join("scan.png"), b"\x89PNG\r\n\x1a\n\0\0")?;
//! let opts = vnocr::batch::DirOptions { threads: 2, ..Default::default() };
//! let summary = vnocr::batch::run_dir(&input, &out, &opts, &work, &())?;
//! assert_eq!((summary.documents, summary.stats.syllables, summary.errors.len()), (1, 4, 1));
//! assert_eq!(std::fs::read_to_string(out.join("sub/doc.txt"))?, "MỘT HAI\n\nBA BỐN\n");
//! assert_eq!(std::fs::read_to_string(out.join("sub/doc.json"))?, "{\n  \"path\": \"sub/doc.txt\",\n  \"words\": 4\n}\n");
//! assert!(std::fs::read_to_string(out.join("errors.jsonl"))?.starts_with("{\"path\":\"scan.png\",\"error\":\"binary file"));
//! assert_eq!(summary.exit_status(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::{Error, Result};

/// One document to process: a name (for messages) and its decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Where it comes from: a path relative to the input directory, a file name, or `line N` of a JSONL stream.
    pub name: String,
    /// The text, decoded to UTF-8 (line endings as in the input).
    pub text: String,
}

/// What the per-document work gives back.
#[derive(Debug, Clone)]
pub struct Output<J> {
    /// The processed (restored) text, written to `<path>.txt` or the record's `"text"`.
    pub text: String,
    /// A serde struct (or map) whose fields become the fields of `<path>.json` or of the JSONL record, after
    /// `"path"` or `"id"`/`"text"` (the pipeline's: [`crate::pipeline::DocJson`] in JSON Lines,
    /// [`crate::pipeline::DocFile`] in files).
    pub json: J,
    /// Counts for the summary.
    pub stats: Stats,
}

impl<J> Output<J> {
    /// The same output with its JSON part in another form.
    pub fn map_json<K>(self, f: impl FnOnce(J) -> K) -> Output<K> {
        Output { text: self.text, json: f(self.json), stats: self.stats }
    }
}

/// Counts summed over a batch.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Syllable-like (word) tokens in the input.
    pub syllables: u64,
    /// Tokens changed.
    pub changes: u64,
    /// Tokens whose best reading had a low confidence (to review).
    pub low_confidence: u64,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.syllables += o.syllables;
        self.changes += o.changes;
        self.low_confidence += o.low_confidence;
    }
}

/// A rayon pool with `threads` threads (0: rayon's default, i.e. `RAYON_NUM_THREADS` or one per core).
pub fn thread_pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("vnocr-{i}"))
        .build()
        .map_err(|e| Error::Other(format!("cannot start {threads} threads: {e}")))
}

// ---------------------------------------------------------------------------------------------------------------
// Paragraph chunks

/// A piece of a document that starts at a line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk<'a> {
    /// The text of the chunk.
    pub text: &'a str,
    /// Byte offset of its first byte in the document.
    pub start: usize,
    /// 0-based line number of its first line in the document.
    pub line: usize,
}

/// Splits `text` into chunks of whole paragraphs: a chunk ends where a paragraph does (after a blank line or a
/// line that ends a sentence, as the restorer decodes them; not after a blank line inside a sentence, between a
/// letter and a word in small letters) once it holds at least `target` bytes, so a paragraph is never cut. The
/// chunks, concatenated, give `text` back; there is always at least one (empty text: one empty chunk).
/// Boundaries depend only on `text` and `target`, never on the thread count.
///
/// ```
/// let chunks = vnocr::batch::paragraph_chunks("A\nB\n\nC\n\nD", 4);
/// let texts: Vec<_> = chunks.iter().map(|c| (c.text, c.start, c.line)).collect();
/// assert_eq!(texts, [("A\nB\n\n", 0, 0), ("C\n\nD", 5, 3)]);
/// ```
pub fn paragraph_chunks(text: &str, target: usize) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let (mut start, mut line, mut pos, mut lines) = (0, 0, 0, 0);
    for (l, ends) in crate::restore::lines_ending_paragraphs(text) {
        pos += l.len();
        lines += 1;
        if !ends {
            continue;
        }
        if pos - start >= target {
            chunks.push(Chunk { text: &text[start..pos], start, line });
            (start, line) = (pos, lines);
        }
    }
    if start < text.len() || chunks.is_empty() {
        chunks.push(Chunk { text: &text[start..], start, line });
    }
    chunks
}

/// Runs `f` on the [`paragraph_chunks`] of `text` in parallel (on the current rayon pool) and returns the
/// results in chunk order.
pub fn map_chunks<T, F>(text: &str, target: usize, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(Chunk<'_>) -> T + Sync + Send,
{
    let chunks = paragraph_chunks(text, target);
    if chunks.len() == 1 {
        return vec![f(chunks[0])];
    }
    chunks.into_par_iter().map(f).collect()
}

// ---------------------------------------------------------------------------------------------------------------
// Glob patterns

/// A file-name pattern for `--glob`: `*` (any run of characters but `/`), `**` (any run, `/` included; `**/`
/// also matches no directory), `?` (one character but `/`), `[abc]`, `[a-z]`, `[!a]` and `{a,b}`. A pattern
/// with no `/` is matched against the file name, one with a `/` against the path relative to the input
/// directory (`/`-separated).
///
/// ```
/// use vnocr::batch::Glob;
/// let g = Glob::new("*.{txt,ocr}").unwrap();
/// assert!(g.matches("a/b/doc.ocr.txt") && g.matches("x.ocr") && !g.matches("x.json"));
/// let g = Glob::new("2025/**/*.txt").unwrap();
/// assert!(g.matches("2025/doc.txt") && g.matches("2025/q1/doc.txt") && !g.matches("2024/doc.txt"));
/// ```
#[derive(Debug, Clone)]
pub struct Glob {
    alternatives: Vec<Vec<char>>,
    whole_path: bool,
}

impl Glob {
    /// Parses a pattern. Unbalanced `[` or `{` is an error.
    pub fn new(pattern: &str) -> Result<Glob> {
        let bad = |what: &str| Error::Other(format!("bad --glob pattern {pattern:?}: {what}"));
        if pattern.is_empty() {
            return Err(bad("empty"));
        }
        let alternatives: Vec<Vec<char>> = expand_braces(pattern)
            .ok_or_else(|| bad("unbalanced '{'"))?
            .into_iter()
            .map(|a| a.chars().collect())
            .collect();
        for alt in &alternatives {
            let mut i = 0;
            while i < alt.len() {
                if alt[i] == '[' {
                    i = class_end(alt, i).ok_or_else(|| bad("unbalanced '['"))?;
                }
                i += 1;
            }
        }
        Ok(Glob { alternatives, whole_path: pattern.contains('/') })
    }

    /// Whether a `/`-separated relative path matches.
    pub fn matches(&self, rel_path: &str) -> bool {
        let subject = if self.whole_path { rel_path } else { rel_path.rsplit('/').next().unwrap_or(rel_path) };
        let s: Vec<char> = subject.chars().collect();
        self.alternatives.iter().any(|p| glob_match(p, &s))
    }
}

/// `a{b,c}d{e,f}` → `abde`, `abdf`, `acde`, `acdf` (nested braces allowed). None when unbalanced.
fn expand_braces(p: &str) -> Option<Vec<String>> {
    let Some(open) = p.find('{') else {
        return if p.contains('}') { None } else { Some(vec![p.to_string()]) };
    };
    let (mut depth, mut close, mut commas) = (0, None, vec![]);
    for (i, c) in p[open..].char_indices().map(|(i, c)| (i + open, c)) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            ',' if depth == 1 => commas.push(i),
            _ => {}
        }
    }
    let close = close?;
    let mut bounds = vec![open];
    bounds.extend(commas);
    bounds.push(close);
    let rest = expand_braces(&p[close + 1..])?;
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        for alt in expand_braces(&p[w[0] + 1..w[1]])? {
            for tail in &rest {
                out.push(format!("{}{alt}{tail}", &p[..open]));
            }
        }
    }
    Some(out)
}

/// Index of the `]` closing the class that opens at `p[i] == '['`.
fn class_end(p: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if matches!(p.get(j), Some('!' | '^')) {
        j += 1;
    }
    if p.get(j) == Some(&']') {
        j += 1;
    }
    (j..p.len()).find(|&k| p[k] == ']')
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negated, body) = match class.first() {
        Some('!' | '^') => (true, &class[1..]),
        _ => (false, class),
    };
    let mut hit = false;
    let mut k = 0;
    while k < body.len() {
        if k + 2 < body.len() && body[k + 1] == '-' {
            hit |= (body[k]..=body[k + 2]).contains(&c);
            k += 3;
        } else {
            hit |= body[k] == c;
            k += 1;
        }
    }
    hit != negated
}

fn glob_match(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            let rest = &p[2..];
            // `**/` may match no directory at all.
            if rest.first() == Some(&'/') && glob_match(&rest[1..], s) {
                return true;
            }
            (0..=s.len()).any(|k| glob_match(rest, &s[k..]))
        }
        Some('*') => {
            let rest = &p[1..];
            for k in 0..=s.len() {
                if glob_match(rest, &s[k..]) {
                    return true;
                }
                if s.get(k) == Some(&'/') {
                    break;
                }
            }
            false
        }
        Some('?') => s.first().is_some_and(|&c| c != '/') && glob_match(&p[1..], &s[1..]),
        Some('[') => {
            let end = class_end(p, 0).expect("checked in Glob::new");
            s.first().is_some_and(|&c| c != '/' && class_matches(&p[1..end], c)) && glob_match(&p[end + 1..], &s[1..])
        }
        Some(&c) => s.first() == Some(&c) && glob_match(&p[1..], &s[1..]),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Directory mode

/// Options of [`run_dir`].
#[derive(Debug, Clone)]
pub struct DirOptions {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Only files matching this pattern (all files when `None`).
    pub glob: Option<Glob>,
    /// Files larger than this are reported as errors, not read.
    pub max_bytes: u64,
    /// Skip inputs whose two outputs already exist.
    pub resume: bool,
}

impl Default for DirOptions {
    fn default() -> Self {
        DirOptions { threads: 0, glob: None, max_bytes: DEFAULT_MAX_BYTES, resume: false }
    }
}

/// The default `--max-bytes`: 256 MiB, the limit of [`crate::input::ReadOptions::default`].
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

/// The name of the error list written in the output directory.
pub const ERRORS_FILE: &str = "errors.jsonl";

/// One input of a directory run and where its outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The input file.
    pub source: PathBuf,
    /// Its path relative to the input directory, `/`-separated.
    pub rel: String,
    /// The restored text: `OUT_DIR/<rel without .txt>.txt`.
    pub txt: PathBuf,
    /// The metadata and change list: `OUT_DIR/<rel without .txt>.json`.
    pub json: PathBuf,
}

/// A file that could not be processed: a line of `errors.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The input's path relative to the input directory.
    pub path: String,
    /// What went wrong.
    pub error: String,
}

/// Output path stem for a relative input path: a final `.txt` is dropped, and then a final `.ocr`
/// (`a/doc.ocr.txt` → `a/doc`, so that the outputs `a/doc.txt` and `a/doc.json` pair with the gold files
/// `doc.gold.txt` and `doc.meta.json` as `score.py` pairs them); any other name is kept whole (`a/scan.md` →
/// `a/scan.md`), so `.txt`/`.json` can be appended.
pub fn output_stem(rel: &str) -> &str {
    let named = |s: &&str| !s.is_empty() && !s.ends_with('/');
    match rel.strip_suffix(".txt").filter(named) {
        Some(stem) => stem.strip_suffix(".ocr").filter(named).unwrap_or(stem),
        None => rel,
    }
}

/// Lists the inputs under `input_dir` (recursively, sorted by name; hidden files and directories (`.name`) and
/// `out_dir` (when it lies inside) left out; a link to a file read as that file, links to directories not followed)
/// that match `glob`, with their output paths. Unreadable directories, links to directories, what is not a file
/// (a pipe, socket or device, which could block the batch) and inputs whose outputs would collide with an earlier
/// input's come back as errors.
pub fn plan(input_dir: &Path, out_dir: &Path, glob: Option<&Glob>) -> Result<(Vec<Planned>, Vec<FileError>)> {
    let meta = fs::metadata(input_dir).map_err(|e| Error::Io { path: input_dir.to_path_buf(), source: e })?;
    if !meta.is_dir() {
        return Err(Error::Input { path: input_dir.to_path_buf(), message: "not a directory".into() });
    }
    let out_canon = fs::canonicalize(out_dir).ok();
    let (mut planned, mut errors) = (Vec::new(), Vec::new());
    let mut stems: HashMap<String, String> = HashMap::new();
    let walk = walkdir::WalkDir::new(input_dir).sort_by_file_name().into_iter().filter_entry(|e| {
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        let out = e.file_type().is_dir() && out_canon.as_deref().is_some_and(|o| is_same_dir(e.path(), o));
        e.depth() == 0 || !(hidden || out)
    });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| input_dir.to_path_buf(), Path::to_path_buf);
                let msg = e.io_error().map_or_else(|| e.to_string(), |io| io.to_string());
                errors.push(FileError { path: rel_path(input_dir, &path), error: msg });
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = rel_path(input_dir, entry.path());
        if glob.is_some_and(|g| !g.matches(&rel)) {
            continue;
        }
        // Only files are read (a link as what it points to): a pipe or device could block the batch forever. The
        // walk knows a file's type already; only what it found besides files is looked up again.
        if !entry.file_type().is_file() {
            let error = match fs::metadata(entry.path()) {
                Ok(m) if m.is_file() => None,
                Ok(m) if m.is_dir() => Some("a link to a directory: links are not followed".to_string()),
                Ok(_) => Some(crate::input::NOT_A_FILE.to_string()),
                Err(e) => Some(e.to_string()),
            };
            if let Some(error) = error {
                errors.push(FileError { path: rel, error });
                continue;
            }
        }
        let stem = output_stem(&rel).to_string();
        if let Some(first) = stems.get(&stem) {
            let error = format!("its outputs {stem}.txt/.json would overwrite those of {first}");
            errors.push(FileError { path: rel, error });
            continue;
        }
        stems.insert(stem.clone(), rel.clone());
        planned.push(Planned {
            source: entry.path().to_path_buf(),
            txt: out_dir.join(format!("{stem}.txt")),
            json: out_dir.join(format!("{stem}.json")),
            rel,
        });
    }
    Ok((planned, errors))
}

fn is_same_dir(path: &Path, canon: &Path) -> bool {
    fs::canonicalize(path).is_ok_and(|p| p == canon)
}

fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    parts.join("/")
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Processed and written.
    Done(Stats),
    /// Left alone by `--resume`: its outputs were there.
    Skipped,
    /// Not processed; the message says why.
    Failed(String),
}

/// The end of a run.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Inputs processed and written (in JSONL mode: records answered without error).
    pub documents: u64,
    /// Inputs skipped by `--resume`.
    pub skipped: u64,
    /// Counts over the processed inputs.
    pub stats: Stats,
    /// Inputs (or records) that failed, in input order.
    pub errors: Vec<FileError>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Summary {
    /// The exit status this run calls for: 0 nothing failed, 1 some inputs failed, 2 every input failed
    /// (nothing was processed or skipped).
    pub fn exit_status(&self) -> u8 {
        match (self.errors.is_empty(), self.documents + self.skipped) {
            (true, _) => 0,
            (false, 0) => 2,
            (false, _) => 1,
        }
    }

    /// Syllables per second of wall-clock time.
    pub fn syllables_per_sec(&self) -> f64 {
        self.stats.syllables as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Summary {
    /// A few lines for a terminal: counts, errors (first ten), time and throughput.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        let n = |count: u64, what: &str| format!("{count} {what}{}", if count == 1 { "" } else { "s" });
        write!(f, "{}", n(self.documents, "document"))?;
        if self.skipped > 0 {
            write!(f, " ({} skipped, already done)", self.skipped)?;
        }
        writeln!(
            f,
            ", {}, {}, {}, {}",
            n(s.syllables, "syllable"),
            n(s.changes, "change"),
            n(s.low_confidence, "low-confidence token"),
            n(self.errors.len() as u64, "error")
        )?;
        for e in self.errors.iter().take(10) {
            writeln!(f, "  error: {}: {}", e.path, e.error)?;
        }
        if self.errors.len() > 10 {
            writeln!(f, "  ... and {} more", self.errors.len() - 10)?;
        }
        write!(f, "time {:.2} s, {:.0} syllables/s", self.elapsed.as_secs_f64(), self.syllables_per_sec())
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename, so that `path` either
/// does not exist or is complete (a killed run leaves at most a `*.vnocr-tmp` file).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::Io { path: dir.to_path_buf(), source: e })?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".vnocr-tmp");
    let tmp = PathBuf::from(tmp);
    let mut file = fs::File::create(&tmp).map_err(|e| Error::Io { path: tmp.clone(), source: e })?;
    file.write_all(bytes).map_err(io)?;
    drop(file);
    fs::rename(&tmp, path).map_err(io)
}

#[derive(Serialize)]
struct FileJson<'a, J> {
    path: &'a str,
    #[serde(flatten)]
    json: &'a J,
}

/// Writes a processed document's two outputs, each atomically ([`write_atomic`]): `txt` gets the text, `json`
/// gets `{"path": path, <fields of out.json>}` laid out by [`to_json_layout`], with a final newline.
pub fn write_outputs<J: Serialize>(txt: &Path, json: &Path, path: &str, out: &Output<J>) -> Result<()> {
    let mut bytes = to_json_layout(&FileJson { path, json: &out.json })
        .map_err(|e| Error::Other(format!("{path}: cannot serialize the metadata: {e}")))?;
    bytes.push(b'\n');
    write_atomic(txt, out.text.as_bytes())?;
    write_atomic(json, &bytes)
}

/// Serializes `value` as JSON laid out for people and line tools: objects are pretty-printed (one member per line,
/// two-space indent) down to the third level, and arrays put one element per line, each element on one line. A
/// document's change list becomes one change per line, and its metadata stays readable.
///
/// ```
/// let v = serde_json::json!({"a": {"b": [1, 2], "c": {"d": {"e": 1}}}, "list": [{"x": 1, "y": [2]}, {"x": 3}]});
/// let text = String::from_utf8(vnocr::batch::to_json_layout(&v).unwrap()).unwrap();
/// assert_eq!(text, "{\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ],\n    \"c\": {\n      \"d\": {\"e\":1}\n    }\n  },\n  \
///                   \"list\": [\n    {\"x\":1,\"y\":[2]},\n    {\"x\":3}\n  ]\n}");
/// assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
/// ```
pub fn to_json_layout<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Layout::default());
    value.serialize(&mut ser)?;
    Ok(out)
}

/// The formatter of [`to_json_layout`].
#[derive(Default)]
struct Layout {
    /// Open containers: (is an array, is laid out over several lines, has a value).
    stack: Vec<(bool, bool, bool)>,
}

impl Layout {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, array: bool) -> io::Result<()> {
        let pretty = match self.stack.last() {
            None => true,
            Some(&(parent_array, parent_pretty, _)) => parent_pretty && !parent_array && self.stack.len() < 3,
        };
        self.stack.push((array, pretty, false));
        w.write_all(if array { b"[" } else { b"{" })
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        let (array, pretty, has_value) = self.stack.pop().expect("balanced");
        if pretty && has_value {
            w.write_all(b"\n")?;
            w.write_all(&b"  ".repeat(self.stack.len()))?;
        }
        w.write_all(if array { b"]" } else { b"}" })
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.stack.last().is_some_and(|f| f.1) {
            w.write_all(b"\n")?;
            w.write_all(&b"  ".repeat(self.stack.len()))?;
        }
        Ok(())
    }

    fn done(&mut self) {
        if let Some(f) = self.stack.last_mut() {
            f.2 = true;
        }
    }
}

impl serde_json::ser::Formatter for Layout {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, true)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.done();
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, false)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.stack.last().is_some_and(|f| f.1) { b": " } else { b":" })
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.done();
        Ok(())
    }
}

/// Reads and decodes one input file of at most `max_bytes` bytes with [`crate::input::ReadOptions`] (UTF-8 with
/// or without BOM, UTF-16 with BOM; binary data, invalid UTF-8 and oversized files are errors with byte offsets).
pub fn read_doc(path: &Path, max_bytes: u64) -> Result<crate::input::Document> {
    crate::input::ReadOptions { max_bytes, ..crate::input::ReadOptions::default() }.read_path(path)
}

/// An error's message without the path it names (for listings that give the path apart).
pub fn message_of(e: &Error) -> String {
    match e {
        Error::Io { source, .. } => source.to_string(),
        Error::Input { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// Processes one planned input: read, decode, `work`, write both outputs. Never panics on bad input.
pub fn process_planned<J, F>(p: &Planned, opts: &DirOptions, work: &F) -> Outcome
where
    J: Serialize,
    F: Fn(&Doc) -> Result<Output<J>>,
{
    if opts.resume && p.txt.is_file() && p.json.is_file() {
        return Outcome::Skipped;
    }
    let run = || -> std::result::Result<Stats, String> {
        let text = read_doc(&p.source, opts.max_bytes).map_err(|e| message_of(&e))?.text;
        let out = work(&Doc { name: p.rel.clone(), text }).map_err(|e| message_of(&e))?;
        write_outputs(&p.txt, &p.json, &p.rel, &out).map_err(|e| e.to_string())?;
        Ok(out.stats)
    };
    match run() {
        Ok(stats) => Outcome::Done(stats),
        Err(e) => Outcome::Failed(e),
    }
}

/// Progress callbacks of [`run_dir`] and [`run_jsonl`] (all do nothing by default; `()` is the silent one).
pub trait Progress: Sync {
    /// A directory run is about to process `total` inputs.
    fn start(&self, total: usize) {
        let _ = total;
    }
    /// One input of a directory run is finished (called from worker threads, in any order).
    fn done(&self, input: &Planned, outcome: &Outcome) {
        let _ = (input, outcome);
    }
    /// One more JSONL record was written; `so_far` counts all records written (called in order).
    fn record(&self, so_far: &Summary) {
        let _ = so_far;
    }
}

impl Progress for () {}

/// Processes every input under `input_dir` (see [`plan`]) into `out_dir` on a pool of `opts.threads` threads
/// and writes `out_dir/errors.jsonl` (one `{"path", "error"}` per failed input, in input order; empty when
/// none failed). `progress` hears of every input as it finishes.
///
/// A bad input never stops the run: it is reported in the summary. The error result is for what stops
/// everything: the input directory is missing, the output directory cannot be created, the pool cannot start.
pub fn run_dir<J, F, P>(input_dir: &Path, out_dir: &Path, opts: &DirOptions, work: &F, progress: &P) -> Result<Summary>
where
    J: Serialize,
    F: Fn(&Doc) -> Result<Output<J>> + Sync,
    P: Progress,
{
    let started = Instant::now();
    let meta = fs::metadata(input_dir).map_err(|e| Error::Io { path: input_dir.to_path_buf(), source: e })?;
    if !meta.is_dir() {
        return Err(Error::Input { path: input_dir.to_path_buf(), message: "not a directory".into() });
    }
    fs::create_dir_all(out_dir).map_err(|e| Error::Io { path: out_dir.to_path_buf(), source: e })?;
    let (planned, plan_errors) = plan(input_dir, out_dir, opts.glob.as_ref())?;
    let pool = thread_pool(opts.threads)?;
    progress.start(planned.len());
    let outcomes: Vec<Outcome> = pool.install(|| {
        planned
            .par_iter()
            .with_max_len(1)
            .map(|p| {
                let outcome = process_planned(p, opts, work);
                progress.done(p, &outcome);
                outcome
            })
            .collect()
    });
    let mut summary = Summary::default();
    let mut errors: BTreeMap<&str, FileError> = plan_errors.iter().map(|e| (e.path.as_str(), e.clone())).collect();
    for (p, outcome) in planned.iter().zip(outcomes) {
        match outcome {
            Outcome::Done(stats) => {
                summary.documents += 1;
                summary.stats += stats;
            }
            Outcome::Skipped => summary.skipped += 1,
            Outcome::Failed(error) => {
                errors.insert(&p.rel, FileError { path: p.rel.clone(), error });
            }
        }
    }
    summary.errors = errors.into_values().collect();
    let mut listing = Vec::new();
    for e in &summary.errors {
        serde_json::to_writer(&mut listing, e).expect("strings serialize");
        listing.push(b'\n');
    }
    write_atomic(&out_dir.join(ERRORS_FILE), &listing)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

// ---------------------------------------------------------------------------------------------------------------
// JSON Lines mode

/// Options of [`run_jsonl`].
#[derive(Debug, Clone)]
pub struct JsonlOptions {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Input lines longer than this are answered with an error record (and not kept in memory).
    pub max_bytes: u64,
    /// Records in flight at most (read but not yet written): bounds memory whatever the input length.
    /// 0: four per thread, at least 16.
    pub window: usize,
}

impl Default for JsonlOptions {
    fn default() -> Self {
        JsonlOptions { threads: 0, max_bytes: DEFAULT_MAX_BYTES, window: 0 }
    }
}

#[derive(Serialize)]
struct Record<'a, J> {
    id: &'a Value,
    text: &'a str,
    #[serde(flatten)]
    json: &'a J,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    id: &'a Value,
    error: &'a str,
}

/// One line read from the stream: its 1-based line number and bytes, or a note that it was too long.
enum Line {
    Text(Vec<u8>),
    TooLong(u64),
}

/// What a worker hands the writer: the record's bytes (newline included) and its counts.
struct Answer {
    bytes: Vec<u8>,
    stats: Stats,
    error: Option<FileError>,
}

fn answer_line<J, F>(line_no: u64, line: Line, max_bytes: u64, work: &F) -> Answer
where
    J: Serialize,
    F: Fn(&Doc) -> Result<Output<J>>,
{
    let fail = |id: &Value, error: String| {
        let mut bytes =
            serde_json::to_vec(&ErrorRecord { id, error: &format!("line {line_no}: {error}") }).expect("serializable");
        bytes.push(b'\n');
        Answer { bytes, stats: Stats::default(), error: Some(FileError { path: format!("line {line_no}"), error }) }
    };
    let bytes = match line {
        Line::Text(b) => b,
        Line::TooLong(n) => {
            return fail(&Value::Null, format!("record too large: {n} bytes (--max-bytes {max_bytes})"));
        }
    };
    let mut obj = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(obj)) => obj,
        Ok(_) => return fail(&Value::Null, "not a JSON object".into()),
        Err(e) => return fail(&Value::Null, format!("invalid JSON: {e}")),
    };
    let id = obj.remove("id").unwrap_or(Value::Null);
    let text = match obj.remove("text") {
        Some(Value::String(s)) if s.is_empty() => return fail(&id, crate::input::EMPTY.into()),
        Some(Value::String(s)) => s,
        Some(_) => return fail(&id, "\"text\" is not a string".into()),
        None => return fail(&id, "missing \"text\"".into()),
    };
    let name = match &id {
        Value::Null => format!("line {line_no}"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let out = match work(&Doc { name, text }) {
        Ok(out) => out,
        Err(e) => return fail(&id, e.to_string()),
    };
    match serde_json::to_vec(&Record { id: &id, text: &out.text, json: &out.json }) {
        Ok(mut bytes) => {
            bytes.push(b'\n');
            Answer { bytes, stats: out.stats, error: None }
        }
        Err(e) => fail(&id, format!("cannot serialize the result: {e}")),
    }
}

/// Reads one line of at most `max` bytes (newline excluded) into `buf`; a longer line is skipped to its end.
/// Returns None at end of input.
fn read_line<R: BufRead>(input: &mut R, max: u64, buf: &mut Vec<u8>) -> io::Result<Option<Line>> {
    buf.clear();
    let n = input.by_ref().take(max + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    if (buf.len() as u64) <= max {
        return Ok(Some(Line::Text(std::mem::take(buf))));
    }
    // Too long: skip to the end of the line without keeping it.
    let mut len = buf.len() as u64;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                len += i as u64;
                input.consume(i + 1);
                break;
            }
            None => {
                let k = chunk.len();
                len += k as u64;
                input.consume(k);
            }
        }
    }
    Ok(Some(Line::TooLong(len)))
}

/// Streams JSON Lines: each input line `{"id": …, "text": …}` becomes, on `output` and in input order,
/// `{"id": …, "text": <processed>, <fields of the work's json>}` or, for a line that is not such an object (or
/// whose processing failed), `{"id": … or null, "error": "line N: …"}`. Blank lines are skipped.
///
/// A reader thread feeds a bounded channel, rayon workers (`opts.threads`) process, and the calling thread
/// writes in order from a reorder buffer. At most `opts.window` records are in flight (read but not written),
/// so memory stays bounded whatever the stream length. Output is flushed whenever the writer waits.
/// `progress` hears of every record written.
///
/// The error result is for I/O errors of the stream itself (reading `input`, writing `output`).
pub fn run_jsonl<R, W, J, F, P>(input: R, mut output: W, opts: &JsonlOptions, work: &F, progress: &P) -> Result<Summary>
where
    R: BufRead + Send,
    W: Write,
    J: Serialize,
    F: Fn(&Doc) -> Result<Output<J>> + Sync,
    P: Progress,
{
    let started = Instant::now();
    let pool = thread_pool(opts.threads)?;
    let window = if opts.window == 0 { (4 * pool.current_num_threads()).max(16) } else { opts.window };
    let (line_tx, line_rx) = crossbeam_channel::bounded::<(u64, u64, Line)>(window);
    let (answer_tx, answer_rx) = crossbeam_channel::bounded::<(u64, Answer)>(window);
    let (credit_tx, credit_rx) = crossbeam_channel::bounded::<()>(window);
    for _ in 0..window {
        credit_tx.send(()).expect("room for the window");
    }
    let stop = AtomicBool::new(false);
    let max_bytes = opts.max_bytes;
    let stdin_err = |e: io::Error| Error::Io { path: "<stdin>".into(), source: e };
    let stdout_err = |e: io::Error| Error::Io { path: "<stdout>".into(), source: e };

    std::thread::scope(|scope| -> Result<Summary> {
        let reader = scope.spawn(move || -> io::Result<()> {
            let mut input = input;
            let (mut seq, mut line_no, mut buf) = (0u64, 0u64, Vec::new());
            while let Some(line) = read_line(&mut input, max_bytes, &mut buf)? {
                line_no += 1;
                if matches!(&line, Line::Text(b) if b.iter().all(u8::is_ascii_whitespace)) {
                    continue;
                }
                // One credit per record in flight; the writer gives it back once the record is out.
                if credit_rx.recv().is_err() || line_tx.send((seq, line_no, line)).is_err() {
                    break;
                }
                seq += 1;
            }
            Ok(())
        });
        let stop = &stop;
        let workers = scope.spawn(move || {
            pool.install(|| {
                line_rx.into_iter().par_bridge().for_each(|(seq, line_no, line)| {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let answer = answer_line(line_no, line, max_bytes, work);
                    let _ = answer_tx.send((seq, answer));
                });
            });
        });

        let mut summary = Summary::default();
        let mut pending: BTreeMap<u64, Answer> = BTreeMap::new();
        let mut next = 0u64;
        let mut write_result = Ok(());
        loop {
            let (seq, answer) = match answer_rx.try_recv() {
                Ok(x) => x,
                Err(crossbeam_channel::TryRecvError::Empty) => {
                    if let Err(e) = output.flush() {
                        write_result = Err(e);
                        break;
                    }
                    match answer_rx.recv() {
                        Ok(x) => x,
                        Err(_) => break,
                    }
                }
                Err(crossbeam_channel::TryRecvError::Disconnected) => break,
            };
            pending.insert(seq, answer);
            while let Some(answer) = pending.remove(&next) {
                if let Err(e) = output.write_all(&answer.bytes) {
                    write_result = Err(e);
                    break;
                }
                next += 1;
                match answer.error {
                    None => summary.documents += 1,
                    Some(e) => summary.errors.push(e),
                }
                summary.stats += answer.stats;
                progress.record(&summary);
                let _ = credit_tx.send(());
            }
            if write_result.is_err() {
                break;
            }
        }
        if write_result.is_err() {
            // Stop everything: the reader waits for credits that will not come, the workers drain.
            stop.store(true, Ordering::Relaxed);
        }
        drop(credit_tx);
        drop(answer_rx);
        workers.join().expect("worker pool panicked");
        let read_result = reader.join().expect("reader panicked");
        write_result.and_then(|()| output.flush()).map_err(stdout_err)?;
        read_result.map_err(stdin_err)?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_text_and_cut_only_after_blank_lines() {
        let texts = ["", "\n", "a", "a\n\n", "a\nb\n\nc\n  \nd\n\n\n", "x\r\n\r\ny\r\n", "one line with no newline"];
        for text in texts {
            for target in [0, 1, 2, 5, 100] {
                let chunks = paragraph_chunks(text, target);
                assert!(!chunks.is_empty());
                assert_eq!(chunks.iter().map(|c| c.text).collect::<String>(), text);
                let mut pos = 0;
                for c in &chunks {
                    assert_eq!(c.start, pos);
                    assert_eq!(c.line, text[..pos].matches('\n').count());
                    pos += c.text.len();
                    if pos < text.len() {
                        let last = c.text.split_inclusive('\n').next_back().unwrap();
                        assert!(last.trim().is_empty(), "{text:?} cut after a non-blank line {last:?}");
                    }
                }
            }
        }
        assert_eq!(paragraph_chunks("A\n\nB\n\nC", 100).len(), 1);
        assert_eq!(paragraph_chunks("A\n\nB\n\nC", 1).len(), 3);
        // (blank lines inside a sentence, between a letter and a small letter, are no paragraph's end)
        assert_eq!(paragraph_chunks("a\n\nb\n\nC", 1).len(), 2);
    }

    /// Text without blank lines still has paragraphs: one ends at a line that ends a sentence or opens a list,
    /// a long one at a line that ends a clause (`;`), and one with neither is cut at a fixed length, so no chunk
    /// (and no decoder lattice) grows without bound.
    #[test]
    fn paragraphs_end_at_sentence_ends() {
        let sizes =
            |text: &str| -> Vec<usize> { paragraph_chunks(text, 1).iter().map(|c| c.text.lines().count()).collect() };
        assert_eq!(sizes(&"một câu.\n".repeat(4)), [1, 1, 1, 1]);
        assert_eq!(sizes("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"), [1, 2]);
        assert_eq!(sizes(&"không dấu chấm\nmột câu!\n".repeat(2)), [2, 2], "cut only after the sentence's end");
        let clauses = "một ý;\n".repeat(40);
        assert_eq!(sizes(&clauses), [32, 8], "a clause's end only once the paragraph is long");
        assert_eq!(sizes(&"không dấu chấm\n".repeat(600)), [256, 256, 88]);
        // A blank line starts the count again.
        let text = format!("{}\n{}", "a;\n".repeat(20), "b;\n".repeat(20));
        assert_eq!(sizes(&text), [21, 20]);
    }

    #[test]
    fn globs() {
        let cases: &[(&str, &str, bool)] = &[
            ("*.txt", "a.txt", true),
            ("*.txt", "dir/a.txt", true),
            ("*.txt", "a.txt.json", false),
            ("*.ocr.txt", "x/001.ocr.txt", true),
            ("*.ocr.txt", "x/001.gold.txt", false),
            ("d?c.txt", "doc.txt", true),
            ("d?c.txt", "dooc.txt", false),
            ("[0-9]*.txt", "001.txt", true),
            ("[!0-9]*.txt", "001.txt", false),
            ("*.{txt,md}", "a.md", true),
            ("*.{txt,md}", "a.rst", false),
            ("a/*.txt", "a/b.txt", true),
            ("a/*.txt", "a/x/b.txt", false),
            ("a/**/*.txt", "a/b.txt", true),
            ("a/**/*.txt", "a/x/y/b.txt", true),
            ("**/*.txt", "b.txt", true),
            ("**", "x/y", true),
        ];
        for &(pat, path, want) in cases {
            assert_eq!(Glob::new(pat).unwrap().matches(path), want, "{pat} ~ {path}");
        }
        for bad in ["", "[abc", "{a,b", "a}"] {
            assert!(Glob::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn output_stems() {
        assert_eq!(output_stem("a/doc.ocr.txt"), "a/doc");
        assert_eq!(output_stem("a/doc.gold.txt"), "a/doc.gold");
        assert_eq!(output_stem("a/doc.txt"), "a/doc");
        assert_eq!(output_stem("a/doc.ocr"), "a/doc.ocr");
        assert_eq!(output_stem("a/.ocr.txt"), "a/.ocr");
        assert_eq!(output_stem(".ocr.txt"), ".ocr");
        assert_eq!(output_stem("scan.md"), "scan.md");
        assert_eq!(output_stem("noext"), "noext");
        assert_eq!(output_stem(".txt"), ".txt");
    }

    fn upper(doc: &Doc) -> Result<Output<Value>> {
        if doc.text.contains("FAIL") {
            return Err(Error::Other("asked to fail".into()));
        }
        let parts = map_chunks(&doc.text, 4, |c| c.text.to_uppercase());
        let n = doc.text.split_whitespace().count() as u64;
        Ok(Output {
            text: parts.concat(),
            json: serde_json::json!({ "n": n }),
            stats: Stats { syllables: n, ..Stats::default() },
        })
    }

    #[test]
    fn jsonl_in_order_with_errors_and_a_small_window() {
        let mut input = String::new();
        for i in 0..500 {
            match i % 50 {
                7 => input.push_str("{not json\n"),
                8 => input.push_str(&format!("{{\"id\": {i}}}\n")),
                9 => input.push('\n'),
                10 => input.push_str(&format!("{{\"id\": {i}, \"text\": \"please FAIL\"}}\n")),
                _ => input.push_str(&format!("{{\"id\": {i}, \"text\": \"dòng {i}\\n\\nhai\"}}\n")),
            }
        }
        let opts = JsonlOptions { threads: 3, window: 4, ..JsonlOptions::default() };
        let mut out = Vec::new();
        let summary = run_jsonl(input.as_bytes(), &mut out, &opts, &upper, &()).unwrap();
        let lines: Vec<Value> =
            out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
        assert_eq!(lines.len(), 490);
        assert_eq!(summary.documents, 460);
        assert_eq!(summary.errors.len(), 30);
        let mut k = 0;
        for i in 0..500 {
            match i % 50 {
                9 => continue,
                7 => assert!(lines[k]["error"].as_str().unwrap().contains("invalid JSON"), "{}", lines[k]),
                8 => assert_eq!(lines[k]["error"].as_str().unwrap(), format!("line {}: missing \"text\"", i + 1)),
                10 => assert_eq!(lines[k]["id"], i),
                _ => {
                    assert_eq!(lines[k]["id"], i);
                    assert_eq!(lines[k]["text"], format!("DÒNG {i}\n\nHAI"));
                    assert_eq!(lines[k]["n"], 3);
                }
            }
            k += 1;
        }
    }

    #[test]
    fn jsonl_too_long_lines_are_errors_not_memory() {
        let input = format!(
            "{{\"id\":1,\"text\":\"ok\"}}\n{{\"id\":2,\"text\":\"{}\"}}\n{{\"id\":3,\"text\":\"ok\"}}",
            "x".repeat(1000)
        );
        let opts = JsonlOptions { threads: 2, max_bytes: 100, window: 2 };
        let mut out = Vec::new();
        run_jsonl(input.as_bytes(), &mut out, &opts, &upper, &()).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("line 2: record too large: 1018 bytes"), "{}", lines[1]);
        assert!(lines[2].contains("\"id\":3"));
    }

    /// A writer that fails after some bytes, like a closed pipe.
    struct Broken(usize);
    impl Write for Broken {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.0 < buf.len() {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
            }
            self.0 -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn jsonl_stops_on_a_closed_output() {
        let input = "{\"id\":1,\"text\":\"a b\"}\n".repeat(10_000);
        let opts = JsonlOptions { threads: 2, window: 8, ..JsonlOptions::default() };
        let err = run_jsonl(input.as_bytes(), Broken(500), &opts, &upper, &()).unwrap_err();
        assert!(err.to_string().contains("closed"), "{err}");
    }
}
