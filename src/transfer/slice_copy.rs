//! `slice_copy_file` (Node's `sliceCopyFile`): copies an object of any size
//! inside COS, in one request up to `CopySliceSize`, otherwise with Upload
//! Part - Copy in parallel.

use crate::ops::fields::ObjectAttributes;
use crate::types::{MetadataDirective, StorageClass};
use std::collections::BTreeMap;

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Meta};
use crate::headers::Headers;
use crate::ops::copy::{PutObjectCopyParams, UploadPartCopyParams, parse_copy_source};
use crate::ops::multipart::{
    CompletedPart, MultipartAbortParams, MultipartCompleteParams, MultipartInitParams,
};
use crate::ops::object::HeadObjectParams;
use crate::ops::object_target;
use crate::progress::OnProgress;
use crate::transfer::engine::{self, Event, Progress};
use crate::transfer::{MAX_PART_SIZE, MIB, Part, part_size, plan};

/// Params of [`Cos::slice_copy_file`] (Node's `sliceCopyFile`).
#[derive(Debug, Default, Clone)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct SliceCopyFileParams {
    /// `Bucket` of the new object.
    pub bucket: String,
    /// `Region` of the new object.
    pub region: String,
    /// `Key` of the new object.
    pub key: String,
    /// `CopySource`: `<bucket>-<appid>.cos.<region>.myqcloud.com/<url-encoded key>`;
    /// any bucket and region the credentials can read.
    pub copy_source: String,
    /// `CopyChunkSize`: part size, default the client's `copy_chunk_size`;
    /// grows as in Node so the object fits in `max_part_number` parts.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub copy_chunk_size: Option<u64>,
    /// `CopySliceSize`: objects up to this size are copied in one request,
    /// default the client's `copy_slice_size`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub copy_slice_size: Option<u64>,
    /// `MetadataDirective`: `Copy` (default) keeps the source's metadata,
    /// `Replaced` takes the headers given here.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub metadata_directive: Option<MetadataDirective>,
    /// `StorageClass` of the new object (default: the source's).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub storage_class: Option<StorageClass>,
    /// `Headers`: with `Replaced`, the new object's headers (`content-type`,
    /// `x-cos-meta-*`, …).
    pub headers: Headers,
    /// `onProgress`: bytes copied, advancing as parts finish.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_progress: Option<OnProgress>,
    /// Stops starting new parts; the partial upload is aborted.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::slice_copy_file`].
    pub struct SliceCopyFileData {
        /// `Location` of a multipart copy: host and URL-encoded key.
        pub location: String,
        /// `Bucket`.
        pub bucket: String,
        /// `Key`.
        pub key: String,
        /// `ETag` of the new object.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `UploadId` of a multipart copy (empty for a single-request copy).
        pub upload_id: String,
        /// `VersionId`, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

struct CopyJob<'a> {
    cos: &'a Cos,
    bucket: &'a str,
    region: &'a str,
    key: &'a str,
    copy_source: &'a str,
    upload_id: &'a str,
}

impl CopyJob<'_> {
    /// Copies one range; the request loop retries it `chunk_retry_times`.
    fn copy_part(&self, part: Part) -> Result<String, CosError> {
        let params = UploadPartCopyParams {
            bucket: self.bucket.to_string(),
            region: self.region.to_string(),
            key: self.key.to_string(),
            copy_source: self.copy_source.to_string(),
            upload_id: self.upload_id.to_string(),
            part_number: part.number,
            copy_source_range: format!("bytes={}-{}", part.offset, part.offset + part.length - 1),
            ..Default::default()
        };
        let retries = self.cos.options().chunk_retry_times;
        self.cos
            .upload_part_copy_with_retries(&params, retries)
            .map(|data| data.etag)
    }
}

