//! The library's error type: every failure names the file (and where it knows them, the line and byte offset).

use std::path::PathBuf;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in vnocr, with enough context to tell the user where.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The input is not text we can read (binary, invalid UTF-8, too large ...).
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    /// A model file is missing, truncated, corrupted or of the wrong version.
    #[error("model {path}: {message}")]
    Model { path: PathBuf, message: String },
    /// Anything else, with a message.
    #[error("{0}")]
    Other(String),
}
