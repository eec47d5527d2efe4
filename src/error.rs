//! `CosError`: the one error type of the SDK.

use std::fmt;

use crate::headers::Headers;

/// What went wrong, broadly; decides what a caller can do about it.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// COS (or the emulator) answered with an error status or an `<Error>`
    /// body. [`CosError::status_code`] and [`CosError::code`] say which.
    Service,
    /// A parameter or option was rejected before any request was sent.
    /// [`CosError::parameter`] names it.
    InvalidParameter,
    /// The connection failed: refused, reset, DNS, TLS.
    Network,
    /// The request did not finish within the configured timeout.
    Timeout,
    /// Reading or writing a local file or stream failed.
    Io,
    /// Data arrived but does not match its checksum or announced length.
    Integrity,
    /// The caller cancelled the operation.
    Cancelled,
    /// Credentials could not be obtained (the `get_authorization` callback
    /// failed or returned expired keys).
    Credentials,
    /// COS answered, but with something this SDK cannot read: malformed
    /// XML, or a document without what the operation needs. Retried, as a
    /// proxy or a cut connection can cause it.
    InvalidResponse,
}

/// The error of every operation.
///
/// Service errors keep everything COS said (`status_code`, `code`,
/// `message`, `request_id`, `trace_id`, `resource`, `headers`), so they can be
/// quoted to Tencent support. `Display` reads as a sentence and, like `Debug`,
/// never contains a secret key, security token or signature.
///
/// ```
/// # use cos_sdk::{Cos, CosOptions, ErrorKind, HeadBucketParams};
/// let cos = Cos::new(CosOptions::default()).unwrap();
/// let err = cos
///     .head_bucket(
///         HeadBucketParams { bucket: "Not_Valid".into(), region: "ap-guangzhou".into(), ..Default::default() },
///         |r| r,
///     )
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidParameter);
/// assert_eq!(err.parameter(), Some("Bucket"));
/// ```
///
/// An error COS answered keeps what it said:
///
/// ```
/// use cos_sdk::{ErrorKind, GetObjectParams};
///
/// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
/// # let cos = doc.cos.clone();
/// let err = cos
///     .get_object(
///         GetObjectParams {
///             bucket: "examplebucket-1250000000".into(),
///             region: "ap-guangzhou".into(),
///             key: "missing.txt".into(),
///             ..Default::default()
///         },
///         |r| r,
///     )
///     .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Service);
/// assert!(err.is_not_found() && !err.is_retryable());
/// assert_eq!((err.status_code(), err.code()), (Some(404), "NoSuchKey"));
/// assert!(err.request_id().is_some()); // quote it to Tencent support
/// // COS answered 404 NoSuchKey: … [GET http://…/missing.txt] (request id …)
/// println!("{err}");
/// # Ok::<(), cos_sdk::CosError>(())
/// ```
#[derive(Clone)]
pub struct CosError {
    inner: Box<Inner>,
}

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    code: String,
    message: String,
    parameter: Option<&'static str>,
    status_code: Option<u16>,
    headers: Headers,
    request_id: Option<String>,
    trace_id: Option<String>,
    resource: Option<String>,
    method: Option<String>,
    url: Option<String>,
    /// Shared, so that errors can be cloned (a task list reports them).
    source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

/// The fields of a COS `<Error>` body.
#[derive(Debug, Default, Clone)]
pub(crate) struct ServiceErrorBody {
    pub code: Option<String>,
    pub message: Option<String>,
    pub resource: Option<String>,
    pub request_id: Option<String>,
    pub trace_id: Option<String>,
}

impl CosError {
    fn new(kind: ErrorKind, code: impl Into<String>, message: impl Into<String>) -> Self {
        CosError {
            inner: Box::new(Inner {
                kind,
                code: code.into(),
                message: message.into(),
                parameter: None,
                status_code: None,
                headers: Headers::new(),
                request_id: None,
                trace_id: None,
                resource: None,
                method: None,
                url: None,
                source: None,
            }),
        }
    }

    /// A parameter or option failed validation. `parameter` uses the Node
    /// name (`Bucket`, `Region`, `Key`, `ChunkSize`) so messages match the
    /// Node SDK's.
    pub(crate) fn invalid_parameter(parameter: &'static str, message: impl Into<String>) -> Self {
        let mut err = CosError::new(ErrorKind::InvalidParameter, "InvalidParameter", message);
        err.inner.parameter = Some(parameter);
        err
    }

    /// COS answered with an error status; `body` is what its `<Error>` said
    /// (empty for HEAD and non-XML bodies, as in Node, code = the status).
    pub(crate) fn service(
        status_code: u16,
        headers: Headers,
        body: ServiceErrorBody,
        reason: &str,
    ) -> Self {
        let code = body.code.unwrap_or_else(|| status_code.to_string());
        let message = body.message.unwrap_or_else(|| reason.to_string());
        let mut err = CosError::new(ErrorKind::Service, code, message);
        let header = |name: &str| headers.get(name).map(str::to_string);
        err.inner.request_id = body.request_id.or_else(|| header("x-cos-request-id"));
        err.inner.trace_id = body.trace_id.or_else(|| header("x-cos-trace-id"));
        err.inner.resource = body.resource;
        err.inner.status_code = Some(status_code);
        err.inner.headers = headers;
        err
    }

