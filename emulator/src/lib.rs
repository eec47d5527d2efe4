//! `cos-emulator`: a local Tencent Cloud COS (XML API v5) server for tests.
//!
//! It speaks HTTP/1.1 on a loopback port, routes requests by `Host` (virtual-hosted
//! `{bucket}-{appid}.cos.{region}.myqcloud.com` and the same under `.localhost`,
//! service hosts, path style on IP addresses and `localhost`, absolute-form
//! proxy requests), verifies every
//! signature like COS, and keeps objects on disk.
//!
//! ```no_run
//! let emulator = cos_emulator::Emulator::start()?;
//! println!("COS emulator at {} (id {})", emulator.url(), emulator.secret_id());
//! // point a client at emulator.endpoint() ...
//! emulator.stop();
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Faults are injected per test with [`Emulator::inject`] (a [`Fault`]: a
//! [`FaultKind`], a [`Match`] of the requests it applies to, a use count) and
//! the server clock skewed with [`Emulator::set_clock_offset`]:
//!
//! ```no_run
//! use cos_emulator::{Emulator, Fault, Match};
//! let emulator = Emulator::start()?;
//! emulator.inject(Fault::status(503, "SlowDown").on(Match::upload_part()).times(2));
//! emulator.inject(Fault::ok_with_error("InternalError").on(Match::complete()).times(1));
//! emulator.set_clock_offset(-3600);
//! # Ok::<(), std::io::Error>(())
//! ```

#![warn(missing_docs)]

mod acl;
mod append;
mod auth;
mod clock;
mod config;
mod conn;
mod cors;
mod disk;
mod encoding;
mod errors;
mod faults;
mod handlers;
mod http;
mod journal;
mod key_rules;
mod mime;
mod multipart;
mod preconditions;
mod record;
mod restore;
mod routing;
mod select;
mod server;
mod store;
mod sts;
mod tagging;
mod throttle;
mod timefmt;
mod versions;
mod xml;

#[cfg(test)]
mod tests;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

pub use crate::faults::{Fault, FaultId, FaultKind, FaultSpecError, Match};
pub use crate::store::Recovery;
pub use crate::sts::TemporaryCredentials;

use crate::auth::{Credential, CredentialStore};
use crate::conn::{Connections, Limits};
use crate::server::State;
use crate::store::Store;

/// Default APPID of the emulated account.
pub const DEFAULT_APPID: &str = "1250000000";
/// Default SecretId accepted by the emulator (a fixed, fake value).
pub const DEFAULT_SECRET_ID: &str = "AKIDcosemulatorexampleid0000000000";
/// Default SecretKey accepted by the emulator (a fixed, fake value).
pub const DEFAULT_SECRET_KEY: &str = "cosemulatorexamplesecretkey00000";
/// Default allowed clock skew between client signatures and the server, seconds.
pub const DEFAULT_CLOCK_TOLERANCE_SECS: u64 = 900;
/// Region given to buckets created through a host that names none (path style on
/// an IP address or `localhost`).
pub const DEFAULT_REGION: &str = "ap-guangzhou";
/// Default smallest size of every multipart part except the last (1 MiB, spec §8).
pub const DEFAULT_MIN_PART_SIZE: u64 = 1024 * 1024;
/// Default most connections served at once ([`EmulatorConfig::max_connections`]).
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
/// Default [`EmulatorConfig::header_timeout`]: 30 s.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// Default [`EmulatorConfig::idle_timeout`]: 30 s.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Default [`EmulatorConfig::write_timeout`]: 60 s.
pub const DEFAULT_WRITE_TIMEOUT: Duration = Duration::from_secs(60);
/// Default [`EmulatorConfig::restore_delay`]: 3 s.
pub const DEFAULT_RESTORE_DELAY: Duration = Duration::from_secs(3);

/// How to run an [`Emulator`]. Its `Debug` output hides `secret_key`.
#[derive(Clone)]
pub struct EmulatorConfig {
    /// Address to listen on; port 0 picks a free port. Default `127.0.0.1:0`.
    pub listen: SocketAddr,
    /// APPID of the account; bucket names must end in `-{appid}`. Default [`DEFAULT_APPID`].
    pub appid: String,
    /// SecretId accepted in signatures. Default [`DEFAULT_SECRET_ID`].
    pub secret_id: String,
    /// SecretKey matching `secret_id`. Default [`DEFAULT_SECRET_KEY`].
    pub secret_key: String,
    /// Where the emulator keeps its data. `None` (the default): a temporary
    /// directory removed on stop, with buckets, objects' metadata and uploads
    /// in memory only. `Some(dir)`: everything persists in `dir` (created if
    /// missing) — buckets and their configuration, objects (bodies and
    /// metadata), unfinished multipart uploads and their parts — and
    /// survives a stop, a kill and a power loss; the next start on `dir`
    /// finds it all and cleans up what a crash left
    /// ([`Emulator::recovery`]). One emulator at a time per directory.
    /// Layout and guarantees: the crate's README.
    pub data_dir: Option<PathBuf>,
    /// Allowed clock skew in seconds (spec: 15 minutes). Default 900.
    pub clock_tolerance_secs: u64,
    /// Smallest size of every part but the last at Complete Multipart Upload
    /// (`400 EntityTooSmall` below it). Default [`DEFAULT_MIN_PART_SIZE`]
    /// (1048576); lower it so tests can use small parts.
    pub min_part_size: u64,
    /// Most connections served at once: a connection counts while one of its
    /// requests is read, handled or answered (each on its own thread).
    /// Connections whose next request is ready beyond the cap wait, in
    /// arrival order, for a slot; they are never refused. Idle connections (a
    /// new one that has sent nothing yet, a keep-alive one between requests)
    /// do not count on Unix, where they wait without a thread; elsewhere every
    /// open connection holds a slot. Default [`DEFAULT_MAX_CONNECTIONS`] (512);
    /// 0 counts as 1.
    pub max_connections: usize,
    /// Longest time from the first byte of a request to the end of its head
    /// (request line and headers); a slower client is disconnected. Default
    /// [`DEFAULT_HEADER_TIMEOUT`] (30 s).
    pub header_timeout: Duration,
    /// Longest time a connection may stay idle (open without a request in
    /// progress: before its first request, between keep-alive requests)
    /// before it is closed; also the longest a request body may stall between
    /// two reads (the request then fails with `400 RequestTimeout`). Default
    /// [`DEFAULT_IDLE_TIMEOUT`] (30 s).
    pub idle_timeout: Duration,
    /// Longest time one write of an answer may make no progress: a client
    /// that stops reading (e.g. in the middle of a large GET) is disconnected
    /// (reset) after it. Default [`DEFAULT_WRITE_TIMEOUT`] (60 s).
    pub write_timeout: Duration,
    /// How long POST Object restore takes before an `ARCHIVE` /
    /// `DEEP_ARCHIVE` / `MAZ_ARCHIVE` object can be read (the same for every
    /// tier; COS takes minutes to days: Expedited 1–5 min, Standard 3–5 h,
    /// Bulk 5–12 h, DEEP_ARCHIVE Standard 12–24 h and Bulk 24–48 h). Until
    /// then GET answers `403 InvalidObjectState` and HEAD
    /// `x-cos-restore: ongoing-request="true"`. `Duration::ZERO`: done at once.
    /// Measured on the server clock ([`Emulator::set_clock_offset`] moves it).
    /// Default [`DEFAULT_RESTORE_DELAY`] (3 s).
    pub restore_delay: Duration,
}

impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmulatorConfig")
            .field("listen", &self.listen)
            .field("appid", &self.appid)
            .field("secret_id", &self.secret_id)
            .field("secret_key", &REDACTED)
            .field("data_dir", &self.data_dir)
            .field("clock_tolerance_secs", &self.clock_tolerance_secs)
            .field("min_part_size", &self.min_part_size)
            .field("max_connections", &self.max_connections)
            .field("header_timeout", &self.header_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("write_timeout", &self.write_timeout)
            .field("restore_delay", &self.restore_delay)
            .finish()
    }
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            appid: DEFAULT_APPID.to_string(),
            secret_id: DEFAULT_SECRET_ID.to_string(),
            secret_key: DEFAULT_SECRET_KEY.to_string(),
            data_dir: None,
            clock_tolerance_secs: DEFAULT_CLOCK_TOLERANCE_SECS,
            min_part_size: DEFAULT_MIN_PART_SIZE,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            write_timeout: DEFAULT_WRITE_TIMEOUT,
            restore_delay: DEFAULT_RESTORE_DELAY,
        }
    }
}

