//! Hostile input over real sockets: response splitting, signatures reused for
//! other sub-resources, keys XML cannot carry, idle-connection floods and
//! clients that never read.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket, now, sign};
use crate::Emulator;

fn host() -> String {
    format!("{BUCKET}.cos.{REGION}.myqcloud.com")
}

fn md5_b64(body: &[u8]) -> String {
    BASE64.encode(Md5::digest(body))
}

/// The `q-*` parameters of a presigned URL for `method` `path` that signs
/// `host` and the parameters in `signed`, followed by those parameters.
fn presigned(
    emu: &Emulator,
    method: &str,
    path: &str,
    signed: &[(&str, &str)],
) -> Vec<(String, String)> {
    let host = host();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        method,
        path,
        signed,
        &[("Host", &host)],
        &key_time,
    );
    let mut query: Vec<(String, String)> = auth
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    query.extend(signed.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    query
}

/// Sends a presigned request (the signature in `query`, no `Authorization`).
fn send_presigned(
    c: &mut Client,
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let host = host();
    let len = body.len().to_string();
    let q: Vec<(&str, &str)> = query
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let mut h = headers.to_vec();
    h.push(("Host", &host));
    if method == "PUT" || method == "POST" {
        h.push(("Content-Length", &len));
    }
    c.raw_request(method, path, &q, &h, body)
}

fn assert_no_injected_header(r: &Resp) {
    assert!(
        !r.head.to_ascii_lowercase().contains("set-cookie"),
        "{}",
        r.head
    );
}

// ---------------------------------------------------------------- response splitting

#[test]
fn response_splitting_is_refused() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(c.call("PUT", "/victim.txt", &[], &[], b"data").status, 200);

    // A presigned GET plus an unsigned override carrying CR LF.
    let mut q = presigned(&emu, "GET", "/victim.txt", &[]);
    q.push((
        "response-content-type".into(),
        "a\r\nSet-Cookie: session=evil".into(),
    ));
    let r = send_presigned(&mut c, "GET", "/victim.txt", &q, &[], b"");
    assert_error(&r, 400, "InvalidArgument");
    assert_no_injected_header(&r);
    // The same URL with a harmless override works (the connection is still usable).
    let mut q = presigned(&emu, "GET", "/victim.txt", &[]);
    q.push(("response-content-type".into(), "text/x-ok".into()));
    let r = send_presigned(&mut c, "GET", "/victim.txt", &q, &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Content-Type"), Some("text/x-ok"));

    // Signed overrides with a bare CR, a bare LF or a NUL.
    for value in ["a\rSet-Cookie: x=1", "a\nSet-Cookie: x=1", "a\0b"] {
        for param in ["response-cache-control", "response-content-disposition"] {
            let r = c.call("GET", "/victim.txt", &[(param, value)], &[], b"");
            assert_error(&r, 400, "InvalidArgument");
            assert_no_injected_header(&r);
        }
    }

    // Metadata and stored headers: a bare CR (the line still ends in CRLF) or a NUL.
    for (name, value) in [
        ("x-cos-meta-a", "v\rSet-Cookie: x=1"),
        ("Cache-Control", "no-cache\rSet-Cookie: x=1"),
        ("Content-Type", "text/plain\0"),
    ] {
        let r = c.call("PUT", "/meta.txt", &[], &[(name, value)], b"data");
        assert_error(&r, 400, "InvalidArgument");
        assert!(r.xml("Message").unwrap().contains(name), "{}", r.text());
    }
    assert_error(&c.call("GET", "/meta.txt", &[], &[], b""), 404, "NoSuchKey");
    let id = {
        let r = c.call(
            "POST",
            "/meta.txt",
            &[("uploads", "")],
            &[("x-cos-meta-a", "v\rSet-Cookie: x=1")],
            b"",
        );
        assert_error(&r, 400, "InvalidArgument");
        r.xml("UploadId")
    };
    assert_eq!(id, None);

    // CORS: an Origin echoed back, and rule values set through XML character references.
    let r = c.call(
        "GET",
        "/victim.txt",
        &[],
        &[("Origin", "http://a.com\rSet-Cookie: x=1")],
        b"",
    );
    assert_error(&r, 400, "InvalidArgument");
    let cors = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>\
        <AllowedMethod>GET</AllowedMethod>\
        <ExposeHeader>ETag&#13;&#10;Set-Cookie: x=1</ExposeHeader>\
        </CORSRule></CORSConfiguration>";
    let md5 = md5_b64(cors.as_bytes());
    let r = c.call(
        "PUT",
        "/",
        &[("cors", "")],
        &[("Content-MD5", &md5)],
        cors.as_bytes(),
    );
    assert_error(&r, 400, "InvalidArgument");
    let r = c.call("GET", "/", &[("cors", "")], &[], b"");
    assert_error(&r, 404, "NoSuchCORSConfiguration");

    // A bare CR in the request line (an absolute-form host names the region
    // sent back in x-cos-bucket-region): 400, and the connection is closed.
    let mut s = TcpStream::connect(emu.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(
        format!(
            "HEAD http://{BUCKET}.cos.ap-x\rSet-Cookie:x.myqcloud.com/ HTTP/1.1\r\nHost: a\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 400 "), "{text}");
    assert!(!text.to_ascii_lowercase().contains("set-cookie"), "{text}");
    emu.stop();
}

// ---------------------------------------------------------------- signed sub-resources

/// A request whose `Authorization` signs `host` and the `signed` parameters
/// only, sent with `query` (which may hold more).
fn call_signed_for(
    c: &mut Client,
    method: &str,
    path: &str,
    signed: &[(&str, &str)],
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let host = host();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        &c.id,
        &c.key,
        method,
        path,
        signed,
        &[("Host", &host)],
        &key_time,
    );
    let len = body.len().to_string();
    let mut h = headers.to_vec();
    h.push(("Host", &host));
    h.push(("Authorization", &auth));
    if method == "PUT" || method == "POST" {
        h.push(("Content-Length", &len));
    }
    c.raw_request(method, path, query, &h, body)
}

