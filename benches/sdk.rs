//! CPU benchmarks of issue 8, each against a baseline measured in the same
//! run: signing (vs the raw HMAC-SHA1 + SHA-1 work it needs), the listing
//! parsers (vs quick-xml's bare event pass over the same document, the
//! floor of the streaming parse, and `roxmltree::Document::parse`, the
//! tree the parsers were built on before) and body hashing (the
//! SDK's path vs a plain loop over the same hash crate, and 8 MiB parts on
//! a rayon pool vs one thread).
//!
//! ```text
//! cargo bench --bench sdk                      # the measured run
//! cargo bench --bench sdk -- --quick           # a short sanity run
//! COS_BENCH_HASH_MIB=8 cargo bench --bench sdk -- --quick hash
//! ```
//!
//! When the official Node SDK is installed (`bash compat/run.sh` installs
//! it under `compat/node`), the same signing and listing inputs are run
//! through it by `compat/node/bench_micro.js` in the same run, three times,
//! each run between two short timings of ours, and the summary prints the
//! median of the three rounds' ratios against Node too.
//!
//! Criterion prints its own estimates per benchmark; at the end this binary
//! prints a summary with the ratios (medians of criterion's samples, so one
//! noisy sample does not move them). `COS_BENCH_HASH_MIB` (default 64) sets
//! the hashed buffer; `COS_BENCH_THREADS` (default: the number of cores) the
//! rayon pool. Allocations are counted by a counting global allocator around
//! the system one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use cos_sdk::bench_support;
use cos_sdk::{GetAuthorizationOptions, Headers};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput};
use hmac::{Hmac, Mac};
use md5::{Digest as _, Md5};
use rayon::prelude::*;
use sha1::Sha1;

// ---------------------------------------------------------------------------
// Allocation counting

#[path = "../examples/support/alloc_count.rs"]
mod alloc_count;

#[global_allocator]
static GLOBAL: alloc_count::Counting = alloc_count::Counting;

/// Allocations and reallocations per call of `f`, over `calls` calls,
/// counted on this thread.
fn allocations_per_call<O>(calls: u64, mut f: impl FnMut() -> O) -> (f64, f64) {
    black_box(f());
    let (a0, r0) = alloc_count::counts();
    for _ in 0..calls {
        black_box(f());
    }
    let (a, r) = alloc_count::counts();
    let (a, r) = (a - a0, r - r0);
    (a as f64 / calls as f64, r as f64 / calls as f64)
}

// ---------------------------------------------------------------------------
// Timing: criterion measures; every sample is also kept here for the ratios.

static SAMPLES: Mutex<BTreeMap<String, Vec<f64>>> = Mutex::new(BTreeMap::new());

/// Registers `f` as benchmark `group/id`, timed with `iter_custom` so that
/// each sample's ns per call is recorded for the summary too.
fn bench<O>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    group_name: &str,
    id: &str,
    mut f: impl FnMut() -> O,
) {
    let key = format!("{group_name}/{id}");
    group.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            let elapsed = start.elapsed();
            SAMPLES
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .entry(key.clone())
                .or_default()
                .push(elapsed.as_nanos() as f64 / iters.max(1) as f64);
            elapsed
        })
    });
}

/// Median ns per call of a benchmark, if it ran (a filter may skip it).
fn median_ns(key: &str) -> Option<f64> {
    let samples = SAMPLES.lock().unwrap_or_else(|e| e.into_inner());
    let mut values = samples.get(key)?.clone();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some(values[values.len() / 2])
}

// ---------------------------------------------------------------------------
// 1. Signing

const SECRET_ID: &str = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
const SECRET_KEY: &str = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
const KEY_TIME: &str = "1700000000;1700000900";
const PATH: &str = "/photos/2024/06/img-000123.jpg";