/// One request as the emulator received it (see [`Emulator::request_log`]).
///
/// The fields hold the request as received. Its `Debug` output (what a
/// failing test prints) hides the secrets: the signature in `Authorization`
/// (`q-signature=<redacted>`; a value that is not a COS signature is hidden
/// whole), `Proxy-Authorization`, `x-cos-security-token` /
/// `x-ci-security-token` and SSE-C key
/// (`x-cos-[copy-source-]server-side-encryption-customer-key`) headers, and
/// the `q-signature`, `sign` (merged form) and `*-security-token` query values.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// HTTP method as sent.
    pub method: String,
    /// Authority the request was for (`Host` header, or the URL host of an
    /// absolute-form request), port included.
    pub host: String,
    /// Percent-decoded request path (`/{key}`, or `/{bucket}/{key}` in path style).
    pub path: String,
    /// Raw query string, without `?` (empty when none).
    pub query: String,
    /// Status code answered; 0 when the connection was reset without an answer
    /// (an injected [`FaultKind::ResetAfterBytes`]).
    pub status: u16,
    /// Request body bytes received.
    pub bytes_received: u64,
    /// Request headers as received, in order.
    pub headers: Vec<(String, String)>,
    /// The injected fault applied to this request, described briefly (the
    /// [`FaultKind`]'s `Display`, e.g. `status 503 SlowDown`); `None` if none.
    pub fault: Option<String>,
}