impl Cos {
    /// Copies an object of any size (Node's `sliceCopyFile`): in one request
    /// when it is at most `CopySliceSize`, otherwise part by part with Upload
    /// Part - Copy, `copy_chunk_parallel_limit` at a time. Works across
    /// buckets and regions. A failed or cancelled multipart copy is aborted,
    /// so no upload is left behind; the new object's CRC-64 is checked
    /// against the source's when COS reports both.
    ///
    /// ```
    /// use cos_sdk::SliceCopyFileParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("videos/big.mp4", vec![7u8; 3 * 1024 * 1024]);
    /// let data = cos.slice_copy_file(
    ///     SliceCopyFileParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "archive/big.mp4".into(),
    ///         copy_source: "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/videos/big.mp4".into(),
    ///         // 3 MiB: above CopySliceSize, so three Upload Part - Copy requests.
    ///         copy_slice_size: Some(1024 * 1024),
    ///         copy_chunk_size: Some(1024 * 1024),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(!data.upload_id.is_empty());
    /// assert!(data.etag.ends_with("-3\""));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn slice_copy_file<R>(
        &self,
        params: SliceCopyFileParams,
        callback: impl FnOnce(Result<SliceCopyFileData, CosError>) -> R,
    ) -> R {
        callback(self.slice_copy_file_inner(params))
    }

    fn slice_copy_file_inner(
        &self,
        mut params: SliceCopyFileParams,
    ) -> Result<SliceCopyFileData, CosError> {
        let options = self.options();
        if let crate::endpoint::Target::Object { key, .. } =
            object_target(options, &params.bucket, &params.region, &params.key)?
        {
            params.key = key;
        }
        let source = parse_copy_source(&params.copy_source)?;
        let wanted = params.copy_chunk_size.unwrap_or(options.copy_chunk_size);
        if !(MIB..=MAX_PART_SIZE).contains(&wanted) {
            return Err(CosError::invalid_parameter(
                "CopyChunkSize",
                "CopyChunkSize must be between 1 MiB and 5 GiB",
            ));
        }
        let slice_size = params.copy_slice_size.unwrap_or(options.copy_slice_size);
        let head = self.head_object(
            HeadObjectParams {
                bucket: source.bucket,
                region: source.region,
                key: source.key,
                ..Default::default()
            },
            |r| r,
        )?;
        let size: u64 = head
            .headers
            .get("content-length")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| {
                crate::xml::bad_response("the source's HEAD answer has no Content-Length")
            })?;
        let source_crc = head.headers.get("x-cos-hash-crc64ecma").map(str::to_string);
        let mut progress = params.on_progress.take().map(|p| self.progress_tracker(p));
        if let Some(progress) = progress.as_mut() {
            progress.start(size);
        }
        let replaced = params.metadata_directive == Some(MetadataDirective::Replaced);

        let data = if size <= slice_size {
            let copy = self.put_object_copy(
                PutObjectCopyParams {
                    bucket: params.bucket.clone(),
                    region: params.region.clone(),
                    key: params.key.clone(),
                    copy_source: params.copy_source.clone(),
                    metadata_directive: Some(
                        params
                            .metadata_directive
                            .clone()
                            .unwrap_or(MetadataDirective::Copy),
                    ),
                    attributes: ObjectAttributes {
                        storage_class: params.storage_class.clone(),
                        ..Default::default()
                    },
                    headers: params.headers.clone(),
                    ..Default::default()
                },
                |r| r,
            )?;
            let mut data = SliceCopyFileData::from_meta(Meta::new(copy.status_code, copy.headers));
            data.bucket = params.bucket.clone();
            data.key = params.key.clone();
            data.etag = copy.etag;
            data.version_id = copy.version_id;
            data
        } else {
            self.multipart_copy(
                &params,
                replaced,
                &head.headers,
                size,
                wanted,
                &mut |loaded| {
                    if let Some(progress) = progress.as_mut() {
                        progress.advance_to(loaded);
                    }
                },
            )?
        };
        if let (Some(expected), Some(reported)) =
            (source_crc, data.headers.get("x-cos-hash-crc64ecma"))
        {
            if expected.trim() != reported.trim() {
                return Err(CosError::integrity(
                    "CRC64Mismatch",
                    format!(
                        "the copy of {} has CRC-64 {reported}, the source {expected}",
                        params.copy_source
                    ),
                ));
            }
        }
        if let Some(progress) = progress.as_mut() {
            progress.finish();
        }
        Ok(data)
    }

    fn multipart_copy(
        &self,
        params: &SliceCopyFileParams,
        replaced: bool,
        source_headers: &Headers,
        size: u64,
        wanted: u64,
        on_loaded: &mut dyn FnMut(u64),
    ) -> Result<SliceCopyFileData, CosError> {
        // Node: the new object takes the source's metadata unless Replaced.
        let mut headers = if replaced {
            params.headers.clone()
        } else {
            let mut copied = Headers::new();
            for (name, value) in source_headers.iter() {
                let standard = matches!(
                    name,
                    "cache-control"
                        | "content-disposition"
                        | "content-encoding"
                        | "content-type"
                        | "expires"
                );
                if standard || (name.starts_with("x-cos-meta-") && name.len() > "x-cos-meta-".len())
                {
                    copied.insert(name, value);
                }
            }
            copied
        };
        let storage_class = match &params.storage_class {
            Some(class) => class.as_str(),
            None => source_headers
                .get("x-cos-storage-class")
                .unwrap_or_default(),
        };
        if !storage_class.is_empty() {
            headers.insert("x-cos-storage-class", storage_class);
        }
        let init = self.multipart_init(
            MultipartInitParams {
                bucket: params.bucket.clone(),
                region: params.region.clone(),
                key: params.key.clone(),
                headers,
                ..Default::default()
            },
            |r| r,
        )?;
        let abort = || {
            let _ = self.multipart_abort(
                MultipartAbortParams {
                    bucket: params.bucket.clone(),
                    region: params.region.clone(),
                    key: params.key.clone(),
                    upload_id: init.upload_id.clone(),
                    ..Default::default()
                },
                |r| r,
            );
        };
        let parts = plan(
            size,
            part_size(size, wanted, self.options().max_part_number),
        );
        let job = CopyJob {
            cos: self,
            bucket: &params.bucket,
            region: &params.region,
            key: &params.key,
            copy_source: &params.copy_source,
            upload_id: &init.upload_id,
        };
        let mut etags = BTreeMap::new();
        let mut loaded = 0;
        let parallel = self.options().copy_chunk_parallel_limit;
        let ran = self.with_pool(parallel, |pool| {
            engine::run(
                pool,
                parallel,
                params.cancel.as_ref(),
                &parts,
                |part, _: &mut (), _: &Progress<'_, (), String>| job.copy_part(*part),
                |event| {
                    if let Event::Done(index, etag) = event {
                        loaded += parts[index].length;
                        etags.insert(parts[index].number, etag);
                        on_loaded(loaded);
                    }
                    Ok(())
                },
            )
        });
        if let Err(err) = ran.and_then(|ran| ran) {
            abort();
            return Err(err);
        }
        if etags.len() < parts.len() {
            abort();
            return Err(CosError::cancelled(format!(
                "copy of {} cancelled; the partial copy was aborted",
                params.copy_source
            )));
        }
        let completed: Vec<CompletedPart> = etags
            .into_iter()
            .map(|(part_number, etag)| CompletedPart { part_number, etag })
            .collect();
        let complete = self
            .multipart_complete(
                MultipartCompleteParams {
                    bucket: params.bucket.clone(),
                    region: params.region.clone(),
                    key: params.key.clone(),
                    upload_id: init.upload_id.clone(),
                    parts: completed,
                    ..Default::default()
                },
                |r| r,
            )
            .inspect_err(|_| abort())?;
        let mut data =
            SliceCopyFileData::from_meta(Meta::new(complete.status_code, complete.headers));
        data.location = complete.location;
        data.bucket = complete.bucket;
        data.key = complete.key;
        data.etag = complete.etag;
        data.version_id = complete.version_id;
        data.upload_id = init.upload_id;
        Ok(data)
    }
}
