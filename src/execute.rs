//! The single request loop every operation goes through: resolve the
//! endpoint, build headers, sign, send, and turn error answers into
//! `CosError`. Operations only build a [`Request`] and parse the [`Response`].

use std::io::Read;
use std::time::{Duration, SystemTime};

use base64::Engine;
use md5::{Digest, Md5};

use crate::auth::{self, SignInput};
use crate::body::Body;
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::crc64::Crc64;
use crate::credentials::{AuthorizationRequest, Signer};
use crate::encode::query_string;
use crate::endpoint::{self, Endpoint, Target};
use crate::error::{CosError, ErrorKind};
use crate::headers::Headers;
use crate::options::CosOptions;
use crate::progress::BodyProgress;
use crate::transport::{Incoming, IncomingBody, Outgoing, map_io_error};
use crate::xml;

/// Largest error or XML body we read into memory.
const MAX_XML_BODY: u64 = 64 * 1024 * 1024;

/// Headers the request loop sets itself; any value given in options or
/// params is dropped.
const SDK_OWNED_HEADERS: [&str; 4] = ["content-length", "transfer-encoding", "connection", "host"];

/// What an operation asks to send.
pub(crate) struct Request {
    pub method: &'static str,
    pub target: Target,
    /// Sub-resource (`acl`, `uploads`, …), sent first as `?acl=`.
    pub action: Option<&'static str>,
    pub query: Vec<(String, String)>,
    pub headers: Headers,
    pub body: Option<Body>,
    /// Read the (XML) answer inside the loop, so a body cut mid-way is
    /// retried like any network failure, and treat an `<Error>` in a 200
    /// (Complete, copies) as a (retryable) service error.
    pub buffer_answer: bool,
    /// Retries for this request instead of the client's `max_retries`.
    pub retries: Option<u32>,
    /// Stops the request, its body mid-way included, and its retries.
    pub cancel: Option<CancelToken>,
}

impl Request {
    pub(crate) fn new(method: &'static str, target: Target) -> Self {
        Request {
            method,
            target,
            action: None,
            query: Vec::new(),
            headers: Headers::new(),
            body: None,
            buffer_answer: false,
            retries: None,
            cancel: None,
        }
    }

    /// Sets a header unless the value is empty (Node drops empty params).
    pub(crate) fn header(&mut self, name: &str, value: &str) {
        if !value.is_empty() {
            self.headers.insert(name, value);
        }
    }

    /// Adds a query parameter.
    pub(crate) fn query(&mut self, name: &str, value: impl Into<String>) {
        self.query.push((name.to_string(), value.into()));
    }

    /// An XML body with the `Content-Type` and `Content-MD5` Node sends.
    #[allow(dead_code)]
    pub(crate) fn xml_body(&mut self, xml: String) {
        self.headers.insert("content-type", "application/xml");
        self.headers
            .insert("content-md5", content_md5(xml.as_bytes()));
        self.body = Some(Body::from(xml));
    }
}

/// Base64 of the MD5 digest, as `Content-MD5` wants it.
pub(crate) fn content_md5(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Md5::digest(bytes))
}

/// A request ready for the wire.
pub(crate) struct Prepared {
    pub url: String,
    pub headers: Headers,
    /// The query as signed (sub-resource first).
    pub query: Vec<(String, String)>,
}

/// Builds URL and headers (Node's headers rules: `Content-Length: 0` on
/// bodiless non-GET requests, empty values dropped, `host` added, the
/// retry marker) without signing.
pub(crate) fn prepare_unsigned(
    options: &CosOptions,
    request: &Request,
    endpoint: &Endpoint,
    content_length: Option<u64>,
    retry: bool,
) -> Prepared {
    let mut query = Vec::with_capacity(request.query.len() + 1);
    if let Some(action) = request.action {
        query.push((action.to_string(), String::new()));
    }
    query.extend(request.query.iter().cloned());

    let mut headers = options.headers.clone();
    headers.extend_from(&request.headers);
    // Framing is the SDK's to decide: a user's Content-Length or
    // Transfer-Encoding would contradict the body actually sent.
    for owned in SDK_OWNED_HEADERS {
        headers.remove(owned);
    }
    match content_length {
        Some(length) => headers.insert("content-length", length.to_string()),
        None if request.method != "GET" => headers.insert("content-length", "0"),
        None => {}
    }
    let empty: Vec<String> = headers
        .iter()
        .filter(|(_, value)| value.is_empty())
        .map(|(name, _)| name.to_string())
        .collect();
    for name in empty {
        headers.remove(&name);
    }
    headers.insert("host", endpoint.host.as_str());
    if retry {
        // Node marks retries so COS can tell them apart; it is signed.
        headers.insert("x-cos-sdk-retry", "true");
    }
    Prepared {
        url: endpoint.connect_url(&options.ip, &query_string(&query)),
        headers,
        query,
    }
}