/// What secrets are replaced with in `Debug` output.
const REDACTED: &str = "<redacted>";

/// Whether query parameter `name` (decoded) carries a secret.
fn secret_query_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "q-signature" || name == "sign" || name.ends_with("security-token")
}

/// `value` of header `name` with its secret part replaced.
fn redact_header(name: &str, value: &str) -> String {
    let name = name.to_ascii_lowercase();
    if name == "authorization" {
        // Keep what helps debugging (q-ak, times, signed lists).
        if let Some(start) = value.find("q-signature=") {
            let start = start + "q-signature=".len();
            let end = value[start..].find('&').map_or(value.len(), |i| start + i);
            return format!("{}{REDACTED}{}", &value[..start], &value[end..]);
        }
        return REDACTED.to_string();
    }
    if name == "proxy-authorization"
        || name.ends_with("security-token")
        || name.ends_with("server-side-encryption-customer-key")
    {
        return REDACTED.to_string();
    }
    value.to_string()
}

/// A raw query string with secret values replaced.
fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|part| match part.split_once('=') {
            Some((name, _)) if secret_query_param(&encoding::decode_lossy(name)) => {
                format!("{name}={REDACTED}")
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl std::fmt::Debug for LoggedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), redact_header(n, v)))
            .collect();
        f.debug_struct("LoggedRequest")
            .field("method", &self.method)
            .field("host", &self.host)
            .field("path", &self.path)
            .field("query", &redact_query(&self.query))
            .field("status", &self.status)
            .field("bytes_received", &self.bytes_received)
            .field("headers", &headers)
            .field("fault", &self.fault)
            .finish()
    }
}

impl LoggedRequest {
    /// First value of request header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A running emulator: a listener, a capped pool of serving threads and (on
/// Unix) one thread watching idle connections. Stops on [`Emulator::stop`] or
/// drop.
pub struct Emulator {
    addr: SocketAddr,
    appid: String,
    secret_id: String,
    secret_key: String,
    state: Arc<State>,
    stop_flag: Arc<AtomicBool>,
    connections: Arc<Connections>,
    accept_thread: Option<JoinHandle<()>>,
    temp_dir: Option<tempfile::TempDir>,
    recovery: Option<Recovery>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .field("appid", &self.appid)
            .field("secret_id", &self.secret_id)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts an emulator with the default configuration on a free loopback port.
    pub fn start() -> std::io::Result<Emulator> {
        Self::start_with(EmulatorConfig::default())
    }

