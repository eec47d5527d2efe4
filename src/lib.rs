//! # cos-sdk
//!
//! A synchronous, blocking SDK for Tencent Cloud Object Storage (COS) whose
//! API mirrors the Node.js SDK `cos-nodejs-sdk-v5` one-to-one: `putObject`
//! becomes [`Cos::put_object`], `ContentType` becomes `content_type`, and
//! every operation takes its params and a callback that runs exactly once,
//! on the calling thread, before the method returns. No async runtime.
//!
//! ```no_run
//! use cos_sdk::{Body, Cos, CosOptions, GetObjectParams, PutObjectParams};
//!
//! let cos = Cos::new(CosOptions {
//!     secret_id: std::env::var("COS_SECRET_ID").unwrap_or_default(),
//!     secret_key: std::env::var("COS_SECRET_KEY").unwrap_or_default(),
//!     ..Default::default()
//! })?;
//!
//! // Node style: a callback receives the result.
//! cos.put_object(
//!     PutObjectParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         key: "hello.txt".into(),
//!         body: Body::from("hello"),
//!         ..Default::default()
//!     },
//!     |result| match result {
//!         Ok(data) => println!("stored, etag {}", data.etag),
//!         Err(err) => eprintln!("upload failed: {err}"),
//!     },
//! );
//!
//! // Rust style: the callback's value is returned, so `|r| r` gives a Result.
//! let data = cos.get_object(
//!     GetObjectParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         key: "hello.txt".into(),
//!         ..Default::default()
//!     },
//!     |r| r,
//! )?;
//! assert_eq!(data.body, b"hello");
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! Errors are one type, [`CosError`], whose [`kind`](CosError::kind) says
//! what a caller can do about it. Nothing this crate prints, `Display` or
//! `Debug`, ever contains a secret key, security token or signature.

#![warn(missing_docs)]

#[macro_use]
mod macros;

mod auth;
#[doc(hidden)]
pub mod bench_support;
mod body;
mod cancel;
mod client;
mod crc64;
mod credentials;
mod encode;
mod endpoint;
mod error;
mod execute;
mod headers;
mod local_fs;
mod ops;
mod options;
mod progress;
mod timefmt;
mod transfer;
mod transport;
mod validate;
mod xml;

#[cfg(test)]
mod robustness_tests;

/// The README's examples compile too.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use auth::{GetAuthorizationOptions, get_authorization, get_authorization_at};
pub use body::{Body, Output};
pub use cancel::CancelToken;
pub use client::Cos;
pub use credentials::{
    Authorization, AuthorizationRequest, GetAuthorization, TemporaryCredentials,
};
pub use error::{CosError, ErrorKind};
pub use headers::Headers;
pub use ops::Owner;
pub use ops::acl::{
    AccessControlPolicy, GetBucketAclData, GetBucketAclParams, GetObjectAclData,
    GetObjectAclParams, Grant, Grantee, PutBucketAclData, PutBucketAclParams, PutObjectAclData,
    PutObjectAclParams,
};
pub use ops::batch::{
    DeleteError, DeleteMultipleObjectData, DeleteMultipleObjectParams, DeletedObject,
    ObjectToDelete,
};
pub use ops::bucket::{
    CommonPrefix, DeleteBucketData, DeleteBucketParams, GetBucketData, GetBucketParams,
    HeadBucketData, HeadBucketParams, ObjectSummary, PutBucketData, PutBucketParams,
};
pub use ops::copy::{
    PutObjectCopyData, PutObjectCopyParams, UploadPartCopyData, UploadPartCopyParams,
};
pub use ops::cors::{
    CorsRule, DeleteBucketCorsData, DeleteBucketCorsParams, GetBucketCorsData, GetBucketCorsParams,
    OptionsObjectData, OptionsObjectParams, PutBucketCorsData, PutBucketCorsParams,
};
pub use ops::multipart::{
    CompletedPart, MultipartAbortData, MultipartAbortParams, MultipartCompleteData,
    MultipartCompleteParams, MultipartInitData, MultipartInitParams, MultipartListData,
    MultipartListParams, MultipartListPartData, MultipartListPartParams, MultipartUploadData,
    MultipartUploadParams, PartInfo, UploadInfo,
};
pub use ops::object::{
    DeleteObjectData, DeleteObjectParams, GetObjectData, GetObjectParams, HeadObjectData,
    HeadObjectParams, PutObjectData, PutObjectParams,
};
pub use ops::service::{BucketSummary, GetServiceData, GetServiceParams};
pub use ops::tagging::{
    DeleteBucketTaggingData, DeleteBucketTaggingParams, GetBucketLocationData,
    GetBucketLocationParams, GetBucketTaggingData, GetBucketTaggingParams, PutBucketTaggingData,
    PutBucketTaggingParams, Tag,
};
pub use ops::url::{GetAuthParams, GetObjectUrlData, GetObjectUrlParams};
pub use options::CosOptions;
pub use progress::{OnProgress, ProgressInfo};
pub use transfer::download::{DownloadFileData, DownloadFileParams};
pub use transfer::slice_copy::{SliceCopyFileData, SliceCopyFileParams};
pub use transfer::slice_upload::{SliceUploadFileData, SliceUploadFileParams};
pub use transfer::tasks::{TaskEvent, TaskId, TaskInfo, TaskKind, TaskParams, TaskState};
pub use transfer::upload_file::{
    AbortLevel, AbortUploadTaskData, AbortUploadTaskParams, FileResult, OnFileFinish,
    UploadFileData, UploadFileParams, UploadFilesData, UploadFilesParams, UploadRef,
};
