//! Hand-written HTTP/1.1 framing: request heads, request bodies (Content-Length or
//! chunked, with `Expect: 100-continue`) and responses.
//!
//! Kept at the byte level on purpose: fault injection (resets after N bytes,
//! truncated bodies, slow responses) hooks in here.

use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};

/// Longest accepted request line or header line.
const MAX_LINE: u64 = 16 * 1024;
/// Largest accepted request head (request line plus headers).
const MAX_HEAD: u64 = 256 * 1024;
/// Most header lines accepted in one request.
const MAX_HEADERS: usize = 256;

/// A parsed request line and header block.
#[derive(Debug, Clone)]
pub(crate) struct RequestHead {
    /// Method as received (`GET`, `PUT`, …).
    pub method: String,
    /// `true` for HTTP/1.1 (or later), `false` for HTTP/1.0.
    pub http11: bool,
    /// Authority the request is for: from an absolute-form target, else the `Host` header.
    pub authority: String,
    /// Raw (still percent-encoded) path, always starting with `/`.
    pub raw_path: String,
    /// Raw query string without `?` (empty when absent).
    pub raw_query: String,
    /// Headers as received, in order.
    pub headers: Vec<(String, String)>,
}

impl RequestHead {
    /// First value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// First non-empty value of header `name` (empty headers count as absent).
    pub fn header_nonempty(&self, name: &str) -> Option<&str> {
        self.header(name).filter(|v| !v.is_empty())
    }

    /// Whether the client allows the connection to stay open.
    pub fn wants_keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http11 {
            !conn.split(',').any(|t| t.trim() == "close")
        } else {
            conn.split(',').any(|t| t.trim() == "keep-alive")
        }
    }
}

/// Why a request head could not be read.
#[derive(Debug)]
pub(crate) enum HeadError {
    /// The connection closed (or timed out) before a request started.
    Closed,
    /// The bytes received are not a valid HTTP/1.x request.
    Malformed(&'static str),
    /// An I/O error in the middle of a request head.
    Io(io::Error),
}

fn read_line<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> Result<usize, HeadError> {
    buf.clear();
    let n = reader
        .by_ref()
        .take(MAX_LINE)
        .read_until(b'\n', buf)
        .map_err(HeadError::Io)?;
    if n > 0 && buf.last() != Some(&b'\n') {
        if n as u64 >= MAX_LINE {
            return Err(HeadError::Malformed("header line too long"));
        }
        return Err(HeadError::Io(io::ErrorKind::UnexpectedEof.into()));
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(n)
}

/// Reads one request head. Blank lines before the request line are skipped.
pub(crate) fn read_head<R: BufRead>(reader: &mut R) -> Result<RequestHead, HeadError> {
    let mut line = Vec::new();
    let mut total: u64 = 0;
    loop {
        let n = match read_line(reader, &mut line) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(HeadError::Io(e)) if total == 0 => {
                return match e.kind() {
                    io::ErrorKind::UnexpectedEof => Err(HeadError::Closed),
                    _ => Err(HeadError::Io(e)),
                };
            }
            Err(e) => return Err(e),
        };
        total += n as u64;
        if !line.is_empty() {
            break;
        }
        if total > MAX_LINE {
            return Err(HeadError::Malformed("too many blank lines"));
        }
    }
    if line.iter().any(|&b| b < 0x20 || b == 0x7f) {
        // E.g. a bare CR in the target: it could end up in a header we send
        // (the host of an absolute-form target names a region).
        return Err(HeadError::Malformed(
            "control character in the request line",
        ));
    }
    let request_line = String::from_utf8(line.clone())
        .map_err(|_| HeadError::Malformed("request line is not UTF-8"))?;
    let mut parts = request_line.split(' ').filter(|p| !p.is_empty());
    let (method, target, version) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) => (m.to_string(), t.to_string(), v),
        _ => return Err(HeadError::Malformed("bad request line")),
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(HeadError::Malformed("unsupported HTTP version")),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(HeadError::Malformed("bad method"));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let n = read_line(reader, &mut line)?;
        if n == 0 {
            return Err(HeadError::Io(io::ErrorKind::UnexpectedEof.into()));
        }
        total += n as u64;
        if line.is_empty() {
            break;
        }
        if headers.len() >= MAX_HEADERS || total > MAX_HEAD {
            return Err(HeadError::Malformed("too many headers"));
        }
        if line[0] == b' ' || line[0] == b'\t' {
            // Obsolete line folding: append to the previous value.
            let cont = String::from_utf8_lossy(&line).trim().to_string();
            match headers.last_mut() {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(&cont);
                }
                None => return Err(HeadError::Malformed("continuation without header")),
            }
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let (name, value) = text
            .split_once(':')
            .ok_or(HeadError::Malformed("header without colon"))?;
        // Names are tokens: a user metadata name is sent back as it came.
        if !valid_header_name(name) {
            return Err(HeadError::Malformed("bad header name"));
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    let host_header = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.clone());
    if method == "CONNECT" {
        // Authority-form (`host:port`): a client opening a proxy tunnel.
        return Ok(RequestHead {
            method,
            http11,
            authority: target,
            raw_path: "/".to_string(),
            raw_query: String::new(),
            headers,
        });
    }
    let (authority, path_and_query) = split_target(&target, host_header.as_deref())?;
    let (raw_path, raw_query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (path_and_query, String::new()),
    };
    // A fragment never belongs to the request; drop it if a client sent one.
    let raw_query = raw_query.split('#').next().unwrap_or("").to_string();
    Ok(RequestHead {
        method,
        http11,
        authority,
        raw_path,
        raw_query,
        headers,
    })
}

