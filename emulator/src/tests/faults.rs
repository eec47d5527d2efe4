//! Fault injection over real sockets: every fault kind, matching, use counts,
//! probability with a seed, the "never a partial object" invariant, clock
//! offset, and the `--fault` spec syntax.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::{BUCKET, Client, PATH_ENC, REGION, Resp, assert_error, enc, now, sign};
use crate::faults::FaultKind;
use crate::store::CRC64;
use crate::{Emulator, EmulatorConfig, Fault, Match};

fn emulator() -> Emulator {
    let emu = Emulator::start_with(EmulatorConfig {
        min_part_size: 1,
        ..Default::default()
    })
    .unwrap();
    super::create_bucket(&emu);
    emu
}

fn host() -> String {
    format!("{BUCKET}.cos.{REGION}.myqcloud.com")
}

/// A complete signed request (head and body) as bytes, like `Client::call`.
fn request_bytes(
    emu: &Emulator,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Vec<u8> {
    let host = host();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let mut signed: Vec<(&str, &str)> = headers.to_vec();
    signed.push(("Host", &host));
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        method,
        path,
        query,
        &signed,
        &key_time,
    );
    let mut target = percent_encoding::utf8_percent_encode(path, PATH_ENC).to_string();
    if !query.is_empty() {
        target.push('?');
        let q: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        target.push_str(&q.join("&"));
    }
    let mut req = format!("{method} {target} HTTP/1.1\r\n");
    for (n, v) in &signed {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str(&format!("Authorization: {auth}\r\n"));
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"))
        && (method == "PUT" || method == "POST")
    {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// What a raw exchange produced: the bytes received and how reading ended.
struct Raw {
    bytes: Vec<u8>,
    /// `None` on a clean end of stream, else the read error's kind.
    error: Option<ErrorKind>,
}

impl Raw {
    fn split(&self) -> (String, &[u8]) {
        match self.bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            Some(i) => (
                String::from_utf8_lossy(&self.bytes[..i]).into_owned(),
                &self.bytes[i + 4..],
            ),
            None => (String::from_utf8_lossy(&self.bytes).into_owned(), &[]),
        }
    }

    fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.split();
        head.lines().skip(1).find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `request` on a fresh connection (write errors ignored: the server
/// may reset mid-body) and reads until the connection ends.
fn exchange(emu: &Emulator, request: &[u8]) -> Raw {
    let mut s = TcpStream::connect(emu.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut bytes = Vec::new();
    // A reset that arrives while the request is still being written is
    // seen by the write, not the read that follows (which then sees EOF).
    if let Err(e) = s.write_all(request) {
        if matches!(e.kind(), ErrorKind::ConnectionReset | ErrorKind::BrokenPipe) {
            return Raw {
                bytes,
                error: Some(ErrorKind::ConnectionReset),
            };
        }
    }
    let mut buf = [0u8; 16 * 1024];
    let error = loop {
        match s.read(&mut buf) {
            Ok(0) => break None,
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) => break Some(e.kind()),
        }
    };
    Raw { bytes, error }
}

/// The exchange ended in a TCP reset (Linux: `SO_LINGER` 0 is honoured).
fn assert_reset(raw: &Raw) {
    if cfg!(target_os = "linux") {
        assert_eq!(raw.error, Some(ErrorKind::ConnectionReset));
    } else {
        assert!(raw.error.is_some() || raw.bytes.is_empty());
    }
}

/// (method, path, status, fault) of the logged requests that had a fault.
fn faulted(emu: &Emulator) -> Vec<(String, String, u16, String)> {
    emu.request_log()
        .into_iter()
        .filter_map(|r| {
            let f = r.fault.clone()?;
            Some((r.method, r.path, r.status, f))
        })
        .collect()
}

fn dir_entries(emu: &Emulator, sub: &str) -> usize {
    let dir = emu.temp_dir.as_ref().unwrap().path().join(sub);
    std::fs::read_dir(dir).unwrap().count()
}

fn put(c: &mut Client, key: &str, body: &[u8]) -> Resp {
    c.call("PUT", key, &[], &[], body)
}

fn initiate(c: &mut Client, key: &str) -> String {
    let r = c.call("POST", key, &[("uploads", "")], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    r.xml("UploadId").unwrap()
}

fn put_part(c: &mut Client, key: &str, id: &str, n: u32, body: &[u8]) -> Resp {
    let n = n.to_string();
    c.call(
        "PUT",
        key,
        &[("partNumber", &n), ("uploadId", id)],
        &[],
        body,
    )
}

fn complete_body(parts: &[(u32, &Resp)]) -> String {
    let mut s = String::from("<CompleteMultipartUpload>");
    for (n, r) in parts {
        s.push_str(&format!(
            "<Part><PartNumber>{n}</PartNumber><ETag>{}</ETag></Part>",
            r.header("ETag").unwrap()
        ));
    }
    s.push_str("</CompleteMultipartUpload>");
    s
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

// ---------------------------------------------------------------- spec syntax

#[test]
fn fault_spec_parsing() {
    let f: Fault = "status=503:SlowDown,op=upload-part,times=2"
        .parse()
        .unwrap();
    assert_eq!(
        f,
        Fault::status(503, "SlowDown")
            .on(Match::upload_part())
            .times(2)
    );
    let cases: [(&str, Fault); 14] = [
        (
            "reset-after=65536,op=put-object",
            Fault::reset_after(65536).on(Match::put_object()),
        ),
        (
            "delay=2s,op=any,prob=0.05",
            Fault::delay(Duration::from_secs(2)).probability(0.05),
        ),
        (
            "ok-with-error=InternalError,op=complete,times=1",
            Fault::ok_with_error("InternalError")
                .on(Match::complete())
                .times(1),
        ),
        (
            "crc,op=put-object",
            Fault::corrupt_crc().on(Match::put_object()),
        ),
        ("corrupt-body", Fault::corrupt_body()),
        ("ok-with-error", Fault::ok_with_error("InternalError")),
        ("status=500", Fault::status(500, "InternalError")),
        ("status=503", Fault::status(503, "ServiceUnavailable")),
        (
            " truncate=10 , op=get-object, key=/dir/a b.txt ,method=get",
            Fault::truncate_body(10).on(Match::get_object().key("dir/a b.txt").method("GET")),
        ),
        (
            "delay=250ms,key-contains=big,part=3,times=unlimited,seed=7",
            Fault::delay(Duration::from_millis(250))
                .on(Match::any().key_contains("big").part(3))
                .seed(7),
        ),
        (
            "drop-answer,op=complete,times=1",
            Fault::drop_answer().on(Match::complete()).times(1),
        ),
        (
            "corrupt-request,op=upload-part,prob=0.25,seed=3",
            Fault::corrupt_request_body()
                .on(Match::upload_part())
                .probability(0.25)
                .seed(3),
        ),
        (
            "corrupt-request-body,op=put-object,key=k",
            Fault::corrupt_request_body().on(Match::put_object().key("k")),
        ),
        (
            "delay=1.5s,op=copy,prob=1",
            Fault::delay(Duration::from_millis(1500))
                .on(Match::copy())
                .probability(1.0),
        ),
    ];
    for (spec, expected) in cases {
        let parsed: Fault = spec.parse().unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(parsed, expected, "{spec}");
        // Display writes the spec syntax back.
        let again: Fault = parsed.to_string().parse().unwrap();
        assert_eq!(again, expected, "{spec} -> {parsed}");
    }
    assert_eq!(
        "status=503:SlowDown,op=upload-part,times=2"
            .parse::<Fault>()
            .unwrap()
            .to_string(),
        "status=503:SlowDown,op=upload-part,times=2"
    );
    assert_eq!(
        *"delay=2s".parse::<Fault>().unwrap().kind(),
        FaultKind::Delay(Duration::from_secs(2))
    );

    // Bad specs name the offending part.
    let bad: [(&str, &str); 18] = [
        ("", "names no fault kind"),
        ("op=put-object", "names no fault kind"),
        ("status=503,crc", "`crc`"),
        ("status=200", "`status=200`"),
        ("status=abc", "`status=abc`"),
        ("status=503:Slow Down", "`status=503:Slow Down`"),
        ("status", "`status`"),
        ("reset-after=-1", "`reset-after=-1`"),
        ("delay=2", "`delay=2`"),
        ("delay=xs", "`delay=xs`"),
        ("crc=1", "`crc=1`"),
        ("crc,op=bogus", "`op=bogus`"),
        ("crc,times=two", "`times=two`"),
        ("crc,prob=1.5", "`prob=1.5`"),
        ("crc,part=x", "`part=x`"),
        ("crc,colour=red", "`colour=red`"),
        ("drop-answer=1", "`drop-answer=1`"),
        ("corrupt-request=yes", "`corrupt-request=yes`"),
    ];
    for (spec, needle) in bad {
        let err = spec.parse::<Fault>().unwrap_err().to_string();
        assert!(err.contains(needle), "{spec:?}: {err}");
    }
    assert!(
        "crc,op=bogus"
            .parse::<Fault>()
            .unwrap_err()
            .to_string()
            .contains("upload-part")
    );
}

// ---------------------------------------------------------------- status

#[test]
fn status_faults_match_and_are_counted() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    let slow = emu.inject(
        Fault::status(503, "SlowDown")
            .on(Match::upload_part())
            .times(2),
    );
    let id = initiate(&mut c, "/big.bin");
    // The first two parts are refused (keep-alive: the body was drained).
    assert_error(
        &put_part(&mut c, "/big.bin", &id, 1, b"aaaa"),
        503,
        "SlowDown",
    );
    assert_error(
        &put_part(&mut c, "/big.bin", &id, 2, b"bbbb"),
        503,
        "SlowDown",
    );
    let p1 = put_part(&mut c, "/big.bin", &id, 1, b"aaaa");
    assert_eq!(p1.status, 200, "{}", p1.text());
    assert_eq!(emu.fault_hits(slow), 2);
    assert_eq!(emu.faults_hit(), 2);
    let log = faulted(&emu);
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log.iter().all(|(m, p, s, f)| m == "PUT"
            && p == "/big.bin"
            && *s == 503
            && f == "status 503 SlowDown"),
        "{log:?}"
    );
    // Unfaulted requests log no fault.
    assert!(
        emu.request_log()
            .iter()
            .filter(|r| r.status == 200)
            .all(|r| r.fault.is_none())
    );

    // Key, key substring, method and part number conditions.
    emu.clear_faults();
    assert_eq!(emu.faults_hit(), 0);
    emu.inject(Fault::status(500, "InternalError").on(Match::put_object().key("b.txt")));
    emu.inject(Fault::status(502, "BadGateway").on(Match::any().key_contains("zz").method("get")));
    let p3 = emu.inject(Fault::status(500, "InternalError").on(Match::upload_part().part(3)));
    assert_eq!(put(&mut c, "/a.txt", b"a").status, 200);
    assert_error(&put(&mut c, "/b.txt", b"b"), 500, "InternalError");
    assert_error(&put(&mut c, "/b.txt", b"b"), 500, "InternalError");
    assert_eq!(put(&mut c, "/xb.txt", b"b").status, 200);
    assert_eq!(put(&mut c, "/azzb.txt", b"b").status, 200);
    assert_error(
        &c.call("GET", "/azzb.txt", &[], &[], b""),
        502,
        "BadGateway",
    );
    assert_eq!(c.call("GET", "/a.txt", &[], &[], b"").status, 200);
    assert_eq!(put_part(&mut c, "/big.bin", &id, 2, b"bb").status, 200);
    assert_error(
        &put_part(&mut c, "/big.bin", &id, 3, b"cc"),
        500,
        "InternalError",
    );
    assert_eq!(emu.fault_hits(p3), 1);
    assert_eq!(emu.faults_hit(), 4);
    // HEAD answers the status without a body.
    let r = c.call("HEAD", "/azzb.txt", &[], &[], b"");
    assert_eq!(r.status, 200);
    emu.inject(
        Fault::status(503, "SlowDown")
            .on(Match::head_object())
            .times(1),
    );
    let r = c.call("HEAD", "/a.txt", &[], &[], b"");
    assert_eq!(r.status, 503);
    assert!(r.body.is_empty());
    assert!(r.header("x-cos-request-id").is_some());
    // A removed rule no longer applies.
    assert!(emu.remove_fault(p3));
    assert!(!emu.remove_fault(p3));
    assert_eq!(put_part(&mut c, "/big.bin", &id, 3, b"cc").status, 200);
    // The object the refused PUTs aimed at was never written.
    assert_error(&c.call("GET", "/b.txt", &[], &[], b""), 404, "NoSuchKey");

    // Expect: 100-continue: the status comes before the body is invited.
    emu.clear_faults();
    emu.inject(Fault::status(503, "SlowDown").on(Match::put_object()));
    let mut req = request_bytes(
        &emu,
        "PUT",
        "/e.txt",
        &[],
        &[("Expect", "100-continue")],
        b"hello",
    );
    req.truncate(req.len() - 5);
    let raw = exchange(&emu, &req);
    let (head, body) = raw.split();
    assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
    assert!(!head.contains("100 Continue"), "{head}");
    assert_eq!(raw.header("Connection").as_deref(), Some("close"));
    assert!(String::from_utf8_lossy(body).contains("<Code>SlowDown</Code>"));
    emu.stop();
}

// ---------------------------------------------------------------- probability

#[test]
fn probability_mode_is_deterministic_per_seed() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    assert_eq!(put(&mut c, "/p.txt", b"p").status, 200);
    let mut run = |fault: Fault| -> Vec<bool> {
        emu.clear_faults();
        let id = emu.inject(fault.on(Match::head_object()));
        let pattern: Vec<bool> = (0..64)
            .map(|_| {
                let r = c.call("HEAD", "/p.txt", &[], &[], b"");
                assert!(r.status == 200 || r.status == 503, "{}", r.status);
                r.status == 503
            })
            .collect();
        let hits = pattern.iter().filter(|h| **h).count() as u64;
        assert_eq!(emu.fault_hits(id), hits);
        assert_eq!(emu.faults_hit(), hits);
        pattern
    };
    let a = run(Fault::status(503, "SlowDown").probability(0.5).seed(42));
    let b = run(Fault::status(503, "SlowDown").probability(0.5).seed(42));
    let other = run(Fault::status(503, "SlowDown").probability(0.5).seed(43));
    assert_eq!(a, b);
    assert_ne!(a, other);
    let hits = a.iter().filter(|h| **h).count();
    assert!((12..=52).contains(&hits), "{hits} of 64");
    assert!(
        run(Fault::status(503, "SlowDown").probability(0.0))
            .iter()
            .all(|h| !h)
    );
    assert!(
        run(Fault::status(503, "SlowDown").probability(1.0))
            .iter()
            .all(|h| *h)
    );
    // `times` caps the requests the draw selects.
    let capped = run(Fault::status(503, "SlowDown")
        .probability(0.5)
        .seed(42)
        .times(3));
    assert_eq!(capped.iter().filter(|h| **h).count(), 3);
    let first3: Vec<usize> = a
        .iter()
        .enumerate()
        .filter(|(_, h)| **h)
        .map(|(i, _)| i)
        .take(3)
        .collect();
    let capped3: Vec<usize> = capped
        .iter()
        .enumerate()
        .filter(|(_, h)| **h)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(first3, capped3);
    emu.stop();
}

// ---------------------------------------------------------------- resets

#[test]
fn reset_during_upload_stores_nothing() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    assert_eq!(put(&mut c, "/keep.bin", b"old contents").status, 200);
    let body = data(1024 * 1024);
    let id = emu.inject(Fault::reset_after(65536).on(Match::put_object()).times(3));

    // Overwrite of an existing key, Content-Length framing.
    let raw = exchange(
        &emu,
        &request_bytes(&emu, "PUT", "/keep.bin", &[], &[], &body),
    );
    assert_reset(&raw);
    assert!(
        raw.bytes.is_empty(),
        "{}",
        String::from_utf8_lossy(&raw.bytes)
    );
    // A new key, chunked framing.
    let mut chunked = Vec::new();
    for piece in body.chunks(100_000) {
        chunked.extend_from_slice(format!("{:X}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let raw = exchange(
        &emu,
        &request_bytes(
            &emu,
            "PUT",
            "/new.bin",
            &[],
            &[("Transfer-Encoding", "chunked")],
            &chunked,
        ),
    );
    assert_reset(&raw);
    assert!(raw.bytes.is_empty());
    // Expect: 100-continue: the body is invited, then cut.
    let raw = exchange(
        &emu,
        &request_bytes(
            &emu,
            "PUT",
            "/new.bin",
            &[],
            &[("Expect", "100-continue")],
            &body,
        ),
    );
    assert_reset(&raw);
    let text = String::from_utf8_lossy(&raw.bytes);
    assert!(
        text.is_empty() || text == "HTTP/1.1 100 Continue\r\n\r\n",
        "{text}"
    );
    assert_eq!(emu.fault_hits(id), 3);

    let mut c = Client::new(&emu);
    let r = c.call("GET", "/keep.bin", &[], &[], b"");
    assert_eq!(r.body, b"old contents");
    assert_error(&c.call("GET", "/new.bin", &[], &[], b""), 404, "NoSuchKey");
    assert_eq!(dir_entries(&emu, "tmp"), 0);
    assert_eq!(dir_entries(&emu, "objects"), 1);
    let log = emu.request_log();
    let resets: Vec<_> = log.iter().filter(|r| r.fault.is_some()).collect();
    assert_eq!(resets.len(), 3);
    for r in &resets {
        assert_eq!(r.status, 0);
        assert_eq!(r.fault.as_deref(), Some("reset after 65536 bytes"));
        assert_eq!(r.bytes_received, 65536);
    }

    // A reset part stores no part; the upload still completes with a retry.
    emu.clear_faults();
    emu.inject(
        Fault::reset_after(1000)
            .on(Match::upload_part().part(2))
            .times(1),
    );
    let up = initiate(&mut c, "/mp.bin");
    let p1 = put_part(&mut c, "/mp.bin", &up, 1, &body[..300_000]);
    assert_eq!(p1.status, 200);
    let raw = exchange(
        &emu,
        &request_bytes(
            &emu,
            "PUT",
            "/mp.bin",
            &[("partNumber", "2"), ("uploadId", &up)],
            &[],
            &body[300_000..],
        ),
    );
    assert_reset(&raw);
    assert!(raw.bytes.is_empty());
    let mut c = Client::new(&emu);
    let list = c.call("GET", "/mp.bin", &[("uploadId", &up)], &[], b"");
    assert_eq!(list.text().matches("<Part>").count(), 1, "{}", list.text());
    assert_eq!(dir_entries(&emu, "parts"), 1);
    let p2 = put_part(&mut c, "/mp.bin", &up, 2, &body[300_000..]);
    assert_eq!(p2.status, 200);
    let done = c.call(
        "POST",
        "/mp.bin",
        &[("uploadId", &up)],
        &[],
        complete_body(&[(1, &p1), (2, &p2)]).as_bytes(),
    );
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(c.call("GET", "/mp.bin", &[], &[], b"").body, body);

    // Requests without a body that are not GETs are reset unanswered and not handled.
    emu.inject(Fault::reset_after(0).on(Match::delete_object()).times(1));
    let raw = exchange(
        &emu,
        &request_bytes(&emu, "DELETE", "/mp.bin", &[], &[], b""),
    );
    assert_reset(&raw);
    assert!(raw.bytes.is_empty());
    let mut c = Client::new(&emu);
    assert_eq!(c.call("GET", "/mp.bin", &[], &[], b"").body, body);
    emu.stop();
}

#[test]
fn reset_and_truncate_during_download() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    let body = data(300_000);
    assert_eq!(put(&mut c, "/d.bin", &body).status, 200);
    let get = request_bytes(&emu, "GET", "/d.bin", &[], &[], b"");

    emu.inject(Fault::reset_after(1000).on(Match::get_object()).times(1));
    let raw = exchange(&emu, &get);
    let (head, got) = raw.split();
    // Whatever arrived before the reset is at most the headers and 1000 bytes.
    assert!(got.len() <= 1000, "{}", got.len());
    assert_eq!(got, &body[..got.len()]);
    if !head.is_empty() {
        assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    }
    assert_reset(&raw);
    let log = faulted(&emu);
    assert_eq!(
        log,
        vec![(
            "GET".to_string(),
            "/d.bin".to_string(),
            200,
            "reset after 1000 bytes".to_string()
        )]
    );

    emu.inject(Fault::truncate_body(100).on(Match::get_object()).times(1));
    let raw = exchange(&emu, &get);
    assert_eq!(raw.error, None, "a truncated body ends with a clean close");
    let (head, got) = raw.split();
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert_eq!(
        raw.header("Content-Length").as_deref(),
        Some(body.len().to_string().as_str())
    );
    assert_eq!(raw.header("Connection").as_deref(), Some("close"));
    assert_eq!(got, &body[..100]);

    // Both were one-shot: the next download is whole.
    let mut c = Client::new(&emu);
    assert_eq!(c.call("GET", "/d.bin", &[], &[], b"").body, body);
    assert_eq!(emu.faults_hit(), 2);
    emu.stop();
}

// ---------------------------------------------------------------- corruption

#[test]
fn corrupt_body_and_crc() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    let body = data(10_001);
    let crc = CRC64.checksum(&body);

    emu.inject(Fault::corrupt_crc().on(Match::put_object()).times(1));
    let r = put(&mut c, "/c.bin", &body);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some((crc ^ 1).to_string().as_str())
    );
    let r = c.call("HEAD", "/c.bin", &[], &[], b"");
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some(crc.to_string().as_str())
    );

    emu.inject(Fault::corrupt_body().on(Match::get_object()).times(1));
    let r = c.call("GET", "/c.bin", &[], &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some(crc.to_string().as_str())
    );
    assert_eq!(r.body.len(), body.len());
    let diffs: Vec<usize> = (0..body.len()).filter(|&i| r.body[i] != body[i]).collect();
    assert_eq!(diffs, vec![body.len() / 2]);
    assert_eq!(r.body[body.len() / 2], !body[body.len() / 2]);
    // Stored data is unchanged.
    assert_eq!(c.call("GET", "/c.bin", &[], &[], b"").body, body);

    // Complete Multipart Upload: wrong CRC header, right object.
    emu.inject(Fault::corrupt_crc().on(Match::complete()));
    let up = initiate(&mut c, "/m.bin");
    let p1 = put_part(&mut c, "/m.bin", &up, 1, &body[..5000]);
    let p2 = put_part(&mut c, "/m.bin", &up, 2, &body[5000..]);
    let r = c.call(
        "POST",
        "/m.bin",
        &[("uploadId", &up)],
        &[],
        complete_body(&[(1, &p1), (2, &p2)]).as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some((crc ^ 1).to_string().as_str())
    );
    let r = c.call("GET", "/m.bin", &[], &[], b"");
    assert_eq!(r.body, body);
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some(crc.to_string().as_str())
    );
    let notes: Vec<String> = faulted(&emu).into_iter().map(|e| e.3).collect();
    assert_eq!(notes, ["corrupt crc64", "corrupt body", "corrupt crc64"]);
    emu.stop();
}

