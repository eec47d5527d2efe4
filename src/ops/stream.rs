//! `get_object_stream` (Node's `getObjectStream`): the object's body as a
//! [`Read`], pulled by the caller, with the same integrity checks as
//! `get_object` at the end.

use std::fmt;
use std::io::{self, Read};

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::crc64::Crc64;
use crate::error::CosError;
use crate::execute::{Meta, Response, check_crc};
use crate::headers::Headers;
use crate::ops::object::{
    GetObjectParams, build_get_object, check_length, check_range_answer, whole_object_crc,
};
use crate::progress::ProgressTracker;

/// Result of [`Cos::get_object_stream`]: the answer's metadata and the body
/// still to be read.
#[non_exhaustive]
pub struct GetObjectStreamData {
    /// HTTP status of the answer (Node's `statusCode`).
    pub status_code: u16,
    /// Response headers, names lower-cased (Node's `headers`).
    pub headers: Headers,
    /// `x-cos-request-id` (Node's `RequestId`).
    pub request_id: Option<String>,
    /// `ETag`, quoted.
    pub etag: String,
    /// `VersionId`, on versioned buckets.
    pub version_id: Option<String>,
    /// `NotModified`: a condition answered 304; the body is empty.
    pub not_modified: bool,
    /// The body: read it to the end to have it checked.
    pub body: ObjectReader,
}

impl fmt::Debug for GetObjectStreamData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetObjectStreamData")
            .field("status_code", &self.status_code)
            .field("headers", &self.headers)
            .field("request_id", &self.request_id)
            .field("etag", &self.etag)
            .field("version_id", &self.version_id)
            .field("not_modified", &self.not_modified)
            .finish_non_exhaustive()
    }
}

/// An object's body as it arrives. At its end it checks the length
/// against `Content-Length` and, for a whole object, the CRC-64 against
/// COS's: a body cut short or damaged ends in an error (an
/// [`io::Error`] whose inner error is the [`CosError`]), never in a
/// silent short read. A stream is not retried: start again with a `range`
/// from what you have if it fails.
pub struct ObjectReader {
    response: Option<Response>,
    expected_length: Option<u64>,
    crc: Option<(Crc64, String)>,
    received: u64,
    progress: Option<ProgressTracker>,
    cancel: Option<CancelToken>,
}

impl ObjectReader {
    fn empty() -> Self {
        ObjectReader {
            response: None,
            expected_length: Some(0),
            crc: None,
            received: 0,
            progress: None,
            cancel: None,
        }
    }

    /// Checks the whole body once it ended.
    fn finish(&mut self) -> Result<(), CosError> {
        check_length(self.expected_length, self.received)?;
        if let Some((crc, reported)) = self.crc.take() {
            check_crc(&reported, crc.finish())?;
        }
        if let Some(progress) = self.progress.as_mut() {
            progress.finish();
        }
        Ok(())
    }

    fn fail(&self, err: CosError) -> io::Error {
        let err = match &self.response {
            Some(response) => response.fail(err),
            None => err,
        };
        io::Error::other(err)
    }
}

impl Read for ObjectReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
            let message = format!("download cancelled after {} bytes", self.received);
            return Err(self.fail(CosError::cancelled(message)));
        }
        let Some(response) = self.response.as_mut() else {
            return Ok(0);
        };
        let n = match response.body.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => return Err(self.fail(crate::transport::map_io_error(e))),
        };
        if n == 0 {
            let checked = self.finish().map(|()| 0).map_err(|err| self.fail(err));
            self.response = None;
            return checked;
        }
        if let Some((crc, _)) = self.crc.as_mut() {
            crc.update(&buf[..n]);
        }
        self.received += n as u64;
        if let Some(progress) = self.progress.as_mut() {
            progress.advance_to(self.received);
        }
        Ok(n)
    }
}

impl fmt::Debug for ObjectReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectReader")
            .field("received", &self.received)
            .field("expected_length", &self.expected_length)
            .finish_non_exhaustive()
    }
}

impl Cos {
    /// Starts a download and hands over its body as a [`Read`] (Node's
    /// `getObjectStream`), for bodies processed as they arrive: parsing,
    /// piping into a decoder or another upload. Params are
    /// `get_object`'s (`output` is not used). `on_progress` and `cancel`
    /// act while the body is read.
    ///
    /// ```
    /// use std::io::{BufRead, BufReader};
    /// use cos_sdk::GetObjectParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("logs/today.log", "GET /a 200\nGET /b 404\nGET /c 200\n");
    /// let data = cos.get_object_stream(
    ///     GetObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "logs/today.log".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let mut not_found = 0;
    /// for line in BufReader::new(data.body).lines() {
    ///     if line?.ends_with(" 404") {
    ///         not_found += 1;
    ///     }
    /// }
    /// assert_eq!(not_found, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get_object_stream<R>(
        &self,
        params: GetObjectParams,
        callback: impl FnOnce(Result<GetObjectStreamData, CosError>) -> R,
    ) -> R {
        callback(self.get_object_stream_inner(params))
    }

    fn get_object_stream_inner(
        &self,
        mut params: GetObjectParams,
    ) -> Result<GetObjectStreamData, CosError> {
        let progress = params.on_progress.take().map(|p| self.progress_tracker(p));
        let request = build_get_object(self.options(), &params)?;
        let response = match self.execute(request) {
            Ok(response) => response,
            Err(err) if err.status_code() == Some(304) => {
                let meta = Meta::of_error(&err);
                return Ok(GetObjectStreamData {
                    status_code: meta.status_code,
                    request_id: meta.request_id,
                    headers: meta.headers,
                    etag: String::new(),
                    version_id: None,
                    not_modified: true,
                    body: ObjectReader::empty(),
                });
            }
            Err(err) => return Err(err),
        };
        check_range_answer(&response, &params.range)?;
        let expected_length = response
            .headers
            .get("content-length")
            .and_then(|v| v.trim().parse().ok());
        let crc =
            whole_object_crc(&response, self.options()).map(|reported| (Crc64::new(), reported));
        let mut progress = progress;
        if let Some(progress) = progress.as_mut() {
            progress.start(expected_length.unwrap_or(0));
        }
        let meta = response.meta();
        Ok(GetObjectStreamData {
            status_code: meta.status_code,
            request_id: meta.request_id,
            etag: response.header("etag"),
            version_id: response.opt_header("x-cos-version-id"),
            headers: meta.headers,
            not_modified: false,
            body: ObjectReader {
                response: Some(response),
                expected_length,
                crc,
                received: 0,
                progress,
                cancel: params.cancel,
            },
        })
    }
}
