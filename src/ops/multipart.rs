//! Low-level multipart upload (Node's `multipartInit`, `multipartUpload`,
//! `multipartComplete`, `multipartListPart`, `multipartAbort`,
//! `multipartList`).

use crate::body::Body;
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request, Tap};
use crate::headers::Headers;
use crate::ops::bucket::CommonPrefix;
use crate::ops::fields::{AclHeaders, EncryptionHeaders, ObjectAttributes, traffic_limit};
use crate::ops::{Encoding, Owner, bucket_target, object_target, read_common_prefix};
use crate::options::CosOptions;
use crate::types::{EncodingType, StorageClass};
use crate::xml;
use crate::xml_stream::{self, Item};

/// Part numbers COS accepts.
pub(crate) const PART_NUMBERS: std::ops::RangeInclusive<u32> = 1..=10_000;

/// Params of [`Cos::multipart_init`] (Node's `multipartInit`). The headers
/// given here apply to the completed object.
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct MultipartInitParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `CacheControl`, `ContentType`, … and `StorageClass`: stored with the object.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub attributes: ObjectAttributes,
    /// `ACL` and `Grant*`: who may access what this request creates.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `ServerSideEncryption` and the SSE-C / SSE-KMS fields.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `Query`: extra query parameters, signed (e.g. CI's `ci-process`).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text::query"))]
    pub query: Vec<(String, String)>,
    /// `Headers`: extra headers, e.g. `x-cos-meta-*`.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::multipart_init`].
    pub struct MultipartInitData {
        /// `Bucket`.
        pub bucket: String,
        /// `Key`.
        pub key: String,
        /// `UploadId`: pass it to every later multipart call.
        pub upload_id: String,
    }
}

/// Params of [`Cos::multipart_upload`] (Node's `multipartUpload`).
#[derive(Debug, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct MultipartUploadParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `UploadId` from [`Cos::multipart_init`].
    pub upload_id: String,
    /// `PartNumber`, 1 to 10000.
    pub part_number: u32,
    /// `Body`: the part's bytes (1 MiB to 5 GiB, except the last part).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub body: Body,
    /// `ContentMD5`: base64 MD5 of the part, checked by COS. Sent
    /// automatically for in-memory bodies when `upload_check_content_md5`
    /// is set.
    #[cfg_attr(feature = "serde", serde(rename = "ContentMD5"))]
    pub content_md5: String,
    /// SSE-C fields (`SSECustomerAlgorithm`, `SSECustomerKey`,
    /// `SSECustomerKeyMD5`): the key an SSE-C object was written with.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `TrafficLimit` (`x-cos-traffic-limit`): bits per second, 819200
    /// to 838860800.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub traffic_limit: Option<u64>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the part's upload from another thread, mid-body included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::multipart_upload`]. The SDK checks the returned
    /// ETag against the MD5 of the bytes it sent.
    pub struct MultipartUploadData {
        /// `ETag` of the part, quoted; needed for [`Cos::multipart_complete`].
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
    }
}

/// One part of [`MultipartCompleteParams::parts`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct CompletedPart {
    /// `PartNumber`.
    pub part_number: u32,
    /// `ETag` as returned by the upload (quotes optional).
    #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
    pub etag: String,
}