/// Splits a request target into (authority, path-and-query).
fn split_target(target: &str, host: Option<&str>) -> Result<(String, String), HeadError> {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        Some(&target[7..])
    } else if lower.starts_with("https://") {
        Some(&target[8..])
    } else {
        None
    };
    match rest {
        Some(rest) => {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            let authority = &rest[..end];
            let authority = authority.rsplit('@').next().unwrap_or(authority);
            if authority.is_empty() {
                return Err(HeadError::Malformed("absolute-form target without host"));
            }
            let mut pq = rest[end..].to_string();
            if !pq.starts_with('/') {
                pq.insert(0, '/');
            }
            Ok((authority.to_string(), pq))
        }
        None if target.starts_with('/') => Ok((host.unwrap_or("").to_string(), target.to_string())),
        None if target == "*" => Ok((host.unwrap_or("").to_string(), "/".to_string())),
        None => Err(HeadError::Malformed("bad request target")),
    }
}

/// How the request body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// No body (no `Content-Length`, no `Transfer-Encoding`).
    None,
    /// `Content-Length: n`.
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
}

/// Determines the body framing from the headers.
pub(crate) fn framing(head: &RequestHead) -> Result<Framing, &'static str> {
    if let Some(te) = head.header("transfer-encoding") {
        let last = te.rsplit(',').next().unwrap_or("").trim();
        if last.eq_ignore_ascii_case("chunked") {
            return Ok(Framing::Chunked);
        }
        if !te.trim().is_empty() {
            return Err("unsupported Transfer-Encoding");
        }
    }
    let mut length: Option<u64> = None;
    for (n, v) in &head.headers {
        if n.eq_ignore_ascii_case("content-length") {
            let v: u64 = v.trim().parse().map_err(|_| "invalid Content-Length")?;
            if length.is_some_and(|l| l != v) {
                return Err("conflicting Content-Length headers");
            }
            length = Some(v);
        }
    }
    Ok(match length {
        Some(n) => Framing::Length(n),
        None => Framing::None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkState {
    /// Expecting a chunk-size line.
    Size,
    /// Inside chunk data with this many bytes left.
    Data(u64),
    /// Expecting the CRLF after chunk data.
    DataEnd,
    /// Last chunk seen; trailers are being skipped.
    Trailers,
    /// Body complete.
    Done,
}

/// Reads one request body off the connection.
///
/// The first read sends `100 Continue` when the client asked for it, so a handler
/// that rejects a request without touching the body never invites it.
pub(crate) struct BodyReader<'a, R: BufRead> {
    reader: &'a mut R,
    continue_to: Option<&'a mut dyn Write>,
    framing: Framing,
    remaining: u64,
    chunk: ChunkState,
    received: u64,
    failed: bool,
}

impl<'a, R: BufRead> BodyReader<'a, R> {
    /// A body reader for a request with `framing`; `continue_to` receives
    /// `100 Continue` before the first read when set.
    pub fn new(
        reader: &'a mut R,
        framing: Framing,
        continue_to: Option<&'a mut dyn Write>,
    ) -> Self {
        let remaining = match framing {
            Framing::Length(n) => n,
            _ => 0,
        };
        BodyReader {
            reader,
            continue_to,
            framing,
            remaining,
            chunk: ChunkState::Size,
            received: 0,
            failed: false,
        }
    }

    /// The framing of this body.
    pub fn framing(&self) -> Framing {
        self.framing
    }

    /// Body bytes read so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Whether the whole body has been read.
    pub fn is_finished(&self) -> bool {
        match self.framing {
            Framing::None => true,
            Framing::Length(_) => self.remaining == 0,
            Framing::Chunked => self.chunk == ChunkState::Done,
        }
    }

    /// Whether a `100 Continue` was asked for and has not been sent (the client
    /// may still be waiting before it sends the body).
    pub fn continue_pending(&self) -> bool {
        self.continue_to.is_some()
    }

    /// Reads and discards the rest of the body, up to `limit` bytes.
    /// Returns whether the body is now complete.
    pub fn drain(&mut self, limit: u64) -> bool {
        if self.failed {
            return false;
        }
        let mut sink = io::sink();
        let _ = io::copy(&mut self.by_ref().take(limit), &mut sink);
        !self.failed && self.is_finished()
    }

    fn send_continue(&mut self) -> io::Result<()> {
        if let Some(w) = self.continue_to.take() {
            w.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            w.flush()?;
        }
        Ok(())
    }

    fn read_chunk_line(&mut self) -> io::Result<String> {
        let mut line = Vec::new();
        let n = self
            .reader
            .by_ref()
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        while matches!(line.last(), Some(b'\n' | b'\r')) {
            line.pop();
        }
        String::from_utf8(line).map_err(|_| invalid("chunk line is not UTF-8"))
    }

    fn read_chunked(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.chunk {
                ChunkState::Done => return Ok(0),
                ChunkState::Size => {
                    let line = self.read_chunk_line()?;
                    let size = line.split(';').next().unwrap_or("").trim();
                    let size =
                        u64::from_str_radix(size, 16).map_err(|_| invalid("bad chunk size"))?;
                    self.chunk = if size == 0 {
                        ChunkState::Trailers
                    } else {
                        ChunkState::Data(size)
                    };
                }
                ChunkState::Data(left) => {
                    let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                    let n = self.reader.read(&mut buf[..want])?;
                    if n == 0 {
                        return Err(io::ErrorKind::UnexpectedEof.into());
                    }
                    let left = left - n as u64;
                    self.chunk = if left == 0 {
                        ChunkState::DataEnd
                    } else {
                        ChunkState::Data(left)
                    };
                    return Ok(n);
                }
                ChunkState::DataEnd => {
                    let line = self.read_chunk_line()?;
                    if !line.is_empty() {
                        return Err(invalid("missing CRLF after chunk data"));
                    }
                    self.chunk = ChunkState::Size;
                }
                ChunkState::Trailers => {
                    let line = self.read_chunk_line()?;
                    if line.is_empty() {
                        self.chunk = ChunkState::Done;
                    }
                }
            }
        }
    }
}

