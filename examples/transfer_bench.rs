//! Transfer benchmark, all against the emulator on loopback, in one run:
//!
//! - uploads: `slice_upload_file` at several `AsyncLimit`s against one raw
//!   streamed PUT of the same bytes through ureq (the baseline);
//! - downloads: `get_object` into a file (`Output::File`) against a raw
//!   ureq GET of the same object streamed to a file (the baseline).
//!
//! ```text
//! cargo run --release --example transfer_bench -- [--size-mib 1024] [--chunk-mib 8] [--limits 1,2,4,8] [--runs upload,download] [--rounds 3]
//! ```
//!
//! Each measurement runs in a fresh child process that holds only the
//! client, so its peak RSS (`VmHWM`) is the client's own. Reports MB/s, the
//! ratio to the baseline, and peak RSS (against `ChunkSize × AsyncLimit`
//! for uploads). The raw PUT always runs: it stores the object the
//! downloads read. Rounds run every row once, in turn, and each row reports
//! its median; the parent runs `sync` before each child, so no row pays for
//! the writeback of the one before. Numbers are measured, never asserted:
//! see BENCHMARKS.md.

use std::error::Error;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use cos_emulator::Emulator;
use cos_sdk::{
    Cos, CosOptions, DownloadFileParams, GetAuthorizationOptions, GetObjectParams, Headers, Output,
    PutBucketParams, SliceUploadFileParams,
};

#[path = "support/measure.rs"]
mod measure;

const MIB: u64 = 1024 * 1024;
const REGION: &str = "ap-guangzhou";

struct Args {
    size_mib: u64,
    chunk_mib: u64,
    limits: Vec<usize>,
    uploads: bool,
    downloads: bool,
    rounds: usize,
}

fn parse_args(args: &[String]) -> Result<Args, Box<dyn Error>> {
    let mut parsed = Args {
        size_mib: 1024,
        chunk_mib: 8,
        limits: vec![1, 2, 4, 8],
        uploads: true,
        downloads: true,
        rounds: 3,
    };
    let mut i = 0;
    while i < args.len() {
        let value = args
            .get(i + 1)
            .ok_or_else(|| format!("{} needs a value", args[i]))?;
        match args[i].as_str() {
            "--size-mib" => parsed.size_mib = value.parse()?,
            "--chunk-mib" => parsed.chunk_mib = value.parse()?,
            "--rounds" => parsed.rounds = value.parse::<usize>()?.max(1),
            "--limits" => {
                parsed.limits = value.split(',').map(str::parse).collect::<Result<_, _>>()?;
            }
            "--runs" => {
                let runs: Vec<&str> = value.split(',').collect();
                if let Some(bad) = runs.iter().find(|r| !["upload", "download"].contains(r)) {
                    return Err(format!("--runs takes upload,download, not {bad}").into());
                }
                parsed.uploads = runs.contains(&"upload");
                parsed.downloads = runs.contains(&"download");
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
        i += 2;
    }
    Ok(parsed)
}

/// CPU seconds (user + system) this process used so far.
fn cpu_seconds() -> f64 {
    // Fields 14 and 15 of /proc/self/stat, in clock ticks (100 per second
    // on Linux); the name in field 2 may hold spaces, so count from ')'.
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let user: f64 = fields.get(11)?.parse().ok()?;
            let system: f64 = fields.get(12)?.parse().ok()?;
            Some((user + system) / 100.0)
        })
        .unwrap_or(0.0)
}