    /// Starts an emulator; returns once the listener is bound.
    pub fn start_with(config: EmulatorConfig) -> std::io::Result<Emulator> {
        let (temp_dir, store, recovery) = match &config.data_dir {
            Some(dir) => {
                let opened = std::fs::create_dir_all(dir).and_then(|()| Store::open(dir));
                let (store, recovery) = opened.map_err(|e| {
                    std::io::Error::new(e.kind(), format!("data directory {}: {e}", dir.display()))
                })?;
                (None, store, Some(recovery))
            }
            None => {
                let t = tempfile::Builder::new().prefix("cos-emulator-").tempdir()?;
                let store = Store::temporary(t.path())?;
                (Some(t), store, None)
            }
        };
        let credentials = CredentialStore::default();
        credentials.insert(
            &config.secret_id,
            Credential {
                secret_key: config.secret_key.clone(),
                session_token: None,
                expires_at: None,
                user: None,
            },
        );
        let mut state = State::new(
            config.appid.clone(),
            config.clock_tolerance_secs,
            credentials,
            store,
            config.min_part_size,
        );
        state.restore_delay = config.restore_delay;
        let state = Arc::new(state);
        let listener = TcpListener::bind(config.listen)?;
        conn::deepen_backlog(&listener);
        let addr = listener.local_addr()?;
        let stop_flag = Arc::new(AtomicBool::new(false));
        // Zero timeouts would mean "none" to the socket layer: 1 ms at least.
        let at_least = |d: Duration| d.max(Duration::from_millis(1));
        let limits = Limits {
            max_active: config.max_connections.max(1),
            header_timeout: at_least(config.header_timeout),
            idle_timeout: at_least(config.idle_timeout),
            write_timeout: at_least(config.write_timeout),
        };
        let connections = Connections::start(state.clone(), limits)?;
        let accept_thread = {
            let (stop, conns) = (stop_flag.clone(), connections.clone());
            std::thread::Builder::new()
                .name("cos-emulator-accept".into())
                .spawn(move || conn::accept_loop(listener, conns, stop))
        };
        let accept_thread = match accept_thread {
            Ok(t) => t,
            Err(e) => {
                connections.shutdown();
                return Err(e);
            }
        };
        Ok(Emulator {
            addr,
            appid: config.appid,
            secret_id: config.secret_id,
            secret_key: config.secret_key,
            state,
            stop_flag,
            connections,
            accept_thread: Some(accept_thread),
            temp_dir,
            recovery,
        })
    }

    /// With a data directory ([`EmulatorConfig::data_dir`]): what was found
    /// there at start and what recovery cleaned up (removed temp files and
    /// orphaned bodies after a crash); `None` without one.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `host:port` of the emulator, e.g. `127.0.0.1:40123` (what the SDK's `ip`
    /// option takes).
    pub fn endpoint(&self) -> String {
        self.addr.to_string()
    }

    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// APPID of the emulated account.
    pub fn appid(&self) -> &str {
        &self.appid
    }

    /// SecretId the emulator accepts.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// SecretKey the emulator accepts.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// Issues temporary credentials (as an STS would, spec §2.8) valid for
    /// `lifetime` (whole seconds) from the emulator's current time, clock offset
    /// included. Requests signed with `tmp_secret_id` / `tmp_secret_key` must
    /// carry `x-cos-security-token: {security_token}` (a header, signed or not,
    /// or a presigned URL's query parameter): without it or with another token
    /// they fail with `403 AccessDenied`; once the server time is past
    /// `expired_time`, with `400 ExpiredToken`. The same is served over HTTP as
    /// `POST /sts?lifetime=SECS` (see the README).
    ///
    /// ```no_run
    /// # let emu = cos_emulator::Emulator::start()?;
    /// let creds = emu.issue_temporary_credentials(std::time::Duration::from_secs(1800));
    /// assert_eq!(creds.expired_time, creds.start_time + 1800);
    /// assert_eq!(emu.temporary_credentials_issued(), 1);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn issue_temporary_credentials(&self, lifetime: Duration) -> TemporaryCredentials {
        self.state.issue_temporary_credentials(lifetime)
    }