fn invalid(msg: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg)
}

impl<R: BufRead> Read for BodyReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Err(invalid("request body already failed"));
        }
        if buf.is_empty() || self.is_finished() {
            return Ok(0);
        }
        self.send_continue()?;
        let result = match self.framing {
            Framing::None => Ok(0),
            Framing::Length(_) => {
                let want = buf
                    .len()
                    .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
                match self.reader.read(&mut buf[..want]) {
                    Ok(0) => Err(io::ErrorKind::UnexpectedEof.into()),
                    Ok(n) => {
                        self.remaining -= n as u64;
                        Ok(n)
                    }
                    Err(e) => Err(e),
                }
            }
            Framing::Chunked => self.read_chunked(buf),
        };
        match result {
            Ok(n) => {
                self.received += n as u64;
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                self.failed = true;
                Err(e)
            }
        }
    }
}

/// A response body.
pub(crate) enum Body {
    /// No body.
    Empty,
    /// Bytes in memory.
    Bytes(Vec<u8>),
    /// `len` bytes of `file` starting at `offset`, streamed from disk.
    File { file: File, offset: u64, len: u64 },
    /// A body of unknown length, sent with `Transfer-Encoding: chunked` (one
    /// chunk per `read`).
    Stream(Box<dyn Read + Send>),
}

impl Body {
    /// Length when known in advance.
    pub fn len(&self) -> Option<u64> {
        match self {
            Body::Empty => Some(0),
            Body::Bytes(b) => Some(b.len() as u64),
            Body::File { len, .. } => Some(*len),
            Body::Stream(_) => None,
        }
    }
}

