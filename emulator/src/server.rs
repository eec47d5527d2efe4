//! The server: the requests of one connection and their life cycle (parse →
//! route → authenticate → handle → respond → log). Connections themselves
//! (accepting, the serving pool, idle parking, timeouts) are in `conn.rs`.

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::LoggedRequest;
use crate::auth::{self, CredentialStore, Principal, SignedRequest};
use crate::clock::Clock;
use crate::conn::{After, Conn, ConnIo, Limits};
use crate::encoding::{decode_lossy, parse_query};
use crate::errors::CosError;
use crate::faults::{self, FaultKind, Faults};
use crate::handlers;
use crate::http::{self, Body, BodyFault, BodyReader, Framing, HeadError, RequestHead, Response};
use crate::routing::{self, Dispatch, Operation, Resolved};
use crate::store::Store;
use crate::xml::XmlWriter;

/// Largest unread request body drained to keep a connection alive.
const DRAIN_LIMIT: u64 = 1024 * 1024;
/// Entries kept in the request log.
const LOG_CAPACITY: usize = 10_000;

/// Shared server state.
pub(crate) struct State {
    /// The account's APPID.
    pub appid: String,
    /// Allowed clock skew in seconds.
    pub tolerance: u64,
    /// Accepted credentials.
    pub credentials: CredentialStore,
    /// Server clock.
    pub clock: Clock,
    /// Buckets and objects.
    pub store: Store,
    /// Smallest multipart part size (all parts but the last).
    pub min_part_size: u64,
    /// How long an archive restore takes (every tier).
    pub restore_delay: Duration,
    /// Injected faults.
    pub faults: Faults,
    /// Temporary credential issuer.
    pub sts: crate::sts::Issuer,
    /// Set when the emulator stops (ends fault delays early).
    pub stopping: AtomicBool,
    log: Mutex<VecDeque<LoggedRequest>>,
    ids: RequestIds,
}

impl State {
    /// Builds the state.
    pub fn new(
        appid: String,
        tolerance: u64,
        credentials: CredentialStore,
        store: Store,
        min_part_size: u64,
    ) -> State {
        State {
            appid,
            tolerance,
            credentials,
            clock: Clock::default(),
            store,
            min_part_size,
            restore_delay: crate::DEFAULT_RESTORE_DELAY,
            faults: Faults::default(),
            sts: crate::sts::Issuer::default(),
            stopping: AtomicBool::new(false),
            log: Mutex::new(VecDeque::new()),
            ids: RequestIds::new(),
        }
    }

    /// A copy of the request log.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    /// Empties the request log.
    pub fn clear_request_log(&self) {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// Issues temporary credentials valid for `lifetime` from the server's now.
    pub fn issue_temporary_credentials(
        &self,
        lifetime: Duration,
    ) -> crate::sts::TemporaryCredentials {
        self.sts
            .issue(&self.credentials, self.clock.unix(), lifetime)
    }

    /// Sleeps for `d` unless the emulator stops first; false if it did.
    pub fn pause(&self, d: Duration) -> bool {
        let until = std::time::Instant::now() + d;
        loop {
            if self.stopping.load(Ordering::SeqCst) {
                return false;
            }
            let now = std::time::Instant::now();
            if now >= until {
                return true;
            }
            thread::sleep((until - now).min(Duration::from_millis(20)));
        }
    }

    fn record(&self, entry: LoggedRequest) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() >= LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(entry);
    }
}

/// Generates COS-looking request and trace ids.
struct RequestIds {
    seed: u64,
    counter: AtomicU64,
}

impl RequestIds {
    fn new() -> Self {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(std::process::id() as u64);
        RequestIds {
            seed: h.finish(),
            counter: AtomicU64::new(1),
        }
    }

