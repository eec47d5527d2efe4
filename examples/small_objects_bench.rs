//! Many small objects: N × 4 KiB `put_object`, then `get_object` of each
//! (every object read `GET_PASSES` times, so the phase lasts long enough to
//! measure), from 8 threads sharing one `Cos` client, against the same work done with
//! raw ureq requests (the baseline: one shared `ureq::Agent`, every request
//! signed with `cos_sdk::get_authorization` before the clock starts), all
//! against the emulator on loopback, in one run.
//!
//! ```text
//! cargo run --release --example small_objects_bench -- [--objects 1000] [--size-kib 4] [--threads 8] [--rounds 7]
//! ```
//!
//! Each measurement runs in a fresh child process that holds only the
//! client, so its CPU time and peak RSS are the client's own; each round
//! runs every mode, in reverse order every other round (so a host whose
//! speed drifts favours no mode), and each figure is the median over the
//! rounds, the ratios the medians of each round's ratio (a round's runs are
//! seconds apart, so a drifting host moves them alike). The put phase is
//! flushed to disk (`sync`) before the get phase starts.
//!
//! Separate processes still disagree by ±10 % from run to run, so a last
//! child times the three clients' gets in one process: slices of one pass
//! over the objects, each client in turn (order alternating), and reports
//! the median of the slices' ratios, which holds within a few per cent.
//! "TCP connects" is the rise of the kernel's `Tcp: ActiveOpens` counter
//! during the child (system-wide, so it assumes nothing else on the machine
//! opens connections meanwhile): with perfect connection reuse it equals
//! the thread count. "allocs/GET" counts the heap allocations (and
//! reallocations) the worker threads make per request in the get phase,
//! through a counting allocator every mode runs under. Numbers are measured,
//! never asserted: see BENCHMARKS.md.

use std::error::Error;
use std::path::Path;
use std::process::Command;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use cos_emulator::Emulator;
use cos_sdk::{
    Body, Cos, CosOptions, GetAuthorizationOptions, GetObjectParams, Headers, PutBucketParams,
    PutObjectParams,
};

#[path = "support/measure.rs"]
mod measure;

const REGION: &str = "ap-guangzhou";

#[path = "support/alloc_count.rs"]
mod alloc_count;

#[global_allocator]
static ALLOCATOR: alloc_count::Counting = alloc_count::Counting;
/// Times each object is read in the get phase: long enough (about a second)
/// that a burst of other work on the host does not decide a round.
const GET_PASSES: usize = 20;

/// Slices (one pass over the objects per client each) of the interleaved run.
const INTERLEAVED_SLICES: usize = 30;

struct Args {
    objects: usize,
    size_kib: usize,
    threads: usize,
    rounds: usize,
}

fn parse_args(args: &[String]) -> Result<Args, Box<dyn Error>> {
    let mut parsed = Args {
        objects: 1000,
        size_kib: 4,
        threads: 8,
        rounds: 7,
    };
    let mut i = 0;
    while i < args.len() {
        let value: usize = args
            .get(i + 1)
            .ok_or_else(|| format!("{} needs a value", args[i]))?
            .parse()?;
        match args[i].as_str() {
            "--objects" => parsed.objects = value,
            "--size-kib" => parsed.size_kib = value,
            "--threads" => parsed.threads = value.max(1),
            "--rounds" => parsed.rounds = value.max(1),
            other => return Err(format!("unknown argument {other}").into()),
        }
        i += 2;
    }
    Ok(parsed)
}

/// The kernel's count of TCP connections opened (`Tcp: ActiveOpens`).
fn tcp_active_opens() -> u64 {
    let text = std::fs::read_to_string("/proc/net/snmp").unwrap_or_default();
    let mut tcp = text.lines().filter(|l| l.starts_with("Tcp:"));
    let (Some(names), Some(values)) = (tcp.next(), tcp.next()) else {
        return 0;
    };
    names
        .split_whitespace()
        .zip(values.split_whitespace())
        .find(|(name, _)| *name == "ActiveOpens")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0)
}

