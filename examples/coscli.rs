//! coscli: a small COS command line on cos-sdk, with progress bars. It
//! doubles as a manual test tool for the SDK and the emulator.
//!
//! ```text
//! cargo run --example coscli -- --help
//! cargo run --example coscli -- demo                  # every command against an embedded emulator
//! cargo run --example coscli -- mb | rb               # create / delete the bucket
//! cargo run --example coscli -- ls [PREFIX] [-r]      # objects (-r: all levels); ls --buckets
//! cargo run --example coscli -- put LOCAL_FILE KEY
//! cargo run --example coscli -- put-many PREFIX LOCAL_FILE...   # on the task queue
//! cargo run --example coscli -- get KEY LOCAL_FILE    # resumable: run it again after Ctrl-C
//! cargo run --example coscli -- cp SOURCE_KEY TARGET_KEY
//! cargo run --example coscli -- rm KEY...
//! cargo run --example coscli -- stat KEY
//! cargo run --example coscli -- presign KEY [--expires SECS] [--method PUT]
//! ```
//!
//! `put-many` queues one task per file (at most `file_parallel_limit`, 3, at
//! once) with a progress bar each; type `p` + Enter to pause every task, `r`
//! to restart them, `c` to cancel. Ctrl-C keeps each upload's checkpoint:
//! running the same command again resumes where it stopped.
//!
//! Where it connects: `COS_SECRET_ID`, `COS_SECRET_KEY`, `COS_BUCKET`
//! (`name-appid`) and `COS_REGION` for real COS; add
//! `COS_ENDPOINT=127.0.0.1:9000` to talk plain HTTP to a running
//! `cos-emulator` instead. Errors are one line on stderr; the exit code is 0
//! on success, 1 on an error, 2 on a usage mistake.

use std::collections::HashMap;
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use cos_sdk::{
    Cos, CosOptions, DeleteBucketParams, DeleteMultipleObjectParams, DownloadFileParams,
    GetBucketParams, GetObjectUrlParams, GetServiceParams, HeadObjectParams, OnProgress,
    PutBucketParams, SliceCopyFileParams, SliceUploadFileParams, TaskEvent, TaskState,
    UploadFileParams,
};
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

struct Target {
    cos: Cos,
    bucket: String,
    region: String,
}

fn bar(label: &str) -> (ProgressBar, OnProgress) {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(label.to_string());
    let handle = bar.clone();
    let on_progress = OnProgress::new(move |p| {
        handle.set_length(p.total);
        handle.set_position(p.loaded);
    });
    (bar, on_progress)
}

fn from_env() -> Result<Target, Box<dyn Error>> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| format!("{name} is not set (see `coscli --help`)"))
    };
    let mut options = CosOptions {
        secret_id: var("COS_SECRET_ID")?,
        secret_key: var("COS_SECRET_KEY")?,
        progress_interval: Duration::from_millis(100),
        ..Default::default()
    };
    if let Ok(endpoint) = std::env::var("COS_ENDPOINT") {
        let valid = !endpoint.is_empty() && !endpoint.contains('/') && !endpoint.contains(' ');
        if !valid {
            return Err(format!(
                "COS_ENDPOINT must be HOST:PORT of a cos-emulator, like 127.0.0.1:9000 (got {endpoint:?})"
            )
            .into());
        }
        options.protocol = "http".into();
        options.ip = endpoint;
    }
    Ok(Target {
        cos: Cos::new(options)?,
        bucket: var("COS_BUCKET")?,
        region: var("COS_REGION")?,
    })
}

