//! upload_file, upload_files, download_file (resumable), pause/cancel and
//! abort_upload_task.
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cos_emulator::{Fault, Match};
use cos_sdk::{
    AbortLevel, AbortUploadTaskParams, Body, CancelToken, Cos, CosOptions, DownloadFileParams,
    ErrorKind, MultipartInitParams, MultipartListParams, OnFileFinish, OnProgress, PutObjectParams,
    SliceUploadFileParams, UploadFileParams, UploadFilesParams,
};

use crate::common::{Env, REGION, content};

const MIB: usize = 1024 * 1024;

struct Setup {
    env: Env,
    bucket: String,
    cos: Cos,
    dir: tempfile::TempDir,
}

fn setup() -> Setup {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = Cos::new(CosOptions {
        checkpoint_dir: Some(dir.path().join("checkpoints")),
        progress_interval: Duration::ZERO,
        retry_base_delay: Duration::from_millis(1),
        ..env.cos.options().clone()
    })
    .unwrap();
    Setup {
        env,
        bucket,
        cos,
        dir,
    }
}

impl Setup {
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn upload(&self, key: &str, path: &Path) -> UploadFileParams {
        UploadFileParams {
            upload: SliceUploadFileParams {
                bucket: self.bucket.clone(),
                region: REGION.into(),
                key: key.into(),
                file_path: path.to_path_buf(),
                ..Default::default()
            },
            slice_size: None,
        }
    }

