//! Soak: a large `slice_upload_file` and `download_file`, five times, through
//! about 5% mixed faults in both directions (resets, lost answers,
//! truncated and corrupted bodies). Every run must succeed with identical
//! bytes and leave no unfinished upload. `COS_SOAK_MIB` sets the size
//! (default 300 MiB, as the reliability promise states it).

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Instant;

use cos_emulator::Fault;
use cos_sdk::{DownloadFileParams, MultipartListParams, SliceUploadFileParams};

use crate::common::{Env, REGION};
use crate::fast_client;

const MIB: u64 = 1024 * 1024;

/// Writes `size` bytes of reproducible, non-repeating content.
fn write_content(path: &Path, size: u64) {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(File::create(path).unwrap());
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut block = vec![0u8; MIB as usize];
    for _ in 0..size / MIB {
        for chunk in block.chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            chunk.copy_from_slice(&state.to_le_bytes());
        }
        file.write_all(&block).unwrap();
    }
    file.flush().unwrap();
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    let (mut a, mut b) = (File::open(a).unwrap(), File::open(b).unwrap());
    let (mut x, mut y) = (vec![0u8; MIB as usize], vec![0u8; MIB as usize]);
    loop {
        let n = a.read(&mut x).unwrap();
        if n == 0 {
            return b.read(&mut y).unwrap() == 0;
        }
        if b.read_exact(&mut y[..n]).is_err() || x[..n] != y[..n] {
            return false;
        }
    }
}

#[test]
fn large_transfers_survive_five_percent_mixed_faults() {
    let mib: u64 = std::env::var("COS_SOAK_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    // At a sustained 5% fault rate, three attempts per part (Node's
    // default ChunkRetryTimes 2) fail a 300-part transfer now and then:
    // give each request five retries, as a user on such a network would.
    let cos = fast_client(&env, |o| {
        o.checkpoint_dir = Some(dir.path().join("cp"));
        o.max_retries = 5;
        o.chunk_retry_times = 5;
    });
    let source = dir.path().join("source.bin");
    write_content(&source, mib * MIB);

    // About 1% each, on every kind of request: 5% of requests fail somehow.
    let faults = [
        Fault::reset_after(100_000),
        Fault::drop_answer(),
        Fault::truncate_body(1000),
        Fault::corrupt_request_body(),
        Fault::corrupt_body(),
    ];
    for (seed, fault) in faults.into_iter().enumerate() {
        env.emulator
            .inject(fault.probability(0.01).seed(seed as u64 + 101));
    }
    for run in 0..5 {
        let started = Instant::now();
        let key = format!("soak-{run}.bin");
        cos.slice_upload_file(
            SliceUploadFileParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: key.clone(),
                file_path: source.clone(),
                async_limit: Some(4),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_or_else(|e| panic!("upload {run}: {e}"));
        let target = dir.path().join(format!("back-{run}.bin"));
        cos.download_file(
            DownloadFileParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key,
                file_path: target.clone(),
                retry_times: Some(5),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_or_else(|e| panic!("download {run}: {e}"));
        assert!(same_bytes(&source, &target), "run {run}: bytes differ");
        std::fs::remove_file(&target).unwrap();
        eprintln!(
            "soak run {run}: {mib} MiB up and down in {:.1}s, {} faults so far",
            started.elapsed().as_secs_f64(),
            env.emulator.faults_hit()
        );
    }
    assert!(env.emulator.faults_hit() > 0, "faults were injected");
    env.emulator.clear_faults();
    let pending = cos
        .multipart_list(
            MultipartListParams {
                bucket,
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(pending.upload.is_empty(), "{:?}", pending.upload);
}