/// The body of object `i`: distinct per object.
fn payload(i: usize, size: usize) -> Vec<u8> {
    let mut body: Vec<u8> = (0..size as u32)
        .map(|b| (b.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let tag = (i as u64).to_le_bytes();
    let n = tag.len().min(body.len());
    body[..n].copy_from_slice(&tag[..n]);
    body
}

/// CPU time this thread has used, ns (`/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// What one phase took: wall seconds, and the CPU seconds and allocations
/// the worker threads spent in `work`.
struct Phase {
    wall: f64,
    cpu: f64,
    allocations: u64,
}

/// Runs `work(object)` for every object, objects dealt round-robin to
/// `threads` threads started before the clock.
fn timed_phase(
    threads: usize,
    objects: usize,
    work: impl Fn(usize) -> Result<(), Box<dyn Error + Send + Sync>> + Sync,
) -> Result<Phase, Box<dyn Error>> {
    let barrier = Barrier::new(threads + 1);
    let (elapsed, results) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (barrier, work) = (&barrier, &work);
                scope.spawn(move || {
                    barrier.wait();
                    let cpu = thread_cpu_ns();
                    let before = alloc_count::counts();
                    (t..objects).step_by(threads).try_for_each(work)?;
                    // Counted before reading the CPU time, which allocates.
                    let after = alloc_count::counts();
                    let allocations = (after.0 - before.0) + (after.1 - before.1);
                    Ok::<_, Box<dyn Error + Send + Sync>>((thread_cpu_ns() - cpu, allocations))
                })
            })
            .collect();
        barrier.wait();
        let started = Instant::now();
        let results: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        (started.elapsed(), results)
    });
    let (mut cpu_ns, mut allocations) = (0, 0);
    for result in results {
        match result {
            Ok(Ok((ns, n))) => {
                cpu_ns += ns;
                allocations += n;
            }
            Ok(Err(e)) => return Err(e.to_string().into()),
            Err(_) => return Err("a worker thread panicked".into()),
        }
    }
    Ok(Phase {
        wall: elapsed.as_secs_f64(),
        cpu: cpu_ns as f64 / 1e9,
        allocations,
    })
}

/// Everything a child's requests need, for every client.
struct Clients<'a> {
    endpoint: &'a str,
    id: &'a str,
    key: &'a str,
    bucket: &'a str,
    prefix: &'a str,
    /// The host raw requests name (and sign).
    host: String,
    agent: ureq::Agent,
    cos: Cos,
    size: usize,
}

type WorkResult = Result<(), Box<dyn Error + Send + Sync>>;