#[test]
fn signatures_cover_the_sub_resources_they_select() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(c.call("PUT", "/victim", &[], &[], b"secret").status, 200);
    let anonymous_get = |c: &mut Client| {
        let host = host();
        c.raw_request("GET", "/victim", &[], &[("Host", &host)], b"")
    };
    assert_error(&anonymous_get(&mut c), 403, "AccessDenied");

    // A presigned PUT URL for the object, reused to make it public.
    let mut q = presigned(&emu, "PUT", "/victim", &[]);
    q.push(("acl".into(), String::new()));
    let r = send_presigned(
        &mut c,
        "PUT",
        "/victim",
        &q,
        &[("x-cos-acl", "public-read")],
        b"",
    );
    assert_error(&r, 403, "SignatureDoesNotMatch");
    assert!(r.xml("Message").unwrap().contains("acl"), "{}", r.text());
    assert_error(&anonymous_get(&mut c), 403, "AccessDenied");
    // The same with an Authorization header signed for PUT /victim.
    let r = call_signed_for(
        &mut c,
        "PUT",
        "/victim",
        &[],
        &[("acl", "")],
        &[("x-cos-acl", "public-read")],
        b"",
    );
    assert_error(&r, 403, "SignatureDoesNotMatch");
    assert_error(&anonymous_get(&mut c), 403, "AccessDenied");

    // A signed GET / does not serve the bucket's sub-resources.
    for sub in [
        "acl", "uploads", "cors", "tagging", "location", "policy", "versions",
    ] {
        let r = call_signed_for(&mut c, "GET", "/", &[], &[(sub, "")], &[], b"");
        assert_error(&r, 403, "SignatureDoesNotMatch");
    }
    // Nor a signed GET of the object its ACL, tags, parts or the like.
    for sub in ["acl", "tagging", "restore", "select", "append", "position"] {
        let r = call_signed_for(&mut c, "GET", "/victim", &[], &[(sub, "")], &[], b"");
        assert_error(&r, 403, "SignatureDoesNotMatch");
    }
    // A presigned PUT reused to upload a part (or initiate) into someone's upload.
    let up = c.call("POST", "/big", &[("uploads", "")], &[], b"");
    let up = up.xml("UploadId").unwrap();
    let mut q = presigned(&emu, "PUT", "/big", &[]);
    q.push(("partNumber".into(), "1".into()));
    q.push(("uploadId".into(), up.clone()));
    let r = send_presigned(&mut c, "PUT", "/big", &q, &[], b"part");
    assert_error(&r, 403, "SignatureDoesNotMatch");
    // Signing one selector does not cover another.
    let r = call_signed_for(
        &mut c,
        "PUT",
        "/big",
        &[("uploadId", &up)],
        &[("partNumber", "1"), ("uploadId", &up)],
        &[],
        b"part",
    );
    assert_error(&r, 403, "SignatureDoesNotMatch");
    let parts = c.call("GET", "/big", &[("uploadId", &up)], &[], b"");
    assert_eq!(parts.status, 200);
    assert_eq!(
        parts.text().matches("<Part>").count(),
        0,
        "{}",
        parts.text()
    );

    // Legitimate requests sign their sub-resources and pass, in a header...
    let r = c.call(
        "PUT",
        "/victim",
        &[("acl", "")],
        &[("x-cos-acl", "public-read")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("uploads", "")], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    // ...or in a presigned URL (names compared case-insensitively, as signed).
    let q = presigned(&emu, "GET", "/victim", &[("acl", "")]);
    let r = send_presigned(&mut c, "GET", "/victim", &q, &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let q = presigned(
        &emu,
        "PUT",
        "/big",
        &[("partNumber", "1"), ("uploadId", &up)],
    );
    assert!(
        q.iter()
            .any(|(n, v)| n == "q-url-param-list" && v == "partnumber;uploadid")
    );
    let r = send_presigned(&mut c, "PUT", "/big", &q, &[], b"part");
    assert_eq!(r.status, 200, "{}", r.text());
    // Anonymous requests are unaffected: the object is public now.
    let r = anonymous_get(&mut c);
    assert_eq!((r.status, r.body.as_slice()), (200, &b"secret"[..]));
    emu.stop();
}

// ---------------------------------------------------------------- connections

/// Reads until the peer closes the connection (or resets it), up to `limit`;
/// returns the bytes read and whether the end came within `limit`.
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (usize, bool) {
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let start = std::time::Instant::now();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0;
    while start.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return (total, true),
            Ok(n) => total += n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (total, true),
        }
    }
    (total, false)
}

