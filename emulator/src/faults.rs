//! Fault injection: rules that make chosen requests fail in a chosen way.
//!
//! A [`Fault`] is a rule: a [`FaultKind`] (what happens), a [`Match`] (which
//! requests), a use count (`times`, default unlimited) and optionally a
//! probability with a seed. Rules are evaluated in the order they were injected;
//! the first one that applies to a request is used (at most one fault per
//! request) and counts one use. See the crate README for the semantics of each
//! kind and the `--fault` spec syntax ([`Fault`]'s [`FromStr`]).

use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::encoding::parse_query;
use crate::http::RequestHead;
use crate::routing::{self, Dispatch, Operation, Target};

/// What a fault does to a request it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Answer `status` with a COS error body carrying `code`, without handling
    /// the request or reading its body (the body is drained, or the connection
    /// closed, as for any early error).
    Status {
        /// HTTP status, 300–599.
        status: u16,
        /// COS error code in the body (`SlowDown`, `InternalError`, …).
        code: String,
    },
    /// Reset the connection (TCP RST where the platform allows) after this many
    /// bytes. A request with a body (an upload) has that many body bytes read,
    /// then the connection is reset without an answer and without storing
    /// anything. A GET is handled and its response is cut after this many body
    /// bytes (headers sent in full), then the connection is reset. Any other
    /// request is reset without an answer and without being handled.
    ResetAfterBytes(u64),
    /// Handle the request, send the full headers (with the full
    /// `Content-Length`) but only this many body bytes, then close the
    /// connection cleanly. Meant for GET Object.
    TruncateBody(u64),
    /// Handle the request, then wait this long before sending the answer. Only
    /// the connection concerned waits.
    Delay(Duration),
    /// Do not handle the request (the operation does not take effect); read its
    /// body, then answer `200 OK` with `Transfer-Encoding: chunked`, a few
    /// whitespace keep-alive chunks and an `<Error>` document with this code
    /// (spec §3.4). Meant for Complete Multipart Upload and copy requests.
    OkWithError {
        /// COS error code in the body.
        code: String,
    },
    /// Handle the request normally but answer a wrong `x-cos-hash-crc64ecma`
    /// (the right value xor 1). Meant for PUT Object, Upload Part and Complete.
    CorruptCrc,
    /// Handle the request normally but flip every bit of one response body byte
    /// (the middle one); stored data is unchanged. Meant for GET Object.
    CorruptBody,
    /// Handle the request fully (the operation takes effect: the object is
    /// stored, the upload initiated or completed, …), then reset the connection
    /// without sending a single byte of the answer: a lost answer, as when the
    /// network fails on the way back. Logged with status 0.
    DropAnswer,
    /// Flip every bit of one byte of the request body before the handler sees
    /// it, as if the network had corrupted it: the middle byte of a body with a
    /// `Content-Length` (byte `len / 2`), the first byte of a chunked one; an
    /// empty body is left alone. The handler then behaves as COS does: with a
    /// `Content-MD5` the request fails with `400 BadDigest` and nothing is
    /// stored; without one the corrupt bytes are stored, and the ETag and
    /// CRC-64 answered are those of the corrupt bytes. Meant for PUT Object and
    /// Upload Part.
    CorruptRequestBody,
}

impl fmt::Display for FaultKind {
    /// A short description, as in [`crate::LoggedRequest::fault`]: `status 503
    /// SlowDown`, `reset after 65536 bytes`, `truncate body to 100 bytes`, `delay
    /// 2s`, `200 with error InternalError`, `corrupt crc64`, `corrupt body`,
    /// `drop answer`, `corrupt request body`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::Status { status, code } => write!(f, "status {status} {code}"),
            FaultKind::ResetAfterBytes(n) => write!(f, "reset after {n} bytes"),
            FaultKind::TruncateBody(n) => write!(f, "truncate body to {n} bytes"),
            FaultKind::Delay(d) => write!(f, "delay {}", format_duration(*d)),
            FaultKind::OkWithError { code } => write!(f, "200 with error {code}"),
            FaultKind::CorruptCrc => f.write_str("corrupt crc64"),
            FaultKind::CorruptBody => f.write_str("corrupt body"),
            FaultKind::DropAnswer => f.write_str("drop answer"),
            FaultKind::CorruptRequestBody => f.write_str("corrupt request body"),
        }
    }
}

