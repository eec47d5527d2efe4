//! # cos-sdk
//!
//! A synchronous, blocking SDK for Tencent Cloud Object Storage (COS) whose
//! API mirrors the Node.js SDK `cos-nodejs-sdk-v5` one-to-one: `putObject`
//! becomes [`Cos::put_object`], `ContentType` becomes `content_type`, and
//! every operation takes its params and a callback that runs exactly once,
//! on the calling thread, before the method returns. No async runtime.
//!
//! - Port Node code line by line: `cos.putObject(params, cb)` becomes
//!   `cos.put_object(params, cb)`, `data.ETag` becomes `data.etag`.
//! - Signatures match the official Node SDK bit for bit.
//! - One error type, [`CosError`], with the status, code, message and request
//!   id COS sent. Nothing this crate prints, `Display` or `Debug`, ever
//!   contains a secret key, security token or signature.
//! - Transfers that survive real networks: retries with backoff, MD5 and
//!   CRC-64 checks, resumable multipart uploads and downloads, progress,
//!   cancel and pause, and Node's task queue.
//! - `cos-emulator`, a local COS server, for your tests; every example on
//!   these pages runs against it as a doctest.
//!
//! ## Quick start
//!
//! ```
//! use cos_emulator::Emulator; // a local COS server (dev-dependency)
//! use cos_sdk::{
//!     Body, Cos, CosOptions, GetBucketParams, GetObjectParams, PutBucketParams, PutObjectParams,
//! };
//!
//! let emulator = Emulator::start()?;
//! let cos = Cos::new(CosOptions {
//!     secret_id: emulator.secret_id().into(),
//!     secret_key: emulator.secret_key().into(),
//!     // For real COS leave these two out (https to the real host names).
//!     protocol: "http:".into(),
//!     ip: emulator.endpoint(),
//!     ..Default::default()
//! })?;
//!
//! cos.put_bucket(
//!     PutBucketParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         ..Default::default()
//!     },
//!     |r| r,
//! )?;
//!
//! // Node style: the callback gets the result.
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
//!
//! let listing = cos.get_bucket(
//!     GetBucketParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         ..Default::default()
//!     },
//!     |r| r,
//! )?;
//! assert_eq!(listing.contents[0].key, "hello.txt");
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! Against COS, a client needs only keys (or [temporary
//! credentials](#temporary-credentials-and-signed-urls)); [`CosOptions`] has
//! all of Node's constructor options, with the same names and defaults.
//!
//! [`Cos`] is `Clone + Send + Sync` and holds one connection pool: build one
//! client and share it between threads. Every params struct is `Send`
//! (callbacks in them are `FnMut + Send`), so params built on a UI thread can
//! be moved to a worker that runs the transfer.
//!
//! Upload bodies are [`Body::from`] bytes or text, [`Body::from_file`] or
//! [`Body::from_reader`]; files and readers are streamed, never read whole
//! into memory. Downloads go to memory (`data.body`), to a file
//! ([`Output::File`]: written under a temporary name, renamed only when
//! complete) or to any writer ([`Output::Writer`]).
//!
//! ## Node → Rust
//!
//! The rules, which make a port mechanical:
//!
//! - **Methods**: camelCase becomes snake_case on [`Cos`]; `new COS({...})` is
//!   [`Cos::new`] with [`CosOptions`] (Node's option names and defaults); the
//!   static `COS.getAuthorization` is [`get_authorization`].
//! - **Params**: one struct per operation, `<Operation>Params`, whose fields
//!   are Node's keys in snake_case (`Bucket` → `bucket`, `IfModifiedSince` →
//!   `if_modified_since`, `x-cos-meta-*` go in `headers`). Keys you would
//!   leave out in Node are left to `..Default::default()`; an empty string
//!   means "not sent", other optional values are `Option`s. Two groups that
//!   every write shares are structs of their own: `ACL` and `Grant*` in
//!   `access: `[`AclHeaders`]`{ … }`, and `ContentType`, `CacheControl`,
//!   `ContentDisposition`, `ContentEncoding`, `Expires`, `StorageClass` in
//!   `attributes: `[`ObjectAttributes`]`{ … }`.
//! - **Enumerations** ([`Acl`], [`StorageClass`], [`Permission`],
//!   [`MetadataDirective`], [`EncodingType`], [`Protocol`]) are enums that
//!   take Node's strings: `"STANDARD_IA".into()` and
//!   `StorageClass::StandardIa` are the same value, and a value this version
//!   does not know travels as `Other(String)`.
//! - **Callback**: Node's `function (err, data)` is a closure taking
//!   `Result<<Operation>Data, CosError>`. It runs once, on the calling thread,
//!   before the method returns, and the method returns what it returns: `|r|
//!   r` gives a `Result` for `?`.
//! - **Results**: `<Operation>Data` has Node's fields in snake_case (`ETag` →
//!   `etag`, `CommonPrefixes` → `common_prefixes`), always lists where Node
//!   may give one item or none, and typed numbers and booleans (`size: u64`,
//!   `is_truncated: bool`) where Node keeps strings. A value COS may leave
//!   out (`version_id`, `next_marker`, …) is an `Option`, `None` when COS did
//!   not send it (Node's `data` then lacks the key). Every `…Data` carries
//!   Node's `statusCode`, `headers` and `RequestId` as `status_code`,
//!   `headers` (names lower-cased) and `request_id`.
//! - **Errors**: `err.code`, `err.message`, `err.statusCode`, `err.RequestId`
//!   are [`err.code()`](CosError::code), [`message()`](CosError::message),
//!   [`status_code()`](CosError::status_code),
//!   [`request_id()`](CosError::request_id); see [Errors](#errors).
//! - **Node's special cases stay**: a 404 on delete is a success with
//!   `bucket_not_found`, a 304 a success with `not_modified`, a bucket without
//!   CORS rules or tags reads as an empty list, a refused preflight is a
//!   success with `options_forbidden`.
//! - **Callbacks in params**: `onProgress` is
//!   `on_progress: Some(`[`OnProgress::new`]`(|p| …))`, `onFileFinish` is
//!   [`OnFileFinish`]; Node's `Output: '/path'` is [`Output::File`], `Headers:
//!   {…}` is [`Headers::from`]`([(name, value), …])`.
//!
//! The same call in both:
//!
//! ```js
//! cos.getObject({
//!     Bucket: 'examplebucket-1250000000',
//!     Region: 'ap-guangzhou',
//!     Key: 'hello.txt',
//! }, function (err, data) {
//!     if (err) return console.log('failed:', err.code);
//!     console.log(data.Body.toString(), data.ETag);
//! });
//! ```
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # let cos = doc.cos.clone();
//! # doc.put("hello.txt", "hello");
//! use cos_sdk::GetObjectParams;
//!
//! cos.get_object(
//!     GetObjectParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         key: "hello.txt".into(),
//!         ..Default::default()
//!     },
//!     |result| match result {
//!         Err(err) => println!("failed: {}", err.code()),
//!         Ok(data) => println!("{} {}", String::from_utf8_lossy(&data.body), data.etag),
//!     },
//! );
//! ```
//!
//! Every operation, with its params and the main fields of its result:
//!
//! | Node | Rust | Params → Data |
//! |---|---|---|
//! | `getService` | [`get_service`](Cos::get_service) | [`GetServiceParams`] `{ region, tag_key, tag_value, create_time, create_range, marker, max_keys }` → [`GetServiceData`] `{ owner, buckets, is_truncated, next_marker }` |
//! | `putBucket` | [`put_bucket`](Cos::put_bucket) | [`PutBucketParams`] `{ access, bucket_az_config, … }` → [`PutBucketData`] `{ location }` |
//! | `headBucket` | [`head_bucket`](Cos::head_bucket) | [`HeadBucketParams`] → [`HeadBucketData`] (404 is an error) |
//! | `getBucket` | [`get_bucket`](Cos::get_bucket) | [`GetBucketParams`] `{ prefix, delimiter, marker, max_keys, encoding_type }` → [`GetBucketData`] `{ contents, common_prefixes, is_truncated, next_marker, … }` |
//! | `deleteBucket` | [`delete_bucket`](Cos::delete_bucket) | [`DeleteBucketParams`] → [`DeleteBucketData`] |
//! | `getBucketLocation` | [`get_bucket_location`](Cos::get_bucket_location) | [`GetBucketLocationParams`] → [`GetBucketLocationData`] `{ location_constraint }` |
//! | `putBucketAcl` / `getBucketAcl` | [`put_bucket_acl`](Cos::put_bucket_acl) / [`get_bucket_acl`](Cos::get_bucket_acl) | [`PutBucketAclParams`] `{ access, access_control_policy }` / → [`GetBucketAclData`] `{ acl, grant_*, owner, grants }` |
//! | `putBucketCors` / `getBucketCors` / `deleteBucketCors` | [`put_bucket_cors`](Cos::put_bucket_cors) / [`get_bucket_cors`](Cos::get_bucket_cors) / [`delete_bucket_cors`](Cos::delete_bucket_cors) | [`PutBucketCorsParams`] `{ cors_rules, response_vary }` / → [`GetBucketCorsData`] `{ cors_rules, response_vary }` |
//! | `putBucketTagging` / `getBucketTagging` / `deleteBucketTagging` | [`put_bucket_tagging`](Cos::put_bucket_tagging) / [`get_bucket_tagging`](Cos::get_bucket_tagging) / [`delete_bucket_tagging`](Cos::delete_bucket_tagging) | [`PutBucketTaggingParams`] `{ tags }` / → [`GetBucketTaggingData`] `{ tags }` |
//! | `putBucketPolicy` / `getBucketPolicy` / `deleteBucketPolicy` | `put_bucket_policy` / `get_bucket_policy` / `delete_bucket_policy` | `PutBucketPolicyParams { policy }` (JSON text, sent compact) / → `{ policy }` |
//! | `putBucketLifecycle` / `getBucketLifecycle` / `deleteBucketLifecycle` | `put_bucket_lifecycle` / `get_bucket_lifecycle` / `delete_bucket_lifecycle` | `PutBucketLifecycleParams { rules: Vec<LifecycleRule> } / → { rules }` (404 → no rules, as Node) |
//! | `putBucketVersioning` / `getBucketVersioning` | `put_bucket_versioning` / `get_bucket_versioning` | `PutBucketVersioningParams { versioning_configuration } / → { versioning_configuration }` |
//! | `putBucketReplication` / `getBucketReplication` / `deleteBucketReplication` | `put_bucket_replication` / `get_bucket_replication` / `delete_bucket_replication` | `PutBucketReplicationParams { replication_configuration: ReplicationConfiguration { role, rules } } / → { replication_configuration }` |
//! | `putBucketWebsite` / `getBucketWebsite` / `deleteBucketWebsite` | `put_bucket_website` / `get_bucket_website` / `delete_bucket_website` | `PutBucketWebsiteParams { website_configuration } / → { website_configuration }` |
//! | `putBucketReferer` / `getBucketReferer` | `put_bucket_referer` / `get_bucket_referer` | `PutBucketRefererParams { referer_configuration } / → { referer_configuration }` |
//! | `putBucketDomain` / `getBucketDomain` / `deleteBucketDomain` | `put_bucket_domain` / `get_bucket_domain` / `delete_bucket_domain` | `PutBucketDomainParams { domain_rule: Vec<DomainRule> } / → { domain_rule }` |
//! | `putBucketOrigin` / `getBucketOrigin` / `deleteBucketOrigin` | `put_bucket_origin` / `get_bucket_origin` / `delete_bucket_origin` | `PutBucketOriginParams { origin_rule: Vec<OriginRule> } / → { origin_rule }` |
//! | `putBucketLogging` / `getBucketLogging` | `put_bucket_logging` / `get_bucket_logging` | `PutBucketLoggingParams { bucket_logging_status } / → { bucket_logging_status }` |
//! | `putBucketInventory` / `getBucketInventory` / `listBucketInventory` / `deleteBucketInventory` | `put_bucket_inventory` / `get_bucket_inventory` / `list_bucket_inventory` / `delete_bucket_inventory` | `PutBucketInventoryParams { id, inventory_configuration } / { id } / { continuation_token } → { inventory_configurations, is_truncated, next_continuation_token }` |
//! | `putBucketAccelerate` / `getBucketAccelerate` | `put_bucket_accelerate` / `get_bucket_accelerate` | `PutBucketAccelerateParams { accelerate_configuration } / → { accelerate_configuration }` |
//! | `putBucketEncryption` / `getBucketEncryption` / `deleteBucketEncryption` | `put_bucket_encryption` / `get_bucket_encryption` / `delete_bucket_encryption` | `PutBucketEncryptionParams { server_side_encryption_configuration } / → { server_side_encryption_configuration }` (404 → no rules) |
//! | `putObject` | [`put_object`](Cos::put_object) | [`PutObjectParams`] `{ key, body, attributes, access, headers, on_progress, cancel, … }` → [`PutObjectData`] `{ location, etag, version_id }` |
//! | `headObject` | [`head_object`](Cos::head_object) | [`HeadObjectParams`] `{ version_id, if_* }` → [`HeadObjectData`] `{ etag, not_modified, headers }` |
//! | `getObject` | [`get_object`](Cos::get_object) | [`GetObjectParams`] `{ output, range, if_*, response_*, on_progress, cancel }` → [`GetObjectData`] `{ body, etag, not_modified }` |
//! | `deleteObject` | [`delete_object`](Cos::delete_object) | [`DeleteObjectParams`] `{ version_id }` → [`DeleteObjectData`] `{ bucket_not_found, version_id, delete_marker }` |
//! | `deleteMultipleObject` | [`delete_multiple_object`](Cos::delete_multiple_object) | [`DeleteMultipleObjectParams`] `{ objects, quiet }` → [`DeleteMultipleObjectData`] `{ deleted, error }` |
//! | `optionsObject` | [`options_object`](Cos::options_object) | [`OptionsObjectParams`] `{ origin, access_control_request_method, … }` → [`OptionsObjectData`] `{ access_control_allow_origin, …, options_forbidden }` |
//! | `putObjectAcl` / `getObjectAcl` | [`put_object_acl`](Cos::put_object_acl) / [`get_object_acl`](Cos::get_object_acl) | as for buckets (the answer has no `grant_write`) |
//! | `putObjectCopy` | [`put_object_copy`](Cos::put_object_copy) | [`PutObjectCopyParams`] `{ copy_source, metadata_directive, copy_source_if_*, … }` → [`PutObjectCopyData`] `{ etag, last_modified, crc64 }` |
//! | `multipartInit` | [`multipart_init`](Cos::multipart_init) | [`MultipartInitParams`] `{ key, attributes, access, headers, … }` → [`MultipartInitData`] `{ upload_id }` |
//! | `multipartUpload` | [`multipart_upload`](Cos::multipart_upload) | [`MultipartUploadParams`] `{ upload_id, part_number, body, content_md5 }` → [`MultipartUploadData`] `{ etag }` |
//! | `uploadPartCopy` | [`upload_part_copy`](Cos::upload_part_copy) | [`UploadPartCopyParams`] `{ copy_source, upload_id, part_number, copy_source_range, … }` → [`UploadPartCopyData`] `{ etag, last_modified }` |
//! | `multipartComplete` | [`multipart_complete`](Cos::multipart_complete) | [`MultipartCompleteParams`] `{ upload_id, parts }` → [`MultipartCompleteData`] `{ location, etag, … }` |
//! | `multipartListPart` | [`multipart_list_part`](Cos::multipart_list_part) | [`MultipartListPartParams`] `{ upload_id, max_parts, part_number_marker }` → [`MultipartListPartData`] `{ part, is_truncated, next_part_number_marker, … }` |
//! | `multipartAbort` | [`multipart_abort`](Cos::multipart_abort) | [`MultipartAbortParams`] `{ upload_id }` → [`MultipartAbortData`] |
//! | `multipartList` | [`multipart_list`](Cos::multipart_list) | [`MultipartListParams`] `{ prefix, key_marker, upload_id_marker, max_uploads, … }` → [`MultipartListData`] `{ upload, is_truncated, … }` |
//! | `sliceUploadFile` | [`slice_upload_file`](Cos::slice_upload_file) | [`SliceUploadFileParams`] `{ file_path, chunk_size, async_limit, on_progress, cancel, … }` → [`SliceUploadFileData`] `{ location, etag, upload_id }` |
//! | `sliceCopyFile` | [`slice_copy_file`](Cos::slice_copy_file) | [`SliceCopyFileParams`] `{ copy_source, copy_chunk_size, copy_slice_size, … }` → [`SliceCopyFileData`] `{ location, etag, upload_id }` |
//! | `uploadFile` | [`upload_file`](Cos::upload_file) | [`UploadFileParams`] `{ upload, slice_size }` → [`UploadFileData`] |
//! | `uploadFiles` | [`upload_files`](Cos::upload_files) | [`UploadFilesParams`] `{ files, on_progress, on_file_finish }` → [`UploadFilesData`] `{ files }` |
//! | `downloadFile` | [`download_file`](Cos::download_file) | [`DownloadFileParams`] `{ file_path, chunk_size, parallel_limit, retry_times, on_progress, cancel }` → [`DownloadFileData`] `{ etag, size, ranges_fetched }` |
//! | `abortUploadTask` | [`abort_upload_task`](Cos::abort_upload_task) | [`AbortUploadTaskParams`] `{ level, key, upload_id }` → [`AbortUploadTaskData`] `{ success_list, error_list }` |
//! | `getObjectUrl` | [`get_object_url`](Cos::get_object_url) | [`GetObjectUrlParams`] `{ sign, method, query, headers, expires, … }` → [`GetObjectUrlData`] `{ url }` |
//! | `getObjectStream` | [`get_object_stream`](Cos::get_object_stream) | [`GetObjectParams`] → [`GetObjectStreamData`] `{ etag, body: ObjectReader }` (a `Read`, checked at its end) |
//! | `listObjectVersions` | [`list_object_versions`](Cos::list_object_versions) | [`ListObjectVersionsParams`] `{ prefix, delimiter, key_marker, version_id_marker, max_keys, encoding_type }` → [`ListObjectVersionsData`] `{ versions, delete_markers, common_prefixes, is_truncated, next_key_marker, next_version_id_marker, … }` |
//! | `putObjectTagging` / `getObjectTagging` / `deleteObjectTagging` | [`put_object_tagging`](Cos::put_object_tagging) / [`get_object_tagging`](Cos::get_object_tagging) / [`delete_object_tagging`](Cos::delete_object_tagging) | [`PutObjectTaggingParams`] `{ key, version_id, tags }` / → [`GetObjectTaggingData`] `{ tags, version_id }` |
//! | `appendObject` | [`append_object`](Cos::append_object) | [`AppendObjectParams`] `{ key, position, body, attributes, … }` → [`AppendObjectData`] `{ next_append_position }` |
//! | `restoreObject` | [`restore_object`](Cos::restore_object) | [`RestoreObjectParams`] `{ key, version_id, restore_request: RestoreRequest { days, cas_job_parameters } }` → [`RestoreObjectData`] |
//! | `selectObjectContent` / `selectObjectContentStream` | [`select_object_content`](Cos::select_object_content) / [`select_object_content_stream`](Cos::select_object_content_stream) | [`SelectObjectContentParams`] `{ key, select_request: SelectRequest {..}, output }` → [`SelectObjectContentData`] `{ payload, stats }` |
//! | `request` | [`request`](Cos::request) | [`RequestParams`] `{ method, key, url, action, query, headers, body }` → [`RequestData`] `{ body }` |
//! | `getV4Auth` | [`get_v4_auth`](Cos::get_v4_auth) | [`GetV4AuthParams`] `{ bucket, key, expires }` → `String` |
//! | `getAuth` | [`get_auth`](Cos::get_auth) | [`GetAuthParams`] `{ method, key, query, headers, expires }` → `String` |
//! | `COS.getAuthorization` | [`get_authorization`] | [`GetAuthorizationOptions`] → `String` |
//! | `getAuthorization` option | [`CosOptions::get_authorization`] | [`AuthorizationRequest`] → [`Authorization`] |
//! | task queue | [`add_task`](Cos::add_task), … | see [The task queue](#the-task-queue) |
//!
//! All params take `bucket` and `region` (and `key` for objects); the params
//! of single requests and of transfers also take extra `headers` and a
//! `cancel` token.
//!
//! Where this SDK deliberately differs from Node:
//!
//! - `expires: Some(0)` in [`get_authorization`] is an error, not a silent 900
//!   seconds.
//! - Signing sorts the `k=v` strings by encoded name, as COS documents; Node
//!   sorts them by raw name, which only differs for parameter names with
//!   reserved or non-ASCII characters.
//! - A 304 answer to any condition (not only `IfModifiedSince`) is reported
//!   as `not_modified`.
//! - Errors of HEAD requests (which have no body) carry the code COS implies,
//!   `NoSuchKey` or `NoSuchBucket` for a 404, `AccessDenied` for a 403,
//!   instead of Node's bare `"404"`; the status code is the same.
//! - An error answer is never written into a `get_object` output file.
//! - `put_object` and `multipart_upload` compare the returned ETag with the
//!   MD5 of the bytes sent, and `put_object` always sends `Content-MD5` (Node
//!   only with `UploadCheckContentMd5`).
//! - `ContentLength` that disagrees with the body is refused before sending.
//! - `force_path_style` works (Node 3.0.0 throws); `max_part_number` may be
//!   set below 1024.
//! - Retries back off with jitter instead of retrying at once, and replay file
//!   and seekable bodies.
//! - The security token in presigned URLs is URL-encoded.
//! - Node 3.0.0's bugs in the newer methods are not copied: `select_object_content` decodes
//!   every frame (Node's loses statistics and errors and can corrupt records),
//!   `get_bucket_encryption` returns the rules, `get_bucket_referer` answers under its own key,
//!   `get_bucket_policy` keeps COS's `NoSuchPolicy` code, accelerate calls send your headers.
//! - `list_object_versions` decodes url-encoded keys (Node leaves them encoded); `append_object`
//!   reports `next_append_position` and is never retried (a retry after a lost answer could
//!   append twice); `upload_file` of a small file answers with put_object's data, as Node does.
//! - `download_file` resumes after an error, a cancellation or a killed
//!   process (Node's starts over).
//!
//! ## Errors
//!
//! Every operation fails with a [`CosError`]. Its [`kind`](CosError::kind), an
//! [`ErrorKind`], says what to do about it:
//!
//! - [`Service`](ErrorKind::Service): COS answered with an error; see
//!   [`status_code()`](CosError::status_code), [`code()`](CosError::code)
//!   (`NoSuchKey`, `AccessDenied`, …), [`message()`](CosError::message) and
//!   [`request_id()`](CosError::request_id), which Tencent support asks for.
//!   HEAD answers have no body: their errors carry the code COS implies
//!   (`NoSuchKey` or `NoSuchBucket` for a 404, `AccessDenied` for a 403).
//! - [`InvalidParameter`](ErrorKind::InvalidParameter): refused before
//!   sending; [`parameter()`](CosError::parameter) names it with Node's name
//!   (`Bucket`, `Key`, `ChunkSize`).
//! - [`Network`](ErrorKind::Network), [`Timeout`](ErrorKind::Timeout),
//!   [`Integrity`](ErrorKind::Integrity) (a checksum or length did not
//!   match), [`InvalidResponse`](ErrorKind::InvalidResponse) (an answer the
//!   SDK cannot read): already retried `max_retries` times.
//! - [`Io`](ErrorKind::Io) (a local file or stream),
//!   [`Cancelled`](ErrorKind::Cancelled),
//!   [`Credentials`](ErrorKind::Credentials) (the `get_authorization` callback
//!   failed).
//!
//! Predicates answer the common questions:
//! [`is_not_found()`](CosError::is_not_found),
//! [`is_access_denied()`](CosError::is_access_denied),
//! [`is_cancelled()`](CosError::is_cancelled),
//! [`is_timeout()`](CosError::is_timeout),
//! [`is_retryable()`](CosError::is_retryable).
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # let cos = doc.cos.clone();
//! use cos_sdk::{ErrorKind, GetObjectParams};
//!
//! let result = cos.get_object(
//!     GetObjectParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         key: "missing.txt".into(),
//!         ..Default::default()
//!     },
//!     |r| r,
//! );
//! match result {
//!     Ok(data) => println!("{} bytes", data.body.len()),
//!     Err(err) if err.is_not_found() => {
//!         assert_eq!((err.status_code(), err.code()), (Some(404), "NoSuchKey"));
//!         assert!(err.to_string().starts_with("COS answered 404 NoSuchKey: "));
//!     }
//!     Err(err) if err.kind() == ErrorKind::InvalidParameter => {
//!         panic!("fix the call: {err}")
//!     }
//!     Err(err) => return Err(err), // `?` works too
//! }
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! `Display` is one line without the underlying cause, which
//! [`source()`](std::error::Error::source) returns (an OS error, say), as
//! error-chain printers expect:
//!
//! ```text
//! COS answered 404 NoSuchKey: The specified key does not exist. [GET http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a.txt] (request id NjQ...)
//! invalid parameter Bucket: Bucket should format as "test-1250000000", got "Bad_Bucket".
//! ```
//!
//! [`CosError`] is `Clone`, and `?` turns an [`std::io::Error`] into one of
//! kind `Io`.
//!
//! ## Retries and integrity
//!
//! Every request goes through one loop that:
//!
//! - **retries** network failures, timeouts, 5xx answers, `SlowDown`, a 200
//!   answer carrying an `<Error>`, `400 BadDigest` and XML answers cut midway,
//!   never other 4xx answers, up to [`max_retries`](CosOptions::max_retries)
//!   times (default 3, as Node) with exponential backoff and jitter
//!   ([`retry_base_delay`](CosOptions::retry_base_delay) 100 ms, doubling, up
//!   to [`retry_max_delay`](CosOptions::retry_max_delay) 5 s). Bodies from
//!   bytes, files and [`Body::from_seekable_reader`] are sent again; a plain
//!   reader is not. Parts of multipart transfers use
//!   [`chunk_retry_times`](CosOptions::chunk_retry_times).
//! - **corrects the clock** once when COS rejects the signature's time
//!   ([`correct_clock_skew`](CosOptions::correct_clock_skew)).
//! - **times out**: [`connect_timeout`](CosOptions::connect_timeout) (10 s),
//!   [`read_timeout`](CosOptions::read_timeout) (60 s of silence) and
//!   [`timeout`](CosOptions::timeout) (the whole request, none by default).
//! - **checks integrity**: [`put_object`](Cos::put_object) sends
//!   `Content-MD5` and compares the ETag with the MD5 of the bytes sent;
//!   every upload compares COS's CRC-64 (`x-cos-hash-crc64ecma`) with its
//!   own (multipart parts by CRC-64 alone unless
//!   [`upload_check_content_md5`](CosOptions::upload_check_content_md5)); whole downloads
//!   are checked against the CRC-64, multipart uploads against the CRC-64
//!   combined from their parts ([`verify_crc`](CosOptions::verify_crc)).
//!   A mismatch is an [`Integrity`](ErrorKind::Integrity) error, retried; a
//!   download to a file is renamed into place only once verified.
//! - **validates input** before sending (bucket and region names, keys, part
//!   numbers and sizes, header values): an
//!   [`InvalidParameter`](ErrorKind::InvalidParameter) error naming it.
//!
//! The emulator can inject the faults this is tested against:
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # let cos = doc.cos.clone();
//! # let emulator = &doc.emulator;
//! use cos_emulator::{Fault, Match};
//! use cos_sdk::{Body, PutObjectParams};
//!
//! // The next two uploads are answered `503 SlowDown`.
//! emulator.inject(Fault::status(503, "SlowDown").on(Match::put_object()).times(2));
//! let data = cos.put_object(
//!     PutObjectParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         key: "hello.txt".into(),
//!         body: Body::from("hello"),
//!         ..Default::default()
//!     },
//!     |r| r,
//! )?; // the third attempt succeeds
//! assert_eq!(emulator.faults_hit(), 2);
//! # assert_eq!(data.status_code, 200);
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! ## Progress
//!
//! Uploads and downloads take `on_progress` (Node's `onProgress`): an
//! [`OnProgress`] called with a [`ProgressInfo`] `{ loaded, total, speed,
//! percent }` on the calling thread, at most once per
//! [`progress_interval`](CosOptions::progress_interval) (default 1 s). It never
//! goes backwards, counts retried and resumed bytes once, and always ends with
//! a report of exactly the total.
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # let cos = doc.cos.clone();
//! use std::sync::{Arc, Mutex};
//! use cos_sdk::{Body, OnProgress, PutObjectParams};
//!
//! let reports = Arc::new(Mutex::new(Vec::new()));
//! let seen = Arc::clone(&reports);
//! cos.put_object(
//!     PutObjectParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         key: "big.bin".into(),
//!         body: Body::from(vec![0u8; 256 * 1024]),
//!         on_progress: Some(OnProgress::new(move |p| {
//!             println!("{:.0}% at {:.0} B/s", p.percent * 100.0, p.speed);
//!             seen.lock().unwrap().push(p);
//!         })),
//!         ..Default::default()
//!     },
//!     |r| r,
//! )?;
//! let last = *reports.lock().unwrap().last().unwrap();
//! assert_eq!((last.loaded, last.total, last.percent), (256 * 1024, 256 * 1024, 1.0));
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! ## Cancel and pause
//!
//! A [`CancelToken`] in the params (`cancel: Some(token.clone())`) stops a
//! call from another thread, such as a UI's "Cancel" button:
//! [`cancel`](CancelToken::cancel) interrupts it, bodies in flight
//! included (at their next 64 KiB), and the call fails with
//! [`Cancelled`](ErrorKind::Cancelled). A download to a file leaves no
//! partial file; [`slice_upload_file`](Cos::slice_upload_file) and
//! [`download_file`](Cos::download_file) keep their resumable state, so the
//! same call later continues where it stopped (a cancelled
//! [`slice_copy_file`](Cos::slice_copy_file) is aborted instead).
//! [`pause`](CancelToken::pause) holds a transfer (no new request or part
//! starts; the call keeps blocking) until [`resume`](CancelToken::resume).
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # let cos = doc.cos.clone();
//! # let dir = doc.dir.path();
//! # doc.file("disk.img", 2 * 1024 * 1024);
//! use cos_sdk::{CancelToken, SliceUploadFileParams};
//!
//! let cancel = CancelToken::new();
//! let button = cancel.clone();
//! std::thread::spawn(move || button.cancel()).join().unwrap(); // the user clicks "Cancel"
//!
//! let params = || SliceUploadFileParams {
//!     bucket: "examplebucket-1250000000".into(),
//!     region: "ap-guangzhou".into(),
//!     key: "backups/disk.img".into(),
//!     file_path: dir.join("disk.img"),
//!     cancel: Some(cancel.clone()),
//!     ..Default::default()
//! };
//! let err = cos.slice_upload_file(params(), |r| r).unwrap_err();
//! assert!(err.is_cancelled());
//!
//! // Later, the same call (with a token not cancelled) continues the upload.
//! let data = cos.slice_upload_file(SliceUploadFileParams { cancel: None, ..params() }, |r| r)?;
//! assert!(!data.upload_id.is_empty());
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! ## The task queue
//!
//! Node queues every transfer as a task; here [`Cos::add_task`] does, taking
//! the params of [`upload_file`](Cos::upload_file),
//! [`slice_upload_file`](Cos::slice_upload_file),
//! [`slice_copy_file`](Cos::slice_copy_file) or
//! [`download_file`](Cos::download_file) and returning a [`TaskId`] at once.
//! At most [`file_parallel_limit`](CosOptions::file_parallel_limit) tasks run
//! at a time, on the queue's own threads. A GUI reads [`TaskEvent`]s from
//! [`Cos::task_events`] without ever blocking its event loop:
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # let cos = doc.cos.clone();
//! # let dir = doc.dir.path();
//! # doc.file("video.mp4", 1000);
//! use cos_sdk::{SliceUploadFileParams, TaskEvent, TaskState};
//!
//! let events = cos.task_events();
//! let id = cos.add_task(SliceUploadFileParams {
//!     bucket: "examplebucket-1250000000".into(),
//!     region: "ap-guangzhou".into(),
//!     key: "video.mp4".into(),
//!     file_path: dir.join("video.mp4"),
//!     ..Default::default()
//! });
//! // Each frame of the UI loop:
//! # let mut done = false;
//! # while !done {
//! while let Ok(event) = events.try_recv() {
//!     match event {
//!         TaskEvent::Progress(task) => println!("{} {:.0}%", task.id, task.percent * 100.0),
//!         TaskEvent::StateChanged(task) => {
//!             println!("{} is now {:?}", task.id, task.state);
//! #           done = task.id == id && task.state == TaskState::Success;
//!         }
//!         _ => {}
//!     }
//! }
//! # std::thread::sleep(std::time::Duration::from_millis(10));
//! # }
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! | Node | Rust |
//! |---|---|
//! | `sliceUploadFile` / `uploadFile` / `sliceCopyFile` / `downloadFile` with `onTaskReady(id)` | [`cos.add_task(params)`](Cos::add_task) returns the [`TaskId`] |
//! | `uploadFiles({files})` | one `add_task` per file |
//! | `getTaskList()` | [`cos.get_task_list()`](Cos::get_task_list): [`TaskInfo`] `{ id, kind, key, file_path, state, loaded, size, speed, percent, error, … }` |
//! | `pauseTask(id)` / `restartTask(id)` / `cancelTask(id)` | [`pause_task`](Cos::pause_task) / [`restart_task`](Cos::restart_task) / [`cancel_task`](Cos::cancel_task) |
//! | `isUploadRunning()` | [`cos.is_upload_running()`](Cos::is_upload_running) |
//! | `cos.on('task-list-update')`, `cos.on('list-update')` | [`cos.task_events()`](Cos::task_events): `Added`, `StateChanged`, `Progress` |
//! | states `waiting`, `checking`, `uploading`, `paused`, `canceled`, `error`, `success` | [`TaskState`] `::{Waiting, Checking, Uploading, Downloading, Paused, Canceled, Error, Success}` |
//!
//! Pausing a running task stops it as a cancelled transfer stops, keeping its
//! checkpoint or journal, and gives its place to the next task;
//! `restart_task` queues it again and it resumes where it stopped. Callbacks
//! inside queued params run on the queue's threads.
//!
//! ## Temporary credentials and signed URLs
//!
//! A tool that must never hold a permanent key gives the client a
//! [`get_authorization`](CosOptions::get_authorization) callback instead of
//! keys (Node's `getAuthorization` option). The SDK asks it for
//! [`TemporaryCredentials`] when it needs them, caches them until 30 s before
//! they expire, and refreshes them once for all threads. It may instead
//! answer [`Authorization::Signed`] for each request (a signing server that
//! never hands out keys). The security token is sent as
//! `x-cos-security-token`.
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # doc.put("reports/q1.pdf", "%PDF-1.7");
//! # let sts = doc.emulator.clone();
//! # // The application's credential server (here: the emulator's STS).
//! # let fetch_keys_from_my_server = move || {
//! #     Ok::<_, String>(sts.issue_temporary_credentials(std::time::Duration::from_secs(1800)))
//! # };
//! use std::sync::Arc;
//! use cos_sdk::{Authorization, Cos, CosOptions, GetObjectUrlParams, TemporaryCredentials};
//!
//! let cos = Cos::new(CosOptions {
//!     get_authorization: Some(Arc::new(move |_request| {
//!         // Your server calls Tencent Cloud STS and returns its answer.
//!         let keys = fetch_keys_from_my_server()?;
//!         Ok(Authorization::Temporary(TemporaryCredentials {
//!             tmp_secret_id: keys.tmp_secret_id,
//!             tmp_secret_key: keys.tmp_secret_key,
//!             security_token: keys.security_token,
//!             start_time: Some(keys.start_time),
//!             expired_time: keys.expired_time,
//!         }))
//!     })),
//! #   protocol: "http:".into(),
//! #   ip: doc.emulator.endpoint(),
//!     ..Default::default()
//! })?;
//!
//! // A link anyone can use for ten minutes, with any HTTP client; it carries
//! // the temporary keys' token.
//! let url = cos
//!     .get_object_url(
//!         GetObjectUrlParams {
//!             bucket: "examplebucket-1250000000".into(),
//!             region: "ap-guangzhou".into(),
//!             key: "reports/q1.pdf".into(),
//!             expires: Some(600),
//!             ..Default::default()
//!         },
//!         |r| r,
//!     )?
//!     .url;
//! assert!(url.contains("&x-cos-security-token="));
//! # assert_eq!(doc.fetch("GET", &url, &[]), (200, b"%PDF-1.7".to_vec()));
//! # assert_eq!(doc.emulator.temporary_credentials_issued(), 1);
//! # Ok::<(), cos_sdk::CosError>(())
//! ```
//!
//! [`Cos::get_object_url`] makes links for one method (`GET` by default,
//! `PUT` for a browser upload) and `expires` seconds; [`Cos::get_auth`] and
//! the static [`get_authorization`] sign requests that other clients send.
//!
//! ## The emulator
//!
//! `cos-emulator` (in this repository) is a local COS server: signature
//! checking (header and presigned), buckets, objects streamed to disk with MD5
//! ETags and CRC-64, conditional and range requests, ACLs, CORS, tagging,
//! multipart uploads, copies, temporary credentials, COS's XML errors, and
//! fault injection. In tests, start it in-process:
//! `cos_emulator::Emulator::start()?` gives a server on a free port with
//! `endpoint()`, `secret_id()`, `secret_key()` and `request_log()`; it stops
//! on drop. Point a client at it as in the [quick start](#quick-start):
//! `protocol: "http:"` and `ip: emulator.endpoint()` keep the real host names
//! (and signatures) and connect to the emulator, as Node users do with
//! `Protocol: 'http:'`, `Ip: '127.0.0.1:9000'`. Every example on these pages
//! runs this way.
//!
//! Run it on its own for other tools (the official Node SDK, `coscli`):
//!
//! ```sh
//! cargo run -p cos-emulator -- --listen 127.0.0.1:9000 --appid 1250000000
//! ```
//!
//! ## Features
//!
//! - `platform-verifier`: trust the operating system's certificate store
//!   instead of the bundled webpki roots (corporate TLS proxies, CAs installed
//!   on the machine).
//! - `serde`: `Serialize` and `Deserialize` for every params and `…Data`
//!   type (errors: `Serialize`), with Node's names, so
//!   `serde_json::to_string(&data)` prints what Node's `JSON.stringify(data)`
//!   does: `ETag`, `CommonPrefixes`, `statusCode`, `headers`, `RequestId`,
//!   and the listing numbers and booleans Node keeps as XML text as strings
//!   (`"MaxKeys": "1000"`; read back from strings or numbers). Values COS
//!   did not send are left out, as Node leaves them out; callbacks, bodies
//!   and cancel tokens are not serialized, and secret header values are
//!   written as `<redacted>`. Node-shaped JSON reads back into params, so a
//!   params file written for Node works here.
//!
//! ```
//! # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//! # let cos = doc.cos.clone();
//! # doc.put("hello.txt", "hello");
//! use cos_sdk::{GetBucketParams, PutObjectParams};
//!
//! let listing = cos.get_bucket(
//!     GetBucketParams {
//!         bucket: "examplebucket-1250000000".into(),
//!         region: "ap-guangzhou".into(),
//!         ..Default::default()
//!     },
//!     |r| r,
//! )?;
//! let json = serde_json::to_value(&listing).unwrap();
//! assert_eq!(json["Contents"][0]["Key"], "hello.txt");
//! assert_eq!(json["MaxKeys"], "1000");
//! assert_eq!(json["statusCode"], 200);
//!
//! let params: PutObjectParams = serde_json::from_str(
//!     r#"{"Bucket": "examplebucket-1250000000", "Region": "ap-guangzhou",
//!         "Key": "a.txt", "ContentType": "text/plain", "ACL": "private"}"#,
//! )
//! .unwrap();
//! assert_eq!(params.attributes.content_type, "text/plain");
//! # Ok::<(), cos_sdk::CosError>(())
//! ```

#![warn(missing_docs)]

/// This crate's version (Node's `COS.version`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

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
#[cfg(feature = "serde")]
mod serde_text;
mod timefmt;
mod transfer;
mod transport;
mod types;
mod validate;
mod xml;
mod xml_stream;

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
pub use headers::{Headers, HeadersIter};
pub use ops::Owner;
pub use ops::acl::{
    AccessControlPolicy, GetBucketAclData, GetBucketAclParams, GetObjectAclData,
    GetObjectAclParams, Grant, Grantee, PutBucketAclData, PutBucketAclParams, PutObjectAclData,
    PutObjectAclParams,
};
pub use ops::append::{AppendObjectData, AppendObjectParams};
pub use ops::batch::{
    DeleteError, DeleteMultipleObjectData, DeleteMultipleObjectParams, DeletedObject,
    ObjectToDelete,
};
pub use ops::bucket::{
    CommonPrefix, DeleteBucketData, DeleteBucketParams, GetBucketData, GetBucketParams,
    HeadBucketData, HeadBucketParams, ObjectSummary, PutBucketData, PutBucketParams,
};
pub use ops::config::domain::{
    DeleteBucketDomainData, DeleteBucketDomainParams, DeleteBucketOriginData,
    DeleteBucketOriginParams, DomainRule, GetBucketDomainData, GetBucketDomainParams,
    GetBucketOriginData, GetBucketOriginParams, OriginCondition, OriginFileInfo, OriginHeader,
    OriginHeaders, OriginHostInfo, OriginHttpHeader, OriginInfo, OriginParameter, OriginPrefix,
    OriginRule, OriginSuffix, PutBucketDomainData, PutBucketDomainParams, PutBucketOriginData,
    PutBucketOriginParams,
};
pub use ops::config::encryption::{
    AccelerateConfiguration, ApplyServerSideEncryptionByDefault, DeleteBucketEncryptionData,
    DeleteBucketEncryptionParams, EncryptionRule, GetBucketAccelerateData,
    GetBucketAccelerateParams, GetBucketEncryptionData, GetBucketEncryptionParams,
    PutBucketAccelerateData, PutBucketAccelerateParams, PutBucketEncryptionData,
    PutBucketEncryptionParams, ServerSideEncryptionConfiguration,
};
pub use ops::config::lifecycle::{
    AbortIncompleteMultipartUpload, DeleteBucketLifecycleData, DeleteBucketLifecycleParams,
    GetBucketLifecycleData, GetBucketLifecycleParams, LifecycleExpiration, LifecycleFilter,
    LifecycleFilterAnd, LifecycleRule, LifecycleTransition, NoncurrentVersionExpiration,
    NoncurrentVersionTransition, PutBucketLifecycleData, PutBucketLifecycleParams,
};
pub use ops::config::logging::{
    BucketLoggingStatus, CosBucketDestination, DeleteBucketInventoryData,
    DeleteBucketInventoryParams, GetBucketInventoryData, GetBucketInventoryParams,
    GetBucketLoggingData, GetBucketLoggingParams, InventoryConfiguration, InventoryDestination,
    InventoryEncryption, InventoryFilter, InventoryPeriod, InventorySchedule,
    ListBucketInventoryData, ListBucketInventoryParams, LoggingEnabled, PutBucketInventoryData,
    PutBucketInventoryParams, PutBucketLoggingData, PutBucketLoggingParams,
};
pub use ops::config::policy::{
    DeleteBucketPolicyData, DeleteBucketPolicyParams, GetBucketPolicyData, GetBucketPolicyParams,
    PutBucketPolicyData, PutBucketPolicyParams,
};
pub use ops::config::versioning::{
    DeleteBucketReplicationData, DeleteBucketReplicationParams, GetBucketReplicationData,
    GetBucketReplicationParams, GetBucketVersioningData, GetBucketVersioningParams,
    PutBucketReplicationData, PutBucketReplicationParams, PutBucketVersioningData,
    PutBucketVersioningParams, ReplicationConfiguration, ReplicationDestination, ReplicationRule,
    VersioningConfiguration,
};
pub use ops::config::website::{
    AutoAddressing, DeleteBucketWebsiteData, DeleteBucketWebsiteParams, DomainList, ErrorDocument,
    GetBucketRefererData, GetBucketRefererParams, GetBucketWebsiteData, GetBucketWebsiteParams,
    IndexDocument, PutBucketRefererData, PutBucketRefererParams, PutBucketWebsiteData,
    PutBucketWebsiteParams, RedirectAllRequestsTo, RefererConfiguration, RoutingCondition,
    RoutingRedirect, RoutingRule, WebsiteConfiguration,
};
pub use ops::copy::{
    PutObjectCopyData, PutObjectCopyParams, UploadPartCopyData, UploadPartCopyParams,
};
pub use ops::cors::{
    CorsRule, DeleteBucketCorsData, DeleteBucketCorsParams, GetBucketCorsData, GetBucketCorsParams,
    OptionsObjectData, OptionsObjectParams, PutBucketCorsData, PutBucketCorsParams,
};
pub use ops::fields::{AclHeaders, EncryptionHeaders, ObjectAttributes};
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
pub use ops::object_tagging::{
    DeleteObjectTaggingData, DeleteObjectTaggingParams, GetObjectTaggingData,
    GetObjectTaggingParams, PutObjectTaggingData, PutObjectTaggingParams,
};
pub use ops::request::{RequestData, RequestParams};
pub use ops::restore::{CasJobParameters, RestoreObjectData, RestoreObjectParams, RestoreRequest};
pub use ops::select::{
    CsvInput, CsvOutput, InputSerialization, JsonInput, JsonOutput, OutputSerialization,
    RequestProgress, SelectObjectContentData, SelectObjectContentParams, SelectRequest,
    SelectStats,
};
pub use ops::service::{BucketSummary, GetServiceData, GetServiceParams};
pub use ops::stream::{GetObjectStreamData, ObjectReader};
pub use ops::tagging::{
    DeleteBucketTaggingData, DeleteBucketTaggingParams, GetBucketLocationData,
    GetBucketLocationParams, GetBucketTaggingData, GetBucketTaggingParams, PutBucketTaggingData,
    PutBucketTaggingParams, Tag,
};
pub use ops::url::{GetAuthParams, GetObjectUrlData, GetObjectUrlParams};
pub use ops::v4auth::{GetV4AuthParams, get_v4_auth_at};
pub use ops::versions::{
    DeleteMarkerEntry, ListObjectVersionsData, ListObjectVersionsParams, ObjectVersion,
};
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
pub use types::{Acl, EncodingType, MetadataDirective, Permission, Protocol, StorageClass};
