//! Server-side copies: PUT Object - Copy (Node's `putObjectCopy`) and
//! Upload Part - Copy (`uploadPartCopy`).

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::headers::Headers;
use crate::ops::fields::{AclHeaders, EncryptionHeaders, ObjectAttributes};
use crate::ops::multipart::PART_NUMBERS;
use crate::ops::object_target;
use crate::options::CosOptions;
use crate::types::MetadataDirective;
use crate::xml;

/// Where a `CopySource` points: `{Bucket}.cos.{Region}.myqcloud.com/{Key}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CopySource {
    pub bucket: String,
    pub region: String,
    /// The key, percent-decoded.
    pub key: String,
}

/// Node's `getSourceParams`: accepts the `cos`, `cosv6`, `cos-cdc`,
/// `cos-cdz` and `cos-internal` host labels on `myqcloud.com` or
/// `tencentcos.cn`, and an optional `?versionId=`.
pub(crate) fn parse_copy_source(source: &str) -> Result<CopySource, CosError> {
    let error = || {
        CosError::invalid_parameter(
            "CopySource",
            format!(
                "CopySource format error: expected \"<bucket>-<appid>.cos.<region>.myqcloud.com/<key>\", got {source:?}"
            ),
        )
    };
    let source = source.split("?versionId=").next().unwrap_or(source);
    let (host, key) = source.split_once('/').ok_or_else(error)?;
    let mut labels = host.split('.');
    let bucket = labels.next().ok_or_else(error)?;
    let service = labels.next().ok_or_else(error)?;
    let region = labels.next().ok_or_else(error)?;
    let suffix: Vec<&str> = labels.collect();
    let service_ok = matches!(
        service,
        "cos" | "cosv6" | "cos-cdc" | "cos-cdz" | "cos-internal"
    );
    let suffix_ok = suffix == ["myqcloud", "com"] || suffix == ["tencentcos", "cn"];
    if !service_ok
        || !suffix_ok
        || key.is_empty()
        || crate::validate::bucket(bucket).is_err()
        || region.is_empty()
    {
        return Err(error());
    }
    Ok(CopySource {
        bucket: bucket.to_string(),
        region: region.to_string(),
        key: crate::encode::url_decode(key),
    })
}

/// Params of [`Cos::put_object_copy`] (Node's `putObjectCopy`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutObjectCopyParams {
    /// `Bucket` of the new object.
    pub bucket: String,
    /// `Region` of the new object.
    pub region: String,
    /// `Key` of the new object.
    pub key: String,
    /// `CopySource`: `<bucket>-<appid>.cos.<region>.myqcloud.com/<url-encoded key>`.
    pub copy_source: String,
    /// `MetadataDirective`: `Copy` (COS's default) keeps the source's
    /// metadata, `Replaced` takes this request's attributes and headers.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub metadata_directive: Option<MetadataDirective>,
    /// `CopySourceIfModifiedSince`.
    pub copy_source_if_modified_since: String,
    /// `CopySourceIfUnmodifiedSince`.
    pub copy_source_if_unmodified_since: String,
    /// `CopySourceIfMatch`.
    pub copy_source_if_match: String,
    /// `CopySourceIfNoneMatch`.
    pub copy_source_if_none_match: String,
    /// `ACL` and `Grant*`: who may access what this request creates.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `VersionId`: the version of the new object to write, as Node sends it (`?versionId=` on the destination); the source version goes in `copy_source` (`…?versionId=`).
    pub version_id: String,
    /// `ServerSideEncryption` and the SSE-C / SSE-KMS fields.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `Headers`: extra headers, e.g. `x-cos-meta-*` (with `Replaced`).
    pub headers: Headers,
    /// `CacheControl`, `ContentType`, … and `StorageClass`: stored with the object.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub attributes: ObjectAttributes,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::put_object_copy`]: Node's `CopyObjectResult` fields.
    pub struct PutObjectCopyData {
        /// `ETag` of the new object.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `LastModified`, ISO 8601.
        pub last_modified: String,
        /// `CRC64` of the new object, when COS reports it.
        #[cfg_attr(
            feature = "serde",
            serde(rename = "CRC64"),
            serde(skip_serializing_if = "Option::is_none"),
        )]
        pub crc64: Option<String>,
        /// `VersionId`, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