/// Child: one measurement; prints `seconds rss_kib cpu_seconds`.
fn child(args: &[String]) -> Result<(), Box<dyn Error>> {
    let [mode, endpoint, id, key, bucket, file, chunk, limit] = args else {
        return Err("child needs 8 arguments".into());
    };
    let size = std::fs::metadata(file)?.len();
    let started = Instant::now();
    match mode.as_str() {
        "raw" => raw_put(endpoint, id, key, bucket, Path::new(file), size)?,
        "raw-get" | "raw-get-sync" => raw_get(
            endpoint,
            id,
            key,
            bucket,
            &download_path(file, mode),
            mode == "raw-get-sync",
        )?,
        "sdk-get" => {
            let cos = Cos::new(CosOptions {
                secret_id: id.clone(),
                secret_key: key.clone(),
                protocol: "http".into(),
                ip: endpoint.clone(),
                ..Default::default()
            })?;
            cos.get_object(
                GetObjectParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    key: "raw.bin".into(),
                    output: Output::File(download_path(file, mode).into()),
                    ..Default::default()
                },
                |r| r,
            )?;
        }
        "sdk-download" => {
            let cos = Cos::new(CosOptions {
                secret_id: id.clone(),
                secret_key: key.clone(),
                protocol: "http".into(),
                ip: endpoint.clone(),
                checkpoint_dir: Some(
                    std::env::temp_dir().join(format!("cos-bench-{}", std::process::id())),
                ),
                ..Default::default()
            })?;
            cos.download_file(
                DownloadFileParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    key: "raw.bin".into(),
                    file_path: download_path(file, mode).into(),
                    chunk_size: Some(chunk.parse::<u64>()? * MIB),
                    ..Default::default()
                },
                |r| r,
            )?;
        }
        _ => {
            let cos = Cos::new(CosOptions {
                secret_id: id.clone(),
                secret_key: key.clone(),
                protocol: "http".into(),
                ip: endpoint.clone(),
                chunk_size: chunk.parse::<u64>()? * MIB,
                checkpoint_dir: Some(
                    std::env::temp_dir().join(format!("cos-bench-{}", std::process::id())),
                ),
                ..Default::default()
            })?;
            cos.slice_upload_file(
                SliceUploadFileParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    key: format!("slice-{limit}.bin"),
                    file_path: file.into(),
                    async_limit: Some(limit.parse()?),
                    ..Default::default()
                },
                |r| r,
            )?;
        }
    }
    println!(
        "{} {} {}",
        started.elapsed().as_secs_f64(),
        measure::peak_rss_kib(),
        cpu_seconds()
    );
    Ok(())
}

/// The baseline: the file streamed in one signed PUT with plain ureq.
fn raw_put(
    endpoint: &str,
    id: &str,
    key: &str,
    bucket: &str,
    file: &Path,
    size: u64,
) -> Result<(), Box<dyn Error>> {
    let host = format!("{bucket}.cos.{REGION}.myqcloud.com");
    let headers = Headers::from([
        ("host", host.as_str()),
        ("content-length", &size.to_string()),
    ]);
    let authorization = cos_sdk::get_authorization(&GetAuthorizationOptions {
        secret_id: id.into(),
        secret_key: key.into(),
        method: "PUT".into(),
        key: "raw.bin".into(),
        headers,
        ..Default::default()
    })?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .put(format!("http://{endpoint}/raw.bin"))
        .header("host", &host)
        .header("content-length", size.to_string())
        .header("authorization", authorization)
        .send(ureq::SendBody::from_owned_reader(File::open(file)?))?;
    if response.status() != 200 {
        return Err(format!("raw PUT answered {}", response.status()).into());
    }
    Ok(())
}

/// Where a download run writes the object.
fn download_path(file: &str, mode: &str) -> String {
    format!("{file}.{mode}")
}

/// The download baseline: the object the raw PUT stored, fetched by one
/// signed GET with plain ureq and streamed to a file in 64 KiB writes (the
/// size `get_object` copies with), no checksum, no rename; with `sync`,
/// `fsync`ed at the end as `get_object` does before its rename.
fn raw_get(
    endpoint: &str,
    id: &str,
    key: &str,
    bucket: &str,
    target: &str,
    sync: bool,
) -> Result<(), Box<dyn Error>> {
    let host = format!("{bucket}.cos.{REGION}.myqcloud.com");
    let authorization = cos_sdk::get_authorization(&GetAuthorizationOptions {
        secret_id: id.into(),
        secret_key: key.into(),
        method: "GET".into(),
        key: "raw.bin".into(),
        headers: Headers::from([("host", host.as_str())]),
        ..Default::default()
    })?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(format!("http://{endpoint}/raw.bin"))
        .header("host", &host)
        .header("authorization", authorization)
        .call()?;
    if response.status() != 200 {
        return Err(format!("raw GET answered {}", response.status()).into());
    }
    let mut body = response.into_body().into_reader();
    let mut out = File::create(target)?;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = body.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        out.write_all(&buffer[..n])?;
    }
    if sync {
        out.sync_all()?;
    }
    Ok(())
}