// ---------------------------------------------------------------- lost answers

#[test]
fn drop_answer_handles_the_request_then_resets() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    let body = data(200_000);
    let id = emu.inject(Fault::drop_answer().on(Match::put_object()).times(1));

    // PUT Object: stored, but not a byte of the answer arrives.
    let raw = exchange(
        &emu,
        &request_bytes(&emu, "PUT", "/lost.bin", &[], &[], &body),
    );
    assert_reset(&raw);
    assert!(
        raw.bytes.is_empty(),
        "{}",
        String::from_utf8_lossy(&raw.bytes)
    );
    assert_eq!(emu.fault_hits(id), 1);
    let r = c.call("GET", "/lost.bin", &[], &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, body);

    // With Expect: 100-continue the body is invited, then the answer is lost.
    emu.inject(Fault::drop_answer().on(Match::put_object()).times(1));
    let raw = exchange(
        &emu,
        &request_bytes(
            &emu,
            "PUT",
            "/lost2.bin",
            &[],
            &[("Expect", "100-continue")],
            &body[..1000],
        ),
    );
    assert_reset(&raw);
    let text = String::from_utf8_lossy(&raw.bytes);
    assert!(
        text.is_empty() || text == "HTTP/1.1 100 Continue\r\n\r\n",
        "{text}"
    );
    let mut c = Client::new(&emu);
    assert_eq!(
        c.call("GET", "/lost2.bin", &[], &[], b"").body,
        &body[..1000]
    );

    // Initiate: the upload exists although its id never reached the client.
    emu.inject(Fault::drop_answer().on(Match::initiate()).times(1));
    let raw = exchange(
        &emu,
        &request_bytes(&emu, "POST", "/mp.bin", &[("uploads", "")], &[], b""),
    );
    assert_reset(&raw);
    assert!(raw.bytes.is_empty());
    let list = c.call("GET", "/", &[("uploads", "")], &[], b"");
    assert_eq!(list.status, 200);
    assert_eq!(
        list.text().matches("<Upload>").count(),
        1,
        "{}",
        list.text()
    );
    let orphan = list.xml("UploadId").unwrap();

    // Complete: the object is assembled and the upload is gone.
    let up = initiate(&mut c, "/mp.bin");
    let p1 = put_part(&mut c, "/mp.bin", &up, 1, &body[..120_000]);
    let p2 = put_part(&mut c, "/mp.bin", &up, 2, &body[120_000..]);
    emu.inject(Fault::drop_answer().on(Match::complete()).times(1));
    let raw = exchange(
        &emu,
        &request_bytes(
            &emu,
            "POST",
            "/mp.bin",
            &[("uploadId", &up)],
            &[],
            complete_body(&[(1, &p1), (2, &p2)]).as_bytes(),
        ),
    );
    assert_reset(&raw);
    assert!(raw.bytes.is_empty());
    let mut c = Client::new(&emu);
    let r = c.call("GET", "/mp.bin", &[], &[], b"");
    assert_eq!(r.body, body);
    assert!(
        r.header("ETag").unwrap().ends_with("-2\""),
        "{:?}",
        r.header("ETag")
    );
    assert_error(
        &c.call("GET", "/mp.bin", &[("uploadId", &up)], &[], b""),
        404,
        "NoSuchUpload",
    );
    assert_eq!(
        c.call("DELETE", "/mp.bin", &[("uploadId", &orphan)], &[], b"")
            .status,
        204
    );

    // A GET is handled (nothing to change) and answered with nothing.
    emu.inject(Fault::drop_answer().on(Match::get_object()).times(1));
    let raw = exchange(&emu, &request_bytes(&emu, "GET", "/mp.bin", &[], &[], b""));
    assert_reset(&raw);
    assert!(raw.bytes.is_empty());

    let log = faulted(&emu);
    assert_eq!(log.len(), 5, "{log:?}");
    assert!(
        log.iter()
            .all(|(_, _, status, note)| *status == 0 && note == "drop answer"),
        "{log:?}"
    );
    emu.stop();
}

