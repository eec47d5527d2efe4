//! `slice_upload_file` (Node's `sliceUploadFile`): a parallel, resumable
//! multipart upload of a local file with honest progress and an end-to-end
//! CRC-64 check.
//!
//! The calling thread coordinates: it resolves the upload ID (resuming
//! when a checkpoint and the server agree), hands parts to the part-queue
//! engine on the client's rayon pool, and delivers progress callbacks. A
//! part task reads its part into a reused buffer (so memory stays near
//! `ChunkSize × AsyncLimit`), computes its CRC-64 (checked against COS's
//! answer, and combined for the final check; an MD5 for `Content-MD5` only
//! with `upload_check_content_md5`), uploads it with retries, and reports.

use crate::ops::fields::{AclHeaders, EncryptionHeaders, ObjectAttributes};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::UNIX_EPOCH;

use md5::{Digest, Md5};

use crate::MultipartUploadParams;
use crate::body::{Body, SharedBytes};
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::crc64::{self, Crc64};
use crate::encode::hex;
use crate::error::CosError;
use crate::execute::{FromMeta, Tap};
use crate::headers::Headers;
use crate::ops::multipart::{
    CompletedPart, MultipartAbortParams, MultipartCompleteParams, MultipartInitParams,
    MultipartListPartParams, build_multipart_upload,
};
use crate::ops::object::{HeadObjectParams, PutObjectParams};
use crate::ops::object_target;
use crate::progress::{BodyProgress, OnProgress, ProgressTracker};
use crate::transfer::checkpoint::{self, Checkpoint, Fingerprint};
use crate::transfer::engine::{self, Event, Progress};
use crate::transfer::{MAX_PART_SIZE, MIB, Part, part_size, plan};

/// Params of [`Cos::slice_upload_file`] (Node's `sliceUploadFile`).
#[derive(Debug, Default, Clone)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct SliceUploadFileParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `FilePath`: the local file to upload.
    pub file_path: PathBuf,
    /// `ChunkSize` (Node also accepts `SliceSize`): part size, default the
    /// client's `chunk_size`. Grows automatically, as in Node, so the file
    /// fits in `max_part_number` parts.
    #[cfg_attr(
        feature = "serde",
        serde(alias = "SliceSize", skip_serializing_if = "Option::is_none")
    )]
    pub chunk_size: Option<u64>,
    /// `AsyncLimit`: parts uploaded at once, default the client's
    /// `chunk_parallel_limit` (1 to 256).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub async_limit: Option<usize>,
    /// `ACL` and `Grant*`: who may access what this request creates.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `ServerSideEncryption` and the SSE-C / SSE-KMS fields; with SSE-C
    /// every part carries the key.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `TrafficLimit` of each part request (bits per second, 819200 to
    /// 838860800).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub traffic_limit: Option<u64>,
    /// `Headers`: extra headers for the object, e.g. `x-cos-meta-*`.
    pub headers: Headers,
    /// `CacheControl`, `ContentType`, … and `StorageClass`: stored with the object.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub attributes: ObjectAttributes,
    /// `onHashProgress`: progress of re-hashing local parts when resuming
    /// (only then: a fresh upload hashes each part as it sends it).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_hash_progress: Option<OnProgress>,
    /// `onProgress`: bytes uploaded, counting resumed parts once and
    /// retried parts once; monotonic; ends at exactly the file size.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_progress: Option<OnProgress>,
    /// Stops the upload when cancelled, leaving it resumable.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::slice_upload_file`]: the completed upload (or, for
    /// an empty file, the simple upload).
    pub struct SliceUploadFileData {
        /// `Location`: host and URL-encoded key, without scheme.
        pub location: String,
        /// `Bucket`.
        pub bucket: String,
        /// `Key`.
        pub key: String,
        /// `ETag` of the object.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// `UploadId` of the multipart upload (empty for an empty file).
        pub upload_id: String,
        /// `VersionId`, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

/// Whether COS's `x-cos-hash-crc64ecma` (when it sent one) is `expected`.
fn crc_agrees(headers: &Headers, expected: u64) -> bool {
    headers
        .get("x-cos-hash-crc64ecma")
        .is_none_or(|reported| reported.trim().parse::<u64>().ok() == Some(expected))
}

/// The ETag COS gives a completed multipart upload: the hex MD5 of the
/// parts' binary MD5s, then `-` and the part count (unquoted).
fn multipart_etag<'a>(part_etags: impl Iterator<Item = Option<&'a str>>) -> Option<String> {
    let mut md5 = Md5::new();
    let mut count = 0;
    for etag in part_etags {
        let hex = etag?.trim_matches('"');
        if hex.len() != 32 {
            return None;
        }
        for i in (0..32).step_by(2) {
            md5.update([u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?]);
        }
        count += 1;
    }
    let digest: String = md5.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("{digest}-{count}"))
}