/// The Node side of the comparison, when node and the official SDK (from
/// `bash compat/run.sh`) are installed.
fn node_bench() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("compat/node/bench.js")
}

fn node_available() -> bool {
    let sdk =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("compat/node/node_modules/cos-nodejs-sdk-v5");
    sdk.is_dir()
        && Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// A row of a table: a child mode and its `AsyncLimit` / ranges.
struct Row {
    mode: &'static str,
    label: String,
    limit: usize,
}

impl Row {
    fn new(mode: &'static str, label: &str, limit: usize) -> Row {
        Row {
            mode,
            label: label.to_string(),
            limit,
        }
    }
}

/// What one child run measured.
#[derive(Clone, Copy)]
struct Sample {
    seconds: f64,
    rss_kib: u64,
    cpu: f64,
}

impl Sample {
    /// The row's columns up to peak RSS.
    fn line(&self, label: &str, mb: f64, base_rate: f64) -> String {
        let rate = mb / self.seconds;
        format!(
            "{label:<28} {:>8.2} {rate:>8.1} {:>7.2} {:>11.2} {:>13.1}",
            self.seconds,
            rate / base_rate,
            self.cpu,
            self.rss_kib as f64 / 1024.0
        )
    }
}

/// Each figure's median over the rounds (the middle one, or the upper of
/// the two middle ones), taken separately.
fn median(samples: &[Sample]) -> Sample {
    let middle = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    Sample {
        seconds: middle(samples.iter().map(|s| s.seconds).collect()),
        rss_kib: middle(samples.iter().map(|s| s.rss_kib as f64).collect()) as u64,
        cpu: middle(samples.iter().map(|s| s.cpu).collect()),
    }
}

/// One child run: wall seconds, peak RSS KiB, client CPU seconds.
fn measure(
    me: &Path,
    mode: &str,
    fixed: &[String],
    limit: usize,
) -> Result<Sample, Box<dyn Error>> {
    let mut args = vec!["child".to_string(), mode.to_string()];
    args.extend(fixed.iter().cloned());
    args.push(limit.to_string());
    let output = if mode.starts_with("node") {
        // The official Node SDK, installed by compat/run.sh (npm).
        let mut node_args = vec![node_bench().display().to_string()];
        node_args.extend(args[2..].iter().cloned());
        if mode == "node-download" {
            node_args.push(download_path(&fixed[4], mode));
        }
        Command::new("node").args(&node_args).output()?
    } else {
        Command::new(me).args(&args).output()?
    };
    if !output.status.success() {
        return Err(format!(
            "{mode} run failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let text = String::from_utf8(output.stdout)?;
    let mut fields = text.split_whitespace();
    let seconds: f64 = fields.next().ok_or("no time")?.parse()?;
    let rss: u64 = fields.next().ok_or("no rss")?.parse()?;
    let cpu: f64 = fields.next().ok_or("no cpu")?.parse()?;
    Ok(Sample {
        seconds,
        rss_kib: rss,
        cpu,
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("child") {
        return child(&argv[1..]);
    }
    let args = parse_args(&argv)?;
    let me = std::env::current_exe()?;
    let emulator = Emulator::start()?;
    let bucket = format!("bench-{}", emulator.appid());
    let admin = Cos::new(CosOptions {
        secret_id: emulator.secret_id().into(),
        secret_key: emulator.secret_key().into(),
        protocol: "http".into(),
        ip: emulator.endpoint(),
        ..Default::default()
    })?;
    admin.put_bucket(
        PutBucketParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            ..Default::default()
        },
        |r| r,
    )?;

    let dir = tempfile::tempdir()?;
    let file = dir.path().join("payload.bin");
    {
        let mut out = std::io::BufWriter::new(File::create(&file)?);
        let block: Vec<u8> = (0..MIB as u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        for i in 0..args.size_mib {
            let mut chunk = block.clone();
            chunk[..8].copy_from_slice(&i.to_le_bytes());
            out.write_all(&chunk)?;
        }
    }
    let size = args.size_mib * MIB;
    let fixed = vec![
        emulator.endpoint(),
        emulator.secret_id().to_string(),
        emulator.secret_key().to_string(),
        bucket,
        file.display().to_string(),
        args.chunk_mib.to_string(),
    ];
    let node = node_available();
    // Every row of both tables, in the order one round runs them (the raw
    // PUT first: it stores the object the downloads read).
    let mut rows = vec![Row::new("raw", "raw PUT (ureq, baseline)", 1)];
    for &limit in if args.uploads { &args.limits[..] } else { &[] } {
        rows.push(Row::new(
            "slice",
            &format!("slice_upload_file x{limit}"),
            limit,
        ));
        if node {
            rows.push(Row::new(
                "node",
                &format!("Node sliceUploadFile x{limit}"),
                limit,
            ));
        }
    }
    let uploads = rows.len();
    if args.downloads {
        rows.push(Row::new("raw-get", "raw GET to file (baseline)", 1));
        rows.push(Row::new("raw-get-sync", "raw GET to file + fsync", 1));
        rows.push(Row::new("sdk-get", "get_object Output::File", 1));
        rows.push(Row::new("sdk-download", "download_file (5 ranges)", 5));
        if node {
            rows.push(Row::new("node-download", "Node downloadFile (5)", 5));
        }
    }
    // Rounds interleave the rows, so a slow minute of the host spreads over
    // all of them instead of landing on one; each row reports its median.
    let mut samples = vec![Vec::new(); rows.len()];
    for _ in 0..args.rounds {
        for (row, samples) in rows.iter().zip(&mut samples) {
            // Each row starts with no dirty pages left by the one before.
            let _ = Command::new("sync").status();
            samples.push(measure(&me, row.mode, &fixed, row.limit)?);
            if row.mode.contains("get") || row.mode.ends_with("download") {
                let target = download_path(&file.display().to_string(), row.mode);
                let received = std::fs::metadata(&target)?.len();
                std::fs::remove_file(&target)?;
                if received != size {
                    return Err(
                        format!("{} wrote {received} bytes, expected {size}", row.mode).into(),
                    );
                }
            }
        }
    }
    let medians: Vec<Sample> = samples.iter().map(|s| median(s)).collect();
    let mb = size as f64 / 1e6;
    println!(
        "transfer_bench: {} MiB file, ChunkSize {} MiB, emulator on loopback, median of {} interleaved rounds",
        args.size_mib, args.chunk_mib, args.rounds
    );
    println!(
        "{:<28} {:>8} {:>8} {:>7} {:>11} {:>13} {:>11}",
        "run", "seconds", "MB/s", "ratio", "client CPU s", "peak RSS MiB", "budget MiB"
    );
    let base_rate = mb / medians[0].seconds;
    for (row, sample) in rows[..uploads].iter().zip(&medians) {
        let budget = match row.mode {
            "raw" => "-".to_string(),
            _ => (args.chunk_mib * row.limit as u64 + 32).to_string(),
        };
        println!("{} {budget:>11}", sample.line(&row.label, mb, base_rate));
    }
    for pair in rows[..uploads].windows(2).zip(medians.windows(2)) {
        if let ([ours, theirs], [o, t]) = pair {
            if ours.mode == "slice" && theirs.mode == "node" {
                println!(
                    "  x{}: cos-sdk / Node: wall {:.2}, CPU {:.2}, memory {:.0} / {:.0} MiB",
                    ours.limit,
                    o.seconds / t.seconds,
                    o.cpu / t.cpu,
                    o.rss_kib as f64 / 1024.0,
                    t.rss_kib as f64 / 1024.0
                );
            }
        }
    }
    if !node {
        println!(
            "  (Node side by side skipped: run `bash compat/run.sh` once to install the official SDK)"
        );
    }
    if args.downloads {
        println!();
        println!(
            "{:<28} {:>8} {:>8} {:>7} {:>11} {:>13}",
            "download (same object)", "seconds", "MB/s", "ratio", "client CPU s", "peak RSS MiB"
        );
        let base_rate = mb / medians[uploads].seconds;
        for (row, sample) in rows[uploads..].iter().zip(&medians[uploads..]) {
            println!("{}", sample.line(&row.label, mb, base_rate));
        }
    }
    Ok(())
}
