//! The `cos-emulator` binary as a process: data that survives `kill -9`
//! (also in the middle of an upload), a prompt exit on SIGTERM, and what it
//! prints. Plain HTTP over `TcpStream` with a signer of its own.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;

const ID: &str = cos_emulator::DEFAULT_SECRET_ID;
const KEY: &str = cos_emulator::DEFAULT_SECRET_KEY;
const HOST: &str = "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com";

const ENC: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
const PATH_ENC: &AsciiSet = &ENC.remove(b'/');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, ENC).to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac_hex(key: &[u8], msg: &str) -> String {
    let mut m = Hmac::<Sha1>::new_from_slice(key).unwrap();
    m.update(msg.as_bytes());
    hex(&m.finalize().into_bytes())
}

/// A COS `Authorization` signing `host` and every query parameter.
fn authorization(
    id: &str,
    key: &str,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    host: &str,
) -> String {
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let key_time = format!("{};{}", t - 60, t + 3600);
    let mut q: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (enc(k).to_lowercase(), enc(v)))
        .collect();
    q.sort();
    let params = q
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let names = q
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let http = format!(
        "{}\n{path}\n{params}\nhost={}\n",
        method.to_lowercase(),
        enc(host)
    );
    let sha = hex(&sha1::Sha1::digest(http.as_bytes()));
    let sign_key = hmac_hex(key.as_bytes(), &key_time);
    let sig = hmac_hex(sign_key.as_bytes(), &format!("sha1\n{key_time}\n{sha}\n"));
    format!(
        "q-sign-algorithm=sha1&q-ak={id}&q-sign-time={key_time}&q-key-time={key_time}&q-header-list=host&q-url-param-list={names}&q-signature={sig}"
    )
}

/// The head of a signed request (the body follows separately).
fn request_head(
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    len: usize,
) -> String {
    let auth = authorization(ID, KEY, method, path, query, HOST);
    let mut target = utf8_percent_encode(path, PATH_ENC).to_string();
    if !query.is_empty() {
        target.push('?');
        target.push_str(
            &query
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect::<Vec<_>>()
                .join("&"),
        );
    }
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: {auth}\r\nContent-Length: {len}\r\nConnection: close\r\n"
    );
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