/// Params of [`Cos::multipart_complete`] (Node's `multipartComplete`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct MultipartCompleteParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `UploadId`.
    pub upload_id: String,
    /// `Parts`, in ascending part number order.
    pub parts: Vec<CompletedPart>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::multipart_complete`].
    pub struct MultipartCompleteData {
        /// `Location`: host and URL-encoded key, without scheme.
        pub location: String,
        /// `Bucket`.
        pub bucket: String,
        /// `Key`.
        pub key: String,
        /// `ETag` of the object (`"…-N"`, not an MD5 of the content).
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `VersionId`, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

/// Params of [`Cos::multipart_list_part`] (Node's `multipartListPart`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct MultipartListPartParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `UploadId`.
    pub upload_id: String,
    /// `EncodingType`: `url` to have COS encode the key (decoded again here).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub encoding_type: Option<EncodingType>,
    /// `MaxParts`: at most this many parts (1–1000).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_parts: Option<u32>,
    /// `PartNumberMarker`: list parts after this number (paging).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub part_number_marker: Option<u32>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

/// One entry of `Part`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct PartInfo {
    /// `PartNumber`.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub part_number: u32,
    /// `LastModified`, ISO 8601.
    pub last_modified: String,
    /// `ETag`, quoted.
    #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
    pub etag: String,
    /// `Size` in bytes.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub size: u64,
}

response_data! {
    /// Result of [`Cos::multipart_list_part`].
    pub struct MultipartListPartData {
        /// `Bucket`.
        pub bucket: String,
        /// `EncodingType`.
        #[cfg_attr(
            feature = "serde",
            serde(rename = "Encoding-type"),
            serde(skip_serializing_if = "Option::is_none"),
        )]
        pub encoding_type: Option<EncodingType>,
        /// `Key`.
        pub key: String,
        /// `UploadId`.
        pub upload_id: String,
        /// `Initiator`.
        pub initiator: Owner,
        /// `Owner`.
        pub owner: Owner,
        /// `StorageClass`.
        pub storage_class: StorageClass,
        /// `PartNumberMarker`.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub part_number_marker: u32,
        /// `NextPartNumberMarker`: the `part_number_marker` of the next page.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub next_part_number_marker: u32,
        /// `MaxParts`.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub max_parts: u32,
        /// `IsTruncated`: more parts follow.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub is_truncated: bool,
        /// `Part`: always a list.
        pub part: Vec<PartInfo>,
    }
}

/// Params of [`Cos::multipart_abort`] (Node's `multipartAbort`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct MultipartAbortParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `UploadId`.
    pub upload_id: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::multipart_abort`].
    pub struct MultipartAbortData {}
}

/// Params of [`Cos::multipart_list`] (Node's `multipartList`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct MultipartListParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Prefix`: only uploads of keys starting with it (always sent).
    pub prefix: String,
    /// `Delimiter`.
    pub delimiter: String,
    /// `EncodingType`: `url` to have COS encode keys (decoded again here).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub encoding_type: Option<EncodingType>,
    /// `MaxUploads` (1–1000).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_uploads: Option<u32>,
    /// `KeyMarker` (paging).
    pub key_marker: String,
    /// `UploadIdMarker` (paging, with `key_marker`).
    pub upload_id_marker: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

/// One entry of `Upload`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct UploadInfo {
    /// `Key`.
    pub key: String,
    /// `UploadId`.
    pub upload_id: String,
    /// `StorageClass`.
    pub storage_class: StorageClass,
    /// `Initiator`.
    pub initiator: Owner,
    /// `Owner`.
    pub owner: Owner,
    /// `Initiated`, ISO 8601.
    pub initiated: String,
}

response_data! {
    /// Result of [`Cos::multipart_list`].
    pub struct MultipartListData {
        /// `Bucket`.
        pub bucket: String,
        /// `EncodingType`.
        #[cfg_attr(
            feature = "serde",
            serde(rename = "Encoding-Type"),
            serde(skip_serializing_if = "Option::is_none"),
        )]
        pub encoding_type: Option<EncodingType>,
        /// `KeyMarker`.
        pub key_marker: String,
        /// `UploadIdMarker`.
        pub upload_id_marker: String,
        /// `NextKeyMarker`.
        pub next_key_marker: String,
        /// `NextUploadIdMarker`.
        pub next_upload_id_marker: String,
        /// `MaxUploads`.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub max_uploads: u32,
        /// `IsTruncated`: more uploads follow.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub is_truncated: bool,
        /// `Prefix`.
        pub prefix: String,
        /// `Delimiter`.
        pub delimiter: String,
        /// `Upload`: always a list.
        pub upload: Vec<UploadInfo>,
        /// `CommonPrefixes`: always a list.
        pub common_prefixes: Vec<CommonPrefix>,
    }
}

fn require_upload_id(upload_id: &str) -> Result<(), CosError> {
    if upload_id.is_empty() {
        Err(CosError::invalid_parameter(
            "UploadId",
            "missing param UploadId",
        ))
    } else {
        Ok(())
    }
}