/// A response ready to be written.
pub(crate) struct Response {
    /// Status code.
    pub status: u16,
    /// Headers set by the handler (framing and common headers are added on write).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Body,
    /// Pace of the answer in bit/s (`x-cos-traffic-limit`), if limited.
    pub rate_limit: Option<u64>,
}

impl Response {
    /// A response with no headers and no body.
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Body::Empty,
            rate_limit: None,
        }
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Adds a header.
    pub fn push_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.push((name.to_string(), value.into()));
    }

    /// Replaces (or adds) a header.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.into()));
    }

    /// A response whose body is an XML document.
    pub fn xml(status: u16, body: Vec<u8>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type".into(), "application/xml".into())],
            body: Body::Bytes(body),
            rate_limit: None,
        }
    }
}

/// Whether `value` holds a byte that would end or corrupt a header line (CR,
/// LF or NUL): never allowed in a header the emulator sends.
pub(crate) fn breaks_header_line(value: &str) -> bool {
    value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0))
}

/// Whether `b` may appear in a header name (an RFC 9110 `tchar`).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Whether `name` is a valid header name (a non-empty RFC 9110 token).
fn valid_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(is_tchar)
}

/// Writes a bare `500 InternalError` (closing the connection) in place of a
/// response that carries a header which cannot be sent, and returns the error
/// the caller sees. Handlers reject such values earlier (`400
/// InvalidArgument`); this is the last line of defence against response
/// splitting, so a bug shows up as a loud 500 and never as an injected header.
fn refuse_bad_header(
    out: &mut dyn Write,
    headers: &[(String, String)],
    head_only: bool,
) -> io::Result<u64> {
    let bad: Vec<String> = headers
        .iter()
        .filter(|(n, v)| !valid_header_name(n) || breaks_header_line(v))
        .map(|(n, _)| format!("{n:?}"))
        .collect();
    eprintln!(
        "cos-emulator: refused to send header(s) {} containing CR, LF, NUL or an invalid name; answered 500 instead",
        bad.join(", ")
    );
    let body = format!(
        "{}<Error><Code>InternalError</Code><Message>The emulator refused to send a response header containing CR, LF or NUL.</Message></Error>",
        crate::xml::DECLARATION
    );
    let mut head = String::from(
        "HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Type: application/xml\r\n",
    );
    for (n, v) in headers {
        if n.eq_ignore_ascii_case("x-cos-request-id") && !breaks_header_line(v) {
            head.push_str(&format!("x-cos-request-id: {v}\r\n"));
        }
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(body.as_bytes())?;
    }
    out.flush()?;
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "response header with CR, LF or NUL refused",
    ))
}

/// Reason phrase of a status code.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        206 => "Partial Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        411 => "Length Required",
        412 => "Precondition Failed",
        408 => "Request Timeout",
        416 => "Requested Range Not Satisfiable",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// A fault applied to the body while it is written (the headers are unchanged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum BodyFault {
    /// The body as is.
    #[default]
    None,
    /// Only the first `n` body bytes are sent.
    Cut(u64),
    /// Every bit of the middle body byte is flipped (of a body of known length;
    /// the first byte of a chunked one).
    FlipMiddle,
}

/// Marks the error [`FaultyBody`] returns once its cut is reached.
#[derive(Debug)]
struct CutReached;

impl std::fmt::Display for CutReached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("body cut by an injected fault")
    }
}

impl std::error::Error for CutReached {}

/// Writes body bytes through, applying a cut and/or one flipped byte.
struct FaultyBody<'a, W: Write> {
    inner: &'a mut W,
    pos: u64,
    cut: Option<u64>,
    flip: Option<u64>,
}

impl<W: Write> FaultyBody<'_, W> {
    fn cut_reached(&self) -> bool {
        self.cut.is_some_and(|c| self.pos >= c)
    }
}

impl<W: Write> Write for FaultyBody<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut n = buf.len();
        if let Some(cut) = self.cut {
            let left = cut.saturating_sub(self.pos);
            if left == 0 && n > 0 {
                return Err(io::Error::other(CutReached));
            }
            n = n.min(usize::try_from(left).unwrap_or(usize::MAX));
        }
        let data = &buf[..n];
        let written = match self.flip {
            Some(at) if at >= self.pos && at - self.pos < n as u64 => {
                let mut copy = data.to_vec();
                let i = (at - self.pos) as usize;
                copy[i] = !copy[i];
                self.inner.write_all(&copy)?;
                n
            }
            _ => self.inner.write(data)?,
        };
        self.pos += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `response` to `out`. `headers` must already hold every header except