    /// A transport failure; `code` follows Node's names (`ECONNREFUSED`,
    /// `ECONNRESET`, `ETIMEDOUT`, …).
    pub(crate) fn network(
        kind: ErrorKind,
        code: &str,
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        let mut err = CosError::new(kind, code, message);
        err.inner.source = Some(std::sync::Arc::from(source.into()));
        err
    }

    /// Local file or stream trouble.
    pub(crate) fn io(message: impl Into<String>, source: std::io::Error) -> Self {
        let mut err = CosError::new(ErrorKind::Io, "EIO", message);
        err.inner.source = Some(std::sync::Arc::new(source));
        err
    }

    /// Received data did not match what was announced or checksummed.
    pub(crate) fn integrity(code: &str, message: impl Into<String>) -> Self {
        CosError::new(ErrorKind::Integrity, code, message)
    }

    /// An answer this SDK cannot read.
    pub(crate) fn invalid_response(message: impl Into<String>) -> Self {
        CosError::new(ErrorKind::InvalidResponse, "EBADRESPONSE", message)
    }

    /// Temporary credentials could not be obtained.
    pub(crate) fn credentials(message: impl Into<String>) -> Self {
        CosError::new(ErrorKind::Credentials, "CredentialsError", message)
    }

    /// The caller cancelled a transfer.
    pub(crate) fn cancelled(message: impl Into<String>) -> Self {
        CosError::new(ErrorKind::Cancelled, "Cancelled", message)
    }

    /// Records which request failed. Only the URL without its query is kept,
    /// so a presigned signature can never end up in a log.
    pub(crate) fn with_request(mut self, method: &str, url: &str) -> Self {
        let without_query = url.split('?').next().unwrap_or(url);
        self.inner.method = Some(method.to_string());
        self.inner.url = Some(without_query.to_string());
        self
    }

    /// The broad class of the failure.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The object, bucket, upload or configuration does not exist: a 404
    /// answer (`NoSuchKey`, `NoSuchBucket`, `NoSuchUpload`, …).
    pub fn is_not_found(&self) -> bool {
        self.inner.kind == ErrorKind::Service && self.inner.status_code == Some(404)
    }

    /// COS refused the request's credentials or permissions: a 403 answer
    /// (`AccessDenied`, `SignatureDoesNotMatch`, `InvalidAccessKeyId`, …).
    pub fn is_access_denied(&self) -> bool {
        self.inner.kind == ErrorKind::Service && self.inner.status_code == Some(403)
    }

    /// The caller cancelled the operation with a [`CancelToken`](crate::CancelToken).
    pub fn is_cancelled(&self) -> bool {
        self.inner.kind == ErrorKind::Cancelled
    }

    /// The request timed out.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == ErrorKind::Timeout
    }

    /// Whether trying again may succeed: network failures, timeouts, 5xx,
    /// `SlowDown`, damaged data, unreadable answers. The SDK already
    /// retried these `max_retries` times before returning the error.
    pub fn is_retryable(&self) -> bool {
        crate::execute::is_retryable(self)
    }

    /// COS's error code (`NoSuchKey`, `SignatureDoesNotMatch`, …); the HTTP
    /// status as text when the answer had no `<Error>` body (every HEAD);
    /// Node's network code (`ECONNREFUSED`, …) for transport failures.
    pub fn code(&self) -> &str {
        &self.inner.code
    }

    /// COS's message, or a description of the local failure.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// For [`ErrorKind::InvalidParameter`]: the Node name of the parameter
    /// or option that was rejected.
    pub fn parameter(&self) -> Option<&str> {
        self.inner.parameter
    }

    /// HTTP status of a service error.
    pub fn status_code(&self) -> Option<u16> {
        self.inner.status_code
    }

    /// Response headers of a service error (names lower-cased).
    pub fn headers(&self) -> &Headers {
        &self.inner.headers
    }

    /// `x-cos-request-id` of the failed request: quote it to Tencent support.
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// `TraceId` from the error body or `x-cos-trace-id`.
    pub fn trace_id(&self) -> Option<&str> {
        self.inner.trace_id.as_deref()
    }

    /// `Resource` from the error body.
    pub fn resource(&self) -> Option<&str> {
        self.inner.resource.as_deref()
    }

    /// HTTP method of the failed request.
    pub fn method(&self) -> Option<&str> {
        self.inner.method.as_deref()
    }

    /// URL of the failed request, without its query string.
    pub fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }
}