/// Signs a prepared request at `now_ms` (a pure function: the request
/// vectors check it at Node's frozen clock). The security token is added
/// after signing, unsigned, as Node does.
pub(crate) fn sign_prepared(
    prepared: &mut Prepared,
    signer: &Signer,
    method: &str,
    signed_path: &str,
    force_sign_host: bool,
    now_ms: i64,
    clock_offset_ms: i64,
) {
    let token = match signer {
        Signer::Anonymous => return,
        Signer::Ready {
            authorization,
            security_token,
        } => {
            prepared
                .headers
                .insert("authorization", authorization.as_str());
            security_token
        }
        Signer::Keys {
            secret_id,
            secret_key,
            security_token,
            key_time,
        } => {
            let mut without_host;
            let to_sign = if force_sign_host {
                &prepared.headers
            } else {
                without_host = prepared.headers.clone();
                without_host.remove("host");
                &without_host
            };
            let key_time = key_time.clone().unwrap_or_else(|| {
                auth::key_time(now_ms, clock_offset_ms, auth::DEFAULT_EXPIRES_SECS)
            });
            let signature = auth::sign(&SignInput {
                secret_id,
                secret_key,
                key_time: &key_time,
                method,
                pathname: signed_path,
                query: &prepared.query,
                headers: to_sign,
            });
            prepared
                .headers
                .insert("authorization", signature.authorization);
            security_token
        }
    };
    if !token.is_empty() {
        prepared
            .headers
            .insert("x-cos-security-token", token.as_str());
    }
}

/// A successful (2xx) answer whose body has not been read yet.
pub(crate) struct Response {
    pub status: u16,
    pub headers: Headers,
    pub body: IncomingBody,
    pub endpoint: Endpoint,
    /// The body, when the loop already read it (`buffer_answer` requests).
    prefetched: Option<String>,
    /// Attempts that failed before this answer (0: the first one worked).
    pub retried: u32,
    method: &'static str,
    url: String,
}

/// The parts of every answer that every `…Data` carries.
pub(crate) struct Meta {
    pub status_code: u16,
    pub headers: Headers,
    pub request_id: Option<String>,
}

impl Meta {
    pub(crate) fn new(status_code: u16, headers: Headers) -> Self {
        let request_id = headers.get("x-cos-request-id").map(str::to_string);
        Meta {
            status_code,
            headers,
            request_id,
        }
    }

    /// The meta of a service error that an operation turns into success
    /// (Node's 404 → `BucketNotFound`, 304 → `NotModified`).
    pub(crate) fn of_error(err: &CosError) -> Self {
        Meta::new(err.status_code().unwrap_or(0), err.headers().clone())
    }
}

/// Implemented by every `…Data` (see the `response_data!` macro).
pub(crate) trait FromMeta: Default {
    fn from_meta(meta: Meta) -> Self;
}

impl Response {
    pub(crate) fn meta(&self) -> Meta {
        Meta::new(self.status, self.headers.clone())
    }

    /// A response header, or empty.
    pub(crate) fn header(&self, name: &str) -> String {
        self.headers.get(name).unwrap_or_default().to_string()
    }

    /// Reads the whole (XML) body as text.
    pub(crate) fn text(&mut self) -> Result<String, CosError> {
        match self.prefetched.take() {
            Some(text) => Ok(text),
            None => read_text(&mut self.body).map_err(|e| e.with_request(self.method, &self.url)),
        }
    }

    /// Attaches this request to an error met while handling the body.
    pub(crate) fn fail(&self, err: CosError) -> CosError {
        err.with_request(self.method, &self.url)
    }
}

