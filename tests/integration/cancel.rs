//! Cancelling from another thread stops bodies in flight, not only
//! between parts, and leaves nothing half-done behind.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use cos_sdk::{
    Body, CancelToken, Cos, CosOptions, ErrorKind, GetObjectParams, HeadObjectParams, OnProgress,
    Output, PutObjectParams,
};

use crate::common::{Env, REGION};

const MIB: u64 = 1024 * 1024;
const BIG: u64 = 300 * MIB;

/// A client reporting every progress step, and a token that another thread
/// cancels once `loaded` passes 8 MiB.
fn cancelling_setup(
    env: &Env,
) -> (
    Cos,
    CancelToken,
    Arc<AtomicU64>,
    std::thread::JoinHandle<()>,
) {
    let cos = Cos::new(CosOptions {
        progress_interval: Duration::ZERO,
        ..env.cos.options().clone()
    })
    .unwrap();
    let token = CancelToken::new();
    let loaded = Arc::new(AtomicU64::new(0));
    let canceller = {
        let (token, loaded) = (token.clone(), Arc::clone(&loaded));
        std::thread::spawn(move || {
            while loaded.load(Ordering::SeqCst) < 8 * MIB {
                std::thread::sleep(Duration::from_millis(1));
            }
            token.cancel();
        })
    };
    (cos, token, loaded, canceller)
}

fn progress_into(loaded: &Arc<AtomicU64>) -> Option<OnProgress> {
    let loaded = Arc::clone(loaded);
    Some(OnProgress::new(move |p| {
        loaded.store(p.loaded, Ordering::SeqCst)
    }))
}

#[test]
fn cancel_interrupts_a_large_put_object_mid_body() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    std::fs::File::create(&path).unwrap().set_len(BIG).unwrap();
    let (cos, token, loaded, canceller) = cancelling_setup(&env);
    let err = cos
        .put_object(
            PutObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "big.bin".into(),
                body: Body::from_file(&path),
                on_progress: progress_into(&loaded),
                cancel: Some(token),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    canceller.join().unwrap();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert!(loaded.load(Ordering::SeqCst) < BIG, "stopped mid-body");
    let head = env.cos.head_object(
        HeadObjectParams {
            bucket,
            region: REGION.into(),
            key: "big.bin".into(),
            ..Default::default()
        },
        |r| r,
    );
    assert_eq!(head.unwrap_err().status_code(), Some(404), "nothing stored");
}

#[test]
fn cancel_interrupts_a_large_get_object_and_leaves_no_partial_file() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.bin");
    std::fs::File::create(&source)
        .unwrap()
        .set_len(BIG)
        .unwrap();
    env.cos
        .put_object(
            PutObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "big.bin".into(),
                body: Body::from_file(&source),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    std::fs::remove_file(&source).unwrap();

    let target = dir.path().join("down.bin");
    let (cos, token, loaded, canceller) = cancelling_setup(&env);
    let err = cos
        .get_object(
            GetObjectParams {
                bucket,
                region: REGION.into(),
                key: "big.bin".into(),
                output: Output::File(target.clone()),
                on_progress: progress_into(&loaded),
                cancel: Some(token),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    canceller.join().unwrap();
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert!(loaded.load(Ordering::SeqCst) < BIG, "stopped mid-body");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "no partial file: {left:?}");
}

#[test]
fn a_paused_request_waits_then_goes_on_resume_or_stops_on_cancel() {
    // Pause is a condition variable, not a polling loop: the waiter holds
    // no CPU and wakes for both resume and cancel.
    let env = Env::start();
    let bucket = env.bucket();
    let paused_put = |key: &str, token: &CancelToken| {
        let (token, cos, bucket, key) = (
            token.clone(),
            env.cos.clone(),
            bucket.clone(),
            key.to_string(),
        );
        std::thread::spawn(move || {
            cos.put_object(
                PutObjectParams {
                    bucket,
                    region: REGION.into(),
                    key,
                    body: Body::from("x"),
                    cancel: Some(token),
                    ..Default::default()
                },
                |r| r,
            )
        })
    };
    let token = CancelToken::new();
    token.pause();
    let resumed = paused_put("resumed", &token);
    std::thread::sleep(Duration::from_millis(50));
    assert!(
        env.emulator
            .request_log()
            .iter()
            .all(|r| r.method != "PUT" || r.path.ends_with('/'))
    );
    token.resume();
    resumed.join().unwrap().unwrap();

    let token = CancelToken::new();
    token.pause();
    let cancelled = paused_put("cancelled", &token);
    token.cancel();
    let err = cancelled.join().unwrap().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
}

#[test]
fn a_paused_transfer_holds_no_thread_another_transfer_needs() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    // A pool of two part threads, and a first transfer that wants both.
    let cos = Cos::new(CosOptions {
        chunk_parallel_limit: 2,
        copy_chunk_parallel_limit: 2,
        progress_interval: Duration::ZERO,
        checkpoint_dir: Some(dir.path().join("cp")),
        ..env.cos.options().clone()
    })
    .unwrap();
    let upload = |name: &str, size: u64, token: Option<CancelToken>, progress| {
        let path = dir.path().join(name);
        std::fs::write(&path, crate::common::content(size as usize)).unwrap();
        let (cos, bucket, key) = (cos.clone(), bucket.clone(), name.to_string());
        std::thread::spawn(move || {
            cos.slice_upload_file(
                cos_sdk::SliceUploadFileParams {
                    bucket,
                    region: REGION.into(),
                    key,
                    file_path: path,
                    async_limit: Some(2),
                    cancel: token,
                    on_progress: progress,
                    ..Default::default()
                },
                |r| r,
            )
        })
    };
    let token = CancelToken::new();
    let pauser = token.clone();
    let first = upload(
        "first.bin",
        8 * MIB,
        Some(token.clone()),
        Some(OnProgress::new({
            let mut paused_once = false;
            move |p| {
                if p.loaded >= MIB && !paused_once {
                    paused_once = true;
                    pauser.pause();
                }
            }
        })),
    );
    while !token.is_paused() {
        std::thread::sleep(Duration::from_millis(1));
    }
    // The first transfer stays paused until the second is done: had it kept
    // its pool threads, the second could never finish (the test would time
    // out instead of passing).
    let (done, finished) = crossbeam_channel::bounded(1);
    let second = upload("second.bin", 3 * MIB, None, None);
    std::thread::spawn(move || {
        let _ = done.send(second.join().unwrap());
    });
    let result = finished
        .recv_timeout(Duration::from_secs(120))
        .expect("the second transfer finished while the first was paused");
    result.unwrap();
    assert!(token.is_paused(), "still paused");
    token.resume();
    first.join().unwrap().unwrap();
}

#[test]
fn every_operation_takes_a_cancel_token() {
    let env = Env::start();
    let bucket = env.bucket();
    let token = CancelToken::new();
    token.cancel();
    env.emulator.clear_request_log();
    let err = env
        .cos
        .head_object(
            HeadObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "k".into(),
                cancel: Some(token.clone()),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    let err = env
        .cos
        .get_bucket(
            cos_sdk::GetBucketParams {
                bucket,
                region: REGION.into(),
                cancel: Some(token),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(env.emulator.request_log().is_empty(), "nothing was sent");
}