/// Polls `cond` every 20 ms for up to `limit`.
fn eventually(limit: Duration, mut cond: impl FnMut() -> bool) -> bool {
    let start = std::time::Instant::now();
    loop {
        if cond() {
            return true;
        }
        if start.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// PUTs `size` bytes (a repeated pattern) without holding them in memory.
fn put_large(c: &mut Client, path: &str, size: usize) -> Resp {
    let host = host();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        &c.id,
        &c.key,
        "PUT",
        path,
        &[],
        &[("Host", &host)],
        &key_time,
    );
    c.send_raw(
        format!(
            "PUT {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\nContent-Length: {size}\r\n\r\n"
        )
        .as_bytes(),
    );
    let block: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len());
        c.send_raw(&block[..n]);
        left -= n;
    }
    c.read_response(false)
}

#[test]
fn a_client_that_stops_reading_is_dropped_after_the_write_timeout() {
    let emu = Emulator::start_with(crate::EmulatorConfig {
        write_timeout: Duration::from_secs(1),
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    // Far more than loopback socket buffers hold.
    let size = 32 * 1024 * 1024;
    {
        let mut c = Client::new(&emu);
        assert_eq!(put_large(&mut c, "/big.bin", size).status, 200);
    }
    assert!(eventually(Duration::from_secs(10), || emu
        .open_connections()
        == 0));

    let host = host();
    let t = now();
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        "GET",
        "/big.bin",
        &[],
        &[("Host", &host)],
        &format!("{};{}", t - 1, t + 900),
    );
    let mut s = TcpStream::connect(emu.addr()).unwrap();
    s.write_all(
        format!("GET /big.bin HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\n\r\n")
            .as_bytes(),
    )
    .unwrap();
    // The answer starts (it is logged first)...
    assert!(eventually(Duration::from_secs(10), || emu
        .request_log()
        .iter()
        .any(|r| r.method == "GET" && r.path == "/big.bin")));
    assert_eq!(emu.open_connections(), 1);
    // ...but the client reads nothing: the writes stall, then time out.
    assert!(
        eventually(Duration::from_secs(30), || emu.open_connections() == 0),
        "the stalled connection is still open"
    );
    let (got, closed) = read_until_closed(&mut s, Duration::from_secs(30));
    assert!(closed, "the connection was not closed");
    assert!(got < size, "{got} bytes: the whole answer was sent");
    // The emulator still serves others.
    let mut c = Client::new(&emu);
    let r = c.call("HEAD", "/big.bin", &[], &[], b"");
    assert_eq!(r.status, 200);
    emu.stop();
}

#[test]
fn header_and_idle_timeouts_close_silent_connections() {
    let emu = Emulator::start_with(crate::EmulatorConfig {
        header_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(600),
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    let limit = Duration::from_secs(15);

    // A connection that never sends anything.
    let mut silent = TcpStream::connect(emu.addr()).unwrap();
    // A head that never ends (a slow-loris client trickling bytes).
    let mut slow = TcpStream::connect(emu.addr()).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let trickle = {
        let mut slow = slow.try_clone().unwrap();
        std::thread::spawn(move || {
            for _ in 0..40 {
                std::thread::sleep(Duration::from_millis(100));
                if slow.write_all(b"X-A: b\r\n").is_err() {
                    return;
                }
            }
        })
    };
    // A keep-alive connection after one answer.
    let mut c = Client::new(&emu);
    assert_eq!(c.call("GET", "/", &[], &[], b"").status, 200);
    // A body that stalls: 400 RequestTimeout, then closed.
    let mut stalled = Client::new(&emu);
    let host = host();
    let t = now();
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        "PUT",
        "/stall.bin",
        &[],
        &[("Host", &host)],
        &format!("{};{}", t - 1, t + 900),
    );
    stalled.send_raw(
        format!(
            "PUT /stall.bin HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\nContent-Length: 100\r\n\r\n0123456789"
        )
        .as_bytes(),
    );
    let r = stalled.read_response(false);
    assert_error(&r, 400, "RequestTimeout");

    let (_, closed) = read_until_closed(&mut silent, limit);
    assert!(closed, "idle connection not closed");
    let (got, closed) = read_until_closed(&mut slow, limit);
    assert!(closed, "slow head not cut off");
    assert_eq!(got, 0, "a slow head gets no answer");
    let (_, closed) = read_until_closed(&mut c.writer, limit);
    assert!(closed, "idle keep-alive connection not closed");
    let _ = trickle.join();
    assert!(eventually(limit, || emu.open_connections() == 0));
    // New connections are served as usual.
    let mut c = Client::new(&emu);
    assert_eq!(c.call("GET", "/", &[], &[], b"").status, 200);
    assert_error(
        &c.call("GET", "/stall.bin", &[], &[], b""),
        404,
        "NoSuchKey",
    );
    emu.stop();
}

/// Makes sure this process may open `wanted` more descriptors, raising the
/// soft limit towards the hard one if needed; returns how many it may.
#[cfg(unix)]
#[allow(clippy::unnecessary_cast)] // rlim_t is not u64 everywhere.
fn room_for_descriptors(wanted: u64) -> u64 {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a valid pointer to an rlimit.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return wanted;
    }
    let need = wanted + 1024; // Headroom for the rest of the test binary.
    if (lim.rlim_cur as u64) < need && lim.rlim_cur < lim.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: (need as libc::rlim_t).min(lim.rlim_max),
            rlim_max: lim.rlim_max,
        };
        // SAFETY: a valid rlimit, soft limit not above the hard one.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            lim = raised;
        }
    }
    (lim.rlim_cur as u64).saturating_sub(1024).min(wanted)
}