/// The operation a [`Match`] selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpSel {
    Any,
    PutObject,
    GetObject,
    HeadObject,
    DeleteObject,
    Initiate,
    UploadPart,
    Complete,
    Abort,
    ListParts,
    ListUploads,
    List,
    Copy,
}

/// `op=` names of the spec syntax.
const OP_NAMES: [(&str, OpSel); 13] = [
    ("any", OpSel::Any),
    ("put-object", OpSel::PutObject),
    ("get-object", OpSel::GetObject),
    ("head-object", OpSel::HeadObject),
    ("delete-object", OpSel::DeleteObject),
    ("initiate", OpSel::Initiate),
    ("upload-part", OpSel::UploadPart),
    ("complete", OpSel::Complete),
    ("abort", OpSel::Abort),
    ("list-parts", OpSel::ListParts),
    ("list-uploads", OpSel::ListUploads),
    ("list", OpSel::List),
    ("copy", OpSel::Copy),
];

impl OpSel {
    fn name(self) -> &'static str {
        OP_NAMES
            .iter()
            .find(|(_, op)| *op == self)
            .map(|(n, _)| *n)
            .unwrap_or("any")
    }

    fn matches(self, req: &RequestInfo) -> bool {
        use Operation as O;
        let op = req.op;
        match self {
            OpSel::Any => true,
            OpSel::PutObject => op == Some(O::PutObject),
            OpSel::GetObject => op == Some(O::GetObject),
            OpSel::HeadObject => op == Some(O::HeadObject),
            OpSel::DeleteObject => op == Some(O::DeleteObject),
            OpSel::Initiate => op == Some(O::InitiateMultipartUpload),
            OpSel::UploadPart => matches!(op, Some(O::UploadPart | O::UploadPartCopy)),
            OpSel::Complete => op == Some(O::CompleteMultipartUpload),
            OpSel::Abort => op == Some(O::AbortMultipartUpload),
            OpSel::ListParts => op == Some(O::ListParts),
            OpSel::ListUploads => op == Some(O::ListMultipartUploads),
            OpSel::List => op == Some(O::GetBucket),
            OpSel::Copy => req.copy,
        }
    }
}

/// How a [`Match`] tests the object key.
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeySel {
    Exact(String),
    Contains(String),
}

/// Which requests a [`Fault`] applies to: an operation, optionally narrowed by
/// method, key and part number (all given conditions must hold).
///
/// ```
/// use cos_emulator::Match;
/// let m = Match::upload_part().part(2).key_contains("big");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    op: OpSel,
    method: Option<String>,
    key: Option<KeySel>,
    part: Option<u32>,
}

impl Default for Match {
    fn default() -> Self {
        Match::any()
    }
}

impl Match {
    fn op(op: OpSel) -> Match {
        Match {
            op,
            method: None,
            key: None,
            part: None,
        }
    }

    /// Every request (the default).
    pub fn any() -> Match {
        Match::op(OpSel::Any)
    }

    /// PUT Object (not a copy).
    pub fn put_object() -> Match {
        Match::op(OpSel::PutObject)
    }

    /// GET Object.
    pub fn get_object() -> Match {
        Match::op(OpSel::GetObject)
    }

    /// HEAD Object.
    pub fn head_object() -> Match {
        Match::op(OpSel::HeadObject)
    }

    /// DELETE Object.
    pub fn delete_object() -> Match {
        Match::op(OpSel::DeleteObject)
    }

    /// Initiate Multipart Upload (`POST /{key}?uploads`).
    pub fn initiate() -> Match {
        Match::op(OpSel::Initiate)
    }

    /// Upload Part: `PUT` with `partNumber` and `uploadId` (Upload Part - Copy included).
    pub fn upload_part() -> Match {
        Match::op(OpSel::UploadPart)
    }

    /// Complete Multipart Upload: `POST` with `uploadId`.
    pub fn complete() -> Match {
        Match::op(OpSel::Complete)
    }

    /// Abort Multipart Upload: `DELETE` with `uploadId`.
    pub fn abort() -> Match {
        Match::op(OpSel::Abort)
    }

    /// List Parts: `GET` with `uploadId`.
    pub fn list_parts() -> Match {
        Match::op(OpSel::ListParts)
    }