/// A ranged, conditional GET of one object version with response
/// overrides (5 signed headers, 3 query parameters), as options of the
/// public `get_authorization`.
fn sign_options() -> GetAuthorizationOptions {
    let query = vec![
        ("response-cache-control".into(), "max-age=3600".into()),
        ("response-content-type".into(), "image/jpeg".into()),
        ("versionId".into(), "MTg0NDUxNTc1NjIzMTQ1MDAwODg".into()),
    ];
    let headers = Headers::from([
        (
            "host",
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
        ),
        ("range", "bytes=0-1048575"),
        ("if-none-match", "\"d41d8cd98f00b204e9800998ecf8427e\""),
        ("if-modified-since", "Wed, 21 Oct 2015 07:28:00 GMT"),
        ("x-cos-traffic-limit", "819200"),
    ]);
    GetAuthorizationOptions {
        secret_id: SECRET_ID.into(),
        secret_key: SECRET_KEY.into(),
        method: "GET".into(),
        key: PATH.into(),
        query,
        headers,
        key_time: Some(KEY_TIME.into()),
        ..Default::default()
    }
}

fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

fn hex_into(bytes: &[u8], out: &mut [u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(b >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(b & 0xf)];
    }
}

/// The floor: the two HMAC-SHA1s and the SHA-1 a signature needs, over
/// ready-made strings of the sizes the SDK produces, with no allocation.
fn sign_floor(http_string: &[u8], string_to_sign: &[u8]) -> [u8; 20] {
    let mut sign_key = [0u8; 40];
    hex_into(
        &hmac_sha1(SECRET_KEY.as_bytes(), KEY_TIME.as_bytes()),
        &mut sign_key,
    );
    let mut digest = [0u8; 40];
    hex_into(&Sha1::digest(http_string), &mut digest);
    black_box(digest);
    hmac_sha1(&sign_key, string_to_sign)
}

struct SignReport {
    sizes: (usize, usize),
    sdk_allocs: (f64, f64),
    public_allocs: (f64, f64),
}

fn bench_sign(c: &mut Criterion) -> SignReport {
    let public_options = sign_options();
    let (query, headers) = (&public_options.query, &public_options.headers);
    let sdk = || {
        bench_support::sign(SECRET_ID, SECRET_KEY, KEY_TIME, "get", PATH, query, headers)
            .authorization
    };
    let now = SystemTime::now();
    let public = || cos_sdk::get_authorization_at(&public_options, now).expect("valid options");
    assert_eq!(sdk(), public(), "both paths sign the same request");

    let signed = bench_support::sign(SECRET_ID, SECRET_KEY, KEY_TIME, "get", PATH, query, headers);
    let (http_string, string_to_sign) = (
        signed.http_string.into_bytes(),
        signed.string_to_sign.into_bytes(),
    );
    let report = SignReport {
        sizes: (http_string.len(), string_to_sign.len()),
        sdk_allocs: allocations_per_call(10_000, sdk),
        public_allocs: allocations_per_call(10_000, public),
    };

    let mut group = c.benchmark_group("sign");
    group.throughput(Throughput::Elements(1));
    bench(&mut group, "sign", "floor_hmac_sha1", || {
        sign_floor(&http_string, &string_to_sign)
    });
    bench(&mut group, "sign", "sdk_sign", sdk);
    bench(&mut group, "sign", "get_authorization_at", public);
    group.finish();
    report
}

// ---------------------------------------------------------------------------
// 2. Listing parsers

const ETAG: &str = "&quot;5d41402abc4b2a76b9719d911017c592&quot;";

/// A 1000-key `ListBucketResult` shaped like COS's (and the emulator's).
fn list_bucket_xml(keys: usize) -> String {
    let mut xml = String::from("<?xml version='1.0' encoding='utf-8' ?>\n<ListBucketResult>");
    xml.push_str("<Name>examplebucket-1250000000</Name><Prefix>photos/</Prefix><Marker/>");
    let _ = write!(
        xml,
        "<MaxKeys>{keys}</MaxKeys><IsTruncated>true</IsTruncated><NextMarker>photos/2024/06/img-{:06}.jpg</NextMarker>",
        keys - 1
    );
    for i in 0..keys {
        let _ = write!(
            xml,
            "<Contents><Key>photos/2024/06/img-{i:06}.jpg</Key><LastModified>2024-06-{:02}T12:{:02}:{:02}.000Z</LastModified><ETag>{ETAG}</ETag><Size>{}</Size><Owner><ID>1250000000</ID><DisplayName>1250000000</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>",
            i % 28 + 1,
            i % 60,
            (i * 7) % 60,
            1000 + i * 997
        );
    }
    xml.push_str("</ListBucketResult>");
    xml
}