/// A part known to be on the server with the local content.
#[derive(Debug, Clone)]
struct Done {
    etag: String,
    crc: u64,
}

/// `n` more bytes of part `number` were sent (never counting a retry
/// twice) or hashed.
struct Bytes(u32, u64);

/// How a part task reports its bytes.
type PartProgress<'a, R> = Progress<'a, Bytes, R>;

/// What a part task reuses from the one before it: the open file and the
/// part buffer (memory stays at about ChunkSize × AsyncLimit).
#[derive(Default)]
struct Scratch {
    file: Option<File>,
    buffer: Arc<Vec<u8>>,
}

/// Local file state used to notice changes.
fn stat(path: &Path) -> Result<(u64, u128), CosError> {
    let bad = |message: String| CosError::invalid_parameter("FilePath", message);
    let metadata =
        std::fs::metadata(path).map_err(|e| bad(format!("cannot read {}: {e}", path.display())))?;
    if !metadata.is_file() {
        return Err(bad(format!("{} is not a regular file", path.display())));
    }
    let mtime_ns = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Ok((metadata.len(), mtime_ns))
}

/// Reads a part into `buffer`, reusing its allocation.
fn read_part(file: &mut File, part: Part, buffer: &mut Vec<u8>) -> std::io::Result<()> {
    buffer.resize(part.length as usize, 0);
    file.seek(SeekFrom::Start(part.offset))?;
    file.read_exact(buffer)
}

/// Sends a part's body progress to the coordinator.
struct ChannelProgress<'a, 'b> {
    part: u32,
    progress: &'a PartProgress<'b, Done>,
}

impl BodyProgress for ChannelProgress<'_, '_> {
    fn start(&mut self, _total: u64) {}
    fn advance(&mut self, bytes: u64) {
        self.progress.send(Bytes(self.part, bytes));
    }
    fn finish(&mut self) {}
}

/// The thread-safe part of the params that workers need.
#[derive(Clone, Copy)]
struct Source<'a> {
    bucket: &'a str,
    region: &'a str,
    key: &'a str,
    file_path: &'a Path,
    encryption: &'a EncryptionHeaders,
    traffic_limit: Option<u64>,
    cancel: Option<&'a CancelToken>,
}

impl<'a> Source<'a> {
    fn of(params: &'a SliceUploadFileParams) -> Self {
        Source {
            bucket: &params.bucket,
            region: &params.region,
            key: &params.key,
            file_path: &params.file_path,
            encryption: &params.encryption,
            traffic_limit: params.traffic_limit,
            cancel: params.cancel.as_ref(),
        }
    }
}

/// Everything the part tasks share.
struct Job<'a> {
    cos: &'a Cos,
    params: Source<'a>,
    upload_id: &'a str,
}