fn read_text(body: &mut IncomingBody) -> Result<String, CosError> {
    let mut bytes = Vec::new();
    body.take(MAX_XML_BODY)
        .read_to_end(&mut bytes)
        .map_err(map_io_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

impl Cos {
    /// Sends a request and returns a 2xx response; any other status becomes
    /// a service error carrying COS's `<Error>` fields.
    pub(crate) fn execute(&self, request: Request) -> Result<Response, CosError> {
        self.execute_tapped(request, &mut Tap::default())
    }

    /// The request loop: sign and send, then retry what is worth retrying
    /// (network failures, timeouts, 5xx, SlowDown, a 200 carrying an
    /// `<Error>`, data that arrived damaged) with exponential backoff and
    /// jitter, re-signing each attempt; correct the clock once on a
    /// clock-skew answer. `tap` watches the body bytes as they are sent.
    pub(crate) fn execute_tapped(
        &self,
        mut request: Request,
        tap: &mut Tap<'_>,
    ) -> Result<Response, CosError> {
        let options = self.options();
        crate::validate::headers("Headers", request.headers.iter())?;
        let endpoint = endpoint::resolve(options, &request.target);
        let mut body = request.body.take();
        let max_retries = if body.as_ref().is_none_or(Body::can_replay) {
            request.retries.unwrap_or(options.max_retries)
        } else {
            0
        };
        let mut attempt = 0;
        let mut clock_corrected = false;
        let mut credentials_refreshed = false;
        let cancel = request.cancel.clone();
        loop {
            // A paused request waits here, before it starts.
            if !crate::cancel::may_proceed(cancel.as_ref()) {
                return Err(cancelled(&request));
            }
            match self.attempt(&request, &endpoint, body.as_mut(), tap, attempt) {
                Ok(mut response) => {
                    response.retried = attempt;
                    if let Some(progress) = tap.progress.as_mut() {
                        progress.finish();
                    }
                    return Ok(response);
                }
                Err(err) => {
                    if !clock_corrected && self.correct_clock(&err) {
                        clock_corrected = true;
                    } else if !credentials_refreshed && self.drop_rejected_credentials(&err) {
                        credentials_refreshed = true;
                    } else if attempt < max_retries && is_retryable(&err) {
                        let delay = retry_delay(options, attempt);
                        match &cancel {
                            Some(token) => {
                                token.sleep(delay);
                            }
                            None => std::thread::sleep(delay),
                        }
                    } else {
                        return Err(err);
                    }
                    attempt += 1;
                }
            }
        }
    }

    /// One signed attempt.
    fn attempt(
        &self,
        request: &Request,
        endpoint: &Endpoint,
        body: Option<&mut Body>,
        tap: &mut Tap<'_>,
        attempt: u32,
    ) -> Result<Response, CosError> {
        let options = self.options();
        let mut body = body.map(Body::open).transpose()?;
        let length = body.as_ref().map(|b| b.length);
        let mut prepared = prepare_unsigned(options, request, endpoint, length, attempt > 0);
        let signer = self.signer_for(request, endpoint, &prepared)?;
        sign_prepared(
            &mut prepared,
            &signer,
            request.method,
            &endpoint.signed_path,
            options.force_sign_host,
            auth::unix_millis(SystemTime::now()),
            self.clock_offset_ms(),
        );
        tap.begin(length.unwrap_or(0));
        let mut tapped = body.as_mut().map(|b| TapReader {
            inner: &mut *b.reader,
            tap: &mut *tap,
            cancel: request.cancel.as_ref(),
        });
        let Incoming {
            status,
            reason,
            headers,
            body: mut incoming,
        } = self
            .transport()
            .send(Outgoing {
                method: request.method,
                url: &prepared.url,
                headers: &prepared.headers,
                body: tapped.as_mut().map(|t| t as &mut dyn Read),
            })
            .map_err(|err| {
                if request
                    .cancel
                    .as_ref()
                    .is_some_and(CancelToken::is_cancelled)
                {
                    cancelled(request)
                } else {
                    err
                }
            })?;
        let fail = |err: CosError| err.with_request(request.method, &prepared.url);
        if !(200..300).contains(&status) {
            let text = if request.method == "HEAD" {
                String::new()
            } else {
                read_text(&mut incoming).unwrap_or_default()
            };
            let mut error_body = xml::error_body(&text).unwrap_or_default();
            if error_body.code.is_none() {
                // A HEAD (or bodiless) answer: the code COS would have sent.
                if let Some((code, message)) = implied_error(status, &request.target) {
                    error_body.code = Some(code.to_string());
                    error_body.message = Some(message.to_string());
                }
            }
            return Err(fail(CosError::service(
                status, headers, error_body, &reason,
            )));
        }
        let prefetched = if request.buffer_answer {
            let text = read_text(&mut incoming).map_err(fail)?;
            if let Some(error_body) = xml::error_body(&text) {
                return Err(fail(CosError::service(
                    status, headers, error_body, &reason,
                )));
            }
            Some(text)
        } else {
            None
        };
        tap.verify(&headers, options.verify_crc).map_err(fail)?;
        Ok(Response {
            status,
            headers,
            body: incoming,
            endpoint: endpoint.clone(),
            prefetched,
            retried: 0,
            method: request.method,
            url: prepared.url,
        })
    }

    /// Node's `CorrectClockSkew`: when COS says the signature's time is off
    /// and its `Date` is 30 s or more from ours, adopt its clock.
    fn correct_clock(&self, err: &CosError) -> bool {
        if !self.options().correct_clock_skew || err.status_code() != Some(403) {
            return false;
        }
        let skew_error = err.code() == "RequestTimeTooSkewed"
            || err.message() == "RequestTimeTooSkewed"
            || err.message() == "Request has expired"
            || err.code() == "Request has expired";
        let Some(server) = err
            .headers()
            .get("date")
            .and_then(|d| httpdate::parse_http_date(d).ok())
        else {
            return false;
        };
        if !skew_error {
            return false;
        }
        let offset = auth::unix_millis(server) - auth::unix_millis(SystemTime::now());
        if offset.abs() < 30_000 {
            return false;
        }
        self.set_clock_offset_ms(offset);
        true
    }

    /// How to sign this request (see [`Cos::signer`]).
    fn signer_for(
        &self,
        request: &Request,
        endpoint: &Endpoint,
        prepared: &Prepared,
    ) -> Result<Signer, CosError> {
        self.signer(|| {
            let (bucket, region, key) = match &request.target {
                Target::Service { region } => (String::new(), region.clone(), String::new()),
                Target::Bucket { bucket, region } => {
                    (bucket.clone(), region.clone(), String::new())
                }
                Target::Object {
                    bucket,
                    region,
                    key,
                } => (bucket.clone(), region.clone(), key.clone()),
            };
            AuthorizationRequest {
                bucket,
                region,
                method: request.method.to_string(),
                key,
                pathname: endpoint.signed_path.clone(),
                query: prepared.query.clone(),
                headers: prepared.headers.clone(),
            }
        })
    }

    /// COS refused cached temporary keys (expired or revoked token): drop
    /// them so the retry asks the callback for new ones.
    fn drop_rejected_credentials(&self, err: &CosError) -> bool {
        let rejected = matches!(
            err.code(),
            "ExpiredToken" | "InvalidAccessKeyId" | "InvalidToken"
        );
        rejected
            && self.options().get_authorization.is_some()
            && self.credential_cache().invalidate()
    }
}

/// COS's code and message for an error status that came without a body
/// (every HEAD): Node reports the bare status (`"404"`), which cannot be
/// matched like the codes of other answers.
fn implied_error(status: u16, target: &Target) -> Option<(&'static str, &'static str)> {
    Some(match (status, target) {
        (404, Target::Object { .. }) => ("NoSuchKey", "The specified key does not exist."),
        (404, Target::Bucket { .. }) => ("NoSuchBucket", "The specified bucket does not exist."),
        (403, _) => ("AccessDenied", "Access Denied."),
        (412, _) => (
            "PreconditionFailed",
            "At least one of the preconditions did not hold.",
        ),
        (304, _) => ("NotModified", "Not Modified."),
        _ => return None,
    })
}

/// The error of a request stopped by its [`CancelToken`].
pub(crate) fn cancelled(request: &Request) -> CosError {
    CosError::cancelled(format!("{} cancelled", request.method))
}

/// Worth another attempt: the network, a timeout, the server side (5xx,
/// SlowDown, a 200 carrying an `<Error>`), or data that arrived damaged
/// (either way: `400 BadDigest` says COS received a damaged body). Never
/// another 4xx (clock skew is handled separately) or local problems.
pub(crate) fn is_retryable(err: &CosError) -> bool {
    match err.kind() {
        ErrorKind::Network
        | ErrorKind::Timeout
        | ErrorKind::Integrity
        | ErrorKind::InvalidResponse => true,
        ErrorKind::Service => match err.status_code() {
            Some(status) if status >= 500 => true,
            // The body arrived damaged; a replayed body may not.
            Some(400) => err.code() == "BadDigest",
            Some(status) if (200..300).contains(&status) => {
                matches!(
                    err.code(),
                    "InternalError" | "SlowDown" | "ServiceUnavailable"
                )
            }
            _ => false,
        },
        _ => false,
    }
}

/// Exponential backoff with full jitter between half and all of the step,
/// capped (Node retries immediately, which hammers a struggling server).
pub(crate) fn retry_delay(options: &CosOptions, attempt: u32) -> Duration {
    let step = options
        .retry_base_delay
        .saturating_mul(1u32 << attempt.min(16))
        .min(options.retry_max_delay);
    let jitter = 0.5 + 0.5 * random_unit();
    step.mul_f64(jitter)
}

/// A cheap, thread-local pseudo-random number in [0, 1) for jitter.
fn random_unit() -> f64 {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new(
            (auth::unix_millis(SystemTime::now()) as u64) ^ 0x9E37_79B9_7F4A_7C15
        );
    }
    STATE.with(|state| {
        let mut x = state.get() | 1;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        state.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    })
}

/// Watches the body bytes of one request as they are sent, across
/// attempts: hashes each attempt (for the ETag and CRC-64 checks) and
/// reports progress without ever going backwards or counting a retried
/// byte twice.
#[derive(Default)]
pub(crate) struct Tap<'a> {
    /// Upload progress, started with the body's length.
    pub progress: Option<&'a mut dyn BodyProgress>,
    check: Check,
    md5: Option<Md5>,
    crc: Option<Crc64>,
    started: bool,
    sent: u64,
    high_water: u64,
}