    /// (request id, trace id).
    fn next(&self, now: u64) -> (String, String) {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let raw = format!(
            "{:08x}_{:08x}_{:x}_{}",
            now as u32,
            self.seed as u32,
            n,
            n % 7 + 1
        );
        let request_id = BASE64.encode(raw.as_bytes());
        let trace = auth::sha1_hex(format!("{}-{raw}", self.seed).as_bytes());
        (request_id, BASE64.encode(trace.as_bytes()))
    }
}

/// A request body as handlers see it.
pub(crate) trait RequestBody: Read {
    /// How the body is framed on the wire.
    fn framing(&self) -> Framing;
}

impl<R: io::BufRead> RequestBody for BodyReader<'_, R> {
    fn framing(&self) -> Framing {
        BodyReader::framing(self)
    }
}

/// A request body with the bits of one byte flipped on the way through (an
/// injected [`FaultKind::CorruptRequestBody`]), as a corrupting network would.
struct FlipByte<'a> {
    inner: &'a mut dyn RequestBody,
    /// Offset of the byte to flip.
    at: u64,
    /// Bytes passed through so far.
    pos: u64,
}

impl Read for FlipByte<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if self.at >= self.pos && self.at - self.pos < n as u64 {
            let i = (self.at - self.pos) as usize;
            buf[i] = !buf[i];
        }
        self.pos += n as u64;
        Ok(n)
    }
}

impl RequestBody for FlipByte<'_> {
    fn framing(&self) -> Framing {
        self.inner.framing()
    }
}

/// Everything a handler needs to know about a request.
pub(crate) struct Ctx<'a> {
    /// Server state.
    pub state: &'a State,
    /// Request line and headers.
    pub head: &'a RequestHead,
    /// Decoded query parameters.
    pub query: &'a [(String, String)],
    /// Routed target and decoded path.
    pub resolved: &'a Resolved,
    /// Who signed the request.
    pub principal: &'a Principal,
    /// Request id (also in `x-cos-request-id`).
    #[allow(dead_code)] // for handlers that echo it in bodies.
    pub request_id: &'a str,
}

impl Ctx<'_> {
    /// First value of query parameter `name` (case-sensitive).
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query parameter `name`, with empty values treated as absent.
    pub fn query_nonempty(&self, name: &str) -> Option<&str> {
        self.query(name).filter(|v| !v.is_empty())
    }

    /// Header `name`, with empty values treated as absent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.header_nonempty(name)
    }
}

/// What to do with a connection after a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Read the next request.
    KeepAlive,
    /// Close gracefully.
    Close,
    /// Reset the connection (injected fault).
    Reset,
}

/// Serves the requests of one connection for as long as they keep coming
/// without a pause: returns [`After::Idle`] when a keep-alive answer has gone
/// out and nothing more is buffered (the caller parks the connection until its
/// next request), [`After::Closed`] once it is closed or reset. Each request
/// head must be complete within the header timeout of its first byte; body
/// reads and writes fail after the idle and write timeouts.
pub(crate) fn serve_connection(state: &State, conn: &mut Conn, limits: &Limits) -> After {
    let stream = conn.stream();
    let mut writer: &TcpStream = &stream;
    let reader = &mut conn.reader;
    loop {
        reader.get_mut().limit(
            Some(Instant::now() + limits.header_timeout),
            limits.idle_timeout,
        );
        let head = match http::read_head(reader) {
            Ok(h) => h,
            Err(HeadError::Closed) | Err(HeadError::Io(_)) => break,
            Err(HeadError::Malformed(msg)) => {
                let (request_id, trace_id) = state.ids.next(state.clock.unix());
                let resp = error_response(
                    &CosError::bad_request(msg),
                    "/",
                    &request_id,
                    &trace_id,
                    false,
                );
                let _ = send(state, &mut writer, resp, &request_id, false, false);
                break;
            }
        };
        reader.get_mut().limit(None, limits.idle_timeout);
        if head.method == "CONNECT" {
            // Acting as the HTTP proxy of a client that tunnels (ureq does,
            // even for plain HTTP): the tunnel leads back to this server, so
            // the requests that follow are served as usual. TLS inside the
            // tunnel is not supported and fails as a malformed request.
            if writer
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .is_err()
            {
                break;
            }
            continue;
        }
        let framing = match http::framing(&head) {
            Ok(f) => f,
            Err(msg) => {
                let (request_id, trace_id) = state.ids.next(state.clock.unix());
                let resp = error_response(
                    &CosError::bad_request(msg),
                    "/",
                    &request_id,
                    &trace_id,
                    false,
                );
                let _ = send(state, &mut writer, resp, &request_id, false, false);
                break;
            }
        };
        match serve_request(state, &head, framing, reader, &mut writer) {
            Next::KeepAlive if reader.buffer().is_empty() => return After::Idle,
            Next::KeepAlive => {}
            Next::Close => break,
            Next::Reset => {
                reset(&stream);
                return After::Closed;
            }
        }
    }
    // Close gracefully: stop sending, then swallow what the client may still be
    // sending for a moment, so that it reads our response instead of a reset.
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_millis(500);
    reader
        .get_mut()
        .limit(Some(deadline), Duration::from_millis(500));
    let _ = io::copy(&mut reader.by_ref().take(8 * 1024 * 1024), &mut io::sink());
    After::Closed
}

