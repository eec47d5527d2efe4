//! The single request loop every operation goes through: resolve the
//! endpoint, build headers, sign, send, and turn error answers into
//! `CosError`. Operations only build a [`Request`] and parse the [`Response`].

mod integrity;
mod prepare;
mod retry;

use std::io::Read;
use std::time::SystemTime;

use crate::auth;
use crate::body::Body;
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::credentials::{AuthorizationRequest, Signer};
use crate::endpoint::{self, Endpoint, Target};
use crate::error::CosError;
use crate::headers::Headers;
use crate::transport::{Incoming, IncomingBody, Outgoing, map_io_error};
use crate::xml;

use integrity::TapReader;
pub(crate) use integrity::{Tap, check_crc};
pub(crate) use prepare::{Prepared, content_md5, prepare_unsigned, sign_prepared};
pub(crate) use retry::{is_retryable, retry_delay};

/// Largest error or XML body we read into memory.
const MAX_XML_BODY: u64 = 64 * 1024 * 1024;

/// What an operation asks to send.
pub(crate) struct Request {
    pub method: &'static str,
    pub target: Target,
    /// Sub-resource (`acl`, `uploads`, …), sent first as `?acl=`.
    pub action: Option<&'static str>,
    pub query: Vec<(String, String)>,
    /// Query parameters sent before `query` and not signed (Node's
    /// `QueryString`).
    pub unsigned_query: Vec<(String, String)>,
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
            unsigned_query: Vec::new(),
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

    /// [`Response::meta`] without copying the headers, for operations done
    /// with the response (the small-object ones, where the copy showed).
    pub(crate) fn into_meta(self) -> Meta {
        Meta::new(self.status, self.headers)
    }

    /// A response header, or empty.
    pub(crate) fn header(&self, name: &str) -> String {
        self.headers.get(name).unwrap_or_default().to_string()
    }

    /// A response header COS sends only sometimes (`x-cos-version-id`, …).
    pub(crate) fn opt_header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(str::to_string)
    }

    /// Reads the whole (XML) body as text.
    pub(crate) fn text(&mut self) -> Result<String, CosError> {
        match self.prefetched.take() {
            Some(text) => Ok(text),
            None => read_text(&mut self.body).map_err(|e| e.with_request(self.method, &self.url)),
        }
    }

    /// Reads the whole answer as XML whose root element is `root` and
    /// hands that element to `read`; a failure names this request.
    pub(crate) fn xml<T>(
        &mut self,
        root: &str,
        read: impl FnOnce(roxmltree::Node<'_, '_>) -> Result<T, CosError>,
    ) -> Result<T, CosError> {
        let text = self.text()?;
        xml::parse_root(&text, root, read).map_err(|e| self.fail(e))
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
        let replayable = body.as_ref().is_none_or(Body::can_replay);
        let max_retries = if replayable {
            request.retries.unwrap_or(options.max_retries)
        } else {
            0
        };
        let mut reset_retried = false;
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
                    response.endpoint = endpoint;
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
                    } else if !reset_retried && replayable && err.code() == "ECONNRESET" {
                        // Most often a pooled keep-alive connection the server
                        // had already closed: one immediate retry on a fresh
                        // connection does not count against the retries (as
                        // curl and urllib3 do).
                        reset_retried = true;
                    } else if attempt < max_retries && is_retryable(&err) {
                        // A cancel during the wait ends the loop at its top.
                        crate::cancel::sleep(cancel.as_ref(), retry_delay(options, attempt));
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
            return Err(fail(CosError::service(status, headers, error_body, reason)));
        }
        let prefetched = if request.buffer_answer {
            let text = read_text(&mut incoming).map_err(fail)?;
            if let Some(error_body) = xml::error_body(&text) {
                return Err(fail(CosError::service(status, headers, error_body, reason)));
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
            // The loop moves its own in (no copy per attempt).
            endpoint: Endpoint::default(),
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
    ) -> Result<Signer<'_>, CosError> {
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
                Target::Url { .. } => (String::new(), String::new(), String::new()),
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

#[cfg(test)]
mod vectors;