#[test]
fn corrupt_request_body_is_caught_by_content_md5_or_stored() {
    use base64::Engine;
    use md5::{Digest, Md5};
    let md5_b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(Md5::digest(b));
    let md5_hex = |b: &[u8]| {
        Md5::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect::<String>()
    };
    let emu = emulator();
    let mut c = Client::new(&emu);
    let body = data(100_001);
    let mut corrupt = body.clone();
    corrupt[body.len() / 2] ^= 0xFF;
    assert_eq!(put(&mut c, "/k.bin", b"old").status, 200);

    // With Content-MD5: 400 BadDigest, the old object stays.
    let id = emu.inject(Fault::corrupt_request_body().on(Match::put_object()));
    let r = c.call(
        "PUT",
        "/k.bin",
        &[],
        &[("Content-MD5", &md5_b64(&body))],
        &body,
    );
    assert_error(&r, 400, "BadDigest");
    assert_eq!(c.call("GET", "/k.bin", &[], &[], b"").body, b"old");
    // Without: the corrupt bytes are stored, and the answer describes them.
    let r = put(&mut c, "/k.bin", &body);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("ETag"),
        Some(format!("\"{}\"", md5_hex(&corrupt)).as_str())
    );
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some(CRC64.checksum(&corrupt).to_string().as_str())
    );
    assert_eq!(c.call("GET", "/k.bin", &[], &[], b"").body, corrupt);
    // Chunked: the first byte is the one flipped.
    let mut chunked = Vec::new();
    for piece in body.chunks(30_000) {
        chunked.extend_from_slice(format!("{:X}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let r = c.call(
        "PUT",
        "/chunked.bin",
        &[],
        &[("Transfer-Encoding", "chunked")],
        &chunked,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let got = c.call("GET", "/chunked.bin", &[], &[], b"").body;
    let diffs: Vec<usize> = (0..body.len()).filter(|&i| got[i] != body[i]).collect();
    assert_eq!(diffs, vec![0]);
    assert_eq!(got[0], !body[0]);
    assert_eq!(emu.fault_hits(id), 3);
    emu.clear_faults();

    // Upload Part: the same, per part; a good retry completes the upload.
    emu.inject(
        Fault::corrupt_request_body()
            .on(Match::upload_part().part(1))
            .times(2),
    );
    let up = initiate(&mut c, "/parts.bin");
    let part = &body[..50_000];
    let md5 = md5_b64(part);
    let r = c.call(
        "PUT",
        "/parts.bin",
        &[("partNumber", "1"), ("uploadId", &up)],
        &[("Content-MD5", &md5)],
        part,
    );
    assert_error(&r, 400, "BadDigest");
    let list = c.call("GET", "/parts.bin", &[("uploadId", &up)], &[], b"");
    assert_eq!(list.text().matches("<Part>").count(), 0, "{}", list.text());
    let r = put_part(&mut c, "/parts.bin", &up, 1, part);
    assert_eq!(r.status, 200);
    let mut bad_part = part.to_vec();
    bad_part[part.len() / 2] ^= 0xFF;
    assert_eq!(
        r.header("ETag"),
        Some(format!("\"{}\"", md5_hex(&bad_part)).as_str())
    );
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some(CRC64.checksum(&bad_part).to_string().as_str())
    );
    let p1 = c.call(
        "PUT",
        "/parts.bin",
        &[("partNumber", "1"), ("uploadId", &up)],
        &[("Content-MD5", &md5)],
        part,
    );
    assert_eq!(p1.status, 200);
    let p2 = put_part(&mut c, "/parts.bin", &up, 2, &body[50_000..]);
    let r = c.call(
        "POST",
        "/parts.bin",
        &[("uploadId", &up)],
        &[],
        complete_body(&[(1, &p1), (2, &p2)]).as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(c.call("GET", "/parts.bin", &[], &[], b"").body, body);
    let notes: Vec<(u16, String)> = faulted(&emu).into_iter().map(|e| (e.2, e.3)).collect();
    assert_eq!(
        notes,
        [
            (400, "corrupt request body".to_string()),
            (200, "corrupt request body".to_string()),
            (200, "corrupt request body".to_string()),
            (400, "corrupt request body".to_string()),
            (200, "corrupt request body".to_string()),
        ]
    );
    emu.stop();
}

// ---------------------------------------------------------------- delay

#[test]
fn delay_holds_only_its_own_connection() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    assert_eq!(put(&mut c, "/slow.txt", b"slow").status, 200);
    emu.inject(
        Fault::delay(Duration::from_secs(30))
            .on(Match::get_object().key("slow.txt"))
            .times(1),
    );

    // A client with a short timeout gives up...
    let mut s = TcpStream::connect(emu.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    s.write_all(&request_bytes(&emu, "GET", "/slow.txt", &[], &[], b""))
        .unwrap();
    let mut buf = [0u8; 64];
    let e = s.read(&mut buf).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{e}"
    );
    // ...while other connections are served at once.
    let r = c.call("GET", "/slow.txt", &[], &[], b"");
    assert_eq!(r.body, b"slow");
    assert_eq!(faulted(&emu).len(), 1, "logged before the wait");

    // A patient client gets the answer after the delay.
    emu.inject(
        Fault::delay(Duration::from_millis(300))
            .on(Match::get_object())
            .times(1),
    );
    let start = Instant::now();
    let r = c.call("GET", "/slow.txt", &[], &[], b"");
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.body, b"slow");

    // Stopping does not wait for the 30 s delay still pending.
    let start = Instant::now();
    emu.stop();
    assert!(start.elapsed() < Duration::from_secs(20));
    drop(s);
}

