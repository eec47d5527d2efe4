//! Object operations: PUT, HEAD, GET and DELETE Object.

use crate::encode::parse_query_string;
use crate::ops::fields::{AclHeaders, EncryptionHeaders, ObjectAttributes, traffic_limit};
use std::fs;
use std::io::{self, Read, Write};

use crate::body::{Body, Output};
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::crc64::Crc64;
use crate::error::CosError;
use crate::execute::{FromMeta, Meta, Request, Response, Tap, check_crc, content_md5};
use crate::headers::Headers;
use crate::local_fs::StreamedFile;
use crate::ops::object_target;
use crate::options::CosOptions;
use crate::progress::{BodyProgress, OnProgress, ProgressTracker};
use crate::validate;

/// Params of [`Cos::put_object`] (Node's `putObject`).
#[derive(Debug, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutObjectParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`; one leading `/` is dropped unless `use_raw_key`.
    pub key: String,
    /// `Body`: bytes, text, a file or a reader of known length; streamed.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub body: Body,
    /// `CacheControl`, `ContentType`, … and `StorageClass`: stored with the object.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub attributes: ObjectAttributes,
    /// `ContentLength`: when given it must equal the body's length; a
    /// mismatch is refused instead of sending a truncated object.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub content_length: Option<u64>,
    /// `ContentMD5`: base64 MD5 of the body, checked by COS.
    #[cfg_attr(feature = "serde", serde(rename = "ContentMD5"))]
    pub content_md5: String,
    /// `Expect`, e.g. `100-continue`.
    pub expect: String,
    /// `ContentSha1` (`x-cos-content-sha1`): hex SHA-1 of the body.
    pub content_sha1: String,
    /// `ACL` and `Grant*`: who may access what this request creates.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `ServerSideEncryption` and the SSE-C / SSE-KMS fields.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `TrafficLimit` (`x-cos-traffic-limit`): bits per second, 819200
    /// to 838860800.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub traffic_limit: Option<u64>,
    /// `Query`: extra query parameters, signed (e.g. CI's `ci-process`).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text::query"))]
    pub query: Vec<(String, String)>,
    /// `Headers`: extra headers; put `x-cos-meta-*` metadata here.
    pub headers: Headers,
    /// `onProgress`: called on this thread as the body is sent, at most
    /// once per `progress_interval`, from 0 up to exactly the body length.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_progress: Option<OnProgress>,
    /// Cancels the upload from another thread, mid-body included (Node's
    /// `cancelTask`); the call fails with `ErrorKind::Cancelled` and the
    /// object is left as it was.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::put_object`].
    pub struct PutObjectData {
        /// `Location`: host and URL-encoded key, without scheme.
        pub location: String,
        /// `ETag` of the stored object, quoted as COS sends it.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `VersionId`, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

/// Conditions shared by HEAD and GET Object.
fn conditional_headers(request: &mut Request, c: [&str; 4]) {
    request.header("if-modified-since", c[0]);
    request.header("if-unmodified-since", c[1]);
    request.header("if-match", c[2]);
    request.header("if-none-match", c[3]);
}

/// Params of [`Cos::head_object`] (Node's `headObject`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct HeadObjectParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `VersionId`.
    pub version_id: String,
    /// `IfModifiedSince` (HTTP date): answer "not modified" unless newer.
    pub if_modified_since: String,
    /// `IfUnmodifiedSince` (HTTP date): fail with 412 if newer.
    pub if_unmodified_since: String,
    /// `IfMatch` (ETag): fail with 412 unless it matches.
    pub if_match: String,
    /// `IfNoneMatch` (ETag): answer "not modified" if it matches.
    pub if_none_match: String,
    /// SSE-C fields (`SSECustomerAlgorithm`, `SSECustomerKey`,
    /// `SSECustomerKeyMD5`): the key an SSE-C object was written with.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::head_object`]. Size, type, metadata and CRC-64 are
    /// in `headers` (`content-length`, `x-cos-meta-*`, `x-cos-hash-crc64ecma`).
    pub struct HeadObjectData {
        /// `ETag`, quoted; empty when not modified.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `NotModified`: a condition answered 304; nothing else is set.
        pub not_modified: bool,
        /// `VersionId`, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

/// Params of [`Cos::get_object`] (Node's `getObject`).
#[derive(Debug, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetObjectParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `VersionId`.
    pub version_id: String,
    /// `Output`: memory (default), a file path or a writer.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub output: Output,
    /// `Range`, e.g. `bytes=0-1023`.
    pub range: String,
    /// `IfModifiedSince` (HTTP date).
    pub if_modified_since: String,
    /// `IfUnmodifiedSince` (HTTP date).
    pub if_unmodified_since: String,
    /// `IfMatch` (ETag).
    pub if_match: String,
    /// `IfNoneMatch` (ETag).
    pub if_none_match: String,
    /// `ResponseContentType`: override `Content-Type` of the answer.
    pub response_content_type: String,
    /// `ResponseContentLanguage`.
    pub response_content_language: String,
    /// `ResponseExpires`.
    pub response_expires: String,
    /// `ResponseCacheControl`.
    pub response_cache_control: String,
    /// `ResponseContentDisposition`.
    pub response_content_disposition: String,
    /// `ResponseContentEncoding`.
    pub response_content_encoding: String,
    /// SSE-C fields (`SSECustomerAlgorithm`, `SSECustomerKey`,
    /// `SSECustomerKeyMD5`): the key an SSE-C object was written with.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `TrafficLimit` (`x-cos-traffic-limit`): bits per second, 819200
    /// to 838860800.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub traffic_limit: Option<u64>,
    /// `Query`: extra query parameters, signed (e.g. CI's `ci-process`).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text::query"))]
    pub query: Vec<(String, String)>,
    /// `QueryString`: appended to the URL unsigned, as Node does (e.g.
    /// CI's `imageMogr2/thumbnail/200x/`).
    pub query_string: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// `onProgress`: called on this thread as the body arrives, at most
    /// once per `progress_interval`, ending at exactly the body length.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_progress: Option<OnProgress>,
    /// Cancels the download from another thread, mid-body included; the
    /// call fails with `ErrorKind::Cancelled` and leaves no partial file.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::get_object`].
    pub struct GetObjectData {
        /// `Body`: the object, when `output` was [`Output::Memory`] (bytes:
        /// left out of serialized data).
        #[cfg_attr(feature = "serde", serde(skip))]
        pub body: Vec<u8>,
        /// `ETag`, quoted.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `NotModified`: a condition answered 304; no body was sent.
        pub not_modified: bool,
        /// `VersionId`, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

/// Params of [`Cos::delete_object`] (Node's `deleteObject`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DeleteObjectParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `VersionId`: delete this version.
    pub version_id: String,
    /// `MFA` (`x-cos-mfa`): the MFA device's serial and code, for buckets
    /// that require it to delete versions.
    pub mfa: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::delete_object`].
    pub struct DeleteObjectData {
        /// `BucketNotFound`: COS answered 404. As in Node this is reported as
        /// success (the object is not there either way); check it if a
        /// missing bucket matters to you.
        pub bucket_not_found: bool,
        /// `VersionId` of the deleted version or delete marker.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
        /// `DeleteMarker`: a delete marker was created (versioned buckets).
        pub delete_marker: bool,
    }
}

pub(crate) fn build_put_object(
    options: &CosOptions,
    params: PutObjectParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    if options.object_key_simplify_check {
        validate::simplified_key(&params.key, "PutObject")?;
    }
    let mut request = Request::new("PUT", target);
    request.headers = params.headers;
    params.attributes.apply(&mut request);
    params.access.apply(&mut request);
    params.encryption.apply(&mut request);
    traffic_limit(&mut request, params.traffic_limit)?;
    request.query = params.query;
    request.header("expect", &params.expect);
    request.header("x-cos-content-sha1", &params.content_sha1);
    request.header("content-md5", &params.content_md5);
    if let (Some(length), Some(bytes)) = (params.content_length, params.body.as_bytes()) {
        if length != bytes.len() as u64 {
            return Err(CosError::invalid_parameter(
                "ContentLength",
                format!(
                    "ContentLength is {length} but the body has {} bytes",
                    bytes.len()
                ),
            ));
        }
    }
    if options.upload_check_content_md5 && params.content_md5.is_empty() {
        if let Some(bytes) = params.body.as_bytes() {
            request.headers.insert("content-md5", content_md5(bytes));
        }
    }
    request.body = Some(params.body);
    request.cancel = params.cancel;
    Ok(request)
}

pub(crate) fn build_head_object(
    options: &CosOptions,
    params: &HeadObjectParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    let mut request = Request::new("HEAD", target);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    params.encryption.customer_only().apply(&mut request);
    conditional_headers(
        &mut request,
        [
            &params.if_modified_since,
            &params.if_unmodified_since,
            &params.if_match,
            &params.if_none_match,
        ],
    );
    if !params.version_id.is_empty() {
        request.query("versionId", params.version_id.as_str());
    }
    Ok(request)
}

pub(crate) fn build_get_object(
    options: &CosOptions,
    params: &GetObjectParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    if options.object_key_simplify_check {
        validate::simplified_key(&params.key, "Getobject")?;
    }
    validate::range(&params.range)?;
    let mut request = Request::new("GET", target);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.header("range", &params.range);
    params.encryption.customer_only().apply(&mut request);
    traffic_limit(&mut request, params.traffic_limit)?;
    // Node: the user's Query first, then the response-* overrides; the
    // QueryString goes on the wire before both, unsigned.
    request.query = params.query.clone();
    request.unsigned_query = parse_query_string(&params.query_string);
    conditional_headers(
        &mut request,
        [
            &params.if_modified_since,
            &params.if_unmodified_since,
            &params.if_match,
            &params.if_none_match,
        ],
    );
    for (name, value) in [
        ("response-content-type", &params.response_content_type),
        (
            "response-content-language",
            &params.response_content_language,
        ),
        ("response-expires", &params.response_expires),
        ("response-cache-control", &params.response_cache_control),
        (
            "response-content-disposition",
            &params.response_content_disposition,
        ),
        (
            "response-content-encoding",
            &params.response_content_encoding,
        ),
        ("versionId", &params.version_id),
    ] {
        if !value.is_empty() {
            request.query(name, value.as_str());
        }
    }
    Ok(request)
}

pub(crate) fn build_delete_object(
    options: &CosOptions,
    params: &DeleteObjectParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    if options.object_key_simplify_check {
        validate::simplified_key(&params.key, "DeleteObject")?;
    }
    let mut request = Request::new("DELETE", target);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.header("x-cos-mfa", &params.mfa);
    if !params.version_id.is_empty() {
        request.query("versionId", params.version_id.as_str());
    }
    Ok(request)
}

/// A 304 answer, which HEAD/GET report as success with `not_modified`.
fn is_not_modified(err: &CosError) -> bool {
    err.status_code() == Some(304)
}

impl Cos {
    /// Uploads an object in one request (Node's `putObject`). The body is
    /// streamed; for large files prefer the multipart transfer operations
    /// ([`upload_file`](Cos::upload_file),
    /// [`slice_upload_file`](Cos::slice_upload_file)).
    ///
    /// `Content-MD5` is always sent and the returned ETag checked against
    /// the MD5 of the bytes sent, so a body damaged in transit never
    /// replaces the object.
    ///
    /// ```
    /// use cos_sdk::{Body, Headers, ObjectAttributes, PutObjectParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.put_object(
    ///     PutObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "docs/hello.txt".into(),
    ///         body: Body::from("hello"),
    ///         attributes: ObjectAttributes {
    ///             content_type: "text/plain".into(),
    ///             ..Default::default()
    ///         },
    ///         headers: Headers::from([("x-cos-meta-author", "me")]),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// // The ETag of a simple upload is the MD5 of the content.
    /// assert_eq!(data.etag, "\"5d41402abc4b2a76b9719d911017c592\"");
    /// assert_eq!(data.status_code, 200);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_object<R>(
        &self,
        params: PutObjectParams,
        callback: impl FnOnce(Result<PutObjectData, CosError>) -> R,
    ) -> R {
        callback(self.put_object_inner(params))
    }

    fn put_object_inner(&self, params: PutObjectParams) -> Result<PutObjectData, CosError> {
        let mut params = params;
        let mut progress = params.on_progress.take().map(|p| self.progress_tracker(p));
        let mut request = build_put_object(self.options(), params)?;
        // Unlike Node, always: COS then refuses a body damaged in
        // transit instead of replacing a good object with it.
        if !request.headers.contains("content-md5") {
            let cancel = request.cancel.clone();
            let body = request.body.as_mut();
            if let Some(md5) = body.map(|b| b.content_md5(cancel.as_ref())).transpose()? {
                request.header("content-md5", md5.as_deref().unwrap_or_default());
            }
        }
        let mut tap = Tap::verifying(progress.as_mut().map(|p| p as &mut dyn BodyProgress));
        let response = self.execute_tapped(request, &mut tap)?;
        let location = response.endpoint.location();
        let mut data = PutObjectData::from_meta(response.into_meta());
        data.location = location;
        data.etag = data.headers.get("etag").unwrap_or_default().to_string();
        data.version_id = data.headers.get("x-cos-version-id").map(str::to_string);
        Ok(data)
    }

    /// Reads an object's metadata (Node's `headObject`). A 304 answer to a
    /// condition is a success with `not_modified: true`. A missing object is
    /// an error for which [`CosError::is_not_found`] holds (code
    /// `NoSuchKey`, status 404).
    ///
    /// ```
    /// use cos_sdk::HeadObjectParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello");
    /// let data = cos.head_object(
    ///     HeadObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello.txt".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.headers.get("content-length"), Some("5"));
    ///
    /// // Only if it changed: 304 is a success with `not_modified`.
    /// let again = cos.head_object(
    ///     HeadObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello.txt".into(),
    ///         if_none_match: data.etag,
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(again.not_modified);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn head_object<R>(
        &self,
        params: HeadObjectParams,
        callback: impl FnOnce(Result<HeadObjectData, CosError>) -> R,
    ) -> R {
        callback(self.head_object_inner(params))
    }

    fn head_object_inner(&self, params: HeadObjectParams) -> Result<HeadObjectData, CosError> {
        let response = match self.execute(build_head_object(self.options(), &params)?) {
            Ok(response) => response,
            Err(err) if is_not_modified(&err) => {
                let mut data = HeadObjectData::from_meta(Meta::of_error(&err));
                data.not_modified = true;
                return Ok(data);
            }
            Err(err) => return Err(err),
        };
        let mut data = HeadObjectData::from_meta(response.into_meta());
        data.etag = data.headers.get("etag").unwrap_or_default().to_string();
        data.version_id = data.headers.get("x-cos-version-id").map(str::to_string);
        Ok(data)
    }

    /// Downloads an object into memory, a file or a writer (Node's
    /// `getObject`), streaming it. A 304 answer to a condition is a success
    /// with `not_modified: true`. Error answers are never written to the
    /// output.
    ///
    /// ```
    /// use cos_sdk::{GetObjectParams, Output};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello");
    /// # doc.put("report.pdf", "%PDF-1.7");
    /// # let report_pdf = doc.path("report.pdf");
    /// // Into memory (Node's default):
    /// let data = cos.get_object(
    ///     GetObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello.txt".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.body, b"hello");
    ///
    /// // Into a file (Node's `Output: '/path'`), or a range of it:
    /// cos.get_object(
    ///     GetObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "report.pdf".into(),
    ///         output: Output::File(report_pdf.clone()),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(std::fs::read(&report_pdf)?, b"%PDF-1.7");
    /// let head = cos.get_object(
    ///     GetObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "report.pdf".into(),
    ///         range: "bytes=0-3".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(head.body, b"%PDF");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_object<R>(
        &self,
        params: GetObjectParams,
        callback: impl FnOnce(Result<GetObjectData, CosError>) -> R,
    ) -> R {
        callback(self.get_object_inner(params))
    }

    /// The download, restarted from the beginning when the body breaks off
    /// or arrives damaged (memory and file outputs only: a caller's writer
    /// cannot be rewound). Retries pin the ETag first seen, so a changed
    /// object fails instead of mixing two versions.
    fn get_object_inner(&self, params: GetObjectParams) -> Result<GetObjectData, CosError> {
        let mut request_params = params;
        let mut output = std::mem::take(&mut request_params.output);
        let mut progress = request_params
            .on_progress
            .take()
            .map(|p| self.progress_tracker(p));
        let restartable = !matches!(output, Output::Writer(_));
        let mut attempt = 0;
        loop {
            let request = build_get_object(self.options(), &request_params)?;
            let mut response = match self.execute(request) {
                Ok(response) => response,
                Err(err) if is_not_modified(&err) => {
                    let mut data = GetObjectData::from_meta(Meta::of_error(&err));
                    data.not_modified = true;
                    return Ok(data);
                }
                Err(err) => return Err(err),
            };
            check_range_answer(&response, &request_params.range)?;
            let expected_crc = whole_object_crc(&response, self.options());
            let received = receive(
                &mut response,
                &mut output,
                progress.as_mut(),
                attempt == 0,
                expected_crc.as_deref(),
                request_params.cancel.as_ref(),
            );
            match received {
                Ok(body) => {
                    if let Some(progress) = progress.as_mut() {
                        progress.finish();
                    }
                    let mut data = GetObjectData::from_meta(response.into_meta());
                    data.body = body;
                    data.etag = data.headers.get("etag").unwrap_or_default().to_string();
                    data.version_id = data.headers.get("x-cos-version-id").map(str::to_string);
                    return Ok(data);
                }
                Err(err)
                    if restartable
                        && attempt < self.options().max_retries
                        && crate::execute::is_retryable(&err) =>
                {
                    if request_params.if_match.is_empty() {
                        request_params.if_match = response.header("etag");
                    }
                    let delay = crate::execute::retry_delay(self.options(), attempt);
                    // A cancel during the wait shows in the next attempt.
                    crate::cancel::sleep(request_params.cancel.as_ref(), delay);
                    attempt += 1;
                }
                Err(err) => return Err(response.fail(err)),
            }
        }
    }

    /// Deletes an object (Node's `deleteObject`). Deleting a missing key
    /// succeeds; as in Node, a 404 answer (e.g. no such bucket) is reported as
    /// success with `bucket_not_found: true`.
    ///
    /// ```
    /// use cos_sdk::DeleteObjectParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello");
    /// let data = cos.delete_object(
    ///     DeleteObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello.txt".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// assert!(!data.bucket_not_found);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_object<R>(
        &self,
        params: DeleteObjectParams,
        callback: impl FnOnce(Result<DeleteObjectData, CosError>) -> R,
    ) -> R {
        callback(self.delete_object_inner(params))
    }

    fn delete_object_inner(
        &self,
        params: DeleteObjectParams,
    ) -> Result<DeleteObjectData, CosError> {
        let response = match self.execute(build_delete_object(self.options(), &params)?) {
            Ok(response) => response,
            Err(err) if err.status_code() == Some(404) => {
                let mut data = DeleteObjectData::from_meta(Meta::of_error(&err));
                data.bucket_not_found = true;
                return Ok(data);
            }
            Err(err) => return Err(err),
        };
        let mut data = DeleteObjectData::from_meta(response.into_meta());
        data.version_id = data.headers.get("x-cos-version-id").map(str::to_string);
        data.delete_marker = data.headers.get("x-cos-delete-marker") == Some("true");
        Ok(data)
    }
}