impl Job<'_> {
    /// The file, opened once per scratch.
    fn file<'s>(&self, file: &'s mut Option<File>) -> Result<&'s mut File, CosError> {
        match file {
            Some(file) => Ok(file),
            None => {
                let opened = File::open(self.params.file_path).map_err(|e| {
                    let message = format!("cannot open {}", self.params.file_path.display());
                    CosError::io(message, e)
                })?;
                Ok(file.insert(opened))
            }
        }
    }

    /// Upload task: read, hash, send with retries.
    fn upload(
        &self,
        part: Part,
        scratch: &mut Scratch,
        progress: &PartProgress<'_, Done>,
    ) -> Result<Done, CosError> {
        let file = self.file(&mut scratch.file)?;
        // Requests release their clone when they finish, so this does not
        // copy.
        let bytes = Arc::make_mut(&mut scratch.buffer);
        read_part(file, part, bytes).map_err(|e| {
            let path = self.params.file_path.display();
            CosError::io(format!("cannot read part {} of {path}", part.number), e)
        })?;
        // The part's CRC-64 is checked against COS's, so a part damaged in
        // transit is sent again; the MD5 (4x the CPU, and what Node skips by
        // default) only when asked for, or when there is no CRC to check.
        let options = self.cos.options();
        let md5 = (options.upload_check_content_md5 || !options.verify_crc)
            .then(|| Md5::digest(bytes.as_slice()));
        let crc = crc64::checksum(bytes);
        let bytes = SharedBytes(Arc::clone(&scratch.buffer));
        let etag = self.send_part(progress, part, &bytes, md5.as_deref(), crc)?;
        Ok(Done { etag, crc })
    }

    /// Sends one part; the request loop retries it `chunk_retry_times`
    /// and checks the answer's ETag and CRC-64 against the digests.
    fn send_part(
        &self,
        progress: &PartProgress<'_, Done>,
        part: Part,
        bytes: &SharedBytes,
        md5: Option<&[u8]>,
        crc: u64,
    ) -> Result<String, CosError> {
        use base64::Engine;
        let p = self.params;
        let mut request = build_multipart_upload(
            self.cos.options(),
            MultipartUploadParams {
                bucket: p.bucket.to_string(),
                region: p.region.to_string(),
                key: p.key.to_string(),
                upload_id: self.upload_id.to_string(),
                part_number: part.number,
                body: Body::shared(bytes.clone()),
                content_md5: md5
                    .map(|md5| base64::engine::general_purpose::STANDARD.encode(md5))
                    .unwrap_or_default(),
                encryption: p.encryption.customer_only(),
                traffic_limit: p.traffic_limit,
                cancel: self.params.cancel.cloned(),
                ..Default::default()
            },
        )?;
        request.retries = Some(self.cos.options().chunk_retry_times);
        let mut channel = ChannelProgress {
            part: part.number,
            progress,
        };
        let mut tap = Tap::expecting(md5.map(hex), crc, &mut channel);
        let response = self.cos.execute_tapped(request, &mut tap)?;
        Ok(response.header("etag"))
    }

    /// Resume task: hash a local part the server already has; `Some` when
    /// it matches the server's ETag.
    fn verify(
        &self,
        part: Part,
        scratch: &mut Scratch,
        progress: &PartProgress<'_, Option<Done>>,
        server_etags: &BTreeMap<u32, String>,
    ) -> Result<Option<Done>, CosError> {
        let file = self.file(&mut scratch.file)?;
        let buffer = Arc::make_mut(&mut scratch.buffer);
        buffer.resize(1 << 20, 0);
        let mut md5 = Md5::new();
        let mut crc = Crc64::new();
        super::read_part(file, part, buffer, |chunk| {
            md5.update(chunk);
            crc.update(chunk);
            progress.send(Bytes(part.number, chunk.len() as u64));
        })
        .map_err(|e| {
            let message = format!("cannot read {}", self.params.file_path.display());
            CosError::io(message, e)
        })?;
        let local = hex(&md5.finalize());
        let etag = server_etags.get(&part.number).cloned().unwrap_or_default();
        Ok(etag
            .trim_matches('"')
            .eq_ignore_ascii_case(&local)
            .then(|| Done {
                etag,
                crc: crc.finish(),
            }))
    }
}

