//! Request bodies and download destinations.

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use base64::Engine;
use md5::{Digest, Md5};

use crate::cancel::CancelToken;
use crate::error::CosError;

/// The body of an upload: bytes in memory, a file, or any reader of known
/// length. Files and readers are streamed, never read whole into memory.
///
/// ```
/// use cos_sdk::Body;
/// let from_text = Body::from("hello");
/// let from_file = Body::from_file("/tmp/report.pdf");
/// let from_reader = Body::from_reader(std::io::repeat(b'x').take(1024), 1024);
/// # use std::io::Read;
/// # drop((from_text, from_file, from_reader));
/// ```
#[derive(Default)]
pub struct Body {
    source: Source,
}

/// A reader that can go back to where it started, so a failed request can
/// be sent again.
trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

enum Source {
    /// In memory; shared so retries and part buffers need no copy.
    Bytes(SharedBytes),
    /// Streamed from disk; `length` is fixed by the first send, so a file
    /// that changes between attempts is noticed.
    File { path: PathBuf, length: Option<u64> },
    /// Any reader: sent once, never replayed.
    Reader {
        reader: Box<dyn Read + Send>,
        length: u64,
        used: bool,
    },
    /// A seekable reader: replayed from where it started.
    Seekable {
        reader: Box<dyn ReadSeek>,
        length: u64,
        start: Option<u64>,
    },
}

impl Default for Source {
    fn default() -> Self {
        Source::Bytes(SharedBytes::default())
    }
}

impl Body {
    /// An empty body (a 0-byte object).
    pub fn empty() -> Self {
        Body::default()
    }

    /// The contents of a file, streamed from disk when the request is sent
    /// (and read again from the start if it has to be retried).
    pub fn from_file(path: impl Into<PathBuf>) -> Self {
        Body {
            source: Source::File {
                path: path.into(),
                length: None,
            },
        }
    }

    /// Exactly `length` bytes read from `reader`. A reader that ends early
    /// fails the upload instead of storing a short object. A plain reader
    /// cannot be read twice, so a request with it is not retried; use
    /// [`from_seekable_reader`](Self::from_seekable_reader) when it can seek.
    pub fn from_reader(reader: impl Read + Send + 'static, length: u64) -> Self {
        Body {
            source: Source::Reader {
                reader: Box::new(reader),
                length,
                used: false,
            },
        }
    }

    /// Exactly `length` bytes from a reader that can seek: a failed request
    /// is retried from the reader's starting position.
    pub fn from_seekable_reader(reader: impl Read + Seek + Send + 'static, length: u64) -> Self {
        Body {
            source: Source::Seekable {
                reader: Box::new(reader),
                length,
                start: None,
            },
        }
    }

    /// In-memory bytes that stay shared (multipart parts kept for retries).
    pub(crate) fn shared(bytes: SharedBytes) -> Self {
        Body {
            source: Source::Bytes(bytes),
        }
    }

    /// The bytes, when the body is in memory (for `Content-MD5`).
    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bytes(bytes) => Some(bytes.as_ref()),
            _ => None,
        }
    }

    /// Base64 MD5 of the whole body for `Content-MD5`, so COS refuses bytes
    /// damaged in transit (`400 BadDigest`) instead of storing them. Files
    /// and seekable readers are read once more for it (and rewound); `None`
    /// for a plain reader, which can only be read once.
    pub(crate) fn content_md5(
        &mut self,
        cancel: Option<&CancelToken>,
    ) -> Result<Option<String>, CosError> {
        if matches!(self.source, Source::Reader { .. }) {
            return Ok(None);
        }
        if let Source::Bytes(bytes) = &self.source {
            return Ok(Some(crate::execute::content_md5(bytes.as_ref())));
        }
        let mut open = self.open()?;
        let mut md5 = Md5::new();
        let mut buffer = vec![0u8; 256 * 1024];
        loop {
            if cancel.is_some_and(CancelToken::is_cancelled) {
                return Err(CosError::cancelled(
                    "upload cancelled while hashing its body",
                ));
            }
            match open.reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => md5.update(&buffer[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    return Err(CosError::invalid_parameter("Body", e.to_string()));
                }
                Err(e) => return Err(CosError::io("cannot read the body to hash it", e)),
            }
        }
        Ok(Some(
            base64::engine::general_purpose::STANDARD.encode(md5.finalize()),
        ))
    }

    /// Whether the body can be sent again after a failed attempt.
    pub(crate) fn can_replay(&self) -> bool {
        !matches!(self.source, Source::Reader { .. })
    }

    /// Opens the body for one attempt: its length and a reader that yields
    /// exactly that many bytes.
    pub(crate) fn open(&mut self) -> Result<OpenBody<'_>, CosError> {
        match &mut self.source {
            Source::Bytes(bytes) => Ok(OpenBody {
                length: bytes.as_ref().len() as u64,
                reader: Box::new(io::Cursor::new(bytes.clone())),
            }),
            Source::File { path, length } => {
                let bad_file = |message: String| CosError::invalid_parameter("Body", message);
                let file = File::open(&*path)
                    .map_err(|e| bad_file(format!("cannot open {}: {e}", path.display())))?;
                let metadata = file
                    .metadata()
                    .map_err(|e| bad_file(format!("cannot stat {}: {e}", path.display())))?;
                if !metadata.is_file() {
                    return Err(bad_file(format!(
                        "{} is not a regular file",
                        path.display()
                    )));
                }
                let size = metadata.len();
                if length.is_some_and(|first| first != size) {
                    return Err(CosError::io(
                        format!("{} changed size between attempts", path.display()),
                        io::Error::other("file changed"),
                    ));
                }
                *length = Some(size);
                Ok(OpenBody {
                    length: size,
                    reader: Box::new(ExactReader::new(file, size).ending_there()),
                })
            }
            Source::Reader {
                reader,
                length,
                used,
            } => {
                if *used {
                    return Err(CosError::io(
                        "a plain reader body cannot be sent twice",
                        io::Error::other("body already consumed"),
                    ));
                }
                *used = true;
                Ok(OpenBody {
                    length: *length,
                    reader: Box::new(ExactReader::new(reader, *length)),
                })
            }
            Source::Seekable {
                reader,
                length,
                start,
            } => {
                let seek_error = |e| CosError::io("cannot rewind the body reader", e);
                match *start {
                    None => *start = Some(reader.stream_position().map_err(seek_error)?),
                    Some(position) => {
                        reader.seek(SeekFrom::Start(position)).map_err(seek_error)?;
                    }
                }
                Ok(OpenBody {
                    length: *length,
                    reader: Box::new(ExactReader::new(reader, *length)),
                })
            }
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Bytes(bytes) => write!(f, "Body::Bytes({} bytes)", bytes.as_ref().len()),
            Source::File { path, .. } => write!(f, "Body::File({})", path.display()),
            Source::Reader { length, .. } => write!(f, "Body::Reader({length} bytes)"),
            Source::Seekable { length, .. } => write!(f, "Body::SeekableReader({length} bytes)"),
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body::shared(SharedBytes(std::sync::Arc::new(bytes)))
    }
}