/// Streams the body into the output; returns it for [`Output::Memory`].
fn receive(
    response: &mut Response,
    output: &mut Output,
    mut progress: Option<&mut ProgressTracker>,
    first_attempt: bool,
    expected_crc: Option<&str>,
    cancel: Option<&CancelToken>,
) -> Result<Vec<u8>, CosError> {
    let expected: Option<u64> = response
        .headers
        .get("content-length")
        .and_then(|v| v.trim().parse().ok());
    if let Some(progress) = progress.as_mut().filter(|_| first_attempt) {
        progress.start(expected.unwrap_or(0));
    }
    let mut crc = expected_crc.map(|_| Crc64::new());
    // Received in full and, when COS sent a CRC-64, matching it.
    let check = |received: u64, crc: &mut Option<Crc64>| -> Result<(), CosError> {
        check_length(expected, received)?;
        match (crc.take(), expected_crc) {
            (Some(crc), Some(reported)) => check_crc(reported, crc.finish()),
            _ => Ok(()),
        }
    };
    match output {
        Output::Memory => {
            // One byte beyond the announced length: the read that sees the
            // end of the body then needs no more room.
            let capacity = expected.map_or(0, |len| len.min(64 * 1024 * 1024) as usize + 1);
            let mut body = Vec::with_capacity(capacity);
            let received = copy_body(
                response,
                Sink::Memory(&mut body),
                progress,
                crc.as_mut(),
                cancel,
            )?;
            check(received, &mut crc)?;
            Ok(body)
        }
        Output::Writer(writer) => {
            let received = copy_body(
                response,
                Sink::Write(writer),
                progress,
                crc.as_mut(),
                cancel,
            )?;
            check(received, &mut crc)?;
            writer
                .flush()
                .map_err(|e| CosError::io("flushing the output writer failed", e))?;
            Ok(Vec::new())
        }
        Output::File(path) => write_through_temp(path, |file| {
            let received = copy_body(response, Sink::Write(file), progress, crc.as_mut(), cancel)?;
            check(received, &mut crc)
        })
        .map(|()| Vec::new()),
    }
}

