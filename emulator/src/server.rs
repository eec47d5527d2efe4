//! The server: accept loop, one thread per connection, request life cycle
//! (parse → route → authenticate → handle → respond → log).

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::LoggedRequest;
use crate::auth::{self, CredentialStore, Principal, SignedRequest};
use crate::clock::Clock;
use crate::encoding::{decode_lossy, parse_query};
use crate::errors::CosError;
use crate::handlers;
use crate::http::{self, BodyReader, Framing, HeadError, RequestHead, Response};
use crate::routing::{self, Dispatch, Operation, Resolved};
use crate::store::Store;
use crate::xml::XmlWriter;

/// Idle time after which a silent connection is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(120);
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

/// Live connections, so that stopping can close them and join their threads.
#[derive(Default)]
pub(crate) struct Connections {
    next: AtomicU64,
    live: Mutex<HashMap<u64, TcpStream>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl Connections {
    /// Closes every live connection and waits for their threads.
    pub fn shutdown_all(&self) {
        for stream in self.live.lock().unwrap_or_else(|e| e.into_inner()).values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let threads = std::mem::take(&mut *self.threads.lock().unwrap_or_else(|e| e.into_inner()));
        for t in threads {
            let _ = t.join();
        }
    }
}

/// Accepts connections until `stop` is set (the stopper then connects once to
/// wake the blocking `accept`).
pub(crate) fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    conns: Arc<Connections>,
) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // E.g. too many open files: back off a little instead of spinning.
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let id = conns.next.fetch_add(1, Ordering::Relaxed);
        if let Ok(clone) = stream.try_clone() {
            conns
                .live
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, clone);
        }
        let state = state.clone();
        let conns2 = conns.clone();
        let spawned = thread::Builder::new()
            .name(format!("cos-conn-{id}"))
            .spawn(move || {
                serve_connection(&state, stream);
                conns2
                    .live
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&id);
            });
        let mut threads = conns.threads.lock().unwrap_or_else(|e| e.into_inner());
        threads.retain(|t| !t.is_finished());
        match spawned {
            Ok(handle) => threads.push(handle),
            Err(_) => {
                if let Some(s) = conns
                    .live
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&id)
                {
                    let _ = s.shutdown(Shutdown::Both);
                }
            }
        }
    }
}

/// Serves requests on one connection until it closes or must be closed.
fn serve_connection(state: &State, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    loop {
        let head = match http::read_head(&mut reader) {
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
        let expects_continue = head.http11
            && head
                .header("expect")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("100-continue"))
            && framing != Framing::None
            && framing != Framing::Length(0);
        let (response, path, request_id, mut keep_alive, received) = {
            let continue_to: Option<&mut dyn Write> = if expects_continue {
                Some(&mut writer)
            } else {
                None
            };
            let mut body = BodyReader::new(&mut reader, framing, continue_to);
            let (response, path, request_id) = handle_request(state, &head, &mut body);
            let mut keep_alive = head.wants_keep_alive();
            if !body.is_finished() && (body.continue_pending() || !body.drain(DRAIN_LIMIT)) {
                keep_alive = false;
            }
            (response, path, request_id, keep_alive, body.received())
        };
        // Logged before the response goes out, so a client that has its answer
        // always finds the entry.
        state.record(LoggedRequest {
            method: head.method.clone(),
            host: head.authority.clone(),
            path,
            query: head.raw_query.clone(),
            status: response.status,
            bytes_received: received,
            headers: head.headers.clone(),
        });
        let head_only = head.method.eq_ignore_ascii_case("HEAD");
        if send(
            state,
            &mut writer,
            response,
            &request_id,
            head_only,
            keep_alive,
        )
        .is_err()
        {
            keep_alive = false;
        }
        if !keep_alive {
            break;
        }
    }
    // Close gracefully: stop sending, then swallow what the client may still be
    // sending for a moment, so that it reads our response instead of a reset.
    let _ = writer.shutdown(Shutdown::Write);
    let _ = reader
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(500)));
    let _ = io::copy(&mut reader.by_ref().take(8 * 1024 * 1024), &mut io::sink());
}

/// Adds the common headers and writes the response.
fn send(
    state: &State,
    writer: &mut TcpStream,
    mut response: Response,
    request_id: &str,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<u64> {
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
    http::write_response(writer, response, head_only)
}

/// Builds the error response of spec §3.4 (no body for HEAD).
pub(crate) fn error_response(
    err: &CosError,
    resource: &str,
    request_id: &str,
    trace_id: &str,
    head_only: bool,
) -> Response {
    let mut resp = if head_only {
        Response::new(err.status)
    } else {
        let mut w = XmlWriter::new();
        w.open("Error")
            .elem("Code", err.code)
            .elem("Message", &err.message)
            .elem("Resource", resource)
            .elem("RequestId", request_id)
            .elem("TraceId", trace_id)
            .close("Error");
        Response::xml(err.status, w.finish())
    };
    for (name, value) in &err.headers {
        resp.push_header(name, value.clone());
    }
    resp.push_header("x-cos-trace-id", trace_id);
    resp
}

/// Routes, authenticates and handles one request. Returns the response, the
/// decoded path (for the log) and the request id.
fn handle_request<R: io::BufRead>(
    state: &State,
    head: &RequestHead,
    body: &mut BodyReader<'_, R>,
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
    let dispatch = routing::dispatch(&head.method, &resolved.target, &query, copy_source);
    let result = (|| {
        let principal = if dispatch == Dispatch::Op(Operation::OptionsObject) {
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
        if principal == Principal::Anonymous && !handlers::anonymous_allowed(op, &ctx) {
            return Err(CosError::access_denied());
        }
        handlers::handle(op, &ctx, body)
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