/// A 1000-part `ListPartsResult` shaped like COS's (and the emulator's).
fn list_parts_xml(parts: usize) -> String {
    let owner = "<ID>qcs::cam::uin/100000000001:uin/100000000001</ID><DisplayName>100000000001</DisplayName>";
    let mut xml = String::from("<?xml version='1.0' encoding='utf-8' ?>\n<ListPartsResult>");
    let _ = write!(
        xml,
        "<Bucket>examplebucket-1250000000</Bucket><Key>backups/disk.img</Key><UploadId>1700000000a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6</UploadId><Initiator>{owner}</Initiator><Owner>{owner}</Owner><PartNumberMarker>0</PartNumberMarker>"
    );
    for i in 1..=parts {
        let _ = write!(
            xml,
            "<Part><PartNumber>{i}</PartNumber><LastModified>2024-06-01T12:{:02}:{:02}.000Z</LastModified><ETag>{ETAG}</ETag><Size>8388608</Size></Part>",
            i % 60,
            (i * 7) % 60
        );
    }
    let _ = write!(
        xml,
        "<NextPartNumberMarker>{parts}</NextPartNumberMarker><StorageClass>STANDARD</StorageClass><MaxParts>{parts}</MaxParts><IsTruncated>false</IsTruncated></ListPartsResult>"
    );
    xml
}

struct ParseReport {
    bucket_bytes: usize,
    parts_bytes: usize,
    bucket_allocs: (f64, f64),
    parts_allocs: (f64, f64),
    /// Per listing: the SDK parser's time over quick-xml's bare pass, over
    /// that pass plus one owned `String` per text, and over roxmltree's
    /// parse, measured interleaved (see `interleaved`).
    bucket_interleaved: [f64; 3],
    parts_interleaved: [f64; 3],
}

/// quick-xml's bare event pass: every event read, nothing kept.
fn quick_xml_events(document: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(document);
    let mut events = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return events,
            Ok(_) => events += 1,
        }
    }
}

/// The floor of any parser whose result owns its strings: the bare pass
/// plus one allocated copy of every text.
fn quick_xml_owned_texts(document: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(document);
    let mut bytes = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) | Err(_) => return bytes,
            Ok(quick_xml::events::Event::Text(text)) => {
                bytes += black_box(String::from_utf8_lossy(&text).into_owned()).len()
            }
            Ok(_) => bytes += 1,
        }
    }
}

fn roxmltree_nodes(document: &str) -> usize {
    roxmltree::Document::parse(document).map_or(0, |d| d.descendants().len())
}

/// `runs[0]`'s time over each of the others', from 31 rounds that run each
/// in turn for about 10 ms: a host whose speed drifts between minutes (as
/// shared machines do) moves all of a round alike, so the median of the
/// per-round ratios holds where ratios of separately taken medians do not.
fn interleaved(runs: &[&dyn Fn() -> usize]) -> Vec<f64> {
    let time = |run: &dyn Fn() -> usize| {
        let start = Instant::now();
        let mut calls = 0;
        while start.elapsed() < Duration::from_millis(10) {
            black_box(run());
            calls += 1;
        }
        start.elapsed().as_secs_f64() / calls as f64
    };
    let mut ratios = vec![Vec::new(); runs.len() - 1];
    for _ in 0..31 {
        let times: Vec<f64> = runs.iter().map(|run| time(*run)).collect();
        for (ratios, other) in ratios.iter_mut().zip(&times[1..]) {
            ratios.push(times[0] / other);
        }
    }
    ratios
        .into_iter()
        .map(|mut r| {
            r.sort_by(f64::total_cmp);
            r[r.len() / 2]
        })
        .collect()
}