#[cfg(unix)]
/// A number from `/proc/self/status` (`Threads`), on Linux.
fn proc_status(field: &str) -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().parse().ok())
}

#[cfg(unix)]
fn open_descriptors() -> Option<u64> {
    Some(std::fs::read_dir("/proc/self/fd").ok()?.count() as u64)
}

#[cfg(unix)]
#[test]
fn idle_connections_do_not_keep_clients_waiting() {
    const IDLE: u64 = 3000;
    // Each idle connection costs two descriptors here: ours and the emulator's.
    let idle = room_for_descriptors(2 * IDLE) / 2;
    if idle < IDLE {
        eprintln!("only {idle} idle connections fit under RLIMIT_NOFILE");
    }
    let emu = Emulator::start_with(crate::EmulatorConfig {
        // A small cap: idle connections must not take its slots.
        max_connections: 4,
        idle_timeout: Duration::from_secs(120),
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    let (fds_before, threads_before) = (open_descriptors(), proc_status("Threads"));
    let mut held = Vec::new();
    for _ in 0..idle {
        held.push(TcpStream::connect(emu.addr()).unwrap());
    }
    assert!(
        eventually(Duration::from_secs(60), || emu.open_connections() as u64
            >= idle),
        "{} of {idle} connections accepted",
        emu.open_connections()
    );
    // Idle connections cost one descriptor on each side and no thread.
    if let (Some(before), Some(after)) = (fds_before, open_descriptors()) {
        assert!(
            after.saturating_sub(before) < 2 * idle + 1000,
            "{before} -> {after} descriptors for {idle} idle connections"
        );
    }
    if let (Some(before), Some(after)) = (threads_before, proc_status("Threads")) {
        assert!(
            after.saturating_sub(before) < 1000,
            "{before} -> {after} threads for {idle} idle connections"
        );
    }

    // Normal clients, more of them than the cap, are served promptly.
    let start = std::time::Instant::now();
    std::thread::scope(|scope| {
        for i in 0..12 {
            let emu = &emu;
            scope.spawn(move || {
                let mut c = Client::new(emu);
                let key = format!("/k{i}");
                for _ in 0..3 {
                    assert_eq!(c.call("PUT", &key, &[], &[], b"v").status, 200);
                    assert_eq!(c.call("GET", &key, &[], &[], b"").body, b"v");
                }
            });
        }
    });
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?} for 72 requests beside {idle} idle connections",
        start.elapsed()
    );
    // Closed idle connections are noticed and released.
    drop(held);
    assert!(
        eventually(Duration::from_secs(30), || emu.open_connections() < 16),
        "{} still open",
        emu.open_connections()
    );
    emu.stop();
}

