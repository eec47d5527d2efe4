//! slice_upload_file: boundaries, part-size growth, progress, cancellation
//! and resume, a changed file.
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cos_sdk::{
    CancelToken, Cos, CosOptions, ErrorKind, GetObjectParams, HeadObjectParams, Headers,
    MultipartListParams, OnProgress, ProgressInfo, SliceUploadFileParams,
};

use crate::common::{Env, REGION, content};

const MIB: usize = 1024 * 1024;

struct Setup {
    env: Env,
    bucket: String,
    cos: Cos,
    dir: tempfile::TempDir,
}

fn setup(tune: impl FnOnce(&mut CosOptions)) -> Setup {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let mut options = CosOptions {
        checkpoint_dir: Some(dir.path().join("checkpoints")),
        progress_interval: Duration::ZERO,
        ..env.cos.options().clone()
    };
    tune(&mut options);
    let cos = Cos::new(options).unwrap();
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

    fn params(&self, key: &str, path: &Path) -> SliceUploadFileParams {
        SliceUploadFileParams {
            bucket: self.bucket.clone(),
            region: REGION.into(),
            key: key.into(),
            file_path: path.to_path_buf(),
            ..Default::default()
        }
    }

    fn get(&self, key: &str) -> Vec<u8> {
        self.cos
            .get_object(
                GetObjectParams {
                    bucket: self.bucket.clone(),
                    region: REGION.into(),
                    key: key.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
            .body
    }

    /// Part numbers uploaded for `key` since the log was cleared.
    fn parts_sent(&self, key: &str) -> Vec<u32> {
        let mut numbers: Vec<u32> = self
            .env
            .emulator
            .request_log()
            .iter()
            .filter(|r| r.method == "PUT" && r.status == 200 && r.path.ends_with(key))
            .filter_map(|r| {
                r.query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("partNumber="))
                    .and_then(|n| n.parse().ok())
            })
            .collect();
        numbers.sort();
        numbers
    }

    fn uploads(&self, key: &str) -> Vec<String> {
        self.cos
            .multipart_list(
                MultipartListParams {
                    bucket: self.bucket.clone(),
                    region: REGION.into(),
                    prefix: key.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
            .upload
            .into_iter()
            .map(|u| u.upload_id)
            .collect()
    }
}

fn recorder() -> (OnProgress, Arc<Mutex<Vec<ProgressInfo>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    (OnProgress::new(move |p| sink.lock().unwrap().push(p)), seen)
}

fn assert_monotonic_and_complete(events: &[ProgressInfo], total: u64) {
    assert!(!events.is_empty());
    assert!(
        events.windows(2).all(|w| w[0].loaded <= w[1].loaded),
        "progress went backwards: {:?}",
        events.iter().map(|p| p.loaded).collect::<Vec<_>>()
    );
    assert!(events.iter().all(|p| p.total == total && p.loaded <= total));
    let last = events.last().unwrap();
    assert_eq!((last.loaded, last.percent), (total, 1.0));
}

#[test]
fn sizes_around_the_part_boundaries() {
    let s = setup(|_| {});
    for size in [1, MIB - 1, MIB, MIB + 1, 3 * MIB] {
        let key = format!("b{size}.bin");
        let bytes = content(size);
        let path = s.file(&key, &bytes);
        s.env.emulator.clear_request_log();
        let data = s
            .cos
            .slice_upload_file(s.params(&key, &path), |r| r)
            .unwrap();
        assert!(!data.upload_id.is_empty(), "{size}");
        assert!(
            data.etag.ends_with(&format!("-{}\"", size.div_ceil(MIB))),
            "{size}: {}",
            data.etag
        );
        let expected: Vec<u32> = (1..=size.div_ceil(MIB) as u32).collect();
        assert_eq!(s.parts_sent(&key), expected, "{size}");
        assert_eq!(s.get(&key), bytes, "{size}");
        assert!(s.uploads(&key).is_empty());
    }
}

#[test]
fn empty_file_goes_through_put_object() {
    let s = setup(|_| {});
    let path = s.file("empty.bin", b"");
    let mut headers = Headers::new();
    headers.insert("x-cos-meta-kind", "empty");
    let (on_progress, seen) = recorder();
    let data = s
        .cos
        .slice_upload_file(
            SliceUploadFileParams {
                headers,
                on_progress: Some(on_progress),
                ..s.params("empty.bin", &path)
            },
            |r| r,
        )
        .unwrap();
    assert!(data.upload_id.is_empty());
    assert_eq!(data.etag, "\"d41d8cd98f00b204e9800998ecf8427e\"");
    let head = s
        .cos
        .head_object(
            HeadObjectParams {
                bucket: s.bucket.clone(),
                region: REGION.into(),
                key: "empty.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(head.headers.get("content-length"), Some("0"));
    assert_eq!(head.headers.get("x-cos-meta-kind"), Some("empty"));
    assert_monotonic_and_complete(&seen.lock().unwrap(), 0);
}

#[test]
fn part_size_grows_to_fit_the_part_limit() {
    let s = setup(|o| o.max_part_number = 4);
    let bytes = content(5 * MIB + 1);
    let path = s.file("grow.bin", &bytes);
    s.env.emulator.clear_request_log();
    s.cos
        .slice_upload_file(s.params("grow.bin", &path), |r| r)
        .unwrap();
    assert_eq!(s.parts_sent("grow.bin"), [1, 2, 3], "2 MiB parts");
    let sizes: Vec<u64> = s
        .env
        .emulator
        .request_log()
        .iter()
        .filter(|r| r.query.contains("partNumber"))
        .map(|r| r.bytes_received)
        .collect();
    assert!(
        sizes.contains(&(2 * MIB as u64)) && sizes.contains(&(MIB as u64 + 1)),
        "{sizes:?}"
    );
    assert_eq!(s.get("grow.bin"), bytes);
}

#[test]
fn progress_is_monotonic_and_ends_at_the_size() {
    let s = setup(|_| {});
    let bytes = content(6 * MIB + 5);
    let path = s.file("p.bin", &bytes);
    let (on_progress, seen) = recorder();
    s.cos
        .slice_upload_file(
            SliceUploadFileParams {
                async_limit: Some(4),
                on_progress: Some(on_progress),
                ..s.params("p.bin", &path)
            },
            |r| r,
        )
        .unwrap();
    let events = seen.lock().unwrap();
    assert!(
        events.len() > 7,
        "progress during the upload, not only at the end: {}",
        events.len()
    );
    assert_monotonic_and_complete(&events, bytes.len() as u64);
}

#[test]
fn cancel_then_resume_uploads_only_the_missing_parts() {
    let s = setup(|_| {});
    let bytes = content(8 * MIB);
    let path = s.file("resume.bin", &bytes);
    let token = CancelToken::new();
    let trigger = token.clone();
    let on_progress = OnProgress::new(move |p| {
        if p.loaded >= 3 * MIB as u64 {
            trigger.cancel();
        }
    });
    let err = s
        .cos
        .slice_upload_file(
            SliceUploadFileParams {
                async_limit: Some(1),
                cancel: Some(token),
                on_progress: Some(on_progress),
                ..s.params("resume.bin", &path)
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    let pending = s.uploads("resume.bin");
    assert_eq!(pending.len(), 1, "the upload is kept for resuming");
    let first_round = s.parts_sent("resume.bin");
    assert!(
        !first_round.is_empty() && first_round.len() < 8,
        "{first_round:?}"
    );

    s.env.emulator.clear_request_log();
    let (on_hash, hashed) = recorder();
    let (on_progress, progress) = recorder();
    let data = s
        .cos
        .slice_upload_file(
            SliceUploadFileParams {
                on_hash_progress: Some(on_hash),
                on_progress: Some(on_progress),
                ..s.params("resume.bin", &path)
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(data.upload_id, pending[0], "the same upload was resumed");
    let second_round = s.parts_sent("resume.bin");
    let mut all: Vec<u32> = first_round.iter().chain(&second_round).copied().collect();
    all.sort();
    assert_eq!(
        all,
        (1..=8).collect::<Vec<u32>>(),
        "each part uploaded exactly once"
    );
    let resumed_bytes = (first_round.len() * MIB) as u64;
    assert_monotonic_and_complete(&hashed.lock().unwrap(), resumed_bytes);
    let progress = progress.lock().unwrap();
    assert_eq!(
        progress[0].loaded, resumed_bytes,
        "resumed parts count once, from the start"
    );
    assert_monotonic_and_complete(&progress, bytes.len() as u64);
    assert_eq!(s.get("resume.bin"), bytes);
    assert!(s.uploads("resume.bin").is_empty());
}

#[test]
fn a_changed_file_starts_over_and_aborts_the_stale_upload() {
    let s = setup(|_| {});
    let path = s.file("changed.bin", &content(4 * MIB));
    let token = CancelToken::new();
    let trigger = token.clone();
    let err = s
        .cos
        .slice_upload_file(
            SliceUploadFileParams {
                async_limit: Some(1),
                cancel: Some(token),
                on_progress: Some(OnProgress::new(move |p| {
                    if p.loaded >= MIB as u64 {
                        trigger.cancel();
                    }
                })),
                ..s.params("changed.bin", &path)
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    let stale = s.uploads("changed.bin");
    assert_eq!(stale.len(), 1);

    let new_bytes: Vec<u8> = content(4 * MIB).iter().map(|b| b ^ 0x5a).collect();
    std::fs::write(&path, &new_bytes).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    drop(file);

    s.env.emulator.clear_request_log();
    let data = s
        .cos
        .slice_upload_file(s.params("changed.bin", &path), |r| r)
        .unwrap();
    assert_ne!(data.upload_id, stale[0]);
    assert_eq!(
        s.parts_sent("changed.bin"),
        [1, 2, 3, 4],
        "everything uploaded again"
    );
    assert!(
        s.uploads("changed.bin").is_empty(),
        "the stale upload was aborted, not orphaned"
    );
    assert_eq!(s.get("changed.bin"), new_bytes);
}

#[test]
fn headers_given_apply_to_the_object() {
    let s = setup(|_| {});
    let path = s.file("h.bin", &content(2 * MIB));
    let mut headers = Headers::new();
    headers.insert("x-cos-meta-origin", "slice");
    s.cos
        .slice_upload_file(
            SliceUploadFileParams {
                attributes: cos_sdk::ObjectAttributes {
                    content_type: "application/x-slice".into(),
                    storage_class: Some("STANDARD_IA".into()),
                    ..Default::default()
                },
                headers,
                ..s.params("h.bin", &path)
            },
            |r| r,
        )
        .unwrap();
    let head = s
        .cos
        .head_object(
            HeadObjectParams {
                bucket: s.bucket.clone(),
                region: REGION.into(),
                key: "h.bin".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(head.headers.get("x-cos-meta-origin"), Some("slice"));
    assert_eq!(
        head.headers.get("content-type"),
        Some("application/x-slice")
    );
    assert_eq!(head.headers.get("x-cos-storage-class"), Some("STANDARD_IA"));
}

#[test]
fn bad_params_are_refused_before_sending() {
    let s = setup(|_| {});
    s.env.emulator.clear_request_log();
    let err = s
        .cos
        .slice_upload_file(s.params("x", Path::new("/no/such/file")), |r| r)
        .unwrap_err();
    assert_eq!(err.parameter(), Some("FilePath"));
    let err = s
        .cos
        .slice_upload_file(s.params("x", s.dir.path()), |r| r)
        .unwrap_err();
    assert_eq!(err.parameter(), Some("FilePath"));
    let path = s.file("small.bin", b"abc");
    let err = s
        .cos
        .slice_upload_file(
            SliceUploadFileParams {
                chunk_size: Some(1000),
                ..s.params("x", &path)
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("ChunkSize"));
    let err = s
        .cos
        .slice_upload_file(
            SliceUploadFileParams {
                async_limit: Some(0),
                ..s.params("x", &path)
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("AsyncLimit"));
    assert!(s.env.emulator.request_log().is_empty());
}

#[test]
fn parts_carry_an_md5_only_when_asked() {
    for check_md5 in [false, true] {
        let s = setup(|o| o.upload_check_content_md5 = check_md5);
        let bytes = content(3 * MIB + 1);
        let path = s.file("m.bin", &bytes);
        s.env.emulator.clear_request_log();
        s.cos
            .slice_upload_file(s.params("m.bin", &path), |r| r)
            .unwrap();
        let parts: Vec<_> = s
            .env
            .emulator
            .request_log()
            .into_iter()
            .filter(|r| r.method == "PUT" && r.query.contains("partNumber"))
            .collect();
        assert_eq!(parts.len(), 4);
        // Without it, each part is checked by its CRC-64 instead.
        assert!(
            parts
                .iter()
                .all(|r| r.header("content-md5").is_some() == check_md5),
            "UploadCheckContentMd5 = {check_md5}"
        );
        assert_eq!(s.get("m.bin"), bytes);
    }
}