impl Cos {
    /// Uploads a local file in parts, in parallel, resumably (Node's
    /// `sliceUploadFile`).
    ///
    /// An interrupted upload (error, cancellation, killed process) resumes
    /// on the next call for the same file and key: the upload ID comes from
    /// the server's list of uploads for the key, confirmed by a local
    /// checkpoint (file size, mtime, part size); parts already on the server
    /// are kept when their MD5 matches the local data. A file changed since
    /// then starts a new upload and the stale one is aborted. The finished
    /// object's CRC-64 is checked against the CRC-64 of the data read.
    ///
    /// ```
    /// use cos_sdk::{OnProgress, SliceUploadFileParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.file("disk.img", 3 * 1024 * 1024);
    /// let data = cos.slice_upload_file(
    ///     SliceUploadFileParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "backups/disk.img".into(),
    ///         file_path: dir.join("disk.img"), // 3 MiB
    ///         chunk_size: Some(1024 * 1024),
    ///         async_limit: Some(3),
    ///         on_progress: Some(OnProgress::new(|p| println!("{:.0}%", p.percent * 100.0))),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.etag.ends_with("-3\"")); // three parts
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn slice_upload_file<R>(
        &self,
        params: SliceUploadFileParams,
        callback: impl FnOnce(Result<SliceUploadFileData, CosError>) -> R,
    ) -> R {
        callback(self.slice_upload_file_inner(params))
    }