// ---------------------------------------------------------------- 200 with error

#[test]
fn ok_with_error_complete_leaves_upload_completable() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    let body = data(20_000);
    let up = initiate(&mut c, "/o.bin");
    let p1 = put_part(&mut c, "/o.bin", &up, 1, &body[..12_000]);
    let p2 = put_part(&mut c, "/o.bin", &up, 2, &body[12_000..]);
    let xml = complete_body(&[(1, &p1), (2, &p2)]);
    emu.inject(
        Fault::ok_with_error("InternalError")
            .on(Match::complete())
            .times(1),
    );
    let r = c.call("POST", "/o.bin", &[("uploadId", &up)], &[], xml.as_bytes());
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Transfer-Encoding"), Some("chunked"));
    assert!(r.header("Content-Length").is_none());
    assert!(r.body[0].is_ascii_whitespace(), "{:?}", r.text());
    let text = r.text();
    let trimmed = text.trim_start();
    assert!(trimmed.starts_with("<?xml"), "{text:?}");
    let doc = roxmltree::Document::parse(trimmed).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "Error");
    let el = |n: &str| {
        root.children()
            .find(|c| c.has_tag_name(n))
            .and_then(|c| c.text())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(el("Code"), "InternalError");
    assert!(!el("Message").is_empty());
    assert!(el("Resource").ends_with("/o.bin"), "{}", el("Resource"));
    assert_eq!(Some(el("RequestId").as_str()), r.header("x-cos-request-id"));
    assert!(!el("TraceId").is_empty());

    // Nothing happened: no object, the upload and its parts are intact.
    assert_error(&c.call("GET", "/o.bin", &[], &[], b""), 404, "NoSuchKey");
    let list = c.call("GET", "/o.bin", &[("uploadId", &up)], &[], b"");
    assert_eq!(list.status, 200);
    assert_eq!(list.text().matches("<Part>").count(), 2);
    let r = c.call("POST", "/o.bin", &[("uploadId", &up)], &[], xml.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("<CompleteMultipartUploadResult"));
    assert_eq!(c.call("GET", "/o.bin", &[], &[], b"").body, body);

    // Copy requests (any request with x-cos-copy-source) answer the same way.
    emu.inject(Fault::ok_with_error("SlowDown").on(Match::copy()));
    let src = format!("{}/o.bin", host());
    let r = c.call("PUT", "/copy.bin", &[], &[("x-cos-copy-source", &src)], b"");
    assert_eq!(r.status, 200);
    assert!(r.text().trim_start().starts_with("<?xml"));
    assert!(r.text().contains("<Code>SlowDown</Code>"));
    assert_error(&c.call("GET", "/copy.bin", &[], &[], b""), 404, "NoSuchKey");
    let notes: Vec<(u16, String)> = faulted(&emu).into_iter().map(|e| (e.2, e.3)).collect();
    assert_eq!(
        notes,
        [
            (200, "200 with error InternalError".to_string()),
            (200, "200 with error SlowDown".to_string())
        ]
    );
    emu.stop();
}

// ---------------------------------------------------------------- clock

#[test]
fn clock_offset_breaks_correct_signatures() {
    let emu = emulator();
    let mut c = Client::new(&emu);
    emu.set_clock_offset(3600);
    let r = c.call("GET", "/", &[], &[], b"");
    assert_error(&r, 403, "AccessDenied");
    assert_eq!(r.xml("Message").as_deref(), Some("Request has expired"));
    let date = httpdate::parse_http_date(r.header("Date").unwrap()).unwrap();
    let server = crate::timefmt::unix_secs(date);
    assert!(server.abs_diff(now() + 3600) < 60, "{server}");

    emu.set_clock_offset(-3600);
    assert_error(
        &c.call("GET", "/", &[], &[], b""),
        403,
        "RequestTimeTooSkewed",
    );
    emu.set_clock_offset(0);
    assert_eq!(c.call("GET", "/", &[], &[], b"").status, 200);
    emu.stop();
}