fn bench_parse(c: &mut Criterion) -> ParseReport {
    let bucket = list_bucket_xml(1000);
    let parts = list_parts_xml(1000);
    assert_eq!(bench_support::parse_list_bucket(&bucket).ok(), Some(1000));
    assert_eq!(bench_support::parse_list_parts(&parts).ok(), Some(1000));
    let against_floors = |document: &str, sdk: fn(&str) -> Result<usize, _>| {
        let ratios = interleaved(&[
            &|| sdk(document).unwrap_or(0),
            &|| quick_xml_events(document),
            &|| quick_xml_owned_texts(document),
            &|| roxmltree_nodes(document),
        ]);
        [ratios[0], ratios[1], ratios[2]]
    };
    let report = ParseReport {
        bucket_bytes: bucket.len(),
        parts_bytes: parts.len(),
        bucket_allocs: allocations_per_call(20, || bench_support::parse_list_bucket(&bucket)),
        parts_allocs: allocations_per_call(20, || bench_support::parse_list_parts(&parts)),
        bucket_interleaved: against_floors(&bucket, bench_support::parse_list_bucket),
        parts_interleaved: against_floors(&parts, bench_support::parse_list_parts),
    };

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::BytesDecimal(bucket.len() as u64));
    bench(&mut group, "parse", "list_bucket_quick_xml", || {
        quick_xml_events(&bucket)
    });
    bench(&mut group, "parse", "list_bucket_roxmltree", || {
        roxmltree_nodes(&bucket)
    });
    bench(&mut group, "parse", "list_bucket_sdk", || {
        bench_support::parse_list_bucket(&bucket).ok()
    });
    group.throughput(Throughput::BytesDecimal(parts.len() as u64));
    bench(&mut group, "parse", "list_parts_quick_xml", || {
        quick_xml_events(&parts)
    });
    bench(&mut group, "parse", "list_parts_roxmltree", || {
        roxmltree_nodes(&parts)
    });
    bench(&mut group, "parse", "list_parts_sdk", || {
        bench_support::parse_list_parts(&parts).ok()
    });
    group.finish();
    report
}

// ---------------------------------------------------------------------------
// 3. Hashing

const MIB: usize = 1024 * 1024;
/// Parts hashed in parallel, as `slice_upload_file` hashes its parts.
const PART: usize = 8 * MIB;
/// Read size of the streamed paths (`get_object` copies 64 KiB at a time).
const STREAM_CHUNK: usize = 64 * 1024;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&v| v > 0)
        .unwrap_or(default)
}

struct HashReport {
    bytes: usize,
    threads: usize,
}