/// What the answer to an upload is checked against.
#[derive(Default)]
enum Check {
    #[default]
    Nothing,
    /// The MD5 and CRC-64 of the bytes as they are sent.
    WhatWasSent,
    /// Digests the caller computed before sending (hex MD5, CRC-64).
    Known(String, u64),
}

impl<'a> Tap<'a> {
    /// A tap that checks the ETag and CRC-64 of what was sent and reports
    /// progress when asked to.
    pub(crate) fn verifying(progress: Option<&'a mut dyn BodyProgress>) -> Self {
        Tap {
            progress,
            check: Check::WhatWasSent,
            ..Tap::default()
        }
    }

    /// A tap that checks the answer against digests already computed.
    pub(crate) fn expecting(md5_hex: String, crc: u64, progress: &'a mut dyn BodyProgress) -> Self {
        Tap {
            progress: Some(progress),
            check: Check::Known(md5_hex, crc),
            ..Tap::default()
        }
    }

    /// A new attempt starts sending `length` bytes.
    fn begin(&mut self, length: u64) {
        if !self.started {
            self.started = true;
            if let Some(progress) = self.progress.as_mut() {
                progress.start(length);
            }
        }
        self.sent = 0;
        if let Check::WhatWasSent = self.check {
            self.md5 = Some(Md5::new());
            self.crc = Some(Crc64::new());
        }
    }