pub(crate) fn build_multipart_init(
    options: &CosOptions,
    params: &MultipartInitParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    let mut request = Request::new("POST", target);
    request.action = Some("uploads");
    request.buffer_answer = true;
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    params.attributes.apply(&mut request);
    params.access.apply(&mut request);
    params.encryption.apply(&mut request);
    request.query = params.query.clone();
    Ok(request)
}

pub(crate) fn build_multipart_upload(
    options: &CosOptions,
    params: MultipartUploadParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    require_upload_id(&params.upload_id)?;
    if !PART_NUMBERS.contains(&params.part_number) {
        return Err(CosError::invalid_parameter(
            "PartNumber",
            format!(
                "PartNumber must be between 1 and 10000, got {}",
                params.part_number
            ),
        ));
    }
    let mut request = Request::new("PUT", target);
    request.headers = params.headers;
    request.header("content-md5", &params.content_md5);
    params.encryption.customer_only().apply(&mut request);
    traffic_limit(&mut request, params.traffic_limit)?;
    if options.upload_check_content_md5 && params.content_md5.is_empty() {
        if let Some(bytes) = params.body.as_bytes() {
            request
                .headers
                .insert("content-md5", crate::execute::content_md5(bytes));
        }
    }
    request.query("partNumber", params.part_number.to_string());
    request.query("uploadId", params.upload_id);
    request.body = Some(params.body);
    request.cancel = params.cancel;
    Ok(request)
}

pub(crate) fn build_multipart_complete(
    options: &CosOptions,
    params: &MultipartCompleteParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    require_upload_id(&params.upload_id)?;
    if params.parts.is_empty() {
        return Err(CosError::invalid_parameter(
            "Parts",
            "Parts must list at least one part",
        ));
    }
    let mut body = String::from("<CompleteMultipartUpload>");
    for part in &params.parts {
        if !PART_NUMBERS.contains(&part.part_number) {
            return Err(CosError::invalid_parameter(
                "Parts",
                format!("part number {} is outside 1 to 10000", part.part_number),
            ));
        }
        let etag = if part.etag.starts_with('"') {
            part.etag.clone()
        } else {
            format!("\"{}\"", part.etag)
        };
        body.push_str("<Part>");
        xml::push_element(&mut body, "PartNumber", &part.part_number.to_string());
        xml::push_element(&mut body, "ETag", &etag);
        body.push_str("</Part>");
    }
    body.push_str("</CompleteMultipartUpload>");
    let mut request = Request::new("POST", target);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.query("uploadId", params.upload_id.as_str());
    request.xml_body(body);
    request.buffer_answer = true;
    Ok(request)
}

pub(crate) fn build_multipart_list_part(
    options: &CosOptions,
    params: &MultipartListPartParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    require_upload_id(&params.upload_id)?;
    let mut request = Request::new("GET", target);
    request.buffer_answer = true;
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.query("uploadId", params.upload_id.as_str());
    if let Some(encoding) = &params.encoding_type {
        request.query("encoding-type", encoding.as_str());
    }
    if let Some(max) = params.max_parts {
        request.query("max-parts", max.to_string());
    }
    if let Some(marker) = params.part_number_marker {
        request.query("part-number-marker", marker.to_string());
    }
    Ok(request)
}

pub(crate) fn build_multipart_abort(
    options: &CosOptions,
    params: &MultipartAbortParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    require_upload_id(&params.upload_id)?;
    let mut request = Request::new("DELETE", target);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.query("uploadId", params.upload_id.as_str());
    Ok(request)
}

pub(crate) fn build_multipart_list(params: &MultipartListParams) -> Result<Request, CosError> {
    let mut request = Request::new("GET", bucket_target(&params.bucket, &params.region)?);
    request.action = Some("uploads");
    request.buffer_answer = true;
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    if !params.delimiter.is_empty() {
        request.query("delimiter", params.delimiter.as_str());
    }
    if let Some(encoding) = &params.encoding_type {
        request.query("encoding-type", encoding.as_str());
    }
    request.query("prefix", params.prefix.as_str());
    if let Some(max) = params.max_uploads {
        request.query("max-uploads", max.to_string());
    }
    if !params.key_marker.is_empty() {
        request.query("key-marker", params.key_marker.as_str());
    }
    if !params.upload_id_marker.is_empty() {
        request.query("upload-id-marker", params.upload_id_marker.as_str());
    }
    Ok(request)
}

