//! `upload_file`, `upload_files` and `abort_upload_task`: Node's
//! transfer-manager calls, built on `put_object` and `slice_upload_file`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::body::Body;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Meta};
use crate::ops::multipart::{MultipartAbortParams, MultipartListParams};
use crate::ops::object::PutObjectParams;
use crate::progress::{OnProgress, ProgressInfo};
use crate::transfer::slice_upload::{SliceUploadFileData, SliceUploadFileParams};

/// Params of [`Cos::upload_file`] (Node's `uploadFile`).
#[derive(Debug, Default, Clone)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct UploadFileParams {
    /// The upload: bucket, region, key, file path, part size, headers,
    /// callbacks, cancel token (see [`SliceUploadFileParams`]).
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub upload: SliceUploadFileParams,
    /// `SliceSize`: files up to this size go in one `put_object`, larger
    /// ones through `slice_upload_file` (default: the client's `slice_size`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub slice_size: Option<u64>,
}

/// Result of [`Cos::upload_file`]: for a simple upload, as in Node, only
/// `location`, `etag` and `version_id` are set (`upload_id` is empty).
pub type UploadFileData = SliceUploadFileData;

/// Called as each file of [`Cos::upload_files`] finishes (Node's
/// `onFileFinish`), on the calling thread, with the file's index in
/// `files` and its result.
pub struct OnFileFinish(Box<FileFinishFn>);

/// The closure inside [`OnFileFinish`].
type FileFinishFn = dyn FnMut(usize, &Result<UploadFileData, CosError>) + Send;

impl OnFileFinish {
    /// Wraps a closure.
    pub fn new(
        callback: impl FnMut(usize, &Result<UploadFileData, CosError>) + Send + 'static,
    ) -> Self {
        OnFileFinish(Box::new(callback))
    }
}

impl std::fmt::Debug for OnFileFinish {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnFileFinish(..)")
    }
}

/// Params of [`Cos::upload_files`] (Node's `uploadFiles`).
#[derive(Debug, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
pub struct UploadFilesParams {
    /// `files`: each uploaded as [`Cos::upload_file`] would; their own
    /// `on_progress` callbacks are called too.
    pub files: Vec<UploadFileParams>,
    /// `onProgress`: all files together.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_progress: Option<OnProgress>,
    /// `onFileFinish`.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_file_finish: Option<OnFileFinish>,
}

/// One file of [`UploadFilesData`].
#[derive(Debug)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
#[non_exhaustive]
pub struct FileResult {
    /// `Key` of the file.
    pub key: String,
    /// `FilePath` of the file.
    pub file_path: PathBuf,
    /// `data` or `error` of that file.
    pub result: Result<UploadFileData, CosError>,
}

/// Result of [`Cos::upload_files`]: one entry per file, in order. One
/// file failing does not stop the others.
#[derive(Debug, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
#[non_exhaustive]
pub struct UploadFilesData {
    /// `files`.
    pub files: Vec<FileResult>,
}

/// Which unfinished uploads [`Cos::abort_upload_task`] aborts (Node's
/// `Level`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum AbortLevel {
    /// `task`: the one upload `upload_id` of `key`.
    #[default]
    Task,
    /// `file`: every unfinished upload of `key`.
    File,
    /// `bucket`: every unfinished upload in the bucket.
    Bucket,
}

/// Params of [`Cos::abort_upload_task`] (Node's `abortUploadTask`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct AbortUploadTaskParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Level`.
    pub level: AbortLevel,
    /// `Key` (levels `Task` and `File`).
    pub key: String,
    /// `UploadId` (level `Task`).
    pub upload_id: String,
}

/// One upload of [`AbortUploadTaskData`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct UploadRef {
    /// `Key`.
    pub key: String,
    /// `UploadId`.
    pub upload_id: String,
}

/// Result of [`Cos::abort_upload_task`].
#[derive(Debug, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "PascalCase")
)]
#[non_exhaustive]
pub struct AbortUploadTaskData {
    /// `successList`: uploads aborted.
    pub success_list: Vec<UploadRef>,
    /// `errorList`: uploads that could not be aborted, with the reason.
    pub error_list: Vec<(UploadRef, CosError)>,
}