fn mb(t: &Target) -> Result<(), Box<dyn Error>> {
    t.cos.put_bucket(
        PutBucketParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("created bucket {}", t.bucket);
    Ok(())
}

fn rb(t: &Target) -> Result<(), Box<dyn Error>> {
    t.cos.delete_bucket(
        DeleteBucketParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("deleted bucket {}", t.bucket);
    Ok(())
}

fn ls_buckets(t: &Target) -> Result<(), Box<dyn Error>> {
    let service = t.cos.get_service(GetServiceParams::default(), |r| r)?;
    for b in &service.buckets {
        println!("{:<24}  {:<16}  {}", b.creation_date, b.location, b.name);
    }
    Ok(())
}

fn stat(t: &Target, key: &str) -> Result<(), Box<dyn Error>> {
    let head = t.cos.head_object(
        HeadObjectParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            key: key.into(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("key            {key}");
    for (label, header) in [
        ("size", "content-length"),
        ("etag", "etag"),
        ("last modified", "last-modified"),
        ("content type", "content-type"),
        ("storage class", "x-cos-storage-class"),
        ("crc64", "x-cos-hash-crc64ecma"),
    ] {
        if let Some(value) = head.headers.get(header) {
            println!("{label:<14} {value}");
        }
    }
    Ok(())
}

fn presign(t: &Target, key: &str, expires: u64, method: &str) -> Result<(), Box<dyn Error>> {
    let url = t.cos.get_object_url(
        GetObjectUrlParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            key: key.into(),
            method: method.into(),
            expires: Some(expires),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("{}", url.url);
    Ok(())
}

fn ls(t: &Target, prefix: &str, recursive: bool) -> Result<(), Box<dyn Error>> {
    let mut marker = String::new();
    loop {
        let page = t.cos.get_bucket(
            GetBucketParams {
                bucket: t.bucket.clone(),
                region: t.region.clone(),
                prefix: prefix.into(),
                delimiter: if recursive { "" } else { "/" }.into(),
                marker: marker.clone(),
                ..Default::default()
            },
            |r| r,
        )?;
        for p in &page.common_prefixes {
            println!("{:>12}  {:<24}  {}", "DIR", "", p.prefix);
        }
        for o in &page.contents {
            println!("{:>12}  {:<24}  {}", o.size, o.last_modified, o.key);
        }
        match page.next_page_marker() {
            Some(next) => marker = next.to_string(),
            None => return Ok(()),
        }
    }
}

fn put(t: &Target, local: &str, key: &str) -> Result<(), Box<dyn Error>> {
    let (bar, on_progress) = bar(&format!("put {key}"));
    let data = t.cos.upload_file(
        UploadFileParams {
            upload: SliceUploadFileParams {
                bucket: t.bucket.clone(),
                region: t.region.clone(),
                key: key.into(),
                file_path: PathBuf::from(local),
                async_limit: Some(4),
                on_progress: Some(on_progress),
                ..Default::default()
            },
            slice_size: None,
        },
        |r| r,
    );
    bar.finish();
    println!("uploaded {local} -> {key} (ETag {})", data?.etag);
    Ok(())
}

/// Uploads many files on the task queue, one progress bar each, with
/// pause / restart / cancel from the keyboard.
fn put_many(t: &Target, prefix: &str, files: &[String]) -> Result<(), Box<dyn Error>> {
    let bars = MultiProgress::new();
    let events = t.cos.task_events();
    let mut tasks = HashMap::new();
    for file in files {
        let path = PathBuf::from(file);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.clone());
        let key = format!("{prefix}{name}");
        let (bar, _) = bar(&key);
        let id = t.cos.add_task(UploadFileParams {
            upload: SliceUploadFileParams {
                bucket: t.bucket.clone(),
                region: t.region.clone(),
                key,
                file_path: path,
                ..Default::default()
            },
            slice_size: None,
        });
        tasks.insert(id, bars.add(bar));
    }
    // Keyboard commands arrive on a channel; the loop below never blocks on
    // them or on the queue, as a UI loop would not.
    let (commands, keyboard) = crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        for line in std::io::stdin().lines().map_while(Result::ok) {
            if commands.send(line.trim().to_string()).is_err() {
                return;
            }
        }
    });
    let mut failed = 0;
    loop {
        while let Ok(command) = keyboard.try_recv() {
            for id in tasks.keys() {
                let _ = match command.as_str() {
                    "p" => t.cos.pause_task(*id),
                    "r" => t.cos.restart_task(*id),
                    "c" => t.cos.cancel_task(*id),
                    _ => false,
                };
            }
        }
        while let Ok(event) = events.try_recv() {
            let (TaskEvent::Progress(task) | TaskEvent::StateChanged(task)) = event else {
                continue;
            };
            let Some(bar) = tasks.get(&task.id) else {
                continue;
            };
            bar.set_length(task.size);
            bar.set_position(task.loaded);
            match task.state {
                TaskState::Success => bar.finish_with_message(format!("{} done", task.key)),
                TaskState::Error => {
                    failed += 1;
                    let reason = task.error.map(|e| e.to_string()).unwrap_or_default();
                    bar.abandon_with_message(format!("{} failed: {reason}", task.key));
                }
                state => bar.set_message(format!("{} ({state:?})", task.key)),
            }
        }
        let list = t.cos.get_task_list();
        let finished = |s: TaskState| {
            matches!(
                s,
                TaskState::Success | TaskState::Error | TaskState::Canceled
            )
        };
        if list.iter().all(|task| finished(task.state)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if failed > 0 {
        return Err(format!("{failed} of {} uploads failed", files.len()).into());
    }
    Ok(())
}

fn get(t: &Target, key: &str, local: &str) -> Result<(), Box<dyn Error>> {
    let (bar, on_progress) = bar(&format!("get {key}"));
    let data = t.cos.download_file(
        DownloadFileParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            key: key.into(),
            file_path: PathBuf::from(local),
            on_progress: Some(on_progress),
            ..Default::default()
        },
        |r| r,
    );
    bar.finish();
    let data = data?;
    println!(
        "downloaded {key} -> {local} ({} bytes, {} ranges fetched, CRC-64 verified)",
        data.size, data.ranges_fetched
    );
    Ok(())
}

fn cp(t: &Target, from: &str, to: &str) -> Result<(), Box<dyn Error>> {
    let (bar, on_progress) = bar(&format!("cp {from}"));
    let data = t.cos.slice_copy_file(
        SliceCopyFileParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            key: to.into(),
            copy_source: format!("{}.cos.{}.myqcloud.com/{}", t.bucket, t.region, from),
            on_progress: Some(on_progress),
            ..Default::default()
        },
        |r| r,
    );
    bar.finish();
    println!("copied {from} -> {to} (ETag {})", data?.etag);
    Ok(())
}

fn rm(t: &Target, keys: &[String]) -> Result<(), Box<dyn Error>> {
    // COS reports a missing key as deleted; look first, so the output does
    // not claim what did not happen.
    let mut existing = Vec::new();
    for key in keys {
        let head = t.cos.head_object(
            HeadObjectParams {
                bucket: t.bucket.clone(),
                region: t.region.clone(),
                key: key.clone(),
                ..Default::default()
            },
            |r| r,
        );
        match head {
            Ok(_) => existing.push(key.as_str()),
            Err(err) if err.status_code() == Some(404) => eprintln!("not found: {key}"),
            Err(err) => return Err(err.into()),
        }
    }
    if existing.is_empty() {
        return Err("nothing to delete".into());
    }
    let data = t.cos.delete_multiple_object(
        DeleteMultipleObjectParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            objects: existing.iter().map(|k| (*k).into()).collect(),
            ..Default::default()
        },
        |r| r,
    )?;
    for deleted in &data.deleted {
        println!("deleted {}", deleted.key);
    }
    for failed in &data.error {
        eprintln!(
            "could not delete {}: {} {}",
            failed.key, failed.code, failed.message
        );
    }
    if data.error.is_empty() {
        Ok(())
    } else {
        Err(format!("{} keys could not be deleted", data.error.len()).into())
    }
}

/// Every command once, against an embedded emulator.
fn demo() -> Result<(), Box<dyn Error>> {
    let emulator = cos_emulator::Emulator::start()?;
    println!("demo against an embedded emulator at {}", emulator.url());
    let cos = Cos::new(CosOptions {
        secret_id: emulator.secret_id().into(),
        secret_key: emulator.secret_key().into(),
        protocol: "http".into(),
        ip: emulator.endpoint(),
        progress_interval: Duration::from_millis(100),
        ..Default::default()
    })?;
    let t = Target {
        cos,
        bucket: format!("coscli-{}", emulator.appid()),
        region: "ap-guangzhou".into(),
    };
    t.cos.put_bucket(
        PutBucketParams {
            bucket: t.bucket.clone(),
            region: t.region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    let dir = tempfile::tempdir()?;
    let local = dir.path().join("data.bin");
    std::fs::write(
        &local,
        (0..12 * 1024 * 1024u32)
            .map(|i| (i % 251) as u8)
            .collect::<Vec<u8>>(),
    )?;
    let local = local.display().to_string();
    put(&t, &local, "demo/data.bin")?;
    let others: Vec<String> = (0..3)
        .map(|i| {
            let path = dir.path().join(format!("part-{i}.bin"));
            std::fs::write(&path, vec![i as u8; (i + 1) * 2 * 1024 * 1024])?;
            Ok(path.display().to_string())
        })
        .collect::<Result<_, std::io::Error>>()?;
    put_many(&t, "demo/many/", &others)?;
    cp(&t, "demo/data.bin", "demo/copy.bin")?;
    ls(&t, "demo/", false)?;
    stat(&t, "demo/copy.bin")?;
    presign(&t, "demo/copy.bin", 600, "GET")?;
    let back = dir.path().join("back.bin").display().to_string();
    get(&t, "demo/copy.bin", &back)?;
    let same = std::fs::read(&local)? == std::fs::read(&back)?;
    println!("round trip {}", if same { "verified" } else { "DIFFERS" });
    rm(
        &t,
        &[
            "demo/data.bin".into(),
            "demo/copy.bin".into(),
            "demo/many/part-0.bin".into(),
            "demo/many/part-1.bin".into(),
            "demo/many/part-2.bin".into(),
        ],
    )?;
    if !same {
        return Err("round trip differs".into());
    }
    Ok(())
}

/// A small COS command line on cos-sdk.
///
/// Connects with COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET (name-appid) and
/// COS_REGION; with COS_ENDPOINT=HOST:PORT it talks plain HTTP to a running
/// cos-emulator. `coscli demo` needs none of them.
#[derive(Parser)]
#[command(name = "coscli", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs every command against an embedded emulator.
    Demo,
    /// Creates the bucket (COS_BUCKET).
    Mb,
    /// Deletes the bucket (it must be empty).
    Rb,
    /// Lists objects under PREFIX, one level unless -r; or the buckets.
    Ls {
        /// Key prefix.
        #[arg(default_value = "")]
        prefix: String,
        /// All levels, not only up to the next `/`.
        #[arg(short, long)]
        recursive: bool,
        /// List the account's buckets instead.
        #[arg(long, conflicts_with_all = ["prefix", "recursive"])]
        buckets: bool,
    },
    /// Uploads a file (multipart and resumable when large).
    Put { local: String, key: String },
    /// Uploads many files under PREFIX on the task queue (p/r/c + Enter:
    /// pause, restart, cancel).
    PutMany {
        prefix: String,
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Downloads an object to a file, resumably (run it again after Ctrl-C).
    Get { key: String, local: String },
    /// Copies an object inside the bucket.
    Cp { from: String, to: String },
    /// Deletes objects; missing keys are reported, not claimed deleted.
    Rm {
        #[arg(required = true)]
        keys: Vec<String>,
    },
    /// Shows an object's size, ETag, type, storage class and CRC-64.
    Stat { key: String },
    /// Prints a signed URL anyone can use until it expires.
    Presign {
        key: String,
        /// Lifetime in seconds.
        #[arg(long, default_value_t = 3600)]
        expires: u64,
        /// The HTTP method the URL is for.
        #[arg(long, default_value = "GET")]
        method: String,
    },
}

fn run(command: Command) -> Result<(), Box<dyn Error>> {
    if let Command::Demo = command {
        return demo();
    }
    let t = from_env()?;
    match command {
        Command::Demo => demo(),
        Command::Mb => mb(&t),
        Command::Rb => rb(&t),
        Command::Ls { buckets: true, .. } => ls_buckets(&t),
        Command::Ls {
            prefix, recursive, ..
        } => ls(&t, &prefix, recursive),
        Command::Put { local, key } => put(&t, &local, &key),
        Command::PutMany { prefix, files } => put_many(&t, &prefix, &files),
        Command::Get { key, local } => get(&t, &key, &local),
        Command::Cp { from, to } => cp(&t, &from, &to),
        Command::Rm { keys } => rm(&t, &keys),
        Command::Stat { key } => stat(&t, &key),
        Command::Presign {
            key,
            expires,
            method,
        } => presign(&t, &key, expires, &method),
    }
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line: COS's code and request id are in the error's text,
            // the underlying cause (an OS error, say) in its source chain.
            let mut line = format!("coscli: {err}");
            let mut source = err.source();
            while let Some(cause) = source {
                line.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            eprintln!("{line}");
            ExitCode::FAILURE
        }
    }
}