impl fmt::Display for CosError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        match i.kind {
            ErrorKind::InvalidParameter => write!(
                f,
                "invalid parameter {}: {}",
                i.parameter.unwrap_or("?"),
                i.message
            )?,
            ErrorKind::Service => {
                let status = i.status_code.unwrap_or(0);
                write!(f, "COS answered {status} {}: {}", i.code, i.message)?;
            }
            ErrorKind::Network => write!(f, "network error {}: {}", i.code, i.message)?,
            ErrorKind::Timeout => write!(f, "timed out ({}): {}", i.code, i.message)?,
            ErrorKind::Io => write!(f, "local I/O error: {}", i.message)?,
            ErrorKind::Integrity => {
                write!(f, "integrity check failed ({}): {}", i.code, i.message)?
            }
            ErrorKind::Cancelled => write!(f, "cancelled: {}", i.message)?,
            ErrorKind::Credentials => write!(f, "credentials error: {}", i.message)?,
            ErrorKind::InvalidResponse => write!(f, "unreadable answer: {}", i.message)?,
        }
        if let (Some(method), Some(url)) = (&i.method, &i.url) {
            write!(f, " [{method} {url}]")?;
        }
        if let Some(id) = &i.request_id {
            write!(f, " (request id {id})")?;
        }
        // The source is not repeated here: `source()` returns it, and
        // error-chain printers show it themselves.
        Ok(())
    }
}

impl fmt::Debug for CosError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let mut d = f.debug_struct("CosError");
        d.field("kind", &i.kind)
            .field("code", &i.code)
            .field("message", &i.message);
        if let Some(p) = i.parameter {
            d.field("parameter", &p);
        }
        if let Some(s) = i.status_code {
            d.field("status_code", &s);
        }
        if let Some(v) = &i.request_id {
            d.field("request_id", v);
        }
        if let Some(v) = &i.trace_id {
            d.field("trace_id", v);
        }
        if let Some(v) = &i.resource {
            d.field("resource", v);
        }
        if let Some(v) = &i.method {
            d.field("method", v);
        }
        if let Some(v) = &i.url {
            d.field("url", v);
        }
        if !i.headers.is_empty() {
            d.field("headers", &i.headers);
        }
        if let Some(v) = &i.source {
            d.field("source", v);
        }
        d.finish()
    }
}

impl std::error::Error for CosError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// A local I/O failure (a file or stream), for `?` in functions that return
/// `Result<_, CosError>`.
impl From<std::io::Error> for CosError {
    fn from(e: std::io::Error) -> Self {
        let message = e.to_string();
        CosError::io(message, e)
    }
}

/// Node's `err` object: `code`, `message`, and `statusCode`, `RequestId`
/// when COS answered (nothing secret: the URL is not included).
#[cfg(feature = "serde")]
impl serde::Serialize for CosError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        map.serialize_entry("message", self.message())?;
        if let Some(status) = self.status_code() {
            map.serialize_entry("statusCode", &status)?;
        }
        if let Some(id) = self.request_id() {
            map.serialize_entry("RequestId", id)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts users see and log: changes here are API changes.
    #[test]
    fn display_snapshots() {
        let mut headers = Headers::new();
        headers.insert("x-cos-request-id", "NjQ0");
        let body = ServiceErrorBody {
            code: Some("NoSuchKey".into()),
            message: Some("The specified key does not exist.".into()),
            ..Default::default()
        };
        let service = CosError::service(404, headers, body, "Not Found").with_request(
            "GET",
            "https://b-1.cos.ap-guangzhou.myqcloud.com/a.txt?q-signature=x",
        );
        let reset = CosError::network(
            ErrorKind::Network,
            "ECONNRESET",
            "connection reset",
            std::io::Error::other("os error 104"),
        );
        let cases = [
            (
                service.clone(),
                "COS answered 404 NoSuchKey: The specified key does not exist. \
                 [GET https://b-1.cos.ap-guangzhou.myqcloud.com/a.txt] (request id NjQ0)",
            ),
            (
                CosError::invalid_parameter("Bucket", "missing param Bucket"),
                "invalid parameter Bucket: missing param Bucket",
            ),
            (reset.clone(), "network error ECONNRESET: connection reset"),
            (
                CosError::io("cannot open /x", std::io::Error::other("gone")),
                "local I/O error: cannot open /x",
            ),
            (
                CosError::integrity("CRC64Mismatch", "CRC-64 1 but 2"),
                "integrity check failed (CRC64Mismatch): CRC-64 1 but 2",
            ),
            (
                CosError::cancelled("PUT cancelled"),
                "cancelled: PUT cancelled",
            ),
            (
                CosError::credentials("STS is down"),
                "credentials error: STS is down",
            ),
            (
                CosError::invalid_response("expected <ListBucketResult>"),
                "unreadable answer: expected <ListBucketResult>",
            ),
        ];
        for (err, text) in cases {
            assert_eq!(err.to_string(), text);
        }
        // The source is reachable, not repeated in the text.
        use std::error::Error;
        assert_eq!(
            reset.source().map(|s| s.to_string()).as_deref(),
            Some("os error 104")
        );
        assert!(service.is_not_found() && !service.is_retryable());
        assert!(reset.is_retryable());
        let from_io: CosError = std::io::Error::other("disk full").into();
        assert_eq!(from_io.kind(), ErrorKind::Io);
        assert_eq!(from_io.to_string(), "local I/O error: disk full");
    }
}