impl Clients<'_> {
    fn key_of(&self, i: usize) -> String {
        format!("{}{i:05}.bin", self.prefix)
    }

    /// The raw client's signature, made through the public API.
    fn sign(
        &self,
        method: &str,
        i: usize,
        length: Option<usize>,
    ) -> Result<String, cos_sdk::CosError> {
        let mut headers = Headers::from([("host", self.host.as_str())]);
        if let Some(length) = length {
            headers.insert("content-length", length.to_string());
        }
        cos_sdk::get_authorization(&GetAuthorizationOptions {
            secret_id: self.id.into(),
            secret_key: self.key.into(),
            method: method.into(),
            key: self.key_of(i),
            headers,
            ..Default::default()
        })
    }

    /// Signatures for every object, made before any clock starts.
    fn presign(
        &self,
        method: &str,
        length: Option<usize>,
        objects: usize,
    ) -> Result<Vec<String>, cos_sdk::CosError> {
        (0..objects).map(|i| self.sign(method, i, length)).collect()
    }

    fn raw_put(&self, i: usize, body: &[u8], presigned: &[String]) -> WorkResult {
        let authorization = match presigned.get(i) {
            Some(done) => done.clone(),
            None => self.sign("PUT", i, Some(self.size))?,
        };
        let response = self
            .agent
            .put(format!("http://{}/{}", self.endpoint, self.key_of(i)))
            .header("host", &self.host)
            .header("authorization", authorization)
            .send(body)?;
        if response.status() != 200 {
            return Err(format!("raw PUT answered {}", response.status()).into());
        }
        Ok(())
    }

    fn raw_get(&self, i: usize, presigned: &[String]) -> WorkResult {
        let authorization = match presigned.get(i) {
            Some(done) => done.clone(),
            None => self.sign("GET", i, None)?,
        };
        let mut response = self
            .agent
            .get(format!("http://{}/{}", self.endpoint, self.key_of(i)))
            .header("host", &self.host)
            .header("authorization", authorization)
            .call()?;
        let body = response.body_mut().read_to_vec()?;
        if response.status() != 200 || body.len() != self.size {
            return Err(format!("raw GET answered {}", response.status()).into());
        }
        Ok(())
    }

    fn sdk_put(&self, i: usize, body: &[u8]) -> WorkResult {
        self.cos.put_object(
            PutObjectParams {
                bucket: self.bucket.into(),
                region: REGION.into(),
                key: self.key_of(i),
                body: Body::from(body),
                ..Default::default()
            },
            |r| r.map(drop),
        )?;
        Ok(())
    }

    fn sdk_get(&self, i: usize) -> WorkResult {
        let data = self.cos.get_object(
            GetObjectParams {
                bucket: self.bucket.into(),
                region: REGION.into(),
                key: self.key_of(i),
                ..Default::default()
            },
            |r| r,
        )?;
        if data.body.len() != self.size {
            return Err(format!("get_object returned {} bytes", data.body.len()).into());
        }
        Ok(())
    }
}

/// Child: one round of one mode; prints
/// `put_seconds get_seconds cpu_seconds allocations_per_get rss_kib
/// tcp_connects`, CPU being the worker threads' during the two timed phases.
/// Mode `interleaved` instead times slices of gets by each client in turn
/// (see [`interleaved`]).
fn child(args: &[String]) -> Result<(), Box<dyn Error>> {
    let [mode, endpoint, id, key, bucket, prefix, counts @ ..] = args else {
        return Err("child needs 9 arguments".into());
    };
    let [objects, size, threads] = counts else {
        return Err("child needs 9 arguments".into());
    };
    let (objects, size, threads): (usize, usize, usize) =
        (objects.parse()?, size.parse()?, threads.parse()?);
    let bodies: Vec<Vec<u8>> = (0..objects).map(|i| payload(i, size)).collect();
    let clients = Clients {
        endpoint,
        id,
        key,
        bucket,
        prefix,
        host: format!("{bucket}.cos.{REGION}.myqcloud.com"),
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into(),
        cos: Cos::new(CosOptions {
            secret_id: id.clone(),
            secret_key: key.clone(),
            protocol: "http".into(),
            ip: endpoint.clone(),
            ..Default::default()
        })?,
        size,
    };
    if mode == "interleaved" {
        return interleaved(&clients, &bodies, threads);
    }
    let opens_before = tcp_active_opens();
    // The put phase leaves the emulator's writes to disk behind: flushed
    // before the clock starts, they do not land in the get phase.
    let settle = || {
        let _ = Command::new("sync").status();
    };
    let (put, get) = match mode.as_str() {
        "raw" | "raw-signed" => {
            // "raw": every signature made before the clock starts;
            // "raw-signed": each made by its request, as any client must.
            let (puts, gets) = if mode == "raw" {
                (
                    clients.presign("PUT", Some(size), objects)?,
                    clients.presign("GET", None, objects)?,
                )
            } else {
                (Vec::new(), Vec::new())
            };
            let put = timed_phase(threads, objects, |i| clients.raw_put(i, &bodies[i], &puts))?;
            settle();
            let get = timed_phase(threads, objects * GET_PASSES, |i| {
                clients.raw_get(i % objects, &gets)
            })?;
            (put, get)
        }
        _ => {
            let put = timed_phase(threads, objects, |i| clients.sdk_put(i, &bodies[i]))?;
            settle();
            let get = timed_phase(threads, objects * GET_PASSES, |i| {
                clients.sdk_get(i % objects)
            })?;
            (put, get)
        }
    };
    println!(
        "{} {} {} {} {} {}",
        put.wall,
        get.wall,
        put.cpu + get.cpu,
        get.allocations as f64 / (objects * GET_PASSES) as f64,
        measure::peak_rss_kib(),
        tcp_active_opens().saturating_sub(opens_before)
    );
    Ok(())
}