/// the framing ones, which are derived from the body here. With `head_only` the
/// body is not sent (but its length is announced). `fault` changes the body
/// bytes sent (never the headers); a cut body still returns `Ok`.
///
/// A header name or value that would break the head (CR, LF, NUL, a bad name)
/// is never written: the whole response is replaced by a `500` and an error
/// is returned, so the connection closes.
pub(crate) fn write_response(
    out: &mut dyn Write,
    response: Response,
    head_only: bool,
    fault: BodyFault,
) -> io::Result<u64> {
    let Response {
        status,
        headers,
        body,
        rate_limit,
    } = response;
    if headers
        .iter()
        .any(|(n, v)| !valid_header_name(n) || breaks_header_line(v))
    {
        return refuse_bad_header(out, &headers, head_only);
    }
    let no_body_status = status == 304 || status == 204 || (100..200).contains(&status);
    let mut head = format!("HTTP/1.1 {} {}\r\n", status, reason(status));
    let length = body.len();
    for (n, v) in &headers {
        head.push_str(n);
        head.push_str(": ");
        head.push_str(v);
        head.push_str("\r\n");
    }
    let chunked = length.is_none() && !head_only && !no_body_status;
    if chunked {
        head.push_str("Transfer-Encoding: chunked\r\n");
    } else {
        // COS sends `Content-Length: 0` even on 204 / 304; clients ignore it there.
        head.push_str(&format!(
            "Content-Length: {}\r\n",
            if no_body_status {
                0
            } else {
                length.unwrap_or(0)
            }
        ));
    }
    head.push_str("\r\n");
    // A limited answer goes through a pacing writer, in small buffers so the
    // pace shows from the first bytes.
    let mut paced;
    let (out, capacity): (&mut dyn Write, usize) = match rate_limit {
        Some(bits) => {
            paced = crate::throttle::ThrottledWriter::new(out, bits);
            (&mut paced, 8 * 1024)
        }
        None => (out, 64 * 1024),
    };
    let mut out = io::BufWriter::with_capacity(capacity, out);
    out.write_all(head.as_bytes())?;
    let mut sent = head.len() as u64;
    if !head_only && !no_body_status {
        let (cut, flip) = match fault {
            BodyFault::None => (None, None),
            BodyFault::Cut(n) => (Some(n), None),
            BodyFault::FlipMiddle => (None, Some(length.map(|l| l / 2).unwrap_or(0))),
        };
        let mut faulty = FaultyBody {
            inner: &mut out,
            pos: 0,
            cut,
            flip,
        };
        match write_body(&mut faulty, body) {
            Ok(()) => {}
            Err(_) if faulty.cut_reached() => {}
            Err(e) => return Err(e),
        }
        sent += faulty.pos;
    }
    out.flush()?;
    Ok(sent)
}