/// Makes the connection end in a TCP reset once its last handle is dropped
/// (`SO_LINGER` 0 where available; elsewhere a plain shutdown).
fn reset(stream: &TcpStream) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let linger = libc::linger {
            l_onoff: 1,
            l_linger: 0,
        };
        // SAFETY: a valid socket descriptor and a correctly sized `linger` value.
        let rc = unsafe {
            libc::setsockopt(
                stream.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_LINGER,
                (&linger as *const libc::linger).cast(),
                std::mem::size_of::<libc::linger>() as libc::socklen_t,
            )
        };
        if rc == 0 {
            // Closing now sends the RST; shutting down first would send a FIN.
            return;
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
}

/// The decoded path of a request (for the log), as routing sees it.
fn request_path(head: &RequestHead) -> String {
    routing::resolve(&head.authority, &head.raw_path)
        .map(|r| r.path)
        .unwrap_or_else(|_| decode_lossy(&head.raw_path))
}

/// Serves one request whose head has been read, applying the injected fault
/// chosen for it, if any.
fn serve_request(
    state: &State,
    head: &RequestHead,
    framing: Framing,
    reader: &mut BufReader<ConnIo>,
    writer: &mut &TcpStream,
) -> Next {
    let fault = state.faults.select(head);
    let fault_note = fault.as_ref().map(|k| k.to_string());
    let has_body = !matches!(framing, Framing::None | Framing::Length(0));
    let head_only = head.method.eq_ignore_ascii_case("HEAD");
    let expects_continue = head.http11
        && head
            .header("expect")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("100-continue"))
        && has_body;
    let log = |path: String, status: u16, received: u64| LoggedRequest {
        method: head.method.clone(),
        host: head.authority.clone(),
        path,
        query: head.raw_query.clone(),
        status,
        bytes_received: received,
        headers: head.headers.clone(),
        fault: fault_note.clone(),
    };
    // A reset without an answer: uploads after `n` body bytes, and anything
    // that is neither an upload nor a GET at once. Nothing is handled.
    if let Some(FaultKind::ResetAfterBytes(n)) = fault {
        if has_body || !head.method.eq_ignore_ascii_case("GET") {
            let mut received = 0;
            if has_body && n > 0 {
                let continue_to: Option<&mut dyn Write> = if expects_continue {
                    Some(&mut *writer)
                } else {
                    None
                };
                let mut body = BodyReader::new(&mut *reader, framing, continue_to);
                let _ = io::copy(&mut body.by_ref().take(n), &mut io::sink());
                received = body.received();
            }
            state.record(log(request_path(head), 0, received));
            return Next::Reset;
        }
    }
    let (mut response, path, request_id, mut keep_alive, received) = {
        let continue_to: Option<&mut dyn Write> = if expects_continue {
            Some(&mut *writer)
        } else {
            None
        };
        let mut body = BodyReader::new(&mut *reader, framing, continue_to);
        let (response, path, request_id) = match &fault {
            Some(FaultKind::Status { status, code }) => {
                fault_error(state, head, *status, code, head_only)
            }
            Some(FaultKind::OkWithError { code }) => {
                // COS reads the whole request, then starts its 200 answer.
                let _ = body.drain(DRAIN_LIMIT);
                ok_with_error(state, head, code)
            }
            Some(FaultKind::CorruptRequestBody) => {
                // The middle byte when the length is known, else the first.
                let at = match framing {
                    Framing::Length(n) => n / 2,
                    _ => 0,
                };
                let mut corrupt = FlipByte {
                    inner: &mut body,
                    at,
                    pos: 0,
                };
                handle_request(state, head, &mut corrupt)
            }
            _ => handle_request(state, head, &mut body),
        };
        let mut keep_alive = head.wants_keep_alive();
        if !body.is_finished() && (body.continue_pending() || !body.drain(DRAIN_LIMIT)) {
            keep_alive = false;
        }
        (response, path, request_id, keep_alive, body.received())
    };
    if fault == Some(FaultKind::DropAnswer) {
        // Handled (and the body read); the answer is lost on the way back.
        state.record(log(path, 0, received));
        return Next::Reset;
    }
    let mut body_fault = BodyFault::None;
    let mut next_after = Next::KeepAlive;
    match &fault {
        Some(FaultKind::CorruptCrc) => {
            let wrong = response
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("x-cos-hash-crc64ecma"))
                .map(|(_, v)| match v.trim().parse::<u64>() {
                    Ok(crc) => (crc ^ 1).to_string(),
                    Err(_) => format!("{v}1"),
                });
            if let Some(wrong) = wrong {
                response.set_header("x-cos-hash-crc64ecma", wrong);
            }
        }
        Some(FaultKind::TruncateBody(n)) => {
            body_fault = BodyFault::Cut(*n);
            keep_alive = false;
        }
        Some(FaultKind::ResetAfterBytes(n)) => {
            body_fault = BodyFault::Cut(*n);
            next_after = Next::Reset;
        }
        Some(FaultKind::CorruptBody) => body_fault = BodyFault::FlipMiddle,
        _ => {}
    }
    // Logged before the response goes out, so a client that has its answer
    // always finds the entry.
    state.record(log(path, response.status, received));
    if let Some(FaultKind::Delay(d)) = fault {
        if !state.pause(d) {
            return Next::Close;
        }
    }
    let sent = http::write_response(
        writer,
        with_common_headers(state, response, &request_id, keep_alive),
        head_only,
        body_fault,
    );
    if next_after == Next::Reset {
        return Next::Reset;
    }
    if sent.is_err() {
        // E.g. a client that stopped reading (write timeout): drop it at once.
        return Next::Reset;
    }
    if !keep_alive {
        return Next::Close;
    }
    Next::KeepAlive
}