/// Slices of one pass of gets over the objects (put first, by the SDK),
/// each client in turn within the same process and seconds: a drift of the
/// host's speed, which moves separate runs by ±10 %, then hits all three
/// alike. Prints, per slice, the wall seconds of the presigned raw client,
/// the raw client that signs, and the SDK.
fn interleaved(
    clients: &Clients<'_>,
    bodies: &[Vec<u8>],
    threads: usize,
) -> Result<(), Box<dyn Error>> {
    let objects = bodies.len();
    for (i, body) in bodies.iter().enumerate() {
        clients.sdk_put(i, body).map_err(|e| e.to_string())?;
    }
    let gets = clients.presign("GET", None, objects)?;
    for slice in 0..INTERLEAVED_SLICES {
        let mut walls = [0.0; 3];
        let mut order = [0, 1, 2];
        if slice % 2 == 1 {
            order.reverse();
        }
        for client in order {
            walls[client] = timed_phase(threads, objects, |i| match client {
                0 => clients.raw_get(i, &gets),
                1 => clients.raw_get(i, &[]),
                _ => clients.sdk_get(i),
            })?
            .wall;
        }
        println!("{} {} {}", walls[0], walls[1], walls[2]);
    }
    Ok(())
}

/// One child run's figures.
#[derive(Clone, Copy)]
struct Round {
    put: f64,
    get: f64,
    cpu: f64,
    allocs_per_get: f64,
    rss_kib: u64,
    connects: u64,
}