// ---------------------------------------------------------------- keys XML cannot carry

/// Texts of every `element` in an XML answer (which must be well-formed).
fn xml_texts(r: &Resp, element: &str) -> Vec<String> {
    let text = r.text();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("answer is not well-formed XML ({e}): {text:?}"));
    doc.descendants()
        .filter(|n| n.has_tag_name(element))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn keys_xml_cannot_carry_are_refused_and_listings_stay_parseable() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(c.call("PUT", "/src.txt", &[], &[], b"src").status, 200);
    let source = format!("{}/src.txt", host());
    let bad = [
        "nul\0key",
        "\u{1}start",
        "bell\u{7}",
        "vt\u{b}ff\u{c}",
        "esc\u{1b}[0m",
        "us\u{1f}",
        "non\u{fffe}char",
        "non\u{ffff}char",
    ];
    for key in bad {
        let path = format!("/{key}");
        for r in [
            c.call("PUT", &path, &[], &[], b"x"),
            c.call("POST", &path, &[("uploads", "")], &[], b""),
            c.call("PUT", &path, &[], &[("x-cos-copy-source", &source)], b""),
        ] {
            // assert_error parses the document: it names the key, well-formed.
            assert_error(&r, 400, "InvalidObjectName");
        }
        assert_error(&c.call("GET", &path, &[], &[], b""), 404, "NoSuchKey");
    }

    // Every key XML can carry is stored and listed exactly, encoded or not.
    let good = [
        "tab\there",
        "line\nfeed",
        "carriage\rreturn",
        "crlf\r\nkey",
        "del\u{7f}",
        "next-line\u{85}",
        "replacement\u{fffd}",
        "private\u{e000}",
        "last\u{10ffff}",
        "emoji😀",
        "amp&lt<>\"'",
        "nbsp\u{a0}",
        "sp ace",
        "+plus",
        "pct%41",
        "dir/sub\n/leaf",
    ];
    let mut want: Vec<String> = good.iter().map(|k| k.to_string()).collect();
    for key in good {
        let path = format!("/{key}");
        assert_eq!(c.call("PUT", &path, &[], &[], b"v").status, 200, "{key:?}");
        let r = c.call("POST", &path, &[("uploads", "")], &[], b"");
        assert_eq!(r.status, 200, "{key:?}");
        assert_eq!(xml_texts(&r, "Key"), [key]);
        assert_eq!(c.call("GET", &path, &[], &[], b"").body, b"v", "{key:?}");
    }
    let uploads = want.clone();
    want.push("src.txt".to_string());
    want.sort();
    let decode_all = |v: Vec<String>| -> Vec<String> {
        v.iter()
            .map(|k| crate::encoding::decode(k).unwrap())
            .collect()
    };
    let r = c.call("GET", "/", &[], &[], b"");
    assert_eq!(xml_texts(&r, "Key"), want);
    let r = c.call("GET", "/", &[("encoding-type", "url")], &[], b"");
    assert_eq!(decode_all(xml_texts(&r, "Key")), want);
    // Prefixes and delimiters with control characters.
    let r = c.call(
        "GET",
        "/",
        &[("prefix", "line\n"), ("encoding-type", "url")],
        &[],
        b"",
    );
    assert_eq!(decode_all(xml_texts(&r, "Key")), ["line\nfeed"]);
    let r = c.call(
        "GET",
        "/",
        &[("prefix", "dir/"), ("delimiter", "\n")],
        &[],
        b"",
    );
    assert_eq!(xml_texts(&r, "Prefix"), ["dir/", "dir/sub\n"]);
    // Multipart listings too.
    let mut uploads = uploads;
    uploads.sort();
    let r = c.call("GET", "/", &[("uploads", "")], &[], b"");
    assert_eq!(xml_texts(&r, "Key"), uploads);
    let r = c.call(
        "GET",
        "/",
        &[("uploads", ""), ("encoding-type", "url")],
        &[],
        b"",
    );
    assert_eq!(decode_all(xml_texts(&r, "Key")), uploads);
    emu.stop();
}