/// A 206 must hold the range asked for (a proxy or a buggy server could
/// answer another one).
pub(crate) fn check_range_answer(response: &Response, asked: &str) -> Result<(), CosError> {
    if response.status != 206 {
        return Ok(());
    }
    let content_range = response.header("content-range");
    if validate::range_answer_matches(asked, &content_range) {
        Ok(())
    } else {
        Err(response.fail(CosError::integrity(
            "ERANGE",
            format!("asked for {asked} but the answer holds {content_range:?}"),
        )))
    }
}

/// The CRC-64 a body is checked against: COS's, for a whole object (a
/// range cannot be), unless `verify_crc` is off.
pub(crate) fn whole_object_crc(response: &Response, options: &CosOptions) -> Option<String> {
    response
        .headers
        .get("x-cos-hash-crc64ecma")
        .filter(|_| response.status == 200 && options.verify_crc)
        .map(str::to_string)
}

/// Writes `path` through a fresh temporary file beside it (a name of this
/// call's own, never a planted symlink), synced and renamed into place only
/// when `write` succeeded; removed otherwise, so a failure leaves no
/// half-written file.
pub(crate) fn write_through_temp<T>(
    path: &std::path::Path,
    write: impl FnOnce(&mut StreamedFile) -> Result<T, CosError>,
) -> Result<T, CosError> {
    let (file, partial) = crate::local_fs::create_temp_beside(path, "cos-partial")
        .map_err(|e| CosError::io(format!("cannot create a file beside {}", path.display()), e))?;
    let mut file = StreamedFile::new(file);
    let written = write(&mut file).and_then(|value| {
        // Closed before the rename (Windows refuses to move open files).
        file.sync_and_close()
            .map_err(|e| CosError::io(format!("cannot write {}", partial.display()), e))?;
        Ok(value)
    });
    let moved = written.and_then(|value| {
        fs::rename(&partial, path).map_err(|e| {
            CosError::io(format!("cannot move the result to {}", path.display()), e)
        })?;
        Ok(value)
    });
    if moved.is_err() {
        let _ = fs::remove_file(&partial);
    }
    moved
}