impl Cos {
    /// An Initiate that had to be retried may have created uploads whose
    /// answers were lost: abort the uploads of this key that COS started
    /// while this call ran (by COS's clock, from its `Date`), except `kept`.
    /// Best effort: a failure here leaves at most what it found.
    fn abort_lost_initiates(
        &self,
        params: &MultipartInitParams,
        kept: &str,
        answer: &crate::execute::Response,
        started: std::time::Instant,
    ) {
        let Some(server_now) = answer
            .headers
            .get("date")
            .and_then(|d| httpdate::parse_http_date(d).ok())
        else {
            return;
        };
        // Date has whole seconds: one more second of margin.
        let since = server_now - started.elapsed() - std::time::Duration::from_secs(1);
        let since = crate::timefmt::iso8601_seconds(since);
        let Ok(listed) = self.multipart_list(
            MultipartListParams {
                bucket: params.bucket.clone(),
                region: params.region.clone(),
                prefix: params.key.clone(),
                headers: params.headers.clone(),
                ..Default::default()
            },
            |r| r,
        ) else {
            return;
        };
        for upload in listed.upload {
            let ours_lost = upload.key == params.key
                && upload.upload_id != kept
                && upload.initiated.get(..since.len()).unwrap_or("") >= since.as_str();
            if ours_lost {
                let _ = self.multipart_abort(
                    MultipartAbortParams {
                        bucket: params.bucket.clone(),
                        region: params.region.clone(),
                        key: params.key.clone(),
                        upload_id: upload.upload_id,
                        headers: params.headers.clone(),
                        cancel: params.cancel.clone(),
                    },
                    |r| r,
                );
            }
        }
    }
}