    /// List Multipart Uploads: `GET /?uploads`.
    pub fn list_uploads() -> Match {
        Match::op(OpSel::ListUploads)
    }

    /// List Objects (GET Bucket).
    pub fn list() -> Match {
        Match::op(OpSel::List)
    }

    /// Any request carrying `x-cos-copy-source` (PUT Object - Copy, Upload Part - Copy).
    pub fn copy() -> Match {
        Match::op(OpSel::Copy)
    }

    /// Also requires this HTTP method (case-insensitive).
    pub fn method(mut self, method: &str) -> Match {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Also requires this exact object key (decoded, without the leading `/`).
    pub fn key(mut self, key: &str) -> Match {
        self.key = Some(KeySel::Exact(key.to_string()));
        self
    }

    /// Also requires the object key to contain `part`.
    pub fn key_contains(mut self, part: &str) -> Match {
        self.key = Some(KeySel::Contains(part.to_string()));
        self
    }

    /// Also requires the `partNumber` query parameter to be `number`.
    pub fn part(mut self, number: u32) -> Match {
        self.part = Some(number);
        self
    }

    fn matches(&self, req: &RequestInfo) -> bool {
        if !self.op.matches(req) {
            return false;
        }
        if let Some(m) = &self.method {
            if !req.method.eq_ignore_ascii_case(m) {
                return false;
            }
        }
        match (&self.key, &req.key) {
            (None, _) => {}
            (Some(_), None) => return false,
            (Some(KeySel::Exact(k)), Some(key)) if k != key => return false,
            (Some(KeySel::Contains(k)), Some(key)) if !key.contains(k.as_str()) => return false,
            _ => {}
        }
        match self.part {
            None => true,
            Some(n) => req.part == Some(n),
        }
    }
}

/// Default seed of the probability draw (any fixed value: runs are reproducible).
const DEFAULT_SEED: u64 = 0x5EED_C05E_0000_0001;

/// A fault rule: what happens ([`FaultKind`]), to which requests ([`Match`]), how
/// many times, and optionally with which probability.
///
/// ```
/// use cos_emulator::{Fault, Match};
/// let f = Fault::status(503, "SlowDown").on(Match::upload_part()).times(2);
/// let g: Fault = "delay=2s,op=any,prob=0.05,seed=7".parse().unwrap();
/// ```
///
/// `Display` writes the rule in the `--fault` spec syntax, which
/// [`FromStr`] reads back:
///
/// ```text
/// KIND[,CONDITION]...
/// KIND       status=STATUS[:CODE] | reset-after=BYTES | truncate=BYTES
///            | delay=DURATION | ok-with-error[=CODE] | crc | corrupt-body
///            | drop-answer | corrupt-request
/// CONDITION  op=OP | method=METHOD | key=KEY | key-contains=TEXT | part=N
///            | times=N|unlimited | prob=P | seed=N
/// OP         any put-object get-object head-object delete-object initiate
///            upload-part complete abort list-parts list-uploads list copy
/// DURATION   a number with a unit: 250ms, 2s, 1.5s, 1m
/// ```
///
/// `status=503` alone picks a code from the status (`500 InternalError`, `503
/// ServiceUnavailable`, …); `ok-with-error` alone uses `InternalError`. Keys
/// cannot contain `,` in the spec syntax (use the builder instead).
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    kind: FaultKind,
    on: Match,
    times: Option<u64>,
    probability: Option<f64>,
    seed: u64,
}

impl Fault {
    /// A fault of `kind` on every request, unlimited times.
    pub fn new(kind: FaultKind) -> Fault {
        Fault {
            kind,
            on: Match::any(),
            times: None,
            probability: None,
            seed: DEFAULT_SEED,
        }
    }

    /// [`FaultKind::Status`]: answer `status` with error `code` (e.g. `503`,
    /// `"SlowDown"`).
    ///
    /// # Panics
    /// If `status` is not between 300 and 599.
    pub fn status(status: u16, code: &str) -> Fault {
        assert!(
            (300..=599).contains(&status),
            "fault status must be 300-599, got {status}"
        );
        Fault::new(FaultKind::Status {
            status,
            code: code.to_string(),
        })
    }

    /// [`FaultKind::ResetAfterBytes`]: reset the connection after `bytes` bytes.
    pub fn reset_after(bytes: u64) -> Fault {
        Fault::new(FaultKind::ResetAfterBytes(bytes))
    }