/// Where a body goes: memory is read into directly (no scratch buffer to
/// allocate and zero, which cost small objects more than their bytes).
enum Sink<'a> {
    Memory(&'a mut Vec<u8>),
    Write(&'a mut dyn Write),
}

/// Copies the response body, telling network failures from local ones.
fn copy_body(
    response: &mut Response,
    mut out: Sink<'_>,
    mut progress: Option<&mut ProgressTracker>,
    mut crc: Option<&mut Crc64>,
    cancel: Option<&CancelToken>,
) -> Result<u64, CosError> {
    const STEP: usize = 64 * 1024;
    let mut scratch = Vec::new();
    let mut total = 0u64;
    loop {
        if cancel.is_some_and(CancelToken::is_cancelled) {
            return Err(CosError::cancelled(format!(
                "download cancelled after {total} bytes"
            )));
        }
        let n = match &mut out {
            Sink::Memory(body) => {
                // Into the room the caller reserved, zeroed once (read_to_end
                // would probe and zero again on every call), then STEP at a
                // time beyond it.
                let before = body.len();
                let room = match body.capacity() - before {
                    0 => STEP,
                    spare => spare.min(STEP),
                };
                body.resize(before + room, 0);
                let n = read_some(response, &mut body[before..]);
                body.truncate(before + n.as_ref().map_or(0, |n| *n));
                let n = n?;
                if let Some(crc) = crc.as_deref_mut() {
                    crc.update(&body[before..]);
                }
                n
            }
            Sink::Write(writer) => {
                scratch.resize(STEP, 0);
                let n = read_some(response, &mut scratch)?;
                if let Some(crc) = crc.as_deref_mut() {
                    crc.update(&scratch[..n]);
                }
                writer
                    .write_all(&scratch[..n])
                    .map_err(|e| CosError::io("writing the downloaded object failed", e))?;
                n
            }
        };
        if n == 0 {
            return Ok(total);
        }
        total += n as u64;
        if let Some(progress) = progress.as_deref_mut() {
            // A restarted download only reports bytes beyond the last attempt.
            progress.advance_to(total);
        }
    }
}

/// One read of the response body, as a network error if it fails.
pub(crate) fn read_some(response: &mut Response, buffer: &mut [u8]) -> Result<usize, CosError> {
    loop {
        match response.body.read(buffer) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other.map_err(crate::transport::map_io_error),
        }
    }
}

pub(crate) fn check_length(expected: Option<u64>, received: u64) -> Result<(), CosError> {
    match expected {
        Some(expected) if expected != received => Err(CosError::integrity(
            "ESIZE",
            format!("received {received} bytes but Content-Length announced {expected}"),
        )),
        _ => Ok(()),
    }
}