#[derive(Debug, PartialEq, Eq)]
struct Resp {
    status: u16,
    /// Headers that show stored state (not the date or request ids).
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One signed request on its own connection.
fn call(
    port: u16,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(request_head(method, path, query, headers, body.len()).as_bytes())
        .unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    // An error's ids, and so its length, differ from one answer to the next.
    let error = status >= 400;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .filter(|(n, _)| {
            let n = n.to_ascii_lowercase();
            let volatile = ["date", "x-cos-request-id", "x-cos-trace-id", "connection"]
                .contains(&n.as_str())
                || (error && n == "content-length");
            !volatile
        })
        .collect();
    let mut body = if method == "HEAD" {
        Vec::new()
    } else {
        raw[split + 4..].to_vec()
    };
    if error {
        if let Some(i) = body.windows(11).position(|w| w == b"<RequestId>") {
            body.truncate(i);
        }
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn ok(r: Resp) -> Resp {
    assert!((200..300).contains(&r.status), "{} {}", r.status, r.text());
    r
}

fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// A running `cos-emulator` process.
struct Emu {
    child: Child,
    port: u16,
    /// Everything after the URL line.
    stdout: BufReader<ChildStdout>,
    stderr: PathBuf,
}

impl Emu {
    /// Starts the binary on a free port; `args` come after `--listen`.
    fn spawn(scratch: &Path, args: &[&str]) -> Emu {
        let stderr = scratch.join(format!(
            "stderr-{}",
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let mut child = Command::new(env!("CARGO_BIN_EXE_cos-emulator"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let port = line
            .strip_prefix("cos-emulator listening on http://127.0.0.1:")
            .and_then(|rest| rest.split(' ').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "first line: {line:?}; stderr: {}",
                    fs::read_to_string(&stderr).unwrap_or_default()
                )
            });
        Emu {
            child,
            port,
            stdout,
            stderr,
        }
    }

    fn durable(dir: &Path, scratch: &Path) -> Emu {
        let dir = dir.to_str().unwrap();
        Emu::spawn(scratch, &["--data-dir", dir, "--min-part-size", "1"])
    }

    /// What it printed on stderr so far.
    fn stderr(&self) -> String {
        fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// `kill -9` (TerminateProcess on Windows).
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Bucket listing, each object (GET and HEAD), the unfinished uploads and
/// their parts: everything the store keeps, as answered.
fn snapshot(port: u16, keys: &[&str]) -> Vec<Resp> {
    let mut out = vec![
        call(port, "GET", "/", &[], &[], b""),
        call(port, "GET", "/", &[("acl", "")], &[], b""),
        call(port, "GET", "/", &[("tagging", "")], &[], b""),
        call(port, "GET", "/", &[("cors", "")], &[], b""),
    ];
    for key in keys {
        out.push(call(port, "GET", key, &[], &[], b""));
        out.push(call(port, "HEAD", key, &[], &[], b""));
        out.push(call(port, "GET", key, &[("acl", "")], &[], b""));
    }
    let uploads = call(port, "GET", "/", &[("uploads", "")], &[], b"");
    let text = uploads.text();
    out.push(uploads);
    for chunk in text.split("<Upload>").skip(1) {
        let field = |name: &str| {
            chunk
                .split(&format!("<{name}>"))
                .nth(1)
                .and_then(|s| s.split('<').next())
                .unwrap()
                .to_string()
        };
        let key = format!("/{}", field("Key"));
        out.push(call(
            port,
            "GET",
            &key,
            &[("uploadId", &field("UploadId"))],
            &[],
            b"",
        ));
    }
    out
}

fn count(dir: &Path, sub: &str) -> usize {
    fs::read_dir(dir.join(sub)).unwrap().count()
}

#[test]
fn kill_9_keeps_everything_byte_for_byte() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("data");
    let emu = Emu::durable(&dir, scratch.path());
    let port = emu.port;
    ok(call(
        port,
        "PUT",
        "/",
        &[],
        &[("x-cos-acl", "public-read"), ("x-cos-tagging", "a=1")],
        b"",
    ));
    let cors = b"<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
    let md5 = base64_md5(cors);
    ok(call(
        port,
        "PUT",
        "/",
        &[("cors", "")],
        &[("Content-MD5", &md5)],
        cors,
    ));
    ok(call(
        port,
        "PUT",
        "/a/中 文.txt",
        &[],
        &[
            ("Content-Type", "text/plain"),
            ("Cache-Control", "no-cache"),
            ("x-cos-meta-who", "me"),
            ("x-cos-storage-class", "STANDARD_IA"),
            ("x-cos-tagging", "t=1"),
        ],
        b"text",
    ));
    ok(call(
        port,
        "PUT",
        "/big.bin",
        &[],
        &[("x-cos-acl", "public-read")],
        &noise(3 << 20, 9),
    ));
    let r = ok(call(port, "POST", "/multi", &[("uploads", "")], &[], b""));
    let id = r
        .text()
        .split("<UploadId>")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    ok(call(
        port,
        "PUT",
        "/multi",
        &[("partNumber", "1"), ("uploadId", &id)],
        &[],
        &noise(100_000, 4),
    ));
    ok(call(
        port,
        "PUT",
        "/multi",
        &[("partNumber", "2"), ("uploadId", &id)],
        &[],
        b"two",
    ));
    let keys = ["/a/中 文.txt", "/big.bin", "/multi", "/missing"];
    let before = snapshot(port, &keys);
    assert!(
        before[0].text().contains("<Key>big.bin</Key>"),
        "{}",
        before[0].text()
    );
    assert!(
        before
            .iter()
            .any(|r| r.text().contains("<PartNumber>2</PartNumber>"))
    );
    emu.kill();

    let emu = Emu::durable(&dir, scratch.path());
    assert!(
        emu.stderr()
            .contains("kept 1 bucket, 2 objects, 1 unfinished upload (2 parts); removed 0 unfinished writes, 0 orphaned bodies, 0 orphaned parts"),
        "{}",
        emu.stderr()
    );
    let after = snapshot(emu.port, &keys);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert!(
            b == a,
            "{} {:?} {}\nvs\n{} {:?} {}",
            b.status,
            b.headers,
            b.text().chars().take(500).collect::<String>(),
            a.status,
            a.headers,
            a.text().chars().take(500).collect::<String>()
        );
    }
    emu.kill();
}

fn base64_md5(body: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(Md5::digest(body))
}

/// Waits until `tmp/` holds a file of at least `min` bytes.
fn wait_for_temp_file(dir: &Path, min: u64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let big = fs::read_dir(dir.join("tmp"))
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.metadata().is_ok_and(|m| m.len() >= min));
        if big {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("no upload in progress in {}", dir.display());
}

#[test]
fn kill_9_during_a_put_leaves_the_old_or_the_new_object() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path().join("data");
    let old = noise(1 << 20, 1);
    let new = noise(8 << 20, 2);
    let emu = Emu::durable(&dir, scratch.path());
    ok(call(emu.port, "PUT", "/", &[], &[], b""));
    ok(call(emu.port, "PUT", "/k", &[], &[], &old));

    // Killed while the body streams in: the old object, and the cut-off
    // body is cleaned up at the next start.
    let mut s = TcpStream::connect(("127.0.0.1", emu.port)).unwrap();
    s.write_all(request_head("PUT", "/k", &[], &[], new.len()).as_bytes())
        .unwrap();
    s.write_all(&new[..4 << 20]).unwrap();
    wait_for_temp_file(&dir, 1 << 20);
    emu.kill();
    drop(s);
    let emu = Emu::durable(&dir, scratch.path());
    assert!(
        emu.stderr().contains("kept 1 bucket, 1 object, 0 unfinished uploads (0 parts); removed 1 unfinished write, 0 orphaned bodies"),
        "{}",
        emu.stderr()
    );
    let r = ok(call(emu.port, "GET", "/k", &[], &[], b""));
    assert!(r.body == old, "not the old object after a cut-off PUT");
    assert_eq!((count(&dir, "tmp"), count(&dir, "objects")), (0, 1));

    // Killed after the whole body went out, at moments spread over how long
    // such a PUT takes (reading, hashing, fsync, commit): either object,
    // whole, with its own ETag; nothing left over.
    let started = Instant::now();
    ok(call(emu.port, "PUT", "/timed", &[], &[], &new));
    let put_time = started.elapsed();
    let mut emu = emu;
    let mut outcomes = Vec::new();
    let mut current = old;
    for eighths in [0u32, 2, 4, 6, 8, 12, 16] {
        let pause = put_time * eighths / 8;
        let attempt = noise(new.len(), 100 + eighths);
        let mut s = TcpStream::connect(("127.0.0.1", emu.port)).unwrap();
        s.write_all(request_head("PUT", "/k", &[], &[], attempt.len()).as_bytes())
            .unwrap();
        s.write_all(&attempt).unwrap();
        std::thread::sleep(pause);
        emu.kill();
        drop(s);
        emu = Emu::durable(&dir, scratch.path());
        let r = ok(call(emu.port, "GET", "/k", &[], &[], b""));
        assert!(
            r.body == current || r.body == attempt,
            "a mix after a kill {pause:?} after the body"
        );
        outcomes.push((pause, if r.body == attempt { "new" } else { "old" }));
        assert_eq!(
            r.header("ETag"),
            Some(format!("\"{}\"", hex(&Md5::digest(&r.body)))).as_deref()
        );
        assert_eq!(
            (count(&dir, "tmp"), count(&dir, "objects")),
            (0, 2),
            "{}",
            emu.stderr()
        );
        current = r.body;
    }
    eprintln!(
        "PUT of {} bytes: {put_time:?}; outcomes {outcomes:?}",
        new.len()
    );
    emu.kill();
}

#[test]
fn help_states_persistence_keys_and_faults() {
    let out = Command::new(env!("CARGO_BIN_EXE_cos-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "without --data-dir everything lives in memory",
        "survives a\nrestart, kill -9 or a power loss",
        "--secret-key",
        "public example keys",
        "export COS_",
        "SIGTERM",
        "--fault SPEC",
        "reset-after=BYTES",
        "[default: in memory and a temporary directory, gone on exit]",
    ] {
        assert!(help.contains(needle), "{needle:?} not in:\n{help}");
    }
}

/// A signed PUT Bucket on `host` through `endpoint`, with the given keys.
fn put_bucket_as(endpoint: &str, id: &str, key: &str, host: &str) -> u16 {
    let auth = authorization(id, key, "PUT", "/", &[], host);
    let mut s = TcpStream::connect(endpoint).unwrap();
    write!(
        s,
        "PUT / HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn start_prints_a_ready_export_block() {
    let scratch = tempfile::tempdir().unwrap();
    let mut emu = Emu::spawn(
        scratch.path(),
        &[
            "--secret-id",
            "AKIDblock",
            "--secret-key",
            "it's a key",
            "--appid",
            "1300000000",
        ],
    );
    let mut vars = std::collections::HashMap::new();
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        assert!(emu.stdout.read_line(&mut line).unwrap() > 0, "{lines:?}");
        let line = line.trim_end().to_string();
        if let Some((name, value)) = line.strip_prefix("export ").and_then(|l| l.split_once('=')) {
            // The one quoted value: the shell's '...'\''...' form.
            let value = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
                Some(v) => v.replace("'\\''", "'"),
                None => value.to_string(),
            };
            vars.insert(name.to_string(), value);
        }
        let done = line.starts_with("# Data:");
        lines.push(line);
        if done {
            break;
        }
    }
    let text = lines.join("\n");
    let port = emu.port;
    assert_eq!(vars["COS_ENDPOINT"], format!("127.0.0.1:{port}"), "{text}");
    assert_eq!(vars["COS_SECRET_ID"], "AKIDblock");
    assert_eq!(vars["COS_SECRET_KEY"], "it's a key");
    assert_eq!(vars["COS_BUCKET"], "examplebucket-1300000000");
    assert_eq!(vars["COS_REGION"], "ap-guangzhou");
    assert!(
        text.contains(&format!(
            "domain: \"{{Bucket}}.cos.{{Region}}.localhost:{port}\".into(), ip: \"127.0.0.1:{port}\".into()"
        )),
        "{text}"
    );
    assert!(text.contains("Data: in memory, gone on exit"), "{text}");
    // The values work: a request signed with them, to the bucket named.
    let host = format!(
        "{}.cos.{}.myqcloud.com",
        vars["COS_BUCKET"], vars["COS_REGION"]
    );
    let status = put_bucket_as(
        &vars["COS_ENDPOINT"],
        &vars["COS_SECRET_ID"],
        &vars["COS_SECRET_KEY"],
        &host,
    );
    assert_eq!(status, 200, "{text}");
}

#[cfg(unix)]
fn sigterm(emu: &mut Emu) -> Duration {
    let pid = i32::try_from(emu.child.id()).unwrap();
    let sent = Instant::now();
    // SAFETY: kill(2) with a valid signal number on our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = emu.child.wait().unwrap();
    let took = sent.elapsed();
    assert!(status.success(), "{status:?}; stderr: {}", emu.stderr());
    took
}

/// Ctrl-C / SIGTERM stops at once, whatever the connections are doing: idle
/// keep-alive, a request head half sent, a body streaming in.
#[cfg(unix)]
#[test]
fn sigterm_exits_promptly() {
    let scratch = tempfile::tempdir().unwrap();
    let mut emu = Emu::spawn(scratch.path(), &[]);
    let port = emu.port;
    ok(call(port, "PUT", "/", &[], &[], b""));
    let mut idle = TcpStream::connect(("127.0.0.1", port)).unwrap();
    idle.write_all(
        request_head("HEAD", "/", &[], &[], 0)
            .replace("close", "keep-alive")
            .as_bytes(),
    )
    .unwrap();
    let mut half = TcpStream::connect(("127.0.0.1", port)).unwrap();
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut upload = TcpStream::connect(("127.0.0.1", port)).unwrap();
    upload
        .write_all(request_head("PUT", "/k", &[], &[], 1 << 30).as_bytes())
        .unwrap();
    upload.write_all(&[7u8; 1 << 20]).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let took = sigterm(&mut emu);
    assert!(took < Duration::from_millis(500), "SIGTERM took {took:?}");

    // With a data directory (redb closes its file cleanly; a few fsyncs):
    // still prompt, and the cut-off upload leaves nothing behind.
    let dir = scratch.path().join("data");
    let mut emu = Emu::durable(&dir, scratch.path());
    ok(call(emu.port, "PUT", "/", &[], &[], b""));
    let mut upload = TcpStream::connect(("127.0.0.1", emu.port)).unwrap();
    upload
        .write_all(request_head("PUT", "/k", &[], &[], 1 << 30).as_bytes())
        .unwrap();
    upload.write_all(&[7u8; 2 << 20]).unwrap();
    wait_for_temp_file(&dir, 1 << 20);
    let took = sigterm(&mut emu);
    // Bounded loosely: fsync time on a busy disk is not ours to promise.
    assert!(took < Duration::from_secs(2), "SIGTERM took {took:?}");
    eprintln!("SIGTERM with a data directory: {took:?}");
    assert_eq!(count(&dir, "tmp"), 0);
    let emu = Emu::durable(&dir, scratch.path());
    assert!(
        emu.stderr().contains(
            "kept 1 bucket, 0 objects, 0 unfinished uploads (0 parts); removed 0 unfinished writes"
        ),
        "{}",
        emu.stderr()
    );
    drop((idle, half, upload));
}