    /// [`FaultKind::TruncateBody`]: send only `bytes` bytes of the response body.
    pub fn truncate_body(bytes: u64) -> Fault {
        Fault::new(FaultKind::TruncateBody(bytes))
    }

    /// [`FaultKind::Delay`]: wait `duration` before answering.
    pub fn delay(duration: Duration) -> Fault {
        Fault::new(FaultKind::Delay(duration))
    }

    /// [`FaultKind::OkWithError`]: `200 OK` then an `<Error>` with `code`.
    pub fn ok_with_error(code: &str) -> Fault {
        Fault::new(FaultKind::OkWithError {
            code: code.to_string(),
        })
    }

    /// [`FaultKind::CorruptCrc`]: a wrong `x-cos-hash-crc64ecma` header.
    pub fn corrupt_crc() -> Fault {
        Fault::new(FaultKind::CorruptCrc)
    }

    /// [`FaultKind::CorruptBody`]: one flipped byte in the response body.
    pub fn corrupt_body() -> Fault {
        Fault::new(FaultKind::CorruptBody)
    }

    /// [`FaultKind::DropAnswer`]: handle the request, then reset the connection
    /// without answering.
    ///
    /// ```
    /// use cos_emulator::{Fault, Match};
    /// let lost_complete = Fault::drop_answer().on(Match::complete()).times(1);
    /// assert_eq!(lost_complete.to_string(), "drop-answer,op=complete,times=1");
    /// ```
    pub fn drop_answer() -> Fault {
        Fault::new(FaultKind::DropAnswer)
    }

    /// [`FaultKind::CorruptRequestBody`]: one flipped byte in the request body,
    /// before the handler reads it.
    ///
    /// ```
    /// use cos_emulator::{Fault, Match};
    /// let f = Fault::corrupt_request_body().on(Match::upload_part()).probability(0.05);
    /// assert_eq!(f.to_string(), "corrupt-request,op=upload-part,prob=0.05");
    /// ```
    pub fn corrupt_request_body() -> Fault {
        Fault::new(FaultKind::CorruptRequestBody)
    }

    /// Applies the fault only to requests matching `on` (default: every request).
    pub fn on(mut self, on: Match) -> Fault {
        self.on = on;
        self
    }

    /// Applies the fault to at most `n` requests (default: unlimited).
    pub fn times(mut self, n: u64) -> Fault {
        self.times = Some(n);
        self
    }

    /// Applies the fault to each matching request with probability `p`
    /// (clamped to 0.0–1.0; NaN counts as 0). Requests the draw spares do not
    /// count as uses and go on to the next rule.
    pub fn probability(mut self, p: f64) -> Fault {
        self.probability = Some(if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) });
        self
    }

    /// Seeds the probability draw (default: a fixed seed, so runs repeat).
    pub fn seed(mut self, seed: u64) -> Fault {
        self.seed = seed;
        self
    }

    /// What the fault does.
    pub fn kind(&self) -> &FaultKind {
        &self.kind
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FaultKind::Status { status, code } => write!(f, "status={status}:{code}")?,
            FaultKind::ResetAfterBytes(n) => write!(f, "reset-after={n}")?,
            FaultKind::TruncateBody(n) => write!(f, "truncate={n}")?,
            FaultKind::Delay(d) => write!(f, "delay={}", format_duration(*d))?,
            FaultKind::OkWithError { code } => write!(f, "ok-with-error={code}")?,
            FaultKind::CorruptCrc => f.write_str("crc")?,
            FaultKind::CorruptBody => f.write_str("corrupt-body")?,
            FaultKind::DropAnswer => f.write_str("drop-answer")?,
            FaultKind::CorruptRequestBody => f.write_str("corrupt-request")?,
        }
        write!(f, ",op={}", self.on.op.name())?;
        if let Some(m) = &self.on.method {
            write!(f, ",method={m}")?;
        }
        match &self.on.key {
            Some(KeySel::Exact(k)) => write!(f, ",key={k}")?,
            Some(KeySel::Contains(k)) => write!(f, ",key-contains={k}")?,
            None => {}
        }
        if let Some(n) = self.on.part {
            write!(f, ",part={n}")?;
        }
        if let Some(n) = self.times {
            write!(f, ",times={n}")?;
        }
        if let Some(p) = self.probability {
            write!(f, ",prob={p}")?;
        }
        if self.seed != DEFAULT_SEED {
            write!(f, ",seed={}", self.seed)?;
        }
        Ok(())
    }
}