fn bench_hash(c: &mut Criterion) -> HashReport {
    let bytes = env_usize("COS_BENCH_HASH_MIB", 64) * MIB;
    let threads = env_usize(
        "COS_BENCH_THREADS",
        std::thread::available_parallelism().map_or(2, |n| n.get()),
    );
    let data: Vec<u8> = (0..bytes as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("rayon pool");

    // The paths agree before anything is timed.
    let md5_plain = |data: &[u8]| {
        let mut md5 = Md5::new();
        for chunk in data.chunks(STREAM_CHUNK) {
            md5.update(chunk);
        }
        md5.finalize()
    };
    let crc_plain_loop = |data: &[u8]| {
        let mut digest = crc64fast::Digest::new();
        for chunk in data.chunks(STREAM_CHUNK) {
            digest.write(chunk);
        }
        digest.sum64()
    };
    let crc_parallel = |data: &[u8]| {
        let parts: Vec<(u64, u64)> = pool.install(|| {
            data.par_chunks(PART)
                .map(|p| (bench_support::crc64(p), p.len() as u64))
                .collect()
        });
        parts.iter().fold(0, |whole, &(crc, len)| {
            bench_support::crc64_combine(whole, crc, len)
        })
    };
    let md5_parallel = |data: &[u8]| -> Vec<String> {
        pool.install(|| data.par_chunks(PART).map(bench_support::md5_hex).collect())
    };
    let sha1_parallel = |data: &[u8]| -> Vec<[u8; 20]> {
        pool.install(|| {
            data.par_chunks(PART)
                .map(|p| Sha1::digest(p).into())
                .collect()
        })
    };
    let expected_crc = crc_plain_loop(&data);
    assert_eq!(bench_support::crc64(&data), expected_crc);
    assert_eq!(
        bench_support::crc64_streamed(&data, STREAM_CHUNK),
        expected_crc
    );
    assert_eq!(crc_parallel(&data), expected_crc);
    let md5_hex: String = md5_plain(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(bench_support::md5_hex(&data), md5_hex);

    let mut group = c.benchmark_group("hash");
    group
        .throughput(Throughput::BytesDecimal(bytes as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    bench(&mut group, "hash", "sha1_plain", || {
        let mut sha1 = Sha1::new();
        for chunk in data.chunks(STREAM_CHUNK) {
            sha1.update(chunk);
        }
        sha1.finalize()
    });
    bench(&mut group, "hash", "sha1_parallel", || sha1_parallel(&data));
    bench(&mut group, "hash", "md5_plain", || md5_plain(&data));
    bench(&mut group, "hash", "md5_sdk", || {
        bench_support::md5_hex(&data)
    });
    bench(&mut group, "hash", "md5_parallel", || md5_parallel(&data));
    bench(&mut group, "hash", "crc64_plain", || crc_plain_loop(&data));
    bench(&mut group, "hash", "crc64_sdk", || {
        bench_support::crc64(&data)
    });
    bench(&mut group, "hash", "crc64_sdk_streamed", || {
        bench_support::crc64_streamed(&data, STREAM_CHUNK)
    });
    bench(&mut group, "hash", "crc64_parallel", || crc_parallel(&data));
    group.finish();
    HashReport { bytes, threads }
}

// ---------------------------------------------------------------------------
// Summary

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}", a / b),
        _ => "-".into(),
    }
}

fn show(value: Option<f64>, scale: f64, decimals: usize) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{:.*}", decimals, v * scale))
}