impl Cos {
    /// Starts a multipart upload (Node's `multipartInit`).
    ///
    /// ```
    /// use cos_sdk::{MultipartInitParams, MultipartListParams, ObjectAttributes};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.multipart_init(
    ///     MultipartInitParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "video.mp4".into(),
    ///         attributes: ObjectAttributes {
    ///             content_type: "video/mp4".into(),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// // Every later call names the upload by this ID.
    /// let upload_id = data.upload_id;
    /// # let listed = cos.multipart_list(
    /// #     MultipartListParams {
    /// #         bucket: "examplebucket-1250000000".into(),
    /// #         region: "ap-guangzhou".into(),
    /// #         ..Default::default()
    /// #     },
    /// #     |r| r,
    /// # )?;
    /// # assert_eq!(listed.upload[0].upload_id, upload_id);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn multipart_init<R>(
        &self,
        params: MultipartInitParams,
        callback: impl FnOnce(Result<MultipartInitData, CosError>) -> R,
    ) -> R {
        callback(self.multipart_init_inner(params))
    }

    fn multipart_init_inner(
        &self,
        params: MultipartInitParams,
    ) -> Result<MultipartInitData, CosError> {
        let started = std::time::Instant::now();
        let mut response = self.execute(build_multipart_init(self.options(), &params)?)?;
        let meta = response.meta();
        let data = response.xml("InitiateMultipartUploadResult", |root| {
            let mut data = MultipartInitData::from_meta(meta);
            data.bucket = xml::text(root, "Bucket");
            data.key = xml::text(root, "Key");
            data.upload_id = xml::text(root, "UploadId");
            Ok(data)
        })?;
        if data.upload_id.is_empty() {
            return Err(response.fail(xml::bad_response("the answer has no UploadId")));
        }
        if response.retried > 0 {
            self.abort_lost_initiates(&params, &data.upload_id, &response, started);
        }
        Ok(data)
    }

    /// Uploads one part (Node's `multipartUpload`). The returned ETag is
    /// checked against the MD5 of the bytes sent; a mismatch is an
    /// integrity error.
    ///
    /// ```
    /// use cos_sdk::{Body, MultipartUploadParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let upload_id = cos
    /// #     .multipart_init(
    /// #         cos_sdk::MultipartInitParams {
    /// #             bucket: "examplebucket-1250000000".into(),
    /// #             region: "ap-guangzhou".into(),
    /// #             key: "video.mp4".into(),
    /// #             ..Default::default()
    /// #         },
    /// #         |r| r,
    /// #     )?
    /// #     .upload_id;
    /// // `upload_id` from multipart_init
    /// let part = cos.multipart_upload(
    ///     MultipartUploadParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "video.mp4".into(),
    ///         upload_id: upload_id.clone(),
    ///         part_number: 1,
    ///         body: Body::from(vec![0u8; 1024 * 1024]), // every part but the last: 1 MiB or more
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// // Keep the ETag for multipart_complete.
    /// assert_eq!(part.etag, "\"b6d81b360a5672d80c27430f39153e2c\"");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn multipart_upload<R>(
        &self,
        params: MultipartUploadParams,
        callback: impl FnOnce(Result<MultipartUploadData, CosError>) -> R,
    ) -> R {
        callback(self.multipart_upload_inner(params))
    }

    fn multipart_upload_inner(
        &self,
        params: MultipartUploadParams,
    ) -> Result<MultipartUploadData, CosError> {
        let request = build_multipart_upload(self.options(), params)?;
        let response = self.execute_tapped(request, &mut Tap::verifying(None))?;
        let mut data = MultipartUploadData::from_meta(response.meta());
        data.etag = response.header("etag");
        Ok(data)
    }

    /// Completes a multipart upload (Node's `multipartComplete`). COS may
    /// answer 200 and still fail (an `<Error>` body); that is an error here.
    ///
    /// ```
    /// use cos_sdk::{
    ///     Body, CompletedPart, MultipartCompleteParams, MultipartInitParams, MultipartUploadParams,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let (bucket, region, key) = ("examplebucket-1250000000", "ap-guangzhou", "video.mp4");
    /// let upload_id = cos
    ///     .multipart_init(
    ///         MultipartInitParams {
    ///             bucket: bucket.into(),
    ///             region: region.into(),
    ///             key: key.into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )?
    ///     .upload_id;
    /// let chunks = [vec![b'a'; 1024 * 1024], b"the end".to_vec()];
    /// let mut parts = Vec::new();
    /// for (i, chunk) in chunks.into_iter().enumerate() {
    ///     let part_number = i as u32 + 1;
    ///     let etag = cos
    ///         .multipart_upload(
    ///             MultipartUploadParams {
    ///                 bucket: bucket.into(),
    ///                 region: region.into(),
    ///                 key: key.into(),
    ///                 upload_id: upload_id.clone(),
    ///                 part_number,
    ///                 body: Body::from(chunk),
    ///                 ..Default::default()
    ///             },
    ///             |r| r,
    ///         )?
    ///         .etag;
    ///     parts.push(CompletedPart { part_number, etag });
    /// }
    /// let data = cos.multipart_complete(
    ///     MultipartCompleteParams {
    ///         bucket: bucket.into(),
    ///         region: region.into(),
    ///         key: key.into(),
    ///         upload_id,
    ///         parts,
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.etag.ends_with("-2\"")); // a multipart ETag: not the content's MD5
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn multipart_complete<R>(
        &self,
        params: MultipartCompleteParams,
        callback: impl FnOnce(Result<MultipartCompleteData, CosError>) -> R,
    ) -> R {
        callback(self.multipart_complete_inner(params))
    }

    fn multipart_complete_inner(
        &self,
        params: MultipartCompleteParams,
    ) -> Result<MultipartCompleteData, CosError> {
        let mut response = self.execute(build_multipart_complete(self.options(), &params)?)?;
        let meta = response.meta();
        let mut data = response.xml("CompleteMultipartUploadResult", |root| {
            let mut data = MultipartCompleteData::from_meta(meta);
            data.bucket = xml::text(root, "Bucket");
            data.key = xml::text(root, "Key");
            data.etag = xml::text(root, "ETag");
            Ok(data)
        })?;
        data.location = response.endpoint.location();
        data.version_id = response.opt_header("x-cos-version-id");
        if data.etag.is_empty() {
            return Err(response.fail(xml::bad_response("the completed upload has no ETag")));
        }
        Ok(data)
    }

    /// Lists the parts uploaded so far (Node's `multipartListPart`).
    ///
    /// ```
    /// use cos_sdk::MultipartListPartParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let upload_id = cos
    /// #     .multipart_init(
    /// #         cos_sdk::MultipartInitParams {
    /// #             bucket: "examplebucket-1250000000".into(),
    /// #             region: "ap-guangzhou".into(),
    /// #             key: "video.mp4".into(),
    /// #             ..Default::default()
    /// #         },
    /// #         |r| r,
    /// #     )?
    /// #     .upload_id;
    /// # cos.multipart_upload(
    /// #     cos_sdk::MultipartUploadParams {
    /// #         bucket: "examplebucket-1250000000".into(),
    /// #         region: "ap-guangzhou".into(),
    /// #         key: "video.mp4".into(),
    /// #         upload_id: upload_id.clone(),
    /// #         part_number: 1,
    /// #         body: cos_sdk::Body::from("part one"),
    /// #         ..Default::default()
    /// #     },
    /// #     |r| r,
    /// # )?;
    /// // To resume an upload: which parts does COS have already?
    /// let data = cos.multipart_list_part(
    ///     MultipartListPartParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "video.mp4".into(),
    ///         upload_id: upload_id.clone(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.part.len(), 1);
    /// assert_eq!((data.part[0].part_number, data.part[0].size), (1, 8));
    /// assert!(!data.is_truncated); // else continue from `next_part_number_marker`
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn multipart_list_part<R>(
        &self,
        params: MultipartListPartParams,
        callback: impl FnOnce(Result<MultipartListPartData, CosError>) -> R,
    ) -> R {
        callback(self.multipart_list_part_inner(params))
    }

    fn multipart_list_part_inner(
        &self,
        params: MultipartListPartParams,
    ) -> Result<MultipartListPartData, CosError> {
        let mut response = self.execute(build_multipart_list_part(self.options(), &params)?)?;
        let text = response.text()?;
        let mut data = MultipartListPartData::from_meta(response.meta());
        parse_list_parts(&text, &mut data).map_err(|e| response.fail(e))?;
        Ok(data)
    }

    /// Aborts a multipart upload and discards its parts (Node's
    /// `multipartAbort`).
    ///
    /// ```
    /// use cos_sdk::{MultipartAbortParams, MultipartListParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let upload_id = cos
    /// #     .multipart_init(
    /// #         cos_sdk::MultipartInitParams {
    /// #             bucket: "examplebucket-1250000000".into(),
    /// #             region: "ap-guangzhou".into(),
    /// #             key: "video.mp4".into(),
    /// #             ..Default::default()
    /// #         },
    /// #         |r| r,
    /// #     )?
    /// #     .upload_id;
    /// cos.multipart_abort(
    ///     MultipartAbortParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "video.mp4".into(),
    ///         upload_id,
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// # let listed = cos.multipart_list(
    /// #     MultipartListParams {
    /// #         bucket: "examplebucket-1250000000".into(),
    /// #         region: "ap-guangzhou".into(),
    /// #         ..Default::default()
    /// #     },
    /// #     |r| r,
    /// # )?;
    /// # assert!(listed.upload.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn multipart_abort<R>(
        &self,
        params: MultipartAbortParams,
        callback: impl FnOnce(Result<MultipartAbortData, CosError>) -> R,
    ) -> R {
        callback(
            build_multipart_abort(self.options(), &params)
                .and_then(|r| self.execute(r))
                .map(|r| MultipartAbortData::from_meta(r.meta())),
        )
    }

    /// Lists unfinished multipart uploads (Node's `multipartList`).
    ///
    /// ```
    /// use cos_sdk::MultipartListParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let upload_id = cos
    /// #     .multipart_init(
    /// #         cos_sdk::MultipartInitParams {
    /// #             bucket: "examplebucket-1250000000".into(),
    /// #             region: "ap-guangzhou".into(),
    /// #             key: "video.mp4".into(),
    /// #             ..Default::default()
    /// #         },
    /// #         |r| r,
    /// #     )?
    /// #     .upload_id;
    /// let data = cos.multipart_list(
    ///     MultipartListParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         prefix: "video".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// for upload in &data.upload {
    ///     println!("{} started {} ({})", upload.key, upload.initiated, upload.upload_id);
    /// }
    /// assert_eq!(data.upload[0].key, "video.mp4");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn multipart_list<R>(
        &self,
        params: MultipartListParams,
        callback: impl FnOnce(Result<MultipartListData, CosError>) -> R,
    ) -> R {
        callback(self.multipart_list_inner(params))
    }

    fn multipart_list_inner(
        &self,
        params: MultipartListParams,
    ) -> Result<MultipartListData, CosError> {
        let mut response = self.execute(build_multipart_list(&params)?)?;
        let text = response.text()?;
        let mut data = MultipartListData::from_meta(response.meta());
        parse_list_uploads(&text, &mut data).map_err(|e| response.fail(e))?;
        Ok(data)
    }
}