/// `250ms`, `2s`, `1500ms`, …: whole seconds in `s`, else milliseconds.
fn format_duration(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else if d.subsec_nanos() % 1_000_000 == 0 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{}us", d.as_micros())
    }
}

/// Why a `--fault` spec could not be read; the message names the bad part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpecError(String);

impl fmt::Display for FaultSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultSpecError {}

fn spec_err(item: &str, why: impl fmt::Display) -> FaultSpecError {
    FaultSpecError(format!("in fault spec item `{item}`: {why}"))
}

fn parse_num<T: FromStr>(item: &str, value: &str, what: &str) -> Result<T, FaultSpecError> {
    value
        .trim()
        .parse()
        .map_err(|_| spec_err(item, format!("{what} must be a non-negative integer")))
}

/// A COS-style error code: 1–64 ASCII letters, digits, `.`, `_` or `-`.
fn parse_code(item: &str, code: &str) -> Result<String, FaultSpecError> {
    let ok = !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-');
    if ok {
        Ok(code.to_string())
    } else {
        Err(spec_err(
            item,
            "error code must be 1-64 letters, digits, '.', '_' or '-' (e.g. SlowDown)",
        ))
    }
}

fn parse_duration(item: &str, value: &str) -> Result<Duration, FaultSpecError> {
    let value = value.trim();
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let scale = match unit {
        "us" => 0.000_001,
        "ms" => 0.001,
        "s" => 1.0,
        "m" => 60.0,
        _ => {
            return Err(spec_err(
                item,
                "duration needs a number and a unit: ms, s or m (e.g. 250ms, 2s)",
            ));
        }
    };
    let n: f64 = number
        .parse()
        .map_err(|_| spec_err(item, "duration must start with a number (e.g. 2s)"))?;
    let secs = n * scale;
    if !secs.is_finite() || secs > 86_400.0 {
        return Err(spec_err(item, "duration must be at most one day"));
    }
    Ok(Duration::from_secs_f64(secs))
}

fn parse_kind(item: &str, name: &str, value: Option<&str>) -> Result<FaultKind, FaultSpecError> {
    let need = |what: &str| {
        value
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| spec_err(item, format!("`{name}` needs a value ({what})")))
    };
    let no_value = || match value {
        None => Ok(()),
        Some(_) => Err(spec_err(item, format!("`{name}` takes no value"))),
    };
    Ok(match name {
        "status" => {
            let v = need("e.g. status=503:SlowDown")?;
            let (status, code) = match v.split_once(':') {
                Some((s, c)) => (s, Some(c)),
                None => (v, None),
            };
            let status: u16 = status
                .trim()
                .parse()
                .ok()
                .filter(|s| (300..=599).contains(s))
                .ok_or_else(|| spec_err(item, "status must be a number from 300 to 599"))?;
            let code = match code {
                Some(c) => parse_code(item, c.trim())?,
                None => default_code(status).to_string(),
            };
            FaultKind::Status { status, code }
        }
        "reset-after" | "reset" => {
            FaultKind::ResetAfterBytes(parse_num(item, need("a byte count")?, "byte count")?)
        }
        "truncate" | "truncate-body" => {
            FaultKind::TruncateBody(parse_num(item, need("a byte count")?, "byte count")?)
        }
        "delay" => FaultKind::Delay(parse_duration(item, need("e.g. delay=2s")?)?),
        "ok-with-error" => FaultKind::OkWithError {
            code: match value {
                None => "InternalError".to_string(),
                Some(c) => parse_code(item, c.trim())?,
            },
        },
        "crc" | "corrupt-crc" => {
            no_value()?;
            FaultKind::CorruptCrc
        }
        "corrupt-body" => {
            no_value()?;
            FaultKind::CorruptBody
        }
        "drop-answer" => {
            no_value()?;
            FaultKind::DropAnswer
        }
        "corrupt-request" | "corrupt-request-body" => {
            no_value()?;
            FaultKind::CorruptRequestBody
        }
        _ => return Err(spec_err(item, "unknown fault kind")),
    })
}