/// The answer of a [`FaultKind::Status`] fault.
fn fault_error(
    state: &State,
    head: &RequestHead,
    status: u16,
    code: &str,
    head_only: bool,
) -> (Response, String, String) {
    let (request_id, trace_id) = state.ids.next(state.clock.unix());
    let path = request_path(head);
    let resource = format!("{}{path}", routing::host_without_port(&head.authority));
    let message = faults::message_for(code);
    let resp = error_parts(
        status,
        code,
        &message,
        &resource,
        &request_id,
        &trace_id,
        head_only,
    );
    (resp, path, request_id)
}

/// Pieces of a body sent one `read` (one chunk) at a time, pausing between them.
struct Pieces {
    pieces: VecDeque<Vec<u8>>,
    pause: Duration,
    started: bool,
}

impl Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(front) = self.pieces.front_mut() else {
            return Ok(0);
        };
        if self.started {
            thread::sleep(self.pause);
        }
        self.started = true;
        let n = buf.len().min(front.len());
        buf[..n].copy_from_slice(&front[..n]);
        front.drain(..n);
        if front.is_empty() {
            self.pieces.pop_front();
        }
        Ok(n)
    }
}

/// The answer of a [`FaultKind::OkWithError`] fault: `200 OK`, chunked,
/// whitespace keep-alive chunks, then an `<Error>` document.
fn ok_with_error(state: &State, head: &RequestHead, code: &str) -> (Response, String, String) {
    let (request_id, trace_id) = state.ids.next(state.clock.unix());
    let path = request_path(head);
    let resource = format!("{}{path}", routing::host_without_port(&head.authority));
    let mut w = XmlWriter::new();
    w.open("Error")
        .elem("Code", code)
        .elem("Message", &faults::message_for(code))
        .elem("Resource", &resource)
        .elem("RequestId", &request_id)
        .elem("TraceId", &trace_id)
        .close("Error");
    let pieces = VecDeque::from(vec![
        b" ".to_vec(),
        b"\n".to_vec(),
        b" ".to_vec(),
        w.finish(),
    ]);
    let mut resp = Response::new(200);
    resp.push_header("Content-Type", "application/xml");
    resp.body = Body::Stream(Box::new(Pieces {
        pieces,
        pause: Duration::from_millis(10),
        started: false,
    }));
    (resp, path, request_id)
}