    /// Registers the keys of another CAM user, `principal` (a full
    /// `qcs::cam::uin/{OwnerUin}:uin/{Uin}`, or a bare uin `U` for
    /// `qcs::cam::uin/U:uin/U`): requests it signs are not the owner's and
    /// get only what the bucket policy (statements naming that principal,
    /// its root account or `qcs::cam::anyone:anyone`) and the ACLs (grants
    /// to it, to AuthenticatedUsers, to everyone) allow; everything else is
    /// `403 AccessDenied`. For testing policies written for other accounts.
    ///
    /// ```no_run
    /// # let emu = cos_emulator::Emulator::start()?;
    /// emu.add_user("qcs::cam::uin/100000000001:uin/100000000011", "AKIDother", "otherkey");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn add_user(&self, principal: &str, secret_id: &str, secret_key: &str) {
        let principal = if principal.bytes().all(|b| b.is_ascii_digit()) {
            format!("qcs::cam::uin/{principal}:uin/{principal}")
        } else {
            principal.to_string()
        };
        self.state.credentials.insert(
            secret_id,
            Credential {
                secret_key: secret_key.to_string(),
                session_token: None,
                expires_at: None,
                user: Some(principal),
            },
        );
    }

    /// How many temporary credentials were issued since start (by
    /// [`Emulator::issue_temporary_credentials`] and `POST /sts`), e.g. to check
    /// that a client refreshes its keys only when needed.
    pub fn temporary_credentials_issued(&self) -> u64 {
        self.state.sts.issued()
    }

    /// Requests received so far (oldest first; the last 10 000 are kept).
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.state.request_log()
    }

    /// How many client connections are open right now: being served, waiting
    /// for a slot ([`EmulatorConfig::max_connections`]) or idle. A connection
    /// the emulator closed (idle, header or write timeout, `Connection:
    /// close`, a fault) no longer counts; one the client closed counts until
    /// the emulator notices (at once for an idle connection on Unix).
    pub fn open_connections(&self) -> usize {
        self.connections.open()
    }

    /// Forgets the logged requests.
    pub fn clear_request_log(&self) {
        self.state.clear_request_log()
    }

    /// Adds a fault rule after the existing ones (rules are tried in order; the
    /// first that applies to a request is used, one per request). Takes effect
    /// for requests whose head arrives from now on.
    ///
    /// ```no_run
    /// # let emu = cos_emulator::Emulator::start()?;
    /// use cos_emulator::{Fault, Match};
    /// emu.inject(Fault::status(503, "SlowDown").on(Match::upload_part()).times(2));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn inject(&self, fault: Fault) -> FaultId {
        self.state.faults.add(fault)
    }

    /// Removes one fault rule; false if it was already removed.
    pub fn remove_fault(&self, id: FaultId) -> bool {
        self.state.faults.remove(id)
    }

    /// Removes every fault rule and resets [`Emulator::faults_hit`] to 0.
    pub fn clear_faults(&self) {
        self.state.faults.clear()
    }

    /// How many requests a fault was applied to since start (or the last
    /// [`Emulator::clear_faults`]).
    pub fn faults_hit(&self) -> u64 {
        self.state.faults.hits()
    }

    /// How many requests the fault `id` was applied to (0 once removed).
    pub fn fault_hits(&self, id: FaultId) -> u64 {
        self.state.faults.hits_of(id)
    }

    /// Moves the server clock `secs` seconds away from the system clock
    /// (negative: into the past). Signature time checks (spec §2.11:
    /// `Request has expired`, `RequestTimeTooSkewed`), the `Date` response
    /// header and new multipart uploads' initiation times use it. 0 restores
    /// the system time.
    pub fn set_clock_offset(&self, secs: i64) {
        self.state.clock.set_offset(secs)
    }

    /// Stops accepting, closes open connections, joins the server threads and
    /// removes the temporary data directory.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(accept) = self.accept_thread.take() else {
            return;
        };
        self.stop_flag.store(true, Ordering::SeqCst);
        self.state.stopping.store(true, Ordering::SeqCst);
        // Wake the blocking accept with one connection of our own.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => [127, 0, 0, 1].into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        if TcpStream::connect_timeout(&wake, Duration::from_secs(2)).is_ok() {
            let _ = accept.join();
        }
        self.connections.shutdown();
        if let Some(dir) = self.temp_dir.take() {
            let _ = dir.close();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shutdown();
    }
}