const KIND_NAMES: [&str; 13] = [
    "status",
    "reset-after",
    "reset",
    "truncate",
    "truncate-body",
    "delay",
    "ok-with-error",
    "crc",
    "corrupt-crc",
    "corrupt-body",
    "drop-answer",
    "corrupt-request",
    "corrupt-request-body",
];

impl FromStr for Fault {
    type Err = FaultSpecError;

    /// Reads the `--fault` spec syntax (see [`Fault`]).
    fn from_str(spec: &str) -> Result<Fault, FaultSpecError> {
        let mut kind: Option<(String, FaultKind)> = None;
        let mut on = Match::any();
        let mut times = None;
        let mut probability = None;
        let mut seed = DEFAULT_SEED;
        for raw in spec.split(',') {
            let item = raw.trim();
            if item.is_empty() {
                continue;
            }
            let (name, value) = match item.split_once('=') {
                Some((n, v)) => (n.trim().to_ascii_lowercase(), Some(v)),
                None => (item.to_ascii_lowercase(), None),
            };
            let value_of = |what: &str| {
                value.ok_or_else(|| spec_err(item, format!("`{name}` needs a value ({what})")))
            };
            match name.as_str() {
                n if KIND_NAMES.contains(&n) => {
                    if let Some((first, _)) = &kind {
                        return Err(spec_err(
                            item,
                            format!("a fault has one kind, and `{first}` was already given"),
                        ));
                    }
                    kind = Some((item.to_string(), parse_kind(item, n, value)?));
                }
                "op" => {
                    let v = value_of("e.g. op=upload-part")?.trim().to_ascii_lowercase();
                    let op = OP_NAMES
                        .iter()
                        .find(|(n, _)| *n == v)
                        .map(|(_, op)| *op)
                        .ok_or_else(|| {
                            let names: Vec<&str> = OP_NAMES.iter().map(|(n, _)| *n).collect();
                            spec_err(
                                item,
                                format!("unknown operation; one of: {}", names.join(", ")),
                            )
                        })?;
                    on.op = op;
                }
                "method" => {
                    let v = value_of("e.g. method=PUT")?.trim();
                    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_alphabetic()) {
                        return Err(spec_err(item, "method must be letters only (e.g. PUT)"));
                    }
                    on = on.method(v);
                }
                "key" => {
                    let v = value_of("the exact key")?;
                    on = on.key(v.strip_prefix('/').unwrap_or(v));
                }
                "key-contains" => {
                    let v = value_of("text the key contains")?;
                    if v.is_empty() {
                        return Err(spec_err(item, "`key-contains` needs a non-empty value"));
                    }
                    on = on.key_contains(v);
                }
                "part" => {
                    let n: u32 = parse_num(item, value_of("a part number")?, "part number")?;
                    on = on.part(n);
                }
                "times" => {
                    let v = value_of("a count, or unlimited")?.trim();
                    times = if v.eq_ignore_ascii_case("unlimited") {
                        None
                    } else {
                        Some(parse_num(item, v, "times")?)
                    };
                }
                "prob" | "probability" => {
                    let p: f64 = value_of("a fraction from 0 to 1")?
                        .trim()
                        .parse()
                        .ok()
                        .filter(|p: &f64| (0.0..=1.0).contains(p))
                        .ok_or_else(|| spec_err(item, "prob must be a number from 0 to 1"))?;
                    probability = Some(p);
                }
                "seed" => seed = parse_num(item, value_of("a number")?, "seed")?,
                _ => {
                    return Err(spec_err(
                        item,
                        "unknown item; expected a kind (status=, reset-after=, truncate=, delay=, \
                         ok-with-error, crc, corrupt-body, drop-answer, corrupt-request) or a \
                         condition (op=, method=, key=, key-contains=, part=, times=, prob=, seed=)",
                    ));
                }
            }
        }
        let Some((_, kind)) = kind else {
            return Err(FaultSpecError(format!(
                "fault spec `{spec}` names no fault kind (status=, reset-after=, truncate=, \
                 delay=, ok-with-error, crc, corrupt-body, drop-answer or corrupt-request)"
            )));
        };
        Ok(Fault {
            kind,
            on,
            times,
            probability,
            seed,
        })
    }
}

/// Error code used for `status=N` without a code.
pub(crate) fn default_code(status: u16) -> &'static str {
    match status {
        400 => "InvalidArgument",
        403 => "AccessDenied",
        404 => "NoSuchKey",
        409 => "Conflict",
        429 => "TooManyRequests",
        500 => "InternalError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "InjectedFault",
    }
}