/// What file workers report.
enum Event {
    Progress(usize, ProgressInfo),
    Finished(usize, Result<UploadFileData, CosError>),
}

impl Cos {
    /// Uploads a file the way Node's `uploadFile` does: in one `put_object`
    /// when it is at most `SliceSize`, otherwise with `slice_upload_file`
    /// (parallel, resumable).
    ///
    /// ```
    /// use cos_sdk::{SliceUploadFileParams, UploadFileParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.file("notes.txt", 1000);
    /// let data = cos.upload_file(
    ///     UploadFileParams {
    ///         upload: SliceUploadFileParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: "notes.txt".into(),
    ///             file_path: dir.join("notes.txt"),
    ///             ..Default::default()
    ///         },
    ///         slice_size: Some(1024 * 1024), // up to 1 MiB in one request
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.upload_id.is_empty()); // small: a simple upload
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn upload_file<R>(
        &self,
        params: UploadFileParams,
        callback: impl FnOnce(Result<UploadFileData, CosError>) -> R,
    ) -> R {
        callback(self.upload_file_inner(params))
    }

    fn upload_file_inner(&self, params: UploadFileParams) -> Result<UploadFileData, CosError> {
        let upload = params.upload;
        let size = std::fs::metadata(&upload.file_path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .ok_or_else(|| {
                CosError::invalid_parameter(
                    "FilePath",
                    format!("{} is not a readable file", upload.file_path.display()),
                )
            })?;
        let slice_size = params.slice_size.unwrap_or(self.options().slice_size);
        if size == 0 || size > slice_size {
            // slice_upload_file sends empty files through put_object itself.
            return self.slice_upload_file(upload, |r| r);
        }
        let put = self.put_object(
            PutObjectParams {
                bucket: upload.bucket,
                region: upload.region,
                key: upload.key,
                body: Body::from_file(&upload.file_path),
                attributes: upload.attributes,
                access: upload.access,
                encryption: upload.encryption,
                traffic_limit: upload.traffic_limit,
                headers: upload.headers,
                on_progress: upload.on_progress,
                ..Default::default()
            },
            |r| r,
        )?;
        // Node answers with put_object's data: no bucket, key or upload id.
        let mut data = UploadFileData::from_meta(Meta::new(put.status_code, put.headers));
        data.location = put.location;
        data.etag = put.etag;
        data.version_id = put.version_id;
        Ok(data)
    }

    /// Uploads many files, `file_parallel_limit` at a time (Node's
    /// `uploadFiles`), each as [`upload_file`](Cos::upload_file) would.
    /// Progress of all files together goes to `on_progress`; each file's
    /// result to `on_file_finish` as it ends and to the returned list. A
    /// failing file does not stop the others; the call itself only fails
    /// for invalid params.
    ///
    /// ```
    /// use cos_sdk::{
    ///     OnFileFinish, OnProgress, SliceUploadFileParams, UploadFileParams, UploadFilesParams,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.file("a.jpg", 1000);
    /// # doc.file("b.jpg", 2000);
    /// let files = ["a.jpg", "b.jpg", "missing.jpg"]
    ///     .into_iter()
    ///     .map(|name| UploadFileParams {
    ///         upload: SliceUploadFileParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: format!("photos/{name}"),
    ///             file_path: dir.join(name),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     })
    ///     .collect();
    /// let data = cos.upload_files(
    ///     UploadFilesParams {
    ///         files,
    ///         on_progress: Some(OnProgress::new(|p| println!("all: {:.0}%", p.percent * 100.0))),
    ///         on_file_finish: Some(OnFileFinish::new(|index, result| {
    ///             println!("file {index}: {}", if result.is_ok() { "done" } else { "failed" });
    ///         })),
    ///     },
    ///     |r| r,
    /// )?;
    /// // One failing file does not stop the others.
    /// let failed: Vec<&str> = data
    ///     .files
    ///     .iter()
    ///     .filter(|file| file.result.is_err())
    ///     .map(|file| file.key.as_str())
    ///     .collect();
    /// assert_eq!(failed, ["photos/missing.jpg"]);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn upload_files<R>(
        &self,
        params: UploadFilesParams,
        callback: impl FnOnce(Result<UploadFilesData, CosError>) -> R,
    ) -> R {
        callback(Ok(self.upload_files_inner(params)))
    }

    fn upload_files_inner(&self, params: UploadFilesParams) -> UploadFilesData {
        let UploadFilesParams {
            files,
            on_progress,
            mut on_file_finish,
        } = params;
        let mut own_progress = Vec::with_capacity(files.len());
        let mut tasks = Vec::with_capacity(files.len());
        let mut names = Vec::with_capacity(files.len());
        for mut file in files {
            // Callbacks stay on the calling thread: the workers' progress is
            // forwarded to it. Re-hashing progress is not reported per file.
            own_progress.push(file.upload.on_progress.take());
            file.upload.on_hash_progress = None;
            names.push((file.upload.key.clone(), file.upload.file_path.clone()));
            tasks.push(std::sync::Mutex::new(Some(file)));
        }
        let sizes: Vec<u64> = names
            .iter()
            .map(|(_, path)| std::fs::metadata(path).map_or(0, |m| m.len()))
            .collect();
        let mut total_tracker = on_progress.map(|p| self.progress_tracker(p));
        if let Some(tracker) = total_tracker.as_mut() {
            tracker.start(sizes.iter().sum());
        }
        let mut loaded = vec![0u64; tasks.len()];
        let mut results: Vec<Option<Result<UploadFileData, CosError>>> =
            tasks.iter().map(|_| None).collect();
        let next = AtomicUsize::new(0);
        let (sender, receiver) = crossbeam_channel::unbounded();
        let workers = self.options().file_parallel_limit.min(tasks.len());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let (sender, tasks, next) = (sender.clone(), &tasks, &next);
                scope.spawn(move || {
                    loop {
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        let Some(slot) = tasks.get(index) else { break };
                        let Some(mut file) = slot.lock().ok().and_then(|mut t| t.take()) else {
                            continue;
                        };
                        // The file's progress travels to the calling thread.
                        let forward = sender.clone();
                        let on_progress = OnProgress::new(move |info| {
                            let _ = forward.send(Event::Progress(index, info));
                        });
                        file.upload.on_progress = Some(on_progress);
                        let result = self.upload_file_inner(file);
                        let _ = sender.send(Event::Finished(index, result));
                    }
                });
            }
            drop(sender);
            for event in receiver.iter() {
                match event {
                    Event::Progress(index, info) => {
                        if let Some(Some(own)) = own_progress.get_mut(index) {
                            own.call(info);
                        }
                        // A file counts in full only once it succeeded, so
                        // a failed batch never reports 100%.
                        let size = sizes.get(index).copied().unwrap_or(0);
                        loaded[index] = info.loaded.min(size.saturating_sub(1));
                        if let Some(tracker) = total_tracker.as_mut() {
                            tracker.advance_to(loaded.iter().sum());
                        }
                    }
                    Event::Finished(index, result) => {
                        if result.is_ok() {
                            loaded[index] = sizes.get(index).copied().unwrap_or(0);
                            if let Some(tracker) = total_tracker.as_mut() {
                                tracker.advance_to(loaded.iter().sum());
                            }
                        }
                        if let Some(finish) = on_file_finish.as_mut() {
                            (finish.0)(index, &result);
                        }
                        results[index] = Some(result);
                    }
                }
            }
        });
        // Only a complete batch reports 100%: a failed file's bytes never
        // arrived.
        if results.iter().all(|r| matches!(r, Some(Ok(_)))) {
            if let Some(tracker) = total_tracker.as_mut() {
                tracker.finish();
            }
        }
        UploadFilesData {
            files: names
                .into_iter()
                .zip(results)
                .map(|((key, file_path), result)| FileResult {
                    key,
                    file_path,
                    result: result
                        .unwrap_or_else(|| Err(CosError::cancelled("the file was not uploaded"))),
                })
                .collect(),
        }
    }

    /// Aborts unfinished multipart uploads (Node's `abortUploadTask`): one
    /// upload, every upload of a key, or every upload in the bucket. Use it
    /// to clean up after uploads that will not be resumed.
    ///
    /// ```
    /// use cos_sdk::{AbortLevel, AbortUploadTaskParams, MultipartInitParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # for _ in 0..2 {
    /// #     cos.multipart_init(
    /// #         MultipartInitParams {
    /// #             bucket: "examplebucket-1250000000".into(),
    /// #             region: "ap-guangzhou".into(),
    /// #             key: "backups/disk.img".into(),
    /// #             ..Default::default()
    /// #         },
    /// #         |r| r,
    /// #     )?;
    /// # }
    /// // Every unfinished upload of one key (`AbortLevel::Bucket`: of the bucket).
    /// let data = cos.abort_upload_task(
    ///     AbortUploadTaskParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         level: AbortLevel::File,
    ///         key: "backups/disk.img".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.success_list.len(), 2);
    /// assert!(data.error_list.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn abort_upload_task<R>(
        &self,
        params: AbortUploadTaskParams,
        callback: impl FnOnce(Result<AbortUploadTaskData, CosError>) -> R,
    ) -> R {
        callback(self.abort_upload_task_inner(params))
    }

    fn abort_upload_task_inner(
        &self,
        params: AbortUploadTaskParams,
    ) -> Result<AbortUploadTaskData, CosError> {
        crate::validate::bucket(&params.bucket)?;
        crate::validate::region(&params.region)?;
        let targets: Vec<UploadRef> = match params.level {
            AbortLevel::Task => {
                if params.upload_id.is_empty() {
                    return Err(CosError::invalid_parameter(
                        "UploadId",
                        "missing param UploadId",
                    ));
                }
                crate::validate::key(&params.key, self.options().use_raw_key)?;
                vec![UploadRef {
                    key: params.key.clone(),
                    upload_id: params.upload_id.clone(),
                }]
            }
            AbortLevel::File => {
                let key = crate::validate::key(&params.key, self.options().use_raw_key)?;
                self.list_all_uploads(&params.bucket, &params.region, &key)?
                    .into_iter()
                    .filter(|u| u.key == key)
                    .collect()
            }
            AbortLevel::Bucket => self.list_all_uploads(&params.bucket, &params.region, "")?,
        };
        let mut data = AbortUploadTaskData::default();
        for upload in targets {
            let result = self.multipart_abort(
                MultipartAbortParams {
                    bucket: params.bucket.clone(),
                    region: params.region.clone(),
                    key: upload.key.clone(),
                    upload_id: upload.upload_id.clone(),
                    ..Default::default()
                },
                |r| r,
            );
            match result {
                Ok(_) => data.success_list.push(upload),
                Err(err) => data.error_list.push((upload, err)),
            }
        }
        Ok(data)
    }

    /// Every unfinished upload under `prefix`, following the pages.
    pub(crate) fn list_all_uploads(
        &self,
        bucket: &str,
        region: &str,
        prefix: &str,
    ) -> Result<Vec<UploadRef>, CosError> {
        let mut uploads = Vec::new();
        let (mut key_marker, mut upload_id_marker) = (String::new(), String::new());
        loop {
            let page = self.multipart_list(
                MultipartListParams {
                    bucket: bucket.to_string(),
                    region: region.to_string(),
                    prefix: prefix.to_string(),
                    key_marker: key_marker.clone(),
                    upload_id_marker: upload_id_marker.clone(),
                    ..Default::default()
                },
                |r| r,
            )?;
            uploads.extend(page.upload.into_iter().map(|u| UploadRef {
                key: u.key,
                upload_id: u.upload_id,
            }));
            if !page.is_truncated
                || (page.next_key_marker.is_empty() && page.next_upload_id_marker.is_empty())
            {
                return Ok(uploads);
            }
            key_marker = page.next_key_marker;
            upload_id_marker = page.next_upload_id_marker;
        }
    }
}