/// Writes the body bytes (chunk framing included for a stream).
fn write_body<W: Write>(out: &mut FaultyBody<'_, W>, body: Body) -> io::Result<()> {
    match body {
        Body::Empty => {}
        Body::Bytes(b) => out.write_all(&b)?,
        Body::File {
            mut file,
            offset,
            len,
        } => {
            file.seek(SeekFrom::Start(offset))?;
            let copied = io::copy(&mut file.take(len), out)?;
            if copied != len {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "object file shorter than expected",
                ));
            }
        }
        Body::Stream(mut reader) => {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = reader.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                write!(out.inner, "{n:X}\r\n")?;
                out.write_all(&buf[..n])?;
                out.inner.write_all(b"\r\n")?;
                // Each chunk goes out now: keep-alive bytes must not wait.
                out.inner.flush()?;
            }
            out.inner.write_all(b"0\r\n\r\n")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw: &str) -> RequestHead {
        read_head(&mut io::Cursor::new(raw.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn parses_origin_and_absolute_form() {
        let h = head(
            "GET /a%20b?acl HTTP/1.1\r\nHost: x.cos.ap-beijing.myqcloud.com:8080\r\nX-A:  v \r\n\r\n",
        );
        assert_eq!(h.method, "GET");
        assert_eq!(h.authority, "x.cos.ap-beijing.myqcloud.com:8080");
        assert_eq!(h.raw_path, "/a%20b");
        assert_eq!(h.raw_query, "acl");
        assert_eq!(h.header("x-a"), Some("v"));
        assert!(h.wants_keep_alive());
        let h = head(
            "PUT http://b-1250000000.cos.ap-guangzhou.myqcloud.com/k?x=1 HTTP/1.1\r\nHost: ignored\r\n\r\n",
        );
        assert_eq!(h.authority, "b-1250000000.cos.ap-guangzhou.myqcloud.com");
        assert_eq!(h.raw_path, "/k");
        assert_eq!(h.raw_query, "x=1");
        let h = head("GET http://127.0.0.1:9000 HTTP/1.0\r\n\r\n");
        assert_eq!(
            (h.authority.as_str(), h.raw_path.as_str()),
            ("127.0.0.1:9000", "/")
        );
        assert!(!h.wants_keep_alive());
    }

    #[test]
    fn rejects_garbage() {
        for raw in [
            "GET\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            "GET foo HTTP/1.1\r\n\r\n",
        ] {
            assert!(
                matches!(
                    read_head(&mut io::Cursor::new(raw.as_bytes().to_vec())),
                    Err(HeadError::Malformed(_))
                ),
                "{raw}"
            );
        }
        assert!(matches!(
            read_head(&mut io::Cursor::new(Vec::new())),
            Err(HeadError::Closed)
        ));
    }

    #[test]
    fn chunked_body_and_continue() {
        let mut input = io::Cursor::new(
            b"5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\nNEXT".to_vec(),
        );
        let mut sent = Vec::new();
        let mut body = BodyReader::new(&mut input, Framing::Chunked, Some(&mut sent));
        assert!(body.continue_pending());
        let mut s = String::new();
        body.read_to_string(&mut s).unwrap();
        assert_eq!(s, "hello world");
        assert!(body.is_finished());
        assert_eq!(body.received(), 11);
        assert_eq!(sent, b"HTTP/1.1 100 Continue\r\n\r\n");
        let mut rest = String::new();
        input.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "NEXT");
    }

    #[test]
    fn writer_never_sends_a_split_header() {
        for (name, value) in [
            ("Content-Type", "a\r\nSet-Cookie: x=1"),
            ("Content-Type", "a\rSet-Cookie: x=1"),
            ("x-cos-meta-a", "a\nSet-Cookie: x=1"),
            ("x-cos-meta-a", "a\0b"),
            ("Set-Cookie: x=1\r\nX", "v"),
            ("", "v"),
        ] {
            let mut resp = Response::new(200)
                .with_header("x-cos-request-id", "rid")
                .with_header(name, value);
            resp.body = Body::Bytes(b"secret body".to_vec());
            let mut out = Vec::new();
            let err = write_response(&mut out, resp, false, BodyFault::None).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidData);
            let text = String::from_utf8(out).unwrap();
            assert!(text.starts_with("HTTP/1.1 500 "), "{text}");
            assert!(!text.to_ascii_lowercase().contains("set-cookie"), "{text}");
            assert!(!text.contains("secret body"), "{text}");
            assert!(text.contains("\r\nx-cos-request-id: rid\r\n"), "{text}");
            assert!(text.contains("\r\nConnection: close\r\n"), "{text}");
        }
        // A clean response goes out as is.
        let mut out = Vec::new();
        let resp = Response::new(200).with_header("Content-Type", "text/plain; charset=utf-8");
        write_response(&mut out, resp, false, BodyFault::None).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with("HTTP/1.1 200 OK\r\n")
        );
    }

    #[test]
    fn control_characters_in_the_request_line_are_malformed() {
        for raw in [
            "GET /a\rb HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET http://b-1.cos.ap-x\rSet-Cookie:1.myqcloud.com/ HTTP/1.1\r\n\r\n",
            "GET /a\0b HTTP/1.1\r\n\r\n",
            "GET /a\tb HTTP/1.1\r\n\r\n",
        ] {
            assert!(
                matches!(
                    read_head(&mut io::Cursor::new(raw.as_bytes().to_vec())),
                    Err(HeadError::Malformed(_))
                ),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn short_length_body_fails() {
        let mut input = io::Cursor::new(b"abc".to_vec());
        let mut body = BodyReader::new(&mut input, Framing::Length(5), None);
        let mut v = Vec::new();
        let e = body.read_to_end(&mut v).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        assert!(!body.drain(100));
    }
}