    fn observe(&mut self, bytes: &[u8]) {
        if let Some(md5) = self.md5.as_mut() {
            md5.update(bytes);
        }
        if let Some(crc) = self.crc.as_mut() {
            crc.update(bytes);
        }
        self.sent += bytes.len() as u64;
        if self.sent > self.high_water {
            if let Some(progress) = self.progress.as_mut() {
                progress.advance(self.sent - self.high_water);
            }
            self.high_water = self.sent;
        }
    }

    /// Checks the answer against what this attempt sent.
    fn verify(&mut self, headers: &Headers, verify_crc: bool) -> Result<(), CosError> {
        let (md5, crc) = match &self.check {
            Check::Nothing => return Ok(()),
            Check::Known(md5, crc) => (md5.clone(), *crc),
            Check::WhatWasSent => {
                let (Some(md5), Some(crc)) = (self.md5.take(), self.crc.take()) else {
                    return Ok(());
                };
                let hex = md5.finalize().iter().map(|b| format!("{b:02x}")).collect();
                (hex, crc.finish())
            }
        };
        check_etag(headers.get("etag").unwrap_or_default(), &md5)?;
        if let Some(reported) = headers.get("x-cos-hash-crc64ecma").filter(|_| verify_crc) {
            check_crc(reported, crc)?;
        }
        Ok(())
    }
}