pub(crate) fn parse_list_parts(
    text: &str,
    data: &mut MultipartListPartData,
) -> Result<(), CosError> {
    let mut encoding = Encoding::default();
    xml_stream::read(text, "ListPartsResult", |item| {
        match item {
            Item::Open {
                depth: 1,
                name: "Part",
            } => data.part.push(PartInfo::default()),
            Item::Leaf {
                depth: 1,
                name,
                text,
                ..
            } => match name {
                "Bucket" => data.bucket = text.into(),
                "Key" => data.key = text.into(),
                "UploadId" => data.upload_id = text.into(),
                "StorageClass" => data.storage_class = StorageClass::from(text),
                "PartNumberMarker" => data.part_number_marker = xml_stream::number(name, text)?,
                "NextPartNumberMarker" => {
                    data.next_part_number_marker = xml_stream::number(name, text)?
                }
                "MaxParts" => data.max_parts = xml_stream::number(name, text)?,
                "IsTruncated" => data.is_truncated = text == "true",
                _ => encoding.read(name, text),
            },
            Item::Leaf {
                depth: 2,
                parent,
                name,
                text,
            } => match parent {
                "Part" => {
                    if let Some(part) = data.part.last_mut() {
                        match name {
                            "PartNumber" => part.part_number = xml_stream::number(name, text)?,
                            "LastModified" => part.last_modified = text.into(),
                            "ETag" => part.etag = text.into(),
                            "Size" => part.size = xml_stream::number(name, text)?,
                            _ => {}
                        }
                    }
                }
                "Initiator" => data.initiator.read(name, text),
                "Owner" => data.owner.read(name, text),
                _ => {}
            },
            _ => {}
        }
        Ok(())
    })?;
    encoding.decode([&mut data.key]);
    data.encoding_type = encoding.into_type();
    Ok(())
}