fn summary(sign: &SignReport, parse: &ParseReport, hash: &HashReport) {
    println!("\n== issue 8 summary: medians of criterion's samples, ratios within this run ==");

    let floor = median_ns("sign/floor_hmac_sha1");
    println!(
        "\nsigning, 5 headers + 3 query params (HttpString {} B, StringToSign {} B); target < 2000 ns",
        sign.sizes.0, sign.sizes.1
    );
    println!(
        "{:<44} {:>9} {:>8} {:>15}",
        "run", "ns/sig", "x floor", "allocs (realloc)"
    );
    for (id, label, allocs) in [
        (
            "sign/floor_hmac_sha1",
            "2 HMAC-SHA1 + SHA-1 floor (baseline)",
            Some((0.0, 0.0)),
        ),
        (
            "sign/sdk_sign",
            "auth::sign (every request)",
            Some(sign.sdk_allocs),
        ),
        (
            "sign/get_authorization_at",
            "get_authorization_at (public API)",
            Some(sign.public_allocs),
        ),
    ] {
        let ns = median_ns(id);
        let allocs = allocs.map_or_else(|| "-".into(), |(a, r)| format!("{a:.1} ({r:.1})"));
        println!(
            "{:<44} {:>9} {:>8} {:>15}",
            label,
            show(ns, 1.0, 0),
            ratio(ns, floor),
            allocs
        );
    }

    println!(
        "\nparsing 1000-entry listings; \"x time\" is over quick-xml's bare event pass (the floor)"
    );
    println!(
        "{:<44} {:>9} {:>8} {:>8} {:>15}",
        "run", "us/parse", "MB/s", "x time", "allocs (realloc)"
    );
    for (name, bytes, allocs, interleaved) in [
        (
            "list_bucket",
            parse.bucket_bytes,
            parse.bucket_allocs,
            parse.bucket_interleaved,
        ),
        (
            "list_parts",
            parse.parts_bytes,
            parse.parts_allocs,
            parse.parts_interleaved,
        ),
    ] {
        let base = median_ns(&format!("parse/{name}_quick_xml"));
        let rate = |ns: Option<f64>| ns.map(|ns| bytes as f64 / ns * 1000.0);
        for (id, label, allocs) in [
            (
                "quick_xml",
                format!("quick-xml events ({} KB, floor)", bytes / 1000),
                None,
            ),
            ("roxmltree", "roxmltree parse (a tree)".into(), None),
            ("sdk", "SDK parser".into(), Some(allocs)),
        ] {
            let ns = median_ns(&format!("parse/{name}_{id}"));
            println!(
                "{:<44} {:>9} {:>8} {:>8} {:>15}",
                format!("{name}: {label}"),
                show(ns, 1e-3, 1),
                show(rate(ns), 1.0, 0),
                ratio(ns, base),
                allocs.map_or_else(|| "-".into(), |(a, r)| format!("{a:.0} ({r:.0})"))
            );
        }
        println!(
            "  {name}, interleaved: SDK parser / quick-xml events {:.2}, / events + a String per text {:.2}, / roxmltree {:.2}",
            interleaved[0], interleaved[1], interleaved[2]
        );
    }

    println!(
        "\nhashing {} MiB; SDK path within 10% of the plain loop (ratio >= 0.90); parallel: {} threads, 8 MiB parts",
        hash.bytes / MIB,
        hash.threads
    );
    println!(
        "{:<44} {:>9} {:>8} {:>16}",
        "run", "MB/s", "ratio", "ratio is"
    );
    let rate =
        |id: &str| median_ns(&format!("hash/{id}")).map(|ns| hash.bytes as f64 / ns * 1000.0);
    for (id, label, base, against) in [
        (
            "sha1_plain",
            "SHA-1 plain loop (baseline)",
            "sha1_plain",
            "-",
        ),
        (
            "sha1_parallel",
            "SHA-1 8 MiB parts on the pool",
            "sha1_plain",
            "scaling vs 1",
        ),
        ("md5_plain", "MD5 plain loop (baseline)", "md5_plain", "-"),
        ("md5_sdk", "MD5 SDK path (md5_hex)", "md5_plain", "vs plain"),
        (
            "md5_parallel",
            "MD5 8 MiB parts on the pool",
            "md5_sdk",
            "scaling vs 1",
        ),
        (
            "crc64_plain",
            "CRC-64 plain loop (baseline)",
            "crc64_plain",
            "-",
        ),
        (
            "crc64_sdk",
            "CRC-64 SDK path (crc64::checksum)",
            "crc64_plain",
            "vs plain",
        ),
        (
            "crc64_sdk_streamed",
            "CRC-64 SDK path, 64 KiB updates",
            "crc64_plain",
            "vs plain",
        ),
        (
            "crc64_parallel",
            "CRC-64 8 MiB parts + combine on the pool",
            "crc64_sdk",
            "scaling vs 1",
        ),
    ] {
        let (r, b) = (rate(id), rate(base));
        println!(
            "{:<44} {:>9} {:>8} {:>16}",
            label,
            show(r, 1.0, 0),
            ratio(r, b),
            against
        );
    }
}

/// The input of `compat/node/bench_micro.js`: the signing request (with
/// the signature Node must reproduce) and both listings, written once to a
/// temporary file; or why Node cannot run.
fn node_input(
    options: &GetAuthorizationOptions,
    bucket: &str,
    parts: &str,
) -> Result<tempfile::NamedTempFile, String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("compat/node");
    if !dir.join("node_modules/cos-nodejs-sdk-v5").is_dir() {
        return Err("not installed (bash compat/run.sh installs it)".into());
    }
    let expected = cos_sdk::get_authorization(options).map_err(|e| e.to_string())?;
    let input = serde_json::json!({
        "secret_id": SECRET_ID,
        "secret_key": SECRET_KEY,
        "method": "GET",
        "pathname": PATH,
        "query": options.query.iter().cloned().collect::<BTreeMap<String, String>>(),
        "headers": options.headers.iter().map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<String, String>>(),
        "key_time": KEY_TIME,
        "expected_authorization": expected,
        "list_bucket": bucket,
        "list_parts": parts,
    });
    let mut file = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    std::io::Write::write_all(&mut file, input.to_string().as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(file)
}