    fn put(&self, key: &str, bytes: &[u8]) {
        self.cos
            .put_object(
                PutObjectParams {
                    bucket: self.bucket.clone(),
                    region: REGION.into(),
                    key: key.into(),
                    body: Body::from(bytes.to_vec()),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap();
    }

    fn download(&self, key: &str, target: &Path) -> DownloadFileParams {
        DownloadFileParams {
            bucket: self.bucket.clone(),
            region: REGION.into(),
            key: key.into(),
            file_path: target.to_path_buf(),
            ..Default::default()
        }
    }

    fn ranged_gets(&self) -> usize {
        self.env
            .emulator
            .request_log()
            .iter()
            .filter(|r| r.method == "GET" && r.header("range").is_some())
            .count()
    }
}

#[test]
fn upload_file_picks_simple_or_multipart() {
    let s = setup();
    let small = s.file("small.bin", &content(MIB));
    let large = s.file("large.bin", &content(3 * MIB + 5));
    s.env.emulator.clear_request_log();
    let data = s
        .cos
        .upload_file(s.upload("small.bin", &small), |r| r)
        .unwrap();
    assert!(data.upload_id.is_empty(), "at SliceSize: one put_object");
    let data = s
        .cos
        .upload_file(s.upload("large.bin", &large), |r| r)
        .unwrap();
    assert!(!data.upload_id.is_empty(), "above SliceSize: multipart");
    let log = s.env.emulator.request_log();
    assert_eq!(
        log.iter()
            .filter(|r| r.query.contains("partNumber"))
            .count(),
        4
    );
    let err = s
        .cos
        .upload_file(s.upload("x", Path::new("/no/such/file")), |r| r)
        .unwrap_err();
    assert_eq!(err.parameter(), Some("FilePath"));
}

#[test]
fn upload_files_keeps_going_when_some_fail() {
    let s = setup();
    let mut files = Vec::new();
    let mut sizes = 0u64;
    for (i, size) in [10, MIB / 2, 2 * MIB + 1, 3 * MIB, 100, 5]
        .iter()
        .enumerate()
    {
        let path = s.file(&format!("f{i}.bin"), &content(*size));
        sizes += *size as u64;
        files.push(s.upload(&format!("batch/f{i}.bin"), &path));
    }
    files.push(s.upload("batch/missing.bin", Path::new("/no/such/file")));
    s.env
        .emulator
        .inject(Fault::status(500, "InternalError").on(Match::put_object().key("batch/f1.bin")));
    let finished = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&finished);
    let totals = Arc::new(Mutex::new(Vec::new()));
    let total_sink = Arc::clone(&totals);
    let data = s
        .cos
        .upload_files(
            UploadFilesParams {
                files,
                on_progress: Some(OnProgress::new(move |p| {
                    total_sink.lock().unwrap().push((p.loaded, p.total))
                })),
                on_file_finish: Some(OnFileFinish::new(move |index, result| {
                    sink.lock().unwrap().push((index, result.is_ok()))
                })),
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(data.files.len(), 7);
    let ok: Vec<bool> = data.files.iter().map(|f| f.result.is_ok()).collect();
    assert_eq!(ok, [true, false, true, true, true, true, false]);
    assert_eq!(
        data.files[1].result.as_ref().unwrap_err().status_code(),
        Some(500)
    );
    assert_eq!(
        data.files[6].result.as_ref().unwrap_err().parameter(),
        Some("FilePath")
    );
    let mut finished = finished.lock().unwrap().clone();
    finished.sort();
    assert_eq!(finished.len(), 7);
    let totals = totals.lock().unwrap();
    assert!(
        totals.windows(2).all(|w| w[0].0 <= w[1].0),
        "aggregate progress only grows"
    );
    assert!(totals.iter().all(|(_, total)| *total == sizes));
    assert!(
        totals.last().unwrap().0 < sizes,
        "a failed file's bytes are not reported as done"
    );
    let listed = s
        .cos
        .get_bucket(
            cos_sdk::GetBucketParams {
                bucket: s.bucket.clone(),
                region: REGION.into(),
                prefix: "batch/".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(listed.contents.len(), 5);
}

#[test]
fn download_file_small_large_and_empty() {
    let s = setup();
    for (key, size) in [
        ("empty.bin", 0),
        ("small.bin", 1000),
        ("large.bin", 5 * MIB + 17),
    ] {
        let bytes = content(size);
        s.put(key, &bytes);
        let target = s.dir.path().join(format!("out-{key}"));
        let data = s
            .cos
            .download_file(s.download(key, &target), |r| r)
            .unwrap();
        assert_eq!(data.size, size as u64);
        assert!(std::fs::read(&target).unwrap() == bytes, "{key}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("cos-download"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
}

#[test]
fn an_interrupted_download_fetches_only_the_missing_ranges() {
    let s = setup();
    let bytes = content(8 * MIB);
    s.put("big.bin", &bytes);
    let target = s.dir.path().join("big.bin");
    let token = CancelToken::new();
    let trigger = token.clone();
    s.env.emulator.clear_request_log();
    let err = s
        .cos
        .download_file(
            DownloadFileParams {
                parallel_limit: Some(1),
                cancel: Some(token),
                on_progress: Some(OnProgress::new(move |p| {
                    if p.loaded >= 3 * MIB as u64 {
                        trigger.cancel();
                    }
                })),
                ..s.download("big.bin", &target)
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(!target.exists(), "nothing at the target until complete");
    let first = s.ranged_gets();
    assert!((3..8).contains(&first), "{first}");

    s.env.emulator.clear_request_log();
    let progress = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&progress);
    let data = s
        .cos
        .download_file(
            DownloadFileParams {
                on_progress: Some(OnProgress::new(move |p| {
                    sink.lock().unwrap().push(p.loaded)
                })),
                ..s.download("big.bin", &target)
            },
            |r| r,
        )
        .unwrap();
    // The range in flight at the cancel may have been cut off mid-body.
    let kept = 8 - data.ranges_fetched;
    assert!(kept == first || kept + 1 == first, "{kept} of {first}");
    assert_eq!(
        s.ranged_gets(),
        data.ranges_fetched,
        "only the missing ranges"
    );
    assert_eq!(
        progress.lock().unwrap()[0],
        (kept * MIB) as u64,
        "resumed ranges count once"
    );
    assert!(std::fs::read(&target).unwrap() == bytes);
}

#[test]
fn a_changed_remote_object_restarts_the_download() {
    let s = setup();
    s.put("c.bin", &content(4 * MIB));
    let target = s.dir.path().join("c.bin");
    let token = CancelToken::new();
    let trigger = token.clone();
    let _ = s.cos.download_file(
        DownloadFileParams {
            parallel_limit: Some(1),
            cancel: Some(token),
            on_progress: Some(OnProgress::new(move |p| {
                if p.loaded >= MIB as u64 {
                    trigger.cancel();
                }
            })),
            ..s.download("c.bin", &target)
        },
        |r| r,
    );
    let changed: Vec<u8> = content(4 * MIB).iter().map(|b| b ^ 0xff).collect();
    s.put("c.bin", &changed);
    s.env.emulator.clear_request_log();
    let data = s
        .cos
        .download_file(s.download("c.bin", &target), |r| r)
        .unwrap();
    assert_eq!(data.ranges_fetched, 4, "started over");
    assert!(std::fs::read(&target).unwrap() == changed);

    // Changed while downloading: the pinned ETag fails and it starts over.
    // (Slow ranges make sure the change lands mid-download.)
    s.env.emulator.inject(
        Fault::delay(Duration::from_millis(200))
            .on(Match::get_object())
            .times(3),
    );
    let newest = content(4 * MIB + 1);
    let cos = s.cos.clone();
    let (bucket, newest_clone) = (s.bucket.clone(), newest.clone());
    let mut replaced = false;
    s.cos
        .download_file(
            DownloadFileParams {
                parallel_limit: Some(1),
                on_progress: Some(OnProgress::new(move |p| {
                    if !replaced && p.loaded >= MIB as u64 {
                        replaced = true;
                        cos.put_object(
                            PutObjectParams {
                                bucket: bucket.clone(),
                                region: REGION.into(),
                                key: "c.bin".into(),
                                body: Body::from(newest_clone.clone()),
                                ..Default::default()
                            },
                            |r| r,
                        )
                        .unwrap();
                    }
                })),
                ..s.download("c.bin", &target)
            },
            |r| r,
        )
        .unwrap();
    let got = std::fs::read(&target).unwrap();
    assert_eq!(got.len(), newest.len());
    assert!(got == newest, "the download holds the newest version");
}

#[test]
fn a_corrupt_range_is_refetched_and_a_wrong_crc_never_lands() {
    let s = setup();
    let bytes = content(3 * MIB);
    s.put("k.bin", &bytes);
    let target = s.dir.path().join("k.bin");
    s.env
        .emulator
        .inject(Fault::truncate_body(1000).on(Match::get_object()).times(1));
    s.cos
        .download_file(s.download("k.bin", &target), |r| r)
        .unwrap();
    assert!(std::fs::read(&target).unwrap() == bytes);

    // A range damaged in transit shows only in the whole object's CRC-64:
    // the download starts over once and lands intact.
    std::fs::remove_file(&target).unwrap();
    s.env
        .emulator
        .inject(Fault::corrupt_body().on(Match::get_object()).times(1));
    s.cos
        .download_file(s.download("k.bin", &target), |r| r)
        .unwrap();
    assert!(std::fs::read(&target).unwrap() == bytes);

    // Damaged every time: an integrity error, and nothing at the target.
    std::fs::remove_file(&target).unwrap();
    s.env.emulator.clear_faults();
    s.env
        .emulator
        .inject(Fault::corrupt_body().on(Match::get_object()));
    let err = s
        .cos
        .download_file(s.download("k.bin", &target), |r| r)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Integrity, "{err}");
    assert!(!target.exists());
}

#[test]
fn pause_and_resume_an_upload() {
    let s = setup();
    let bytes = content(6 * MIB);
    let path = s.file("p.bin", &bytes);
    let token = CancelToken::new();
    let control = token.clone();
    let paused_at = Arc::new(Mutex::new(None));
    let seen = Arc::clone(&paused_at);
    let resumer = std::thread::spawn({
        let control = token.clone();
        move || {
            while !control.is_paused() {
                std::thread::sleep(Duration::from_millis(5));
            }
            std::thread::sleep(Duration::from_millis(200));
            control.resume();
        }
    });
    s.cos
        .slice_upload_file(
            SliceUploadFileParams {
                bucket: s.bucket.clone(),
                region: REGION.into(),
                key: "p.bin".into(),
                file_path: path,
                async_limit: Some(1),
                cancel: Some(token),
                on_progress: Some(OnProgress::new(move |p| {
                    if p.loaded >= 2 * MIB as u64 && seen.lock().unwrap().is_none() {
                        *seen.lock().unwrap() = Some(p.loaded);
                        control.pause();
                    }
                })),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    resumer.join().unwrap();
    assert!(paused_at.lock().unwrap().is_some());
    let got = s
        .cos
        .get_object(
            cos_sdk::GetObjectParams {
                bucket: s.bucket.clone(),
                region: REGION.into(),
                key: "p.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(got.body == bytes);
}

#[test]
fn abort_upload_task_levels() {
    let s = setup();
    let init = |key: &str| {
        s.cos
            .multipart_init(
                MultipartInitParams {
                    bucket: s.bucket.clone(),
                    region: REGION.into(),
                    key: key.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
            .upload_id
    };
    let a1 = init("a.bin");
    let _a2 = init("a.bin");
    let _b = init("b.bin");
    let _c = init("dir/c.bin");
    let remaining = || {
        s.cos
            .multipart_list(
                MultipartListParams {
                    bucket: s.bucket.clone(),
                    region: REGION.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
            .upload
            .len()
    };
    let abort = |level, key: &str, upload_id: &str| {
        s.cos
            .abort_upload_task(
                AbortUploadTaskParams {
                    bucket: s.bucket.clone(),
                    region: REGION.into(),
                    level,
                    key: key.into(),
                    upload_id: upload_id.into(),
                },
                |r| r,
            )
            .unwrap()
    };
    let task = abort(AbortLevel::Task, "a.bin", &a1);
    assert_eq!(task.success_list.len(), 1);
    assert_eq!(task.success_list[0].upload_id, a1);
    assert_eq!(remaining(), 3);
    let file = abort(AbortLevel::File, "a.bin", "");
    assert_eq!(file.success_list.len(), 1);
    assert_eq!(remaining(), 2);
    let bucket = abort(AbortLevel::Bucket, "", "");
    assert_eq!(bucket.success_list.len(), 2);
    assert!(bucket.error_list.is_empty());
    assert_eq!(remaining(), 0);
    let err = s
        .cos
        .abort_upload_task(
            AbortUploadTaskParams {
                bucket: s.bucket.clone(),
                region: REGION.into(),
                level: AbortLevel::Task,
                key: "a.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("UploadId"));
}