    fn slice_upload_file_inner(
        &self,
        mut params: SliceUploadFileParams,
    ) -> Result<SliceUploadFileData, CosError> {
        let options = self.options();
        if let crate::endpoint::Target::Object { key, .. } =
            object_target(options, &params.bucket, &params.region, &params.key)?
        {
            params.key = key;
        }
        let (file_size, mtime_ns) = stat(&params.file_path)?;
        let wanted = params.chunk_size.unwrap_or(options.chunk_size);
        if !(MIB..=MAX_PART_SIZE).contains(&wanted) {
            return Err(CosError::invalid_parameter(
                "ChunkSize",
                "ChunkSize must be between 1 MiB and 5 GiB",
            ));
        }
        let async_limit = params.async_limit.unwrap_or(options.chunk_parallel_limit);
        if !(1..=256).contains(&async_limit) {
            return Err(CosError::invalid_parameter(
                "AsyncLimit",
                "AsyncLimit must be between 1 and 256",
            ));
        }
        let mut progress = params.on_progress.take().map(|p| self.progress_tracker(p));
        if file_size == 0 {
            return self.upload_empty(params, progress);
        }
        let part_size = part_size(file_size, wanted, options.max_part_number);
        if file_size.div_ceil(part_size) > u64::from(*crate::ops::multipart::PART_NUMBERS.end()) {
            return Err(CosError::invalid_parameter(
                "FilePath",
                format!(
                    "{} is {file_size} bytes: larger than COS's multipart limit",
                    params.file_path.display()
                ),
            ));
        }
        let parts = plan(file_size, part_size);
        let fingerprint = Fingerprint {
            file_size,
            mtime_ns,
            part_size,
        };
        let file = params
            .file_path
            .canonicalize()
            .unwrap_or_else(|_| params.file_path.clone());
        let checkpoint_path = checkpoint::path_for(
            &self.checkpoint_dir()?,
            &params.bucket,
            &params.region,
            &params.key,
            &file,
        );

        let mut hash_progress = params
            .on_hash_progress
            .take()
            .map(|p| self.progress_tracker(p));
        let (upload_id, mut done) = self.find_or_start_upload(
            &params,
            &file,
            &checkpoint_path,
            fingerprint,
            &parts,
            &mut hash_progress,
        )?;

        // Upload what is missing.
        let resumed: u64 = parts
            .iter()
            .filter(|p| done.contains_key(&p.number))
            .map(|p| p.length)
            .sum();
        if let Some(progress) = progress.as_mut() {
            progress.start_at(file_size, resumed);
        }
        let missing: Vec<Part> = parts
            .iter()
            .filter(|p| !done.contains_key(&p.number))
            .copied()
            .collect();
        let job = Job {
            cos: self,
            params: Source::of(&params),
            upload_id: &upload_id,
        };
        let mut loaded = resumed;
        // Bytes counted so far per part in flight; the tap never reports a
        // retried byte twice, so loaded only grows.
        let mut counted: BTreeMap<u32, u64> = BTreeMap::new();
        self.with_pool(async_limit, |pool| {
            engine::run(
                pool,
                async_limit,
                params.cancel.as_ref(),
                &missing,
                |part, scratch, progress| job.upload(*part, scratch, progress),
                |event| {
                    match event {
                        Event::Progress(Bytes(part, n)) => {
                            *counted.entry(part).or_default() += n;
                            loaded += n;
                        }
                        Event::Done(index, record) => {
                            let part = missing[index];
                            loaded += part
                                .length
                                .saturating_sub(counted.remove(&part.number).unwrap_or(0));
                            done.insert(part.number, record);
                        }
                    }
                    if let Some(progress) = progress.as_mut() {
                        progress.advance_to(loaded);
                    }
                    Ok(())
                },
            )
        })??;
        if params
            .cancel
            .as_ref()
            .is_some_and(CancelToken::is_cancelled)
            && done.len() < parts.len()
        {
            return Err(CosError::cancelled(format!(
                "upload of {} cancelled after {} of {} parts; call again to resume (upload ID {upload_id})",
                params.file_path.display(),
                done.len(),
                parts.len()
            )));
        }

        // The file must not have changed while it was read.
        if stat(&params.file_path)? != (file_size, mtime_ns) {
            self.abort_quietly(&params, &upload_id);
            Checkpoint::remove(&checkpoint_path);
            return Err(CosError::io(
                format!(
                    "{} changed during the upload; the upload was aborted",
                    params.file_path.display()
                ),
                std::io::Error::other("file changed"),
            ));
        }

        let expected = parts.iter().fold(0u64, |crc, p| {
            crc64::combine(crc, done.get(&p.number).map_or(0, |d| d.crc), p.length)
        });
        let data = match self.complete(&params, &upload_id, &parts, &done) {
            Ok(data) if crc_agrees(&data.headers, expected) => data,
            // A damaged CRC header, or a damaged object: the object decides.
            Ok(data) => self
                .stored_as_sent(&params, &upload_id, &parts, &done, expected)?
                .ok_or_else(|| {
                    CosError::integrity(
                        "CRC64Mismatch",
                        format!(
                            "COS reports CRC-64 {} for {} but the data read has {expected}",
                            data.headers.get("x-cos-hash-crc64ecma").unwrap_or_default(),
                            params.key
                        ),
                    )
                })?,
            // The answer to an attempt that completed the upload was lost,
            // and the retry found the upload gone: is the object ours?
            Err(err) if err.code() == "NoSuchUpload" => self
                .stored_as_sent(&params, &upload_id, &parts, &done, expected)?
                .ok_or(err)?,
            Err(err) => return Err(err),
        };
        Checkpoint::remove(&checkpoint_path);
        if let Some(progress) = progress.as_mut() {
            progress.finish();
        }
        Ok(data)
    }

    /// Node sends empty files through putObject.
    fn upload_empty(
        &self,
        params: SliceUploadFileParams,
        progress: Option<ProgressTracker>,
    ) -> Result<SliceUploadFileData, CosError> {
        let put = self.put_object(
            PutObjectParams {
                bucket: params.bucket.clone(),
                region: params.region.clone(),
                key: params.key.clone(),
                body: Body::empty(),
                attributes: params.attributes,
                access: params.access,
                encryption: params.encryption,
                headers: params.headers,
                on_progress: None,
                ..Default::default()
            },
            |r| r,
        )?;
        if let Some(mut progress) = progress {
            progress.start(0);
            progress.finish();
        }
        let mut data =
            SliceUploadFileData::from_meta(crate::execute::Meta::new(put.status_code, put.headers));
        data.location = put.location;
        data.bucket = params.bucket;
        data.key = params.key;
        data.etag = put.etag;
        data.version_id = put.version_id;
        Ok(data)
    }