/// One run of the official Node SDK on `input`: its figures, or why there
/// are none.
fn node_figures(input: &std::path::Path) -> Result<serde_json::Value, String> {
    let output = std::process::Command::new("node")
        .arg("bench_micro.js")
        .arg(input)
        .current_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("compat/node"))
        .output();
    let output = output.map_err(|e| format!("node did not run: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())
}

/// Our time per call of `run`, ns, over about 200 ms.
fn quick_ns(run: &dyn Fn() -> usize) -> f64 {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed() < Duration::from_millis(200) {
        black_box(run());
        calls += 1;
    }
    start.elapsed().as_nanos() as f64 / f64::from(calls)
}

/// Ratios against Node for the same inputs, from this run. Node runs in its
/// own process, so it cannot be interleaved finely: three Node runs
/// alternate with short timings of ours, and each ratio is the median of the
/// three rounds' (Node over ours just before and after it).
fn node_summary(parse: &ParseReport) {
    println!(
        "
side by side with the official Node SDK (same inputs, same run; medians of 3 alternating rounds)"
    );
    let options = sign_options();
    let now = SystemTime::now();
    let (bucket, parts) = (list_bucket_xml(1000), list_parts_xml(1000));
    let input = match node_input(&options, &bucket, &parts) {
        Ok(input) => input,
        Err(why) => {
            println!("  Node SDK: {why}");
            return;
        }
    };
    let ours: [(&str, &dyn Fn() -> usize); 3] = [
        ("sign_ns", &|| {
            cos_sdk::get_authorization_at(&options, now).map_or(0, |a| a.len())
        }),
        ("list_bucket_ns", &|| {
            bench_support::parse_list_bucket(&bucket).unwrap_or(0)
        }),
        ("list_parts_ns", &|| {
            bench_support::parse_list_parts(&parts).unwrap_or(0)
        }),
    ];
    let time_ours = || ours.map(|(_, run)| quick_ns(run));
    // Per figure: (ours, Node, Node / ours) of each round.
    let mut rounds: [Vec<(f64, f64, f64)>; 3] = Default::default();
    let mut before = time_ours();
    for _ in 0..3 {
        let node = match node_figures(input.path()) {
            Ok(node) => node,
            Err(why) => {
                println!("  Node SDK: {why}");
                return;
            }
        };
        let after = time_ours();
        for (i, (key, _)) in ours.iter().enumerate() {
            let mine = (before[i] + after[i]) / 2.0;
            let theirs = node[*key].as_f64().unwrap_or(f64::NAN);
            rounds[i].push((mine, theirs, theirs / mine));
        }
        before = after;
    }
    let middle = |values: Vec<f64>| {
        let mut values = values;
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let medians: Vec<(f64, f64, f64)> = rounds
        .iter()
        .map(|r| {
            (
                middle(r.iter().map(|x| x.0).collect()),
                middle(r.iter().map(|x| x.1).collect()),
                middle(r.iter().map(|x| x.2).collect()),
            )
        })
        .collect();
    println!(
        "{:<44} {:>12} {:>12} {:>10}",
        "run", "cos-sdk", "Node", "x faster"
    );
    let (mine, theirs, faster) = medians[0];
    println!(
        "{:<44} {:>9.0} ns {:>9.0} ns {:>10.2}",
        "get_authorization / COS.getAuthorization", mine, theirs, faster
    );
    for ((name, bytes), (mine, theirs, faster)) in [
        ("list_bucket", parse.bucket_bytes),
        ("list_parts", parse.parts_bytes),
    ]
    .into_iter()
    .zip(medians[1..].iter().copied())
    {
        let rate = |ns: f64| bytes as f64 / ns * 1000.0;
        println!(
            "{:<44} {:>7.0} MB/s {:>7.0} MB/s {:>10.2}",
            format!("{name}: SDK parser / Node's xml2json"),
            rate(mine),
            rate(theirs),
            faster
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let sign = bench_sign(&mut c);
    let parse = bench_parse(&mut c);
    let hash = bench_hash(&mut c);
    c.final_summary();
    summary(&sign, &parse, &hash);
    node_summary(&parse);
}