// ---------------------------------------------------------------- request log

#[test]
fn request_log_debug_hides_signatures_and_tokens() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(c.call("PUT", "/a.txt", &[], &[], b"a").status, 200);
    // A presigned GET with a token in the query, a token header, and a
    // merged `sign=` parameter.
    let mut q = presigned(&emu, "GET", "/a.txt", &[]);
    q.push(("x-cos-security-token".into(), "QUERYTOKEN123".into()));
    send_presigned(
        &mut c,
        "GET",
        "/a.txt",
        &q,
        &[("x-cos-security-token", "HEADERTOKEN456")],
        b"",
    );
    let signature = q
        .iter()
        .find(|(n, _)| n == "q-signature")
        .map(|(_, v)| v.clone())
        .unwrap();
    let merged = format!("q-sign-algorithm=sha1&q-signature={signature}");
    c.call("GET", "/a.txt", &[("sign", &merged)], &[], b"");
    let log = emu.request_log();
    let auth = log[1].header("Authorization").unwrap().to_string();
    let header_signature = auth.rsplit("q-signature=").next().unwrap().to_string();
    assert_eq!(header_signature.len(), 40, "{auth}");
    let debug = format!("{log:?}");
    for secret in [
        signature.as_str(),
        header_signature.as_str(),
        "QUERYTOKEN123",
        "HEADERTOKEN456",
    ] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    assert!(debug.contains("q-signature=<redacted>"), "{debug}");
    assert!(debug.contains("x-cos-security-token=<redacted>"), "{debug}");
    assert!(debug.contains("sign=<redacted>"), "{debug}");
    // What helps debugging stays: the key id, the signed lists, the path.
    assert!(debug.contains(emu.secret_id()), "{debug}");
    assert!(debug.contains("q-header-list=host"), "{debug}");
    assert!(debug.contains("/a.txt"), "{debug}");
    // The fields themselves are as received.
    assert!(log[2].query.contains(&signature));
    assert_eq!(
        log[2].header("x-cos-security-token"),
        Some("HEADERTOKEN456")
    );
    emu.stop();
}