    /// Resumes the upload the checkpoint names when the server still has it
    /// and the file is unchanged, keeping the parts whose MD5 matches the
    /// local data; otherwise aborts any stale upload and starts a new one.
    fn find_or_start_upload(
        &self,
        params: &SliceUploadFileParams,
        file: &Path,
        checkpoint_path: &Path,
        fingerprint: Fingerprint,
        parts: &[Part],
        hash_progress: &mut Option<ProgressTracker>,
    ) -> Result<(String, BTreeMap<u32, Done>), CosError> {
        let (bucket, region, key) = (&params.bucket, &params.region, &params.key);
        if let Some(saved) = Checkpoint::load(checkpoint_path, bucket, region, key, file) {
            let live = self.upload_exists(params, &saved.upload_id)?;
            if live && saved.fingerprint == fingerprint {
                let done =
                    self.verify_uploaded_parts(params, &saved.upload_id, parts, hash_progress)?;
                return Ok((saved.upload_id, done));
            }
            if live {
                self.abort_quietly(params, &saved.upload_id);
            }
            Checkpoint::remove(checkpoint_path);
        }
        let init = self.multipart_init(
            MultipartInitParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: key.clone(),
                attributes: params.attributes.clone(),
                access: params.access.clone(),
                encryption: params.encryption.clone(),
                headers: params.headers.clone(),
                cancel: params.cancel.clone(),
                ..Default::default()
            },
            |r| r,
        )?;
        let checkpoint = Checkpoint {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            file: file.display().to_string(),
            upload_id: init.upload_id.clone(),
            fingerprint,
        };
        if let Err(err) = checkpoint.save(checkpoint_path) {
            // Without a checkpoint the upload could never be resumed: don't
            // leave it behind.
            self.abort_quietly(params, &init.upload_id);
            return Err(err);
        }
        Ok((init.upload_id, BTreeMap::new()))
    }

    /// Whether the server lists `upload_id` among the uploads of the key.
    fn upload_exists(
        &self,
        params: &SliceUploadFileParams,
        upload_id: &str,
    ) -> Result<bool, CosError> {
        let uploads = self.list_all_uploads(&params.bucket, &params.region, &params.key)?;
        Ok(uploads
            .iter()
            .any(|u| u.key == params.key && u.upload_id == upload_id))
    }

    /// Lists the server's parts and keeps those whose size and MD5 match
    /// the local data, hashing on the pool.
    fn verify_uploaded_parts(
        &self,
        params: &SliceUploadFileParams,
        upload_id: &str,
        parts: &[Part],
        hash_progress: &mut Option<ProgressTracker>,
    ) -> Result<BTreeMap<u32, Done>, CosError> {
        let mut server: BTreeMap<u32, (String, u64)> = BTreeMap::new();
        let mut marker = None;
        loop {
            let page = self.multipart_list_part(
                MultipartListPartParams {
                    bucket: params.bucket.clone(),
                    region: params.region.clone(),
                    key: params.key.clone(),
                    upload_id: upload_id.to_string(),
                    part_number_marker: marker,
                    ..Default::default()
                },
                |r| r,
            )?;
            for part in page.part {
                server.insert(part.part_number, (part.etag, part.size));
            }
            if !page.is_truncated {
                break;
            }
            marker = Some(page.next_part_number_marker);
        }
        let candidates: Vec<Part> = parts
            .iter()
            .filter(|p| {
                server
                    .get(&p.number)
                    .is_some_and(|(_, size)| *size == p.length)
            })
            .copied()
            .collect();
        let etags: BTreeMap<u32, String> =
            server.into_iter().map(|(n, (etag, _))| (n, etag)).collect();
        let total: u64 = candidates.iter().map(|p| p.length).sum();
        let job = Job {
            cos: self,
            params: Source::of(params),
            upload_id,
        };
        let mut done = BTreeMap::new();
        if candidates.is_empty() {
            return Ok(done);
        }
        if let Some(tracker) = hash_progress.as_mut() {
            tracker.start(total);
        }
        let mut hashed = 0u64;
        self.with_hash_pool(|pool, threads| {
            engine::run(
                pool,
                threads,
                params.cancel.as_ref(),
                &candidates,
                |part, scratch, progress| job.verify(*part, scratch, progress, &etags),
                |event| {
                    match event {
                        Event::Progress(Bytes(_, n)) => {
                            hashed += n;
                            if let Some(tracker) = hash_progress.as_mut() {
                                tracker.advance_to(hashed);
                            }
                        }
                        Event::Done(index, Some(record)) => {
                            done.insert(candidates[index].number, record);
                        }
                        Event::Done(_, None) => {}
                    }
                    Ok(())
                },
            )
        })??;
        if let Some(tracker) = hash_progress.as_mut() {
            tracker.finish();
        }
        Ok(done)
    }

    fn complete(
        &self,
        params: &SliceUploadFileParams,
        upload_id: &str,
        parts: &[Part],
        done: &BTreeMap<u32, Done>,
    ) -> Result<SliceUploadFileData, CosError> {
        let completed: Vec<CompletedPart> = parts
            .iter()
            .map(|p| CompletedPart {
                part_number: p.number,
                etag: done
                    .get(&p.number)
                    .map(|d| d.etag.clone())
                    .unwrap_or_default(),
            })
            .collect();
        let complete = self.multipart_complete(
            MultipartCompleteParams {
                bucket: params.bucket.clone(),
                region: params.region.clone(),
                key: params.key.clone(),
                upload_id: upload_id.to_string(),
                parts: completed,
                ..Default::default()
            },
            |r| r,
        )?;
        let mut data = SliceUploadFileData::from_meta(crate::execute::Meta::new(
            complete.status_code,
            complete.headers,
        ));
        data.location = complete.location;
        data.bucket = complete.bucket;
        data.key = complete.key;
        data.etag = complete.etag;
        data.version_id = complete.version_id;
        data.upload_id = upload_id.to_string();
        Ok(data)
    }

    /// The object as COS holds it, when it is exactly this upload: the
    /// multipart ETag of our parts and, when COS reports one, our CRC-64.
    fn stored_as_sent(
        &self,
        params: &SliceUploadFileParams,
        upload_id: &str,
        parts: &[Part],
        done: &BTreeMap<u32, Done>,
        expected_crc: u64,
    ) -> Result<Option<SliceUploadFileData>, CosError> {
        let head = match self.head_object(
            HeadObjectParams {
                bucket: params.bucket.clone(),
                region: params.region.clone(),
                key: params.key.clone(),
                encryption: params.encryption.customer_only(),
                headers: params.headers.clone(),
                ..Default::default()
            },
            |r| r,
        ) {
            Ok(head) => head,
            Err(err) if err.status_code() == Some(404) => return Ok(None),
            Err(err) => return Err(err),
        };
        let etags = parts
            .iter()
            .map(|p| done.get(&p.number).map(|d| d.etag.as_str()));
        let ours = multipart_etag(etags).is_some_and(|etag| head.etag.trim_matches('"') == etag)
            && (!head.headers.contains("x-cos-hash-crc64ecma")
                || crc_agrees(&head.headers, expected_crc));
        if !ours {
            return Ok(None);
        }
        let target = object_target(self.options(), &params.bucket, &params.region, &params.key)?;
        let mut data = SliceUploadFileData::from_meta(crate::execute::Meta::new(
            head.status_code,
            head.headers,
        ));
        data.location = crate::endpoint::resolve(self.options(), &target).location();
        data.bucket = params.bucket.clone();
        data.key = params.key.clone();
        data.etag = head.etag;
        data.version_id = head.version_id;
        data.upload_id = upload_id.to_string();
        Ok(Some(data))
    }

    fn abort_quietly(&self, params: &SliceUploadFileParams, upload_id: &str) {
        let _ = self.multipart_abort(
            MultipartAbortParams {
                bucket: params.bucket.clone(),
                region: params.region.clone(),
                key: params.key.clone(),
                upload_id: upload_id.to_string(),
                ..Default::default()
            },
            |r| r,
        );
    }
}