/// Runs one child and returns what it printed.
fn run_child(
    me: &Path,
    mode: &str,
    fixed: &[String],
    prefix: &str,
) -> Result<String, Box<dyn Error>> {
    let mut args = vec!["child".to_string(), mode.to_string()];
    args.extend(fixed[..4].iter().cloned());
    args.push(prefix.to_string());
    args.extend(fixed[4..].iter().cloned());
    let output = Command::new(me).args(&args).output()?;
    if !output.status.success() {
        return Err(format!(
            "{mode} run failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(output.stdout)?)
}

fn measure(me: &Path, mode: &str, fixed: &[String], prefix: &str) -> Result<Round, Box<dyn Error>> {
    let text = run_child(me, mode, fixed, prefix)?;
    let mut fields = text.split_whitespace();
    let mut next = || fields.next().ok_or("short child output");
    Ok(Round {
        put: next()?.parse()?,
        get: next()?.parse()?,
        cpu: next()?.parse()?,
        allocs_per_get: next()?.parse()?,
        rss_kib: next()?.parse()?,
        connects: next()?.parse()?,
    })
}

/// The middle value (the upper of the two middle ones).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Each figure's median over the rounds, taken separately.
fn median_round(rounds: &[Round]) -> Round {
    let of = |figure: fn(&Round) -> f64| median(rounds.iter().map(figure).collect());
    Round {
        put: of(|r| r.put),
        get: of(|r| r.get),
        cpu: of(|r| r.cpu),
        allocs_per_get: of(|r| r.allocs_per_get),
        rss_kib: of(|r| r.rss_kib as f64) as u64,
        connects: of(|r| r.connects as f64) as u64,
    }
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
    Cos::new(CosOptions {
        secret_id: emulator.secret_id().into(),
        secret_key: emulator.secret_key().into(),
        protocol: "http".into(),
        ip: emulator.endpoint(),
        ..Default::default()
    })?
    .put_bucket(
        PutBucketParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            ..Default::default()
        },
        |r| r,
    )?;
    let fixed = vec![
        emulator.endpoint(),
        emulator.secret_id().to_string(),
        emulator.secret_key().to_string(),
        bucket,
        args.objects.to_string(),
        (args.size_kib * 1024).to_string(),
        args.threads.to_string(),
    ];
    let modes = [
        ("raw", "raw ureq (baseline)"),
        ("raw-signed", "raw ureq, signing"),
        ("sdk", "cos-sdk"),
    ];
    let mut runs_of: Vec<Vec<Round>> = vec![Vec::new(); modes.len()];
    for round in 0..args.rounds {
        let mut order: Vec<usize> = (0..modes.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for m in order {
            let mode = modes[m].0;
            runs_of[m].push(measure(&me, mode, &fixed, &format!("{mode}-{round}/"))?);
        }
        // Let the emulator's connection threads from this round finish.
        std::thread::sleep(Duration::from_millis(200));
    }
    // presigned raw time / this time, per round (a round's runs are
    // seconds apart, so a drifting host moves them alike).
    let ratio = |runs: &[Round], phase: fn(&Round) -> f64| {
        median(
            runs.iter()
                .zip(&runs_of[0])
                .map(|(r, base)| phase(base) / phase(r))
                .collect(),
        )
    };

    let n = args.objects as f64;
    let gets = n * GET_PASSES as f64;
    println!(
        "small_objects_bench: {} objects x {} KiB put, each read {GET_PASSES} times, {} threads sharing one client, emulator on loopback, medians of {} rounds",
        args.objects, args.size_kib, args.threads, args.rounds
    );
    println!(
        "{:<22} {:>10} {:>7} {:>10} {:>7} {:>14} {:>11} {:>13} {:>13}",
        "run",
        "put obj/s",
        "ratio",
        "get obj/s",
        "ratio",
        "client CPU us",
        "allocs/GET",
        "TCP connects",
        "peak RSS MiB"
    );
    for ((_, label), runs) in modes.iter().zip(&runs_of) {
        let r = median_round(runs);
        println!(
            "{:<22} {:>10.0} {:>7.2} {:>10.0} {:>7.2} {:>14.0} {:>11.0} {:>13} {:>13.1}",
            label,
            n / r.put,
            ratio(runs, |r| r.put),
            gets / r.get,
            ratio(runs, |r| r.get),
            r.cpu * 1e6 / (n + gets),
            r.allocs_per_get,
            r.connects,
            r.rss_kib as f64 / 1024.0
        );
    }
    println!(
        "(client CPU us: the worker threads' CPU time per request, puts and gets together; allocs/GET: their heap allocations per get, the caller's params included)"
    );

    // Per slice: presigned raw seconds over each client's.
    let slices = run_child(&me, "interleaved", &fixed, "interleaved/")?
        .lines()
        .map(|line| {
            let walls: Vec<f64> = line
                .split_whitespace()
                .map(str::parse)
                .collect::<Result<_, _>>()?;
            match walls[..] {
                [raw, signing, sdk] => Ok([raw / signing, raw / sdk]),
                _ => Err(format!("bad interleaved line {line:?}").into()),
            }
        })
        .collect::<Result<Vec<[f64; 2]>, Box<dyn Error>>>()?;
    let of = |client: usize| median(slices.iter().map(|ratios| ratios[client]).collect());
    println!(
        "interleaved in one process, {} slices of {} gets per client, order alternating: get ratio (median of the slices') raw ureq signing {:.2}, cos-sdk {:.2}",
        slices.len(),
        args.objects,
        of(0),
        of(1)
    );
    Ok(())
}