/// Adds the common headers and writes the response.
fn send(
    state: &State,
    writer: &mut &TcpStream,
    response: Response,
    request_id: &str,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<u64> {
    let response = with_common_headers(state, response, request_id, keep_alive);
    http::write_response(writer, response, head_only, BodyFault::None)
}

/// Puts `Connection`, `Date`, `Server` and `x-cos-request-id` in front of the
/// handler's headers.
fn with_common_headers(
    state: &State,
    mut response: Response,
    request_id: &str,
    keep_alive: bool,
) -> Response {
    let date = crate::timefmt::http_date(state.clock.now());
    let mut headers = vec![
        (
            "Connection".to_string(),
            if keep_alive { "keep-alive" } else { "close" }.to_string(),
        ),
        ("Date".to_string(), date),
        ("Server".to_string(), "tencent-cos".to_string()),
        ("x-cos-request-id".to_string(), request_id.to_string()),
    ];
    headers.append(&mut response.headers);
    response.headers = headers;
    response
}

/// Builds the error response of spec §3.4 (no body for HEAD).
pub(crate) fn error_response(
    err: &CosError,
    resource: &str,
    request_id: &str,
    trace_id: &str,
    head_only: bool,
) -> Response {
    let mut resp = error_parts(
        err.status,
        err.code,
        &err.message,
        resource,
        request_id,
        trace_id,
        head_only,
    );
    let trace = resp.headers.pop();
    for (name, value) in &err.headers {
        resp.push_header(name, value.clone());
    }
    resp.headers.extend(trace);
    resp
}

/// An error response from its parts: `<Error>` body (none for HEAD) and
/// `x-cos-trace-id` as the last header.
fn error_parts(
    status: u16,
    code: &str,
    message: &str,
    resource: &str,
    request_id: &str,
    trace_id: &str,
    head_only: bool,
) -> Response {
    let mut resp = if head_only {
        Response::new(status)
    } else {
        let mut w = XmlWriter::new();
        w.open("Error")
            .elem("Code", code)
            .elem("Message", message)
            .elem("Resource", resource)
            .elem("RequestId", request_id)
            .elem("TraceId", trace_id)
            .close("Error");
        Response::xml(status, w.finish())
    };
    resp.push_header("x-cos-trace-id", trace_id);
    resp
}

/// Refuses request values that could be sent back in a response header (the
/// `response-*` overrides, metadata and standard headers stored with an
/// object, `Origin`, `Access-Control-Request-Headers`, …) when they hold CR,
/// LF or NUL: `400 InvalidArgument`, before anything is handled. Every header
/// is checked (RFC 9110 forbids those bytes in any field value), and every
/// `response-*` query parameter, signed or not.
fn check_header_bound_values(
    head: &RequestHead,
    query: &[(String, String)],
) -> Result<(), CosError> {
    for (name, value) in &head.headers {
        if http::breaks_header_line(value) {
            return Err(CosError::invalid_argument(format!(
                "The value of header {name} contains CR, LF or NUL."
            )));
        }
    }
    for (name, value) in query {
        if name.to_ascii_lowercase().starts_with("response-") && http::breaks_header_line(value) {
            return Err(CosError::invalid_argument(format!(
                "The value of query parameter {name} contains CR, LF or NUL."
            )));
        }
    }
    Ok(())
}

/// Routes, authenticates and handles one request. Returns the response, the
/// decoded path (for the log) and the request id.
fn handle_request(
    state: &State,
    head: &RequestHead,
    body: &mut dyn RequestBody,
) -> (Response, String, String) {
    let (request_id, trace_id) = state.ids.next(state.clock.unix());
    let host = routing::host_without_port(&head.authority);
    let fallback_path = decode_lossy(&head.raw_path);
    let head_only = head.method.eq_ignore_ascii_case("HEAD");
    let fail = |err: CosError, path: &str| {
        let resource = format!("{host}{path}");
        error_response(&err, &resource, &request_id, &trace_id, head_only)
    };
    let resolved = match routing::resolve(&head.authority, &head.raw_path) {
        Ok(r) => r,
        Err(e) => return (fail(e, &fallback_path), fallback_path, request_id.clone()),
    };
    let query = parse_query(&head.raw_query);
    let copy_source = head.header("x-cos-copy-source").is_some();
    let dispatch = routing::dispatch(&head.method, &resolved, &query, copy_source);
    let result = (|| {
        check_header_bound_values(head, &query)?;
        // Preflights and the website endpoint are anonymous by nature: a
        // browser sends them without a signature.
        let principal = if dispatch == Dispatch::Op(Operation::OptionsObject) || resolved.website {
            Principal::Anonymous
        } else {
            let signed = SignedRequest {
                method: &head.method,
                path: &resolved.path,
                query: &query,
                headers: &head.headers,
                authority: &head.authority,
            };
            auth::verify(
                &signed,
                &state.credentials,
                state.clock.unix(),
                state.tolerance,
            )?
        };
        if crate::sts::is_sts_request(&head.method, &resolved.path) {
            return crate::sts::handle_http(state, &query, &principal, &request_id);
        }
        let op = match &dispatch {
            Dispatch::Op(op) => *op,
            Dispatch::MethodNotAllowed => return Err(CosError::method_not_allowed()),
            Dispatch::NotImplemented(what) => return Err(CosError::not_implemented(what)),
        };
        let ctx = Ctx {
            state,
            head,
            query: &query,
            resolved: &resolved,
            principal: &principal,
            request_id: &request_id,
        };
        handlers::access::authorize(op, &ctx)?;
        // `x-cos-traffic-limit`: checked before the body is read, then both
        // directions paced.
        let Some(limit) = crate::throttle::limit_for(op, &ctx)? else {
            return handlers::handle(op, &ctx, body);
        };
        let mut paced = crate::throttle::ThrottledBody::new(body, limit);
        let mut response = handlers::handle(op, &ctx, &mut paced)?;
        response.rate_limit = Some(limit);
        Ok(response)
    })();
    let mut response = match result {
        Ok(r) => r,
        Err(e) => fail(e, &resolved.path),
    };
    if dispatch != Dispatch::Op(Operation::OptionsObject) {
        handlers::cors::add_actual_request_headers(state, head, &resolved, &mut response);
    }
    (response, resolved.path, request_id.clone())
}
