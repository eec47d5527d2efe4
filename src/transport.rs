//! The only module that talks to ureq: one pooled agent, bytes in, bytes out.
//! Redirects are not followed, status codes are not errors, and bodies are
//! never decompressed behind the caller's back (ureq is built without gzip).

use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ureq::http;

use crate::error::{CosError, ErrorKind};
use crate::headers::Headers;

/// How to build the agent.
pub(crate) struct TransportConfig<'a> {
    pub timeout: Option<Duration>,
    pub connect_timeout: Option<Duration>,
    pub read_timeout: Option<Duration>,
    pub keep_alive: bool,
    pub proxy: &'a str,
    pub user_agent: &'a str,
    /// Connections kept open per host: as many as requests run at once, so
    /// parallel transfers reuse theirs (ureq keeps 3 by default).
    pub idle_per_host: usize,
}

/// A pooled HTTP client; cheap to share behind the client's `Arc`.
pub(crate) struct Transport {
    agent: ureq::Agent,
}

/// One request on the wire. `headers` must already hold `host` and, for a
/// body, `content-length`.
pub(crate) struct Outgoing<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a Headers,
    pub body: Option<&'a mut dyn Read>,
}

/// A response whose body has not been read yet.
pub(crate) struct Incoming {
    pub status: u16,
    pub reason: &'static str,
    pub headers: Headers,
    pub body: IncomingBody,
}

/// The streamed response body.
pub(crate) struct IncomingBody(ureq::BodyReader<'static>);

impl Read for IncomingBody {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Transport {
    pub(crate) fn new(config: &TransportConfig<'_>) -> Result<Self, CosError> {
        let proxy = if config.proxy.is_empty() {
            None
        } else {
            Some(ureq::Proxy::new(config.proxy).map_err(|e| {
                CosError::invalid_parameter("Proxy", format!("invalid proxy URL: {e}"))
            })?)
        };
        let mut builder = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(config.user_agent)
            .proxy(proxy)
            .timeout_global(config.timeout)
            .timeout_connect(config.connect_timeout)
            .timeout_per_read(config.read_timeout)
            .timeout_per_write(config.read_timeout);
        builder = if config.keep_alive {
            builder
                .max_idle_connections(config.idle_per_host.max(10) * 4)
                .max_idle_connections_per_host(config.idle_per_host)
        } else {
            builder
                .max_idle_connections(0)
                .max_idle_connections_per_host(0)
        };
        #[cfg(feature = "platform-verifier")]
        {
            builder = builder.tls_config(
                ureq::tls::TlsConfig::builder()
                    .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                    .build(),
            );
        }
        Ok(Transport {
            agent: builder.build().new_agent(),
        })
    }

    /// Sends one request and returns the status and headers; the body is
    /// left to the caller to stream.
    pub(crate) fn send(&self, out: Outgoing<'_>) -> Result<Incoming, CosError> {
        let fail = |e: CosError| e.with_request(out.method, out.url);
        let mut builder = http::Request::builder().method(out.method).uri(out.url);
        for (name, value) in out.headers.iter() {
            builder = builder.header(name, value);
        }
        // A body reader that fails is a local problem, not a network one:
        // remember its error to tell them apart.
        let mut local_error = None;
        let result = match out.body {
            Some(reader) => {
                let error = Arc::new(Mutex::new(None));
                local_error = Some(Arc::clone(&error));
                let mut tracked = TrackedReader {
                    inner: reader,
                    error,
                };
                let request = builder
                    .body(ureq::SendBody::from_reader(&mut tracked))
                    .map_err(|e| fail(invalid_request(e)))?;
                self.agent.run(request)
            }
            None => {
                let request = builder.body(()).map_err(|e| fail(invalid_request(e)))?;
                self.agent.run(request)
            }
        };
        let response = match result {
            Ok(response) => response,
            Err(err) => {
                let local = local_error.as_ref().and_then(|e| e.lock().ok()?.take());
                if let Some(io_err) = local {
                    return Err(fail(CosError::io(
                        "reading the request body failed",
                        io_err,
                    )));
                }
                return Err(fail(map_error(err)));
            }
        };
        let status = response.status();
        let headers = headers_of(response.headers());
        let reason = status.canonical_reason().unwrap_or("");
        Ok(Incoming {
            status: status.as_u16(),
            reason,
            headers,
            body: IncomingBody(response.into_body().into_reader()),
        })
    }
}

/// The answer's header fields as [`Headers`].
fn headers_of(wire: &http::HeaderMap) -> Headers {
    let fields = wire
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()));
    Headers::from_fields(wire.len(), fields)
}

struct TrackedReader<'a> {
    inner: &'a mut dyn Read,
    error: Arc<Mutex<Option<io::Error>>>,
}

impl Read for TrackedReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).inspect_err(|e| {
            if let Ok(mut slot) = self.error.lock() {
                *slot = Some(io::Error::new(e.kind(), e.to_string()));
            }
        })
    }
}

fn invalid_request(err: http::Error) -> CosError {
    CosError::invalid_parameter("Headers", format!("cannot build the request: {err}"))
}

/// Maps ureq's errors to Node's error codes.
fn map_error(err: ureq::Error) -> CosError {
    match err {
        ureq::Error::Io(e) => map_io_error(e),
        ureq::Error::Timeout(t) => CosError::network(
            ErrorKind::Timeout,
            "ETIMEDOUT",
            format!("request timed out ({t})"),
            ureq::Error::Timeout(t),
        ),
        ureq::Error::HostNotFound => CosError::network(
            ErrorKind::Network,
            "ENOTFOUND",
            "host name could not be resolved",
            ureq::Error::HostNotFound,
        ),
        ureq::Error::ConnectionFailed => CosError::network(
            ErrorKind::Network,
            "ECONNREFUSED",
            "could not connect to any address of the host",
            ureq::Error::ConnectionFailed,
        ),
        other => CosError::network(
            ErrorKind::Network,
            "EPROTO",
            "the HTTP exchange failed",
            other,
        ),
    }
}

/// Maps an I/O error met while sending or receiving to Node's codes.
pub(crate) fn map_io_error(e: io::Error) -> CosError {
    let (kind, code, message) = match e.kind() {
        io::ErrorKind::ConnectionRefused => {
            (ErrorKind::Network, "ECONNREFUSED", "connection refused")
        }
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::UnexpectedEof => (ErrorKind::Network, "ECONNRESET", "connection reset"),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
            (ErrorKind::Timeout, "ETIMEDOUT", "connection timed out")
        }
        _ => (ErrorKind::Network, "ENETWORK", "network I/O failed"),
    };
    CosError::network(kind, code, message, e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn repeated_fields_fold_in_arrival_order() {
        let mut wire = http::HeaderMap::new();
        wire.append("vary", HeaderValue::from_static("Origin"));
        wire.append("etag", HeaderValue::from_static("\"1\""));
        wire.append("vary", HeaderValue::from_static("Accept"));
        let not_utf8 = HeaderValue::from_bytes(b"caf\xc3\xa9 \xff").unwrap();
        wire.append("x-cos-meta-a", not_utf8);
        wire.append("vary", HeaderValue::from_static("Range"));
        let headers = headers_of(&wire);
        assert_eq!(headers.get("VARY"), Some("Origin, Accept, Range"));
        assert_eq!(headers.get("x-cos-meta-a"), Some("café \u{FFFD}"));
        let names: Vec<&str> = headers.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["vary", "etag", "x-cos-meta-a"]);
    }
}