/// Params of [`Cos::upload_part_copy`] (Node's `uploadPartCopy`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct UploadPartCopyParams {
    /// `Bucket` of the upload.
    pub bucket: String,
    /// `Region` of the upload.
    pub region: String,
    /// `Key` of the upload.
    pub key: String,
    /// `CopySource`, as for [`PutObjectCopyParams::copy_source`].
    pub copy_source: String,
    /// `UploadId`.
    pub upload_id: String,
    /// `PartNumber`, 1 to 10000.
    pub part_number: u32,
    /// `CopySourceRange`, e.g. `bytes=0-1048575`; empty copies the whole source.
    pub copy_source_range: String,
    /// `CopySourceIfModifiedSince`.
    pub copy_source_if_modified_since: String,
    /// `CopySourceIfUnmodifiedSince`.
    pub copy_source_if_unmodified_since: String,
    /// `CopySourceIfMatch`.
    pub copy_source_if_match: String,
    /// `CopySourceIfNoneMatch`.
    pub copy_source_if_none_match: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::upload_part_copy`].
    pub struct UploadPartCopyData {
        /// `ETag` of the part.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `LastModified`, ISO 8601.
        pub last_modified: String,
    }
}

fn copy_conditions(request: &mut Request, c: [&str; 4]) {
    request.header("x-cos-copy-source-if-modified-since", c[0]);
    request.header("x-cos-copy-source-if-unmodified-since", c[1]);
    request.header("x-cos-copy-source-if-match", c[2]);
    request.header("x-cos-copy-source-if-none-match", c[3]);
}

pub(crate) fn build_put_object_copy(
    options: &CosOptions,
    params: &PutObjectCopyParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    parse_copy_source(&params.copy_source)?;
    let mut request = Request::new("PUT", target);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.header("x-cos-copy-source", &params.copy_source);
    if let Some(directive) = &params.metadata_directive {
        request.header("x-cos-metadata-directive", directive.as_str());
    }
    params.attributes.apply(&mut request);
    params.access.apply(&mut request);
    params.encryption.apply(&mut request);
    if !params.version_id.is_empty() {
        request.query("versionId", params.version_id.as_str());
    }
    copy_conditions(
        &mut request,
        [
            &params.copy_source_if_modified_since,
            &params.copy_source_if_unmodified_since,
            &params.copy_source_if_match,
            &params.copy_source_if_none_match,
        ],
    );
    request.buffer_answer = true;
    Ok(request)
}

pub(crate) fn build_upload_part_copy(
    options: &CosOptions,
    params: &UploadPartCopyParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    parse_copy_source(&params.copy_source)?;
    if params.upload_id.is_empty() {
        return Err(CosError::invalid_parameter(
            "UploadId",
            "missing param UploadId",
        ));
    }
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
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.header("x-cos-copy-source", &params.copy_source);
    request.header("x-cos-copy-source-range", &params.copy_source_range);
    copy_conditions(
        &mut request,
        [
            &params.copy_source_if_modified_since,
            &params.copy_source_if_unmodified_since,
            &params.copy_source_if_match,
            &params.copy_source_if_none_match,
        ],
    );
    request.query("partNumber", params.part_number.to_string());
    request.query("uploadId", params.upload_id.as_str());
    request.buffer_answer = true;
    Ok(request)
}

impl Cos {
    /// Copies an object inside COS, across buckets and regions too (Node's
    /// `putObjectCopy`), up to 5 GB; use
    /// [`slice_copy_file`](Cos::slice_copy_file) for larger objects. A 200
    /// answer carrying an `<Error>` is an error.
    ///
    /// ```
    /// use cos_sdk::{HeadObjectParams, ObjectAttributes, PutObjectCopyParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello");
    /// let data = cos.put_object_copy(
    ///     PutObjectCopyParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "backup/hello.txt".into(),
    ///         // Any bucket and region the keys can read; the key URL-encoded.
    ///         copy_source: "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/hello.txt".into(),
    ///         metadata_directive: Some("Replaced".into()),
    ///         attributes: ObjectAttributes {
    ///             content_type: "text/plain".into(),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.etag, "\"5d41402abc4b2a76b9719d911017c592\""); // same content
    /// let copy = cos.head_object(
    ///     HeadObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "backup/hello.txt".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(copy.headers.get("content-type"), Some("text/plain"));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_object_copy<R>(
        &self,
        params: PutObjectCopyParams,
        callback: impl FnOnce(Result<PutObjectCopyData, CosError>) -> R,
    ) -> R {
        callback(self.put_object_copy_inner(params))
    }

    fn put_object_copy_inner(
        &self,
        params: PutObjectCopyParams,
    ) -> Result<PutObjectCopyData, CosError> {
        let mut response = self.execute(build_put_object_copy(self.options(), &params)?)?;
        let meta = response.meta();
        let mut data = response.xml("CopyObjectResult", |root| {
            let mut data = PutObjectCopyData::from_meta(meta);
            data.etag = xml::text(root, "ETag");
            data.last_modified = xml::text(root, "LastModified");
            data.crc64 = xml::opt_text(root, "CRC64");
            Ok(data)
        })?;
        data.version_id = response.opt_header("x-cos-version-id");
        if data.etag.is_empty() {
            return Err(response.fail(xml::bad_response("the copy answer has no ETag")));
        }
        Ok(data)
    }

    /// Copies a range of an object into one part of a multipart upload
    /// (Node's `uploadPartCopy`). A 200 answer carrying an `<Error>` is an
    /// error.
    ///
    /// ```
    /// use cos_sdk::{
    ///     CompletedPart, MultipartCompleteParams, MultipartInitParams, UploadPartCopyParams,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello world");
    /// let upload_id = cos
    ///     .multipart_init(
    ///         MultipartInitParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: "hello-copy.txt".into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )?
    ///     .upload_id;
    /// let part = cos.upload_part_copy(
    ///     UploadPartCopyParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello-copy.txt".into(),
    ///         copy_source: "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/hello.txt".into(),
    ///         copy_source_range: "bytes=0-4".into(),
    ///         upload_id: upload_id.clone(),
    ///         part_number: 1,
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// cos.multipart_complete(
    ///     MultipartCompleteParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello-copy.txt".into(),
    ///         upload_id,
    ///         parts: vec![CompletedPart { part_number: 1, etag: part.etag }],
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// # let copy = cos.get_object(cos_sdk::GetObjectParams {
    /// #     bucket: "examplebucket-1250000000".into(),
    /// #     region: "ap-guangzhou".into(),
    /// #     key: "hello-copy.txt".into(),
    /// #     ..Default::default()
    /// # }, |r| r)?;
    /// # assert_eq!(copy.body, b"hello");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn upload_part_copy<R>(
        &self,
        params: UploadPartCopyParams,
        callback: impl FnOnce(Result<UploadPartCopyData, CosError>) -> R,
    ) -> R {
        callback(self.upload_part_copy_with_retries(&params, self.options().max_retries))
    }

    /// [`upload_part_copy`](Cos::upload_part_copy) with its own retry count
    /// (multipart copies use `chunk_retry_times`).
    pub(crate) fn upload_part_copy_with_retries(
        &self,
        params: &UploadPartCopyParams,
        retries: u32,
    ) -> Result<UploadPartCopyData, CosError> {
        let mut request = build_upload_part_copy(self.options(), params)?;
        request.retries = Some(retries);
        let mut response = self.execute(request)?;
        let meta = response.meta();
        let data = response.xml("CopyPartResult", |root| {
            let mut data = UploadPartCopyData::from_meta(meta);
            data.etag = xml::text(root, "ETag");
            data.last_modified = xml::text(root, "LastModified");
            Ok(data)
        })?;
        if data.etag.is_empty() {
            return Err(response.fail(xml::bad_response("the part copy answer has no ETag")));
        }
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_sources() {
        let parsed = parse_copy_source(
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/src%20dir/a.txt",
        )
        .unwrap();
        assert_eq!(parsed.bucket, "examplebucket-1250000000");
        assert_eq!(parsed.region, "ap-guangzhou");
        assert_eq!(parsed.key, "src dir/a.txt");
        assert!(
            parse_copy_source("b-1.cos-internal.ap-beijing.tencentcos.cn/k?versionId=v1").is_ok()
        );
        for bad in [
            "",
            "b-1.cos.ap-beijing.myqcloud.com",
            "b-1.cos.ap-beijing.example.com/k",
            "nobucket.cos.r.myqcloud.com/k",
            "/b-1/k",
        ] {
            assert_eq!(
                parse_copy_source(bad).unwrap_err().parameter(),
                Some("CopySource"),
                "{bad}"
            );
        }
    }
}
