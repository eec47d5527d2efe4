//! URLs that open without tricks: virtual-hosted names under `.localhost`
//! and path style on the IP address, presigned like the SDK's
//! `get_object_url` and fetched by a plain HTTP client (what curl or a
//! browser sends: the URL's authority as `Host`, the path and query as given).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::{BUCKET, Client, REGION, enc, enc_path, now, sign};
use crate::Emulator;

/// A presigned URL for `method` `path` on `authority` (host and port), signing
/// the host as the SDK does.
fn presigned_url(emu: &Emulator, method: &str, authority: &str, path: &str) -> String {
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        method,
        path,
        &[],
        &[("host", authority)],
        &key_time,
    );
    let query: Vec<String> = auth
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(n, v)| format!("{n}={}", enc(v)))
        .collect();
    format!("http://{authority}{}?{}", enc_path(path), query.join("&"))
}

/// GETs `url` as curl does, connecting to the loopback address (where every
/// `*.localhost` name resolves, RFC 6761): status and body.
fn fetch(url: &str, port: u16) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (authority, target) = rest.split_at(rest.find('/').expect("a path"));
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: curl/8\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, raw[split + 4..].to_vec())
}

#[test]
fn presigned_urls_on_localhost_names_and_path_style_open_directly() {
    let emu = Emulator::start().unwrap();
    let port = emu.addr().port();
    let vhost = format!("{BUCKET}.cos.{REGION}.localhost:{port}");
    // Create the bucket and an object through the virtual-hosted name.
    let mut c = Client::with_host(&emu, &vhost);
    let r = c.call("PUT", "/", &[], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let key = "/dir/中 文+1.txt";
    let r = c.call("PUT", key, &[], &[], b"local hello");
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("HEAD", "/", &[], &[], b"");
    assert_eq!(r.header("x-cos-bucket-region"), Some(REGION));

    // Virtual-hosted, `{Bucket}.cos.{Region}.localhost:PORT`.
    let url = presigned_url(&emu, "GET", &vhost, key);
    assert!(url.starts_with(&format!("http://{vhost}/dir/")), "{url}");
    assert_eq!(fetch(&url, port), (200, b"local hello".to_vec()));
    // The short `{Bucket}.localhost:PORT` (no region: any bucket's).
    let short = format!("{BUCKET}.localhost:{port}");
    let url = presigned_url(&emu, "GET", &short, key);
    assert_eq!(fetch(&url, port), (200, b"local hello".to_vec()));
    // Path style on the IP address: `http://127.0.0.1:PORT/{Bucket}/{Key}`.
    let ip = emu.endpoint();
    let url = presigned_url(&emu, "GET", &ip, &format!("/{BUCKET}{key}"));
    assert_eq!(fetch(&url, port), (200, b"local hello".to_vec()));
    // ... and on `localhost:PORT`.
    let url = presigned_url(
        &emu,
        "GET",
        &format!("localhost:{port}"),
        &format!("/{BUCKET}{key}"),
    );
    assert_eq!(fetch(&url, port), (200, b"local hello".to_vec()));

    // The signature covers the host: a URL signed for another name fails.
    let url = presigned_url(&emu, "GET", &vhost, key);
    let moved = url.replace(&vhost, &short);
    let (status, body) = fetch(&moved, port);
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("SignatureDoesNotMatch"));
    // A region other than the bucket's is another bucket.
    let other = format!("{BUCKET}.cos.ap-beijing.localhost:{port}");
    let (status, _) = fetch(&presigned_url(&emu, "GET", &other, key), port);
    assert_eq!(status, 404);
    // A presigned PUT through the localhost name, then read back by path style.
    let url = presigned_url(&emu, "PUT", &vhost, "/put.txt");
    let target = &url[url.find(&format!("{port}/")).unwrap() + port.to_string().len()..];
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "PUT {target} HTTP/1.1\r\nHost: {vhost}\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let url = presigned_url(&emu, "GET", &ip, &format!("/{BUCKET}/put.txt"));
    assert_eq!(fetch(&url, port), (200, b"abc".to_vec()));
}