pub(crate) fn parse_list_uploads(text: &str, data: &mut MultipartListData) -> Result<(), CosError> {
    let mut encoding = Encoding::default();
    xml_stream::read(text, "ListMultipartUploadsResult", |item| {
        if read_common_prefix(&mut data.common_prefixes, &item) {
            return Ok(());
        }
        match item {
            Item::Open {
                depth: 1,
                name: "Upload",
            } => data.upload.push(UploadInfo::default()),
            Item::Leaf {
                depth: 1,
                name,
                text,
                ..
            } => match name {
                "Bucket" => data.bucket = text.into(),
                "KeyMarker" => data.key_marker = text.into(),
                "UploadIdMarker" => data.upload_id_marker = text.into(),
                "NextKeyMarker" => data.next_key_marker = text.into(),
                "NextUploadIdMarker" => data.next_upload_id_marker = text.into(),
                "MaxUploads" => data.max_uploads = xml_stream::number(name, text)?,
                "IsTruncated" => data.is_truncated = text == "true",
                "Prefix" => data.prefix = text.into(),
                "Delimiter" => data.delimiter = text.into(),
                _ => encoding.read(name, text),
            },
            Item::Leaf {
                depth: 2,
                parent: "Upload",
                name,
                text,
            } => {
                if let Some(upload) = data.upload.last_mut() {
                    match name {
                        "Key" => upload.key = text.into(),
                        "UploadId" => upload.upload_id = text.into(),
                        "StorageClass" => upload.storage_class = StorageClass::from(text),
                        "Initiated" => upload.initiated = text.into(),
                        _ => {}
                    }
                }
            }
            Item::Leaf {
                depth: 3,
                parent,
                name,
                text,
            } => {
                if let Some(upload) = data.upload.last_mut() {
                    match parent {
                        "Initiator" => upload.initiator.read(name, text),
                        "Owner" => upload.owner.read(name, text),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    encoding.decode(
        [
            &mut data.key_marker,
            &mut data.next_key_marker,
            &mut data.prefix,
            &mut data.delimiter,
        ]
        .into_iter()
        .chain(data.upload.iter_mut().map(|u| &mut u.key))
        .chain(data.common_prefixes.iter_mut().map(|c| &mut c.prefix)),
    );
    data.encoding_type = encoding.into_type();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_node_shaped_listings() {
        let text = "<ListPartsResult><Bucket>b-1</Bucket><Encoding-type/><Key>big.zip</Key><UploadId>U1</UploadId><Initiator><ID>1</ID></Initiator><Owner><ID>1</ID></Owner><StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>1</NextPartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber><LastModified>2019-05-16T03:15:06.000Z</LastModified><ETag>&quot;abc&quot;</ETag><Size>1048576</Size></Part></ListPartsResult>";
        let mut data = MultipartListPartData::default();
        parse_list_parts(text, &mut data).unwrap();
        assert_eq!(data.part.len(), 1);
        assert_eq!(data.part[0].etag, "\"abc\"");
        assert_eq!(data.part[0].size, 1_048_576);
        assert_eq!(data.next_part_number_marker, 1);
        assert_eq!(data.initiator.id, "1");
    }

    #[test]
    fn reads_uploads_with_their_accounts_and_prefixes() {
        let text = "<ListMultipartUploadsResult><Bucket>b-1</Bucket><EncodingType>url</EncodingType><KeyMarker/><UploadIdMarker/><NextKeyMarker>n%2F</NextKeyMarker><NextUploadIdMarker>U2</NextUploadIdMarker><MaxUploads>2</MaxUploads><IsTruncated>true</IsTruncated><Prefix>p%20</Prefix><Delimiter>/</Delimiter><Upload><Key>p%20a</Key><UploadId>U1</UploadId><StorageClass>STANDARD_IA</StorageClass><Initiator><ID>i1</ID><DisplayName>I</DisplayName></Initiator><Owner><ID>o1</ID></Owner><Initiated>2024-01-01T00:00:00.000Z</Initiated></Upload><Upload><Key>p%20b</Key><Owner><ID>o2</ID></Owner></Upload><CommonPrefixes><Prefix>p%20c/</Prefix></CommonPrefixes></ListMultipartUploadsResult>";
        let mut data = MultipartListData::default();
        parse_list_uploads(text, &mut data).unwrap();
        assert_eq!(data.next_key_marker, "n/");
        assert_eq!(data.prefix, "p ");
        assert_eq!(data.max_uploads, 2);
        assert!(data.is_truncated);
        assert_eq!(data.upload.len(), 2);
        assert_eq!(data.upload[0].key, "p a");
        assert_eq!(data.upload[0].storage_class, StorageClass::StandardIa);
        assert_eq!(data.upload[0].initiator.display_name, "I");
        assert_eq!(data.upload[0].owner.id, "o1");
        assert_eq!(data.upload[1].owner.id, "o2");
        assert_eq!(data.upload[1].initiator.id, "");
        assert_eq!(data.common_prefixes[0].prefix, "p c/");
    }

    #[test]
    fn part_numbers_are_checked_before_sending() {
        let options = CosOptions::default();
        let err = build_multipart_upload(
            &options,
            MultipartUploadParams {
                bucket: "b-1".into(),
                region: "ap-guangzhou".into(),
                key: "k".into(),
                upload_id: "U".into(),
                part_number: 10_001,
                ..Default::default()
            },
        )
        .err()
        .unwrap();
        assert_eq!(err.parameter(), Some("PartNumber"));
    }
}