/// The `Message` of an injected error with `code`.
pub(crate) fn message_for(code: &str) -> String {
    match code {
        "InternalError" => "We encountered an internal error. Please try again.".into(),
        "SlowDown" => "Please reduce your request rate.".into(),
        "ServiceUnavailable" => "Service is unable to handle the request.".into(),
        "RequestTimeout" => {
            "Your socket connection to the server was not read from or written to within the timeout period.".into()
        }
        _ => format!("Injected fault: {code}."),
    }
}

/// Identifies an injected fault (see [`crate::Emulator::inject`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaultId(u64);

/// The request facts a [`Match`] looks at.
struct RequestInfo {
    method: String,
    op: Option<Operation>,
    key: Option<String>,
    part: Option<u32>,
    copy: bool,
}

impl RequestInfo {
    fn of(head: &RequestHead) -> RequestInfo {
        let query = parse_query(&head.raw_query);
        let copy = head.header("x-cos-copy-source").is_some();
        let part = query
            .iter()
            .find(|(n, _)| n == "partNumber")
            .and_then(|(_, v)| v.trim().parse().ok());
        let (op, key) = match routing::resolve(&head.authority, &head.raw_path) {
            Ok(resolved) => {
                let key = match &resolved.target {
                    Target::Bucket { key, .. } => key.clone(),
                    Target::Service { .. } => None,
                };
                let op = match routing::dispatch(&head.method, &resolved, &query, copy) {
                    Dispatch::Op(op) => Some(op),
                    _ => None,
                };
                (op, key)
            }
            Err(_) => (None, None),
        };
        RequestInfo {
            method: head.method.clone(),
            op,
            key,
            part,
            copy,
        }
    }
}

/// A small xorshift64* generator (deterministic per seed).
#[derive(Debug, Clone)]
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
        // splitmix64 of the seed, so that small seeds spread and 0 is allowed.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        XorShift(if z == 0 { 1 } else { z })
    }

    /// Uniform in [0, 1).
    fn next_f64(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Rule {
    id: FaultId,
    fault: Fault,
    applied: u64,
    rng: XorShift,
}

/// The injected rules of one emulator.
#[derive(Default)]
pub(crate) struct Faults {
    rules: Mutex<Vec<Rule>>,
    next_id: AtomicU64,
    hits: AtomicU64,
}

impl Faults {
    fn rules(&self) -> std::sync::MutexGuard<'_, Vec<Rule>> {
        self.rules.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a rule after the existing ones.
    pub fn add(&self, fault: Fault) -> FaultId {
        let id = FaultId(self.next_id.fetch_add(1, Ordering::Relaxed) + 1);
        let rng = XorShift::new(fault.seed);
        self.rules().push(Rule {
            id,
            fault,
            applied: 0,
            rng,
        });
        id
    }

    /// Removes a rule; false if it was not there.
    pub fn remove(&self, id: FaultId) -> bool {
        let mut rules = self.rules();
        let before = rules.len();
        rules.retain(|r| r.id != id);
        rules.len() != before
    }

    /// Removes every rule and resets the hit counter.
    pub fn clear(&self) {
        self.rules().clear();
        self.hits.store(0, Ordering::Relaxed);
    }

    /// Requests a fault was applied to since start (or the last [`Faults::clear`]).
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Requests rule `id` was applied to (0 once it is removed).
    pub fn hits_of(&self, id: FaultId) -> u64 {
        self.rules()
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.applied)
            .unwrap_or(0)
    }

    /// Chooses the fault for a request, counting one use of it.
    pub fn select(&self, head: &RequestHead) -> Option<FaultKind> {
        let mut rules = self.rules();
        if rules.is_empty() {
            return None;
        }
        let info = RequestInfo::of(head);
        for rule in rules.iter_mut() {
            if rule.fault.times.is_some_and(|t| rule.applied >= t) {
                continue;
            }
            if !rule.fault.on.matches(&info) {
                continue;
            }
            if let Some(p) = rule.fault.probability {
                if rule.rng.next_f64() >= p {
                    continue;
                }
            }
            rule.applied += 1;
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Some(rule.fault.kind.clone());
        }
        None
    }
}