struct TapReader<'a, 'b> {
    inner: &'a mut (dyn Read + Send),
    tap: &'a mut Tap<'b>,
    cancel: Option<&'a CancelToken>,
}

impl Read for TapReader<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.is_some_and(CancelToken::is_cancelled) {
            // Not `Interrupted`, which readers retry.
            return Err(std::io::Error::other("cancelled"));
        }
        let n = self.inner.read(buf)?;
        self.tap.observe(&buf[..n]);
        Ok(n)
    }
}

/// Compares COS's `x-cos-hash-crc64ecma` with the CRC-64 of the data.
pub(crate) fn check_crc(reported: &str, computed: u64) -> Result<(), CosError> {
    if reported.trim().parse::<u64>().ok() == Some(computed) {
        Ok(())
    } else {
        Err(CosError::integrity(
            "CRC64Mismatch",
            format!("COS reports CRC-64 {reported} but the data has {computed}"),
        ))
    }
}

/// Compares an ETag COS returned with the MD5 of what was sent. ETags that
/// are not a plain MD5 (encrypted objects) cannot be checked and pass.
pub(crate) fn check_etag(etag: &str, sent_md5: &str) -> Result<(), CosError> {
    let bare = etag.trim_matches('"');
    let is_md5 = bare.len() == 32 && bare.bytes().all(|b| b.is_ascii_hexdigit());
    if is_md5 && !bare.eq_ignore_ascii_case(sent_md5) {
        return Err(CosError::integrity(
            "ETagMismatch",
            format!("COS stored ETag {etag} but the bytes sent have MD5 {sent_md5}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The request vectors recorded from the official Node SDK 3.0.0: our
    //! builders must produce the same method, path, query, signed header
    //! list and signature at Node's frozen clock.

    use super::*;
    use crate::ops;
    use serde_json::Value;

    const NOW_MS: i64 = 1_700_000_000_000;

    fn options() -> CosOptions {
        CosOptions {
            secret_id: "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q".into(),
            secret_key: "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz".into(),
            protocol: "http:".into(),
            ..Default::default()
        }
    }

    fn params(v: &Value) -> &Value {
        &v["params"]
    }

    fn s(v: &Value, name: &str) -> String {
        match &v[name] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    /// Builds the request our SDK makes for one vector's API call.
    fn build(
        api: &str,
        p: &Value,
        recorded_body: Option<&str>,
        options: &CosOptions,
    ) -> Option<Result<Request, CosError>> {
        // `Buffer(n)` stands for n bytes whose text the vector recorded.
        let body = |p: &Value| match p["Body"].as_str() {
            Some(text) if text.starts_with("Buffer(") => {
                crate::Body::from(recorded_body.unwrap_or_default())
            }
            Some(text) => crate::Body::from(text),
            None => crate::Body::empty(),
        };
        let headers: Headers = p["Headers"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        Some(match api {
            "getService" => ops::service::build_get_service(&crate::GetServiceParams {
                region: s(p, "Region"),
                ..Default::default()
            }),
            "putBucket" => ops::bucket::build_put_bucket(&crate::PutBucketParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                acl: s(p, "ACL"),
                ..Default::default()
            }),
            "headBucket" => ops::bucket::build_head_bucket(&crate::HeadBucketParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                ..Default::default()
            }),
            "deleteBucket" => ops::bucket::build_delete_bucket(&crate::DeleteBucketParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                ..Default::default()
            }),
            "getBucket" => ops::bucket::build_get_bucket(&crate::GetBucketParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                prefix: s(p, "Prefix"),
                delimiter: s(p, "Delimiter"),
                max_keys: p["MaxKeys"].as_u64().map(|n| n as u32),
                ..Default::default()
            }),
            "headObject" => ops::object::build_head_object(
                options,
                &crate::HeadObjectParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    ..Default::default()
                },
            ),
            "getObject" => ops::object::build_get_object(
                options,
                &crate::GetObjectParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    response_content_type: s(p, "ResponseContentType"),
                    ..Default::default()
                },
            ),
            "putObject" => ops::object::build_put_object(
                options,
                crate::PutObjectParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    body: body(p),
                    content_type: s(p, "ContentType"),
                    headers,
                    ..Default::default()
                },
            ),
            "deleteObject" => ops::object::build_delete_object(
                options,
                &crate::DeleteObjectParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    ..Default::default()
                },
            ),
            "getBucketAcl" => ops::acl::build_get_bucket_acl(&crate::GetBucketAclParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                ..Default::default()
            }),
            "putBucketAcl" => ops::acl::build_put_bucket_acl(&crate::PutBucketAclParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                acl: s(p, "ACL"),
                grant_read: s(p, "GrantRead"),
                ..Default::default()
            }),
            "getObjectAcl" => ops::acl::build_get_object_acl(
                options,
                &crate::GetObjectAclParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    ..Default::default()
                },
            ),
            "putObjectAcl" => {
                let policy = &p["AccessControlPolicy"];
                ops::acl::build_put_object_acl(
                    options,
                    &crate::PutObjectAclParams {
                        bucket: s(p, "Bucket"),
                        region: s(p, "Region"),
                        key: s(p, "Key"),
                        access_control_policy: Some(crate::AccessControlPolicy {
                            owner: crate::Owner {
                                id: s(&policy["Owner"], "ID"),
                                ..Default::default()
                            },
                            grants: policy["Grants"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|g| crate::Grant {
                                    grantee: crate::Grantee {
                                        id: s(&g["Grantee"], "ID"),
                                        ..Default::default()
                                    },
                                    permission: s(g, "Permission"),
                                })
                                .collect(),
                        }),
                        ..Default::default()
                    },
                )
            }
            "putBucketCors" => ops::cors::build_put_bucket_cors(&crate::PutBucketCorsParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                cors_rules: p["CORSRules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| {
                        let list = |name: &str| {
                            r[name]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|v| v.as_str().unwrap().to_string())
                                .collect()
                        };
                        crate::CorsRule {
                            allowed_origins: list("AllowedOrigins"),
                            allowed_methods: list("AllowedMethods"),
                            allowed_headers: list("AllowedHeaders"),
                            expose_headers: list("ExposeHeaders"),
                            max_age_seconds: s(r, "MaxAgeSeconds").parse().ok(),
                            ..Default::default()
                        }
                    })
                    .collect(),
                ..Default::default()
            }),
            "getBucketCors" | "deleteBucketCors" => ops::cors::build_cors_request(
                if api == "getBucketCors" {
                    "GET"
                } else {
                    "DELETE"
                },
                &crate::GetBucketCorsParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    ..Default::default()
                },
            ),
            "getBucketLocation" | "getBucketTagging" | "deleteBucketTagging" => {
                let (method, action) = match api {
                    "getBucketLocation" => ("GET", "location"),
                    "getBucketTagging" => ("GET", "tagging"),
                    _ => ("DELETE", "tagging"),
                };
                ops::tagging::build_bucket_request(
                    method,
                    action,
                    &crate::BucketParams {
                        bucket: s(p, "Bucket"),
                        region: s(p, "Region"),
                        ..Default::default()
                    },
                )
            }
            "putBucketTagging" => {
                ops::tagging::build_put_bucket_tagging(&crate::PutBucketTaggingParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    tags: p["Tags"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| crate::Tag {
                            key: s(t, "Key"),
                            value: s(t, "Value"),
                        })
                        .collect(),
                    ..Default::default()
                })
            }
            "optionsObject" => ops::cors::build_options_object(
                options,
                &crate::OptionsObjectParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    origin: s(p, "Origin"),
                    access_control_request_method: s(p, "AccessControlRequestMethod"),
                    access_control_request_headers: s(p, "AccessControlRequestHeaders"),
                    ..Default::default()
                },
            ),
            "deleteMultipleObject" => {
                ops::batch::build_delete_multiple_object(&crate::DeleteMultipleObjectParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    objects: p["Objects"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|o| s(o, "Key").into())
                        .collect(),
                    quiet: p["Quiet"].as_bool().unwrap_or(false),
                    ..Default::default()
                })
            }
            "multipartInit" => ops::multipart::build_multipart_init(
                options,
                &crate::MultipartInitParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    ..Default::default()
                },
            ),
            "multipartUpload" => ops::multipart::build_multipart_upload(
                options,
                crate::MultipartUploadParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    upload_id: s(p, "UploadId"),
                    part_number: p["PartNumber"].as_u64().unwrap() as u32,
                    body: body(p),
                    ..Default::default()
                },
            ),
            "multipartComplete" => ops::multipart::build_multipart_complete(
                options,
                &crate::MultipartCompleteParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    upload_id: s(p, "UploadId"),
                    parts: p["Parts"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|part| crate::CompletedPart {
                            part_number: part["PartNumber"].as_u64().unwrap() as u32,
                            etag: s(part, "ETag"),
                        })
                        .collect(),
                    ..Default::default()
                },
            ),
            "multipartList" => ops::multipart::build_multipart_list(&crate::MultipartListParams {
                bucket: s(p, "Bucket"),
                region: s(p, "Region"),
                prefix: s(p, "Prefix"),
                ..Default::default()
            }),
            "multipartListPart" => ops::multipart::build_multipart_list_part(
                options,
                &crate::MultipartListPartParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    upload_id: s(p, "UploadId"),
                    ..Default::default()
                },
            ),
            "multipartAbort" => ops::multipart::build_multipart_abort(
                options,
                &crate::MultipartAbortParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    upload_id: s(p, "UploadId"),
                    ..Default::default()
                },
            ),
            "putObjectCopy" => ops::copy::build_put_object_copy(
                options,
                &crate::PutObjectCopyParams {
                    bucket: s(p, "Bucket"),
                    region: s(p, "Region"),
                    key: s(p, "Key"),
                    copy_source: s(p, "CopySource"),
                    ..Default::default()
                },
            ),
            _ => return None,
        })
    }

    fn auth_field<'a>(authorization: &'a str, name: &str) -> &'a str {
        authorization
            .split('&')
            .find_map(|pair| pair.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
            .unwrap_or("")
    }

    #[test]
    fn node_request_vectors() {
        let vectors: Vec<Value> =
            serde_json::from_str(include_str!("../tests/vectors/request-vectors.json")).unwrap();
        let options = options();
        let mut checked = Vec::new();
        for v in &vectors {
            let api = v["api"].as_str().unwrap();
            let recorded = v["request"]["body"].as_str();
            let Some(request) = build(api, params(v), recorded, &options) else {
                continue;
            };
            let mut request = request.unwrap_or_else(|e| panic!("{api}: {e}"));
            let endpoint = endpoint::resolve(&options, &request.target);
            let mut sent = Vec::new();
            let length = request.body.take().map(|mut b| {
                let mut open = b.open().unwrap();
                open.reader.read_to_end(&mut sent).unwrap();
                open.length
            });
            if let Some(body) = v["request"]["body"].as_str() {
                assert_eq!(String::from_utf8_lossy(&sent), body, "{api}: body");
            }
            let mut prepared = prepare_unsigned(&options, &request, &endpoint, length, false);
            let signer = Signer::Keys {
                secret_id: options.secret_id.clone(),
                secret_key: options.secret_key.clone(),
                security_token: String::new(),
                key_time: None,
            };
            sign_prepared(
                &mut prepared,
                &signer,
                request.method,
                &endpoint.signed_path,
                true,
                NOW_MS,
                0,
            );
            let expected = &v["request"];
            assert_eq!(
                request.method,
                expected["method"].as_str().unwrap(),
                "{api}"
            );
            let path_and_query = prepared
                .url
                .splitn(4, '/')
                .nth(3)
                .map(|s| format!("/{s}"))
                .unwrap();
            assert_eq!(path_and_query, expected["url"].as_str().unwrap(), "{api}");
            let want = expected["headers"]["authorization"].as_str().unwrap();
            let got = prepared.headers.get("authorization").unwrap();
            for field in [
                "q-sign-time",
                "q-header-list",
                "q-url-param-list",
                "q-signature",
            ] {
                assert_eq!(
                    auth_field(got, field),
                    auth_field(want, field),
                    "{api}: {field}"
                );
            }
            assert_eq!(got, want, "{api}");
            assert_eq!(
                prepared.headers.get("host"),
                expected["headers"]["host"].as_str(),
                "{api}"
            );
            for (name, value) in prepared.headers.iter() {
                if name != "authorization" {
                    assert_eq!(
                        expected["headers"][name].as_str(),
                        Some(value),
                        "{api}: header {name}"
                    );
                }
            }
            checked.push(api);
        }
        for api in [
            "getService",
            "putBucket",
            "headBucket",
            "deleteBucket",
            "getBucket",
            "headObject",
            "getObject",
            "putObject",
            "deleteObject",
        ] {
            assert!(checked.contains(&api), "no vector checked for {api}");
        }
    }
}