impl From<&[u8]> for Body {
    fn from(bytes: &[u8]) -> Self {
        Body::from(bytes.to_vec())
    }
}

impl From<String> for Body {
    fn from(text: String) -> Self {
        Body::from(text.into_bytes())
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Self {
        Body::from(text.as_bytes())
    }
}

/// A reusable buffer shared between a transfer worker and the requests
/// sending it.
#[derive(Clone, Default)]
pub(crate) struct SharedBytes(pub std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A body ready to send.
pub(crate) struct OpenBody<'a> {
    pub length: u64,
    pub reader: Box<dyn Read + Send + 'a>,
}

/// Yields exactly `remaining` bytes: stops there even if the source has more
/// (a file that grew) and fails if the source ends early (a file that shrank),
/// so a short body never becomes a short object.
struct ExactReader<R> {
    inner: R,
    remaining: u64,
    /// The source must end exactly at the length (a file): more data means
    /// its size was unknown (`/proc`) or it grew while being sent.
    must_end: bool,
}

impl<R: Read> ExactReader<R> {
    fn new(inner: R, length: u64) -> Self {
        ExactReader {
            inner,
            remaining: length,
            must_end: false,
        }
    }

    fn ending_there(self) -> Self {
        ExactReader {
            must_end: true,
            ..self
        }
    }
}

impl<R: Read> Read for ExactReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.remaining == 0 {
            if self.must_end && self.inner.read(&mut [0u8; 1])? > 0 {
                self.must_end = false;
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the file has more bytes than its size said (it grew, or its size is unknown)",
                ));
            }
            self.must_end = false;
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "body ended {} bytes before its announced length",
                    self.remaining
                ),
            ));
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Where [`get_object`](crate::Cos::get_object) puts the object (Node's
/// `Output`).
#[derive(Default)]
pub enum Output {
    /// Into `data.body` (Node's default `Body` buffer).
    #[default]
    Memory,
    /// Into a file. The object is written to a temporary file beside it and
    /// renamed into place only once complete, so the path never holds a
    /// partial or error body.
    File(PathBuf),
    /// Streamed into any writer.
    Writer(Box<dyn Write + Send>),
}

impl fmt::Debug for Output {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Output::Memory => write!(f, "Output::Memory"),
            Output::File(path) => write!(f, "Output::File({})", path.display()),
            Output::Writer(_) => write!(f, "Output::Writer(..)"),
        }
    }
}

impl From<PathBuf> for Output {
    fn from(path: PathBuf) -> Self {
        Output::File(path)
    }
}

impl From<&std::path::Path> for Output {
    fn from(path: &std::path::Path) -> Self {
        Output::File(path.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_reader_stops_and_detects_short_sources() {
        let mut out = Vec::new();
        ExactReader::new(&b"hello world"[..], 5)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"hello");
        let err = ExactReader::new(&b"hi"[..], 5)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn seekable_readers_replay_and_plain_ones_do_not() {
        let mut cursor = io::Cursor::new(b"xxhello".to_vec());
        cursor.set_position(2);
        let mut body = Body::from_seekable_reader(cursor, 5);
        for _ in 0..2 {
            let mut out = Vec::new();
            body.open().unwrap().reader.read_to_end(&mut out).unwrap();
            assert_eq!(out, b"hello");
        }
        let mut plain = Body::from_reader(&b"hello"[..], 5);
        assert!(!plain.can_replay());
        assert!(plain.open().is_ok());
        assert!(plain.open().is_err());
    }

    #[test]
    fn missing_file_names_the_parameter() {
        let err = Body::from_file("/definitely/not/here.bin")
            .open()
            .err()
            .unwrap();
        assert_eq!(err.parameter(), Some("Body"));
        let err = Body::from_file(std::env::temp_dir()).open().err().unwrap();
        assert!(err.message().contains("not a regular file"));
    }
}
