//! What the SDK writes on the local disk (downloads, download journals,
//! upload checkpoints) stays correct when calls race each other, when the
//! files are damaged between calls, and when another user plants links.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use cos_sdk::{
    Body, CancelToken, Cos, CosOptions, DownloadFileParams, ErrorKind, GetObjectParams, OnProgress,
    Output, PutObjectParams, SliceUploadFileParams,
};

use crate::common::{Env, REGION, content, md5_hex};

const MIB: usize = 1024 * 1024;

fn put(env: &Env, bucket: &str, key: &str, bytes: &[u8]) {
    env.cos
        .put_object(
            PutObjectParams {
                bucket: bucket.into(),
                region: REGION.into(),
                key: key.into(),
                body: Body::from(bytes.to_vec()),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn two_downloads_to_one_path_never_mix() {
    let env = Arc::new(Env::start());
    let bucket = env.bucket();
    let bytes = content(3 * MIB + 7);
    put(&env, &bucket, "same.bin", &bytes);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("same.bin");
    for _ in 0..5 {
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let (env, bucket, target) = (Arc::clone(&env), bucket.clone(), target.clone());
                std::thread::spawn(move || {
                    env.cos.get_object(
                        GetObjectParams {
                            bucket,
                            region: REGION.into(),
                            key: "same.bin".into(),
                            output: Output::File(target),
                            ..Default::default()
                        },
                        |r| r,
                    )
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap().unwrap();
            // Whichever finished last, the file is the whole object.
        }
        assert!(std::fs::read(&target).unwrap() == bytes);
        assert_eq!(entries(dir.path()), ["same.bin"], "no partial files left");
    }
}

#[test]
fn a_damaged_partial_download_is_repaired_not_trusted() {
    let env = Env::start();
    let bucket = env.bucket();
    let bytes = content(6 * MIB);
    put(&env, &bucket, "d.bin", &bytes);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("d.bin");
    let params = || DownloadFileParams {
        bucket: bucket.clone(),
        region: REGION.into(),
        key: "d.bin".into(),
        file_path: target.clone(),
        parallel_limit: Some(1),
        ..Default::default()
    };
    let cos = Cos::new(CosOptions {
        progress_interval: Duration::ZERO,
        ..env.cos.options().clone()
    })
    .unwrap();
    let token = CancelToken::new();
    let trigger = token.clone();
    let err = cos
        .download_file(
            DownloadFileParams {
                cancel: Some(token),
                on_progress: Some(OnProgress::new(move |p| {
                    if p.loaded >= 3 * MIB as u64 {
                        trigger.cancel();
                    }
                })),
                ..params()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);

    // Damage the first range, which the journal records as done.
    let partial = dir.path().join("d.bin.cos-download");
    let mut on_disk = std::fs::read(&partial).unwrap();
    assert_eq!(on_disk[..MIB], bytes[..MIB], "range 1 was written");
    on_disk[100] ^= 0xff;
    std::fs::write(&partial, &on_disk).unwrap();

    env.emulator.clear_request_log();
    let data = cos.download_file(params(), |r| r).unwrap();
    let ranges: Vec<String> = env
        .emulator
        .request_log()
        .iter()
        .filter_map(|r| r.header("range").map(str::to_string))
        .collect();
    assert!(
        ranges.contains(&format!("bytes=0-{}", MIB - 1)),
        "the damaged range is fetched again: {ranges:?}"
    );
    assert!(data.ranges_fetched < 6, "intact ranges are kept");
    assert!(std::fs::read(&target).unwrap() == bytes);
}

#[test]
fn download_file_refuses_useless_sizes_and_paths() {
    let env = Env::start();
    let bucket = env.bucket();
    let download = |file_path: &str, chunk_size| {
        env.cos
            .download_file(
                DownloadFileParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    key: "k".into(),
                    file_path: file_path.into(),
                    chunk_size,
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap_err()
    };
    assert_eq!(download("", None).parameter(), Some("FilePath"));
    assert_eq!(download("x", Some(1000)).parameter(), Some("ChunkSize"));
    assert!(
        env.emulator.request_log().len() == 1,
        "only the bucket's PUT"
    );
}

/// The name `slice_upload_file` gives the checkpoint of this upload.
fn checkpoint_name(bucket: &str, key: &str, file: &Path) -> String {
    let file = file.canonicalize().unwrap();
    let identity = format!("{bucket}\n{REGION}\n{key}\n{}", file.display());
    format!("{}.checkpoint", md5_hex(identity.as_bytes()))
}

/// Starts a slice upload and cancels it after its first part, leaving a
/// checkpoint behind.
fn interrupted_upload(cos: &Cos, bucket: &str, key: &str, file: &Path) {
    let token = CancelToken::new();
    let trigger = token.clone();
    let err = cos
        .slice_upload_file(
            SliceUploadFileParams {
                bucket: bucket.into(),
                region: REGION.into(),
                key: key.into(),
                file_path: file.to_path_buf(),
                async_limit: Some(1),
                cancel: Some(token),
                on_progress: Some(OnProgress::new(move |p| {
                    if p.loaded >= MIB as u64 {
                        trigger.cancel();
                    }
                })),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
}

#[cfg(unix)]
#[test]
fn checkpoints_never_write_through_a_planted_link() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let checkpoints = dir.path().join("checkpoints");
    std::fs::create_dir(&checkpoints).unwrap();
    let cos = Cos::new(CosOptions {
        checkpoint_dir: Some(checkpoints.clone()),
        progress_interval: Duration::ZERO,
        ..env.cos.options().clone()
    })
    .unwrap();
    let file = dir.path().join("up.bin");
    let bytes = content(3 * MIB);
    std::fs::write(&file, &bytes).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(
        &victim,
        checkpoints.join(checkpoint_name(&bucket, "up.bin", &file)),
    )
    .unwrap();

    interrupted_upload(&cos, &bucket, "up.bin", &file);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let names = entries(&checkpoints);
    assert_eq!(names, [checkpoint_name(&bucket, "up.bin", &file)]);
    // The link was replaced by a real checkpoint, which resumes the upload.
    let path = checkpoints.join(&names[0]);
    assert!(!path.symlink_metadata().unwrap().file_type().is_symlink());
    cos.slice_upload_file(
        SliceUploadFileParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "up.bin".into(),
            file_path: file.clone(),
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
    assert!(entries(&checkpoints).is_empty());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");

    // A download journal planted as a link is replaced, not written through.
    let target = dir.path().join("down.bin");
    std::os::unix::fs::symlink(&victim, dir.path().join("down.bin.cos-download")).unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("down.bin.cos-download.checkpoint"))
        .unwrap();
    cos.download_file(
        DownloadFileParams {
            bucket,
            region: REGION.into(),
            key: "up.bin".into(),
            file_path: target.clone(),
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
    assert!(std::fs::read(&target).unwrap() == bytes);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn default_checkpoints_live_in_a_private_per_user_directory() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = Cos::new(CosOptions {
        checkpoint_dir: None,
        progress_interval: Duration::ZERO,
        ..env.cos.options().clone()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("default.bin");
    std::fs::write(&file, content(3 * MIB)).unwrap();
    interrupted_upload(&cos, &bucket, "default.bin", &file);

    let name = checkpoint_name(&bucket, "default.bin", &file);
    let home = std::env::var_os(if cfg!(windows) {
        "LOCALAPPDATA"
    } else {
        "HOME"
    });
    let expected_base = match (std::env::var_os("XDG_CACHE_HOME"), home) {
        (_, Some(home)) if cfg!(windows) => Path::new(&home).to_path_buf(),
        (_, Some(home)) if cfg!(target_os = "macos") => Path::new(&home).join("Library/Caches"),
        (Some(xdg), _) if Path::new(&xdg).is_absolute() => Path::new(&xdg).to_path_buf(),
        (_, Some(home)) => Path::new(&home).join(".cache"),
        _ => return, // no home: the per-user temp fallback, covered by unit tests
    };
    let checkpoints = expected_base.join("cos-sdk").join("checkpoints");
    let path = checkpoints.join(&name);
    assert!(path.is_file(), "{} exists", path.display());
    assert!(
        !std::env::temp_dir()
            .join("cos-sdk-checkpoints")
            .join(&name)
            .exists()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&checkpoints)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only the user can enter it");
    }
    // Finishing the upload removes the checkpoint.
    cos.slice_upload_file(
        SliceUploadFileParams {
            bucket,
            region: REGION.into(),
            key: "default.bin".into(),
            file_path: file,
            ..Default::default()
        },
        |r| r,
    )
    .unwrap();
    assert!(!path.exists());
}
