//! End-to-end tests: a started [`Emulator`] and hand-written HTTP over real
//! `TcpStream`s, plus verification of requests recorded from the Node SDK.
//!
//! The signing helper here is deliberately separate from `auth.rs` (it builds the
//! strings itself and only shares the HMAC/SHA-1 crates).

mod append;
mod bucket_behaviour;
mod configs;
mod copy;
mod durable;
mod faults;
mod fidelity;
mod node_vectors;
mod node_vectors_issue15;
mod node_vectors_more;
mod node_vectors_objects;
mod object_tagging;
mod ops;
mod restore;
mod security;
mod select;
mod sse;
mod sts;
mod urls;
mod versions;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::{Digest, Sha1};

use crate::auth::{Credential, CredentialStore, SignedRequest, verify};
use crate::encoding::{decode, parse_query};
use crate::{Emulator, EmulatorConfig};

const ENC: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
const PATH_ENC: &AsciiSet = &ENC.remove(b'/');
const BUCKET: &str = "examplebucket-1250000000";
const REGION: &str = "ap-guangzhou";

fn enc(s: &str) -> String {
    utf8_percent_encode(s, ENC).to_string()
}

/// A key as it goes in a URL path or `x-cos-copy-source`: `/` stays literal.
fn enc_path(s: &str) -> String {
    utf8_percent_encode(s, PATH_ENC).to_string()
}

fn hmac_hex(key: &[u8], msg: &str) -> String {
    let mut m = Hmac::<Sha1>::new_from_slice(key).unwrap();
    m.update(msg.as_bytes());
    m.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Test-side signer: signs every given query parameter and header.
fn sign(
    id: &str,
    key: &str,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    key_time: &str,
) -> String {
    let mut q: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (enc(k).to_lowercase(), enc(v)))
        .collect();
    q.sort();
    let mut h: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (enc(k).to_lowercase(), enc(v)))
        .collect();
    h.sort();
    let join = |v: &[(String, String)]| {
        v.iter()
            .map(|(a, b)| format!("{a}={b}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let names = |v: &[(String, String)]| {
        v.iter()
            .map(|(a, _)| a.clone())
            .collect::<Vec<_>>()
            .join(";")
    };
    let http_string = format!(
        "{}\n{}\n{}\n{}\n",
        method.to_lowercase(),
        path,
        join(&q),
        join(&h)
    );
    let sha: String = Sha1::digest(http_string.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let sign_key = hmac_hex(key.as_bytes(), key_time);
    let sig = hmac_hex(sign_key.as_bytes(), &format!("sha1\n{key_time}\n{sha}\n"));
    format!(
        "q-sign-algorithm=sha1&q-ak={id}&q-sign-time={key_time}&q-key-time={key_time}&q-header-list={}&q-url-param-list={}&q-signature={sig}",
        names(&h),
        names(&q)
    )
}

#[derive(Debug)]
struct Resp {
    status: u16,
    head: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    /// Header by exact (case-sensitive) name, as the Python SDK reads them.
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn xml(&self, element: &str) -> Option<String> {
        let text = self.text();
        let doc = roxmltree::Document::parse(&text).ok()?;
        doc.descendants()
            .find(|n| n.has_tag_name(element))
            .map(|n| n.text().unwrap_or("").to_string())
    }
}

/// A keep-alive connection to the emulator.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    host: String,
    id: String,
    key: String,
}

impl Client {
    fn new(emu: &Emulator) -> Client {
        Self::with_host(emu, &format!("{BUCKET}.cos.{REGION}.myqcloud.com"))
    }

    fn with_host(emu: &Emulator, host: &str) -> Client {
        let stream = TcpStream::connect(emu.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        Client {
            writer: stream.try_clone().unwrap(),
            reader: BufReader::new(stream),
            host: host.to_string(),
            id: emu.secret_id().to_string(),
            key: emu.secret_key().to_string(),
        }
    }

    fn send_raw(&mut self, raw: &[u8]) {
        self.writer.write_all(raw).unwrap();
    }

    fn read_response(&mut self, head_request: bool) -> Resp {
        let mut head = String::new();
        let mut status_line = String::new();
        self.reader.read_line(&mut status_line).unwrap();
        head.push_str(&status_line);
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .expect("status line")
            .parse()
            .unwrap();
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).unwrap();
            head.push_str(&line);
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (n, v) = line.split_once(':').unwrap();
            headers.push((n.to_string(), v.trim().to_string()));
        }
        let get = |n: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| v.clone())
        };
        let mut body = Vec::new();
        if status == 100 {
            return Resp {
                status,
                head,
                headers,
                body,
            };
        }
        if !head_request && status != 304 && status != 204 {
            if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
                loop {
                    let mut line = String::new();
                    self.reader.read_line(&mut line).unwrap();
                    let size = usize::from_str_radix(line.trim(), 16).unwrap();
                    let mut chunk = vec![0; size + 2];
                    self.reader.read_exact(&mut chunk).unwrap();
                    if size == 0 {
                        break;
                    }
                    body.extend_from_slice(&chunk[..size]);
                }
            } else {
                let len: usize = get("content-length")
                    .expect("Content-Length")
                    .parse()
                    .unwrap();
                body.resize(len, 0);
                self.reader.read_exact(&mut body).unwrap();
            }
        }
        Resp {
            status,
            head,
            headers,
            body,
        }
    }

    /// Sends a request signed over `host` and every header given.
    fn call(
        &mut self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Resp {
        let t = now();
        let key_time = format!("{};{}", t - 1, t + 900);
        self.call_at(method, path, query, headers, body, &key_time)
    }

    fn call_at(
        &mut self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
        key_time: &str,
    ) -> Resp {
        let host = self.host.clone();
        let mut signed: Vec<(&str, &str)> = headers.to_vec();
        signed.push(("Host", &host));
        let auth = sign(&self.id, &self.key, method, path, query, &signed, key_time);
        let mut all: Vec<(&str, &str)> = signed.clone();
        all.push(("Authorization", &auth));
        let len = body.len().to_string();
        if !headers.iter().any(|(n, _)| {
            n.eq_ignore_ascii_case("content-length") || n.eq_ignore_ascii_case("transfer-encoding")
        }) && (!body.is_empty() || method == "PUT" || method == "POST")
        {
            all.push(("Content-Length", &len));
        }
        self.raw_request(method, path, query, &all, body)
    }

    fn raw_request(
        &mut self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Resp {
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
        let mut req = format!("{method} {target} HTTP/1.1\r\n");
        for (n, v) in headers {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        self.send_raw(&bytes);
        self.read_response(method == "HEAD")
    }
}

fn assert_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}\n{}", r.head, r.text());
    assert_eq!(
        r.header("Content-Type"),
        Some("application/xml"),
        "{}",
        r.head
    );
    assert!(
        r.text()
            .starts_with("<?xml version='1.0' encoding='utf-8' ?>"),
        "{}",
        r.text()
    );
    assert_eq!(r.xml("Code").as_deref(), Some(code), "{}", r.text());
    for el in ["Message", "Resource", "RequestId", "TraceId"] {
        assert!(
            !r.xml(el).unwrap_or_default().is_empty(),
            "{el} empty in {}",
            r.text()
        );
    }
    assert_eq!(r.xml("RequestId").as_deref(), r.header("x-cos-request-id"));
    assert_eq!(r.xml("TraceId").as_deref(), r.header("x-cos-trace-id"));
}

/// `r`, after checking it is a success.
fn ok(r: Resp) -> Resp {
    assert!((200..300).contains(&r.status), "{}\n{}", r.head, r.text());
    r
}

/// An emulator keeping its data in `dir`, for tests that restart it.
fn start_on(dir: &std::path::Path) -> Emulator {
    Emulator::start_with(EmulatorConfig {
        data_dir: Some(dir.to_path_buf()),
        ..Default::default()
    })
    .unwrap()
}

fn create_bucket(emu: &Emulator) {
    let r = Client::new(emu).call("PUT", "/", &[], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn node_sdk_request_vectors_verify() {
    let store = CredentialStore::default();
    store.insert(
        "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q",
        Credential {
            secret_key: "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz".into(),
            session_token: None,
            expires_at: None,
            user: None,
        },
    );
    for (api, method, url, headers) in node_vectors::NODE_REQUESTS {
        let (raw_path, raw_query) = url.split_once('?').unwrap_or((url, ""));
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let query = parse_query(raw_query);
        let host = headers.iter().find(|(n, _)| n == "host").unwrap().1.clone();
        let resolved = crate::routing::resolve(&host, raw_path).unwrap();
        let req = SignedRequest {
            method,
            path: &resolved.path,
            query: &query,
            headers: &headers,
            authority: &host,
        };
        assert!(
            verify(&req, &store, 1_700_000_000, 900).is_ok(),
            "{api} {method} {url}"
        );
        // Tampering with the path breaks it.
        let bad = format!("{}x", resolved.path);
        let req = SignedRequest { path: &bad, ..req };
        assert_eq!(
            verify(&req, &store, 1_700_000_000, 900).unwrap_err().code,
            "SignatureDoesNotMatch",
            "{api}"
        );
    }
    // Node's presigned URL (node-sdk-behaviour §3.5): raw `;`, signed trailing params.
    let store = CredentialStore::default();
    store.insert(
        "AKIDtest",
        Credential {
            secret_key: "secret".into(),
            session_token: None,
            expires_at: None,
            user: None,
        },
    );
    let query = parse_query(
        "q-sign-algorithm=sha1&q-ak=AKIDtest&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=response-content-disposition;x&q-signature=8e22ba5f5da17a010932f262c99c3aed24ca9fd9&response-content-disposition=attachment%3B%20filename%3Da.txt&x=1",
    );
    let headers = vec![(
        "Host".to_string(),
        "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com".to_string(),
    )];
    let path = decode("/%E4%B8%AD%E6%96%87/a%20b.txt").unwrap();
    let req = SignedRequest {
        method: "GET",
        path: &path,
        query: &query,
        headers: &headers,
        authority: "",
    };
    assert!(verify(&req, &store, 1_700_000_000, 900).is_ok());
}

#[test]
fn service_and_bucket_lifecycle() {
    let emu = Emulator::start().unwrap();
    let mut svc = Client::with_host(&emu, "service.cos.myqcloud.com");
    let r = svc.call("GET", "/", &[], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("<Buckets/>"), "{}", r.text());
    assert!(r.text().contains("<Owner><ID>qcs::cam::uin/"));

    let mut c = Client::new(&emu);
    let r = c.call("PUT", "/", &[], &[("x-cos-acl", "private")], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Content-Length"), Some("0"));
    assert_error(
        &c.call("PUT", "/", &[], &[], b""),
        409,
        "BucketAlreadyExists",
    );
    let r = c.call("HEAD", "/", &[], &[], b"");
    assert_eq!(
        (r.status, r.header("x-cos-bucket-region")),
        (200, Some(REGION))
    );
    // Another bucket in another region, created path-style through the region host.
    let mut other = Client::with_host(&emu, "cos.ap-beijing.myqcloud.com");
    assert_eq!(
        other
            .call("PUT", "/second-1250000000/", &[], &[], b"")
            .status,
        200
    );
    // Bad names.
    let mut bad = Client::with_host(
        &emu,
        &format!("Bad_Name-1250000000.cos.{REGION}.myqcloud.com"),
    );
    assert_error(
        &bad.call("PUT", "/", &[], &[], b""),
        400,
        "InvalidBucketName",
    );
    let mut bad = Client::with_host(&emu, &format!("good-1250000001.cos.{REGION}.myqcloud.com"));
    assert_error(
        &bad.call("PUT", "/", &[], &[], b""),
        400,
        "InvalidBucketName",
    );

    let r = svc.call("GET", "/", &[], &[], b"");
    let text = r.text();
    let a = text
        .find(
            "<Name>examplebucket-1250000000</Name><Location>ap-guangzhou</Location><CreationDate>",
        )
        .unwrap();
    let b = text
        .find("<Name>second-1250000000</Name><Location>ap-beijing</Location>")
        .unwrap();
    assert!(a < b, "{text}");
    assert!(text.contains("<BucketType>cos</BucketType>"));
    let mut gz = Client::with_host(&emu, "cos.ap-beijing.myqcloud.com");
    let text = gz.call("GET", "/", &[], &[], b"").text();
    assert!(
        text.contains("second-1250000000") && !text.contains("examplebucket"),
        "{text}"
    );

    // Wrong region in the host → no such bucket; HEAD 404 has no body.
    let mut wrong = Client::with_host(&emu, &format!("{BUCKET}.cos.ap-beijing.myqcloud.com"));
    let r = wrong.call("HEAD", "/", &[], &[], b"");
    assert_eq!(
        (r.status, r.body.len(), r.header("Content-Length")),
        (404, 0, Some("0"))
    );
    assert!(r.header("x-cos-request-id").is_some() && r.header("x-cos-trace-id").is_some());
    assert_error(&wrong.call("GET", "/", &[], &[], b""), 404, "NoSuchBucket");

    // DELETE: not empty, then empty.
    assert_eq!(c.call("PUT", "/k", &[], &[], b"x").status, 200);
    assert_error(&c.call("DELETE", "/", &[], &[], b""), 409, "BucketNotEmpty");
    assert_eq!(c.call("DELETE", "/k", &[], &[], b"").status, 204);
    let r = c.call("DELETE", "/", &[], &[], b"");
    assert_eq!(
        (r.status, r.header("Content-Length")),
        (204, Some("0")),
        "{}",
        r.text()
    );
    assert_error(&c.call("DELETE", "/", &[], &[], b""), 404, "NoSuchBucket");
    assert_error(&c.call("DELETE", "/k", &[], &[], b""), 404, "NoSuchBucket");
    emu.stop();
}

#[test]
fn object_put_get_head_delete() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let key = "/dir/文件 名+1.txt";
    let r = c.call(
        "PUT",
        key,
        &[],
        &[
            ("Content-Type", "text/plain"),
            ("Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="),
            ("Cache-Control", "max-age=60"),
            ("x-cos-meta-Author", "Alice"),
            ("x-cos-storage-class", "standard_ia"),
        ],
        b"ObjectContent",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("ETag"),
        Some("\"990fdf561f35e45de4e930149bc9b47a\"")
    );
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some("2900061071848923409")
    );
    for h in [
        "Date",
        "Server",
        "x-cos-request-id",
        "Connection",
        "Content-Length",
    ] {
        assert!(r.header(h).is_some(), "{h} missing: {}", r.head);
    }
    assert_eq!(r.header("Server"), Some("tencent-cos"));
    assert_eq!(r.header("Connection"), Some("keep-alive"));

    let r = c.call("GET", key, &[], &[], b"");
    assert_eq!(
        (r.status, r.body.as_slice()),
        (200, &b"ObjectContent"[..]),
        "{}",
        r.head
    );
    assert_eq!(r.header("Content-Type"), Some("text/plain"));
    assert_eq!(r.header("Content-Length"), Some("13"));
    assert_eq!(r.header("Cache-Control"), Some("max-age=60"));
    assert_eq!(r.header("x-cos-meta-author"), Some("Alice"));
    assert_eq!(r.header("x-cos-storage-class"), Some("STANDARD_IA"));
    assert_eq!(r.header("Accept-Ranges"), Some("bytes"));
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some("2900061071848923409")
    );
    let last_modified = r.header("Last-Modified").unwrap().to_string();
    assert!(last_modified.ends_with(" GMT"));

    // HEAD: same headers, no body; the connection stays usable.
    let r = c.call("HEAD", key, &[], &[], b"");
    assert_eq!(
        (r.status, r.header("Content-Length"), r.body.len()),
        (200, Some("13"), 0)
    );
    assert_eq!(
        r.header("ETag"),
        Some("\"990fdf561f35e45de4e930149bc9b47a\"")
    );

    // Ranges.
    let r = c.call("GET", key, &[], &[("Range", "bytes=0-5")], b"");
    assert_eq!(
        (r.status, r.text().as_str(), r.header("Content-Range")),
        (206, "Object", Some("bytes 0-5/13"))
    );
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some("2900061071848923409")
    );
    let r = c.call("GET", key, &[], &[("Range", "bytes=-7")], b"");
    assert_eq!((r.status, r.text().as_str()), (206, "Content"));
    let r = c.call("GET", key, &[], &[("Range", "bytes=13-")], b"");
    assert_error(&r, 416, "InvalidRange");
    assert_eq!(r.header("Content-Range"), Some("bytes */13"));
    let r = c.call("GET", key, &[], &[("Range", "bytes=0-1,4-5")], b"");
    assert_eq!((r.status, r.body.len()), (200, 13));

    // Conditions.
    let r = c.call(
        "GET",
        key,
        &[],
        &[("If-None-Match", "\"990fdf561f35e45de4e930149bc9b47a\"")],
        b"",
    );
    assert_eq!((r.status, r.body.len()), (304, 0));
    assert!(r.header("ETag").is_some() && r.header("Last-Modified").is_some());
    let r = c.call(
        "GET",
        key,
        &[],
        &[("If-Modified-Since", &last_modified)],
        b"",
    );
    assert_eq!(r.status, 304);
    assert_error(
        &c.call("GET", key, &[], &[("If-Match", "\"nope\"")], b""),
        412,
        "PreconditionFailed",
    );
    let r = c.call("HEAD", key, &[], &[("If-Match", "\"nope\"")], b"");
    assert_eq!((r.status, r.body.len()), (412, 0));
    let r = c.call(
        "GET",
        key,
        &[],
        &[("If-Match", "990fdf561f35e45de4e930149bc9b47a")],
        b"",
    );
    assert_eq!(r.status, 200);

    // response-* overrides on a signed request.
    let r = c.call(
        "GET",
        key,
        &[
            ("response-content-type", "application/json"),
            ("response-cache-control", "no-cache"),
        ],
        &[],
        b"",
    );
    assert_eq!(
        (r.header("Content-Type"), r.header("Cache-Control")),
        (Some("application/json"), Some("no-cache"))
    );

    // Validation errors.
    assert_error(
        &c.call("PUT", "/x", &[], &[("Content-MD5", "bad")], b"abc"),
        400,
        "InvalidDigest",
    );
    assert_error(
        &c.call(
            "PUT",
            "/x",
            &[],
            &[("Content-MD5", "mQ/fVh815F3k6TAUm8m0eg==")],
            b"abc",
        ),
        400,
        "BadDigest",
    );
    assert_error(
        &c.call("PUT", "/x", &[], &[("x-cos-storage-class", "COLD")], b"abc"),
        400,
        "NotSupportedStorageClass",
    );
    assert_error(
        &c.call("PUT", &format!("/{}", "k".repeat(851)), &[], &[], b"abc"),
        400,
        "KeyTooLong",
    );
    let big = "v".repeat(2100);
    assert_error(
        &c.call("PUT", "/x", &[], &[("x-cos-meta-big", &big)], b"abc"),
        400,
        "InvalidArgument",
    );
    assert_error(&c.call("GET", "/x", &[], &[], b""), 404, "NoSuchKey");
    assert_error(
        &c.call(
            "PUT",
            key,
            &[],
            &[("x-cos-forbid-overwrite", "true")],
            b"new",
        ),
        409,
        "PathConflict",
    );
    let r = c.call("PUT", "/x", &[], &[("x-cos-forbid-overwrite", "true")], b"");
    assert_eq!(
        (r.status, r.header("ETag")),
        (200, Some("\"d41d8cd98f00b204e9800998ecf8427e\""))
    );
    let r = c.call("HEAD", "/x", &[], &[], b"");
    assert_eq!(
        (
            r.status,
            r.header("Content-Type"),
            r.header("x-cos-storage-class")
        ),
        (200, Some("application/octet-stream"), None)
    );

    // Delete: 204 twice, then 404 (HEAD without body).
    assert_eq!(c.call("DELETE", key, &[], &[], b"").status, 204);
    assert_eq!(c.call("DELETE", key, &[], &[], b"").status, 204);
    let r = c.call("HEAD", key, &[], &[], b"");
    assert_eq!((r.status, r.body.len()), (404, 0));
    assert_error(&c.call("GET", key, &[], &[], b""), 404, "NoSuchKey");
}

#[test]
fn authentication_errors() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(c.call("PUT", "/k", &[], &[], b"data").status, 200);
    // Wrong key.
    c.key = "wrong".into();
    let r = c.call("GET", "/k", &[], &[], b"");
    assert_error(&r, 403, "SignatureDoesNotMatch");
    assert_eq!(
        r.xml("Message").as_deref(),
        Some("The Signature you specified is invalid.")
    );
    // A rejected PUT keeps the connection usable (its body was drained).
    assert_error(
        &c.call("PUT", "/k2", &[], &[], b"some body bytes"),
        403,
        "SignatureDoesNotMatch",
    );
    c.key = emu.secret_key().into();
    assert_eq!(c.call("GET", "/k", &[], &[], b"").status, 200);
    assert_error(&c.call("GET", "/k2", &[], &[], b""), 404, "NoSuchKey");
    // Expired, too early, unknown id, unsigned, malformed.
    let t = now();
    let r = c.call_at(
        "GET",
        "/k",
        &[],
        &[],
        b"",
        &format!("{};{}", t - 2000, t - 1000),
    );
    assert_error(&r, 403, "AccessDenied");
    assert_eq!(r.xml("Message").as_deref(), Some("Request has expired"));
    let r = c.call_at(
        "GET",
        "/k",
        &[],
        &[],
        b"",
        &format!("{};{}", t + 2000, t + 3000),
    );
    assert_error(&r, 403, "RequestTimeTooSkewed");
    c.id = "AKIDunknown".into();
    assert_error(
        &c.call("GET", "/k", &[], &[], b""),
        403,
        "InvalidAccessKeyId",
    );
    c.id = emu.secret_id().into();
    let host = c.host.clone();
    let r = c.raw_request("GET", "/k", &[], &[("Host", &host)], b"");
    assert_error(&r, 403, "AccessDenied");
    assert_eq!(r.xml("Message").as_deref(), Some("Access Denied."));
    let r = c.raw_request(
        "GET",
        "/k",
        &[],
        &[("Host", &host), ("Authorization", "garbage")],
        b"",
    );
    assert_error(&r, 403, "AccessDenied");
    // Presigned URL with `;` encoded and the merged sign= form.
    let key_time = format!("{};{}", t - 1, t + 60);
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        "GET",
        "/k",
        &[],
        &[("host", &host)],
        &key_time,
    );
    let q: Vec<(String, String)> = parse_query(&auth);
    let q: Vec<(&str, &str)> = q.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = c.raw_request("GET", "/k", &q, &[("Host", &host)], b"");
    assert_eq!((r.status, r.text().as_str()), (200, "data"));
    let r = c.raw_request("GET", "/k", &[("sign", &auth)], &[("Host", &host)], b"");
    assert_eq!((r.status, r.text().as_str()), (200, "data"));
    // An unsigned extra parameter is ignored; a tampered signed header is not.
    let mut q2 = q.clone();
    q2.push(("extra", "1"));
    assert_eq!(
        c.raw_request("GET", "/k", &q2, &[("Host", &host)], b"")
            .status,
        200
    );
    let r = c.raw_request("GET", "/k", &q, &[("Host", &format!("{host}:80"))], b"");
    assert_error(&r, 403, "SignatureDoesNotMatch");
}

#[test]
fn clock_tolerance_is_configurable() {
    let emu = Emulator::start_with(EmulatorConfig {
        clock_tolerance_secs: 5000,
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let t = now();
    let r = c.call_at(
        "GET",
        "/",
        &[],
        &[],
        b"",
        &format!("{};{}", t + 2000, t + 3000),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    emu.state.clock.set_offset(-10_000);
    let r = c.call_at("GET", "/", &[], &[], b"", &format!("{};{}", t, t + 900));
    assert_error(&r, 403, "RequestTimeTooSkewed");
}

#[test]
fn keep_alive_chunked_and_continue() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    // Chunked upload with Expect: 100-continue, then a second request on the same connection.
    let host = c.host.clone();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        "PUT",
        "/chunked",
        &[],
        &[("host", &host)],
        &key_time,
    );
    let head = format!(
        "PUT /chunked HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
    );
    c.send_raw(head.as_bytes());
    let r = c.read_response(false);
    assert_eq!(r.status, 100);
    c.send_raw(b"5\r\nhello\r\n7;x=y\r\n world!\r\n0\r\n\r\n");
    let r = c.read_response(false);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some("9548687815775124833")
    );
    let r = c.call("GET", "/chunked", &[], &[], b"");
    assert_eq!(r.text(), "hello world!");
    // Two requests written back to back on one connection (pipelined).
    let a1 = sign(
        emu.secret_id(),
        emu.secret_key(),
        "GET",
        "/chunked",
        &[],
        &[("host", &host)],
        &key_time,
    );
    let one = format!("GET /chunked HTTP/1.1\r\nHost: {host}\r\nAuthorization: {a1}\r\n\r\n");
    c.send_raw(format!("{one}{one}").as_bytes());
    assert_eq!(c.read_response(false).text(), "hello world!");
    assert_eq!(c.read_response(false).text(), "hello world!");
    // A PUT without length → 411.
    let a2 = sign(
        emu.secret_id(),
        emu.secret_key(),
        "PUT",
        "/nolen",
        &[],
        &[("host", &host)],
        &key_time,
    );
    c.send_raw(
        format!("PUT /nolen HTTP/1.1\r\nHost: {host}\r\nAuthorization: {a2}\r\n\r\n").as_bytes(),
    );
    assert_error(&c.read_response(false), 411, "MissingContentLength");
    // Expect: 100-continue on a rejected request: no 100, final answer, connection closed.
    c.send_raw(
        format!("PUT /nolen HTTP/1.1\r\nHost: {host}\r\nAuthorization: bad\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            .as_bytes(),
    );
    let r = c.read_response(false);
    assert_error(&r, 403, "AccessDenied");
    assert_eq!(r.header("Connection"), Some("close"));
}

#[test]
fn incomplete_body_stores_nothing() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let host = c.host.clone();
    let t = now();
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        "PUT",
        "/partial",
        &[],
        &[("host", &host)],
        &format!("{};{}", t - 1, t + 900),
    );
    c.send_raw(format!("PUT /partial HTTP/1.1\r\nHost: {host}\r\nAuthorization: {auth}\r\nContent-Length: 100\r\n\r\nonly ten b").as_bytes());
    c.writer.shutdown(Shutdown::Write).unwrap();
    assert_error(&c.read_response(false), 400, "IncompleteBody");
    let mut c = Client::new(&emu);
    let r = c.call("HEAD", "/partial", &[], &[], b"");
    assert_eq!((r.status, r.body.len()), (404, 0));
    let log = emu.request_log();
    let put = log
        .iter()
        .find(|l| l.method == "PUT" && l.path == "/partial")
        .unwrap();
    assert_eq!((put.status, put.bytes_received), (400, 10));
}

#[test]
fn listing_over_http() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    for k in [
        "a.txt",
        "photos/2019/x.jpg",
        "photos/2020/IMG 1.jpg",
        "photos/2020/IMG2.jpg",
        "照片/1.jpg",
    ] {
        assert_eq!(
            c.call("PUT", &format!("/{k}"), &[], &[], k.as_bytes())
                .status,
            200
        );
    }
    let r = c.call(
        "GET",
        "/",
        &[
            ("prefix", "photos/"),
            ("delimiter", "/"),
            ("encoding-type", "url"),
        ],
        &[],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("x-cos-bucket-region"), Some(REGION));
    let text = r.text();
    assert!(text.contains("<EncodingType>url</EncodingType><Prefix>photos/</Prefix><Marker/><MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>"), "{text}");
    assert!(text.contains("<CommonPrefixes><Prefix>photos/2019/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>photos/2020/</Prefix></CommonPrefixes>"), "{text}");
    assert!(!text.contains("<Contents>"));
    let r = c.call(
        "GET",
        "/",
        &[
            ("prefix", "photos/2020/"),
            ("encoding-type", "url"),
            ("max-keys", "1"),
        ],
        &[],
        b"",
    );
    let text = r.text();
    assert!(
        text.contains("<Key>photos/2020/IMG%201.jpg</Key>"),
        "{text}"
    );
    assert!(
        text.contains(
            "<IsTruncated>true</IsTruncated><NextMarker>photos/2020/IMG%201.jpg</NextMarker>"
        ),
        "{text}"
    );
    assert!(text.contains("<ETag>&quot;"), "{text}");
    assert!(text.contains("<Owner><ID>1250000000</ID><DisplayName>1250000000</DisplayName></Owner><StorageClass>STANDARD</StorageClass>"));
    let r = c.call(
        "GET",
        "/",
        &[
            ("marker", "photos/2020/IMG 1.jpg"),
            ("max-keys", "10"),
            ("delimiter", ""),
            ("encoding-type", "url"),
        ],
        &[],
        b"",
    );
    let text = r.text();
    assert!(
        text.contains("<Marker>photos/2020/IMG%201.jpg</Marker>"),
        "{text}"
    );
    assert!(
        text.contains("<Key>photos/2020/IMG2.jpg</Key>")
            && text.contains("<Key>%E7%85%A7%E7%89%87/1.jpg</Key>"),
        "{text}"
    );
    assert!(
        !text.contains("<Delimiter>") && !text.contains("a.txt"),
        "{text}"
    );
    assert_error(
        &c.call("GET", "/", &[("max-keys", "abc")], &[], b""),
        400,
        "InvalidArgument",
    );
    // max-keys=0 lists nothing, as S3 does: not truncated, no NextMarker (a
    // paging client must not loop on an empty page); negative counts as 0.
    for max in ["0", "-5"] {
        for delimiter in ["", "/"] {
            let r = c.call(
                "GET",
                "/",
                &[("max-keys", max), ("delimiter", delimiter)],
                &[],
                b"",
            );
            let text = r.text();
            assert_eq!(r.status, 200, "{text}");
            assert!(
                text.contains("<MaxKeys>0</MaxKeys>")
                    && text.contains("<IsTruncated>false</IsTruncated>"),
                "{text}"
            );
            assert!(
                !text.contains("<Contents>")
                    && !text.contains("<CommonPrefixes>")
                    && !text.contains("NextMarker"),
                "{text}"
            );
        }
    }
}

#[test]
fn path_style_absolute_form_and_log() {
    let emu = Emulator::start().unwrap();
    let endpoint = emu.endpoint();
    let mut c = Client::with_host(&emu, &endpoint);
    assert_eq!(c.call("PUT", "/ps-1250000000/", &[], &[], b"").status, 200);
    let r = c.call("PUT", "/ps-1250000000/a/b c.txt", &[], &[], b"hi");
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("HEAD", "/ps-1250000000", &[], &[], b"");
    assert_eq!(r.header("x-cos-bucket-region"), Some(crate::DEFAULT_REGION));
    // Service listing on the IP host.
    assert!(
        c.call("GET", "/", &[], &[], b"")
            .text()
            .contains("<Name>ps-1250000000</Name>")
    );
    // Absolute-form (proxy) request: the URL host routes, the Host header is signed.
    let vhost = format!("ps-1250000000.cos.{}.myqcloud.com", crate::DEFAULT_REGION);
    let t = now();
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        "GET",
        "/a/b c.txt",
        &[],
        &[("host", &vhost)],
        &format!("{};{}", t - 1, t + 900),
    );
    c.send_raw(format!("GET http://{vhost}/a/b%20c.txt HTTP/1.1\r\nHost: {vhost}\r\nAuthorization: {auth}\r\n\r\n").as_bytes());
    let r = c.read_response(false);
    assert_eq!((r.status, r.text().as_str()), (200, "hi"));
    // CONNECT (a client that tunnels through its proxy): the tunnel leads
    // back here and the next request is served as usual.
    c.send_raw(format!("CONNECT {vhost}:80 HTTP/1.1\r\nHost: {vhost}:80\r\n\r\n").as_bytes());
    let mut established = String::new();
    c.reader.read_line(&mut established).unwrap();
    assert_eq!(established, "HTTP/1.1 200 Connection established\r\n");
    let mut blank = String::new();
    c.reader.read_line(&mut blank).unwrap();
    assert_eq!(blank, "\r\n");
    c.send_raw(
        format!("GET /a/b%20c.txt HTTP/1.1\r\nHost: {vhost}\r\nAuthorization: {auth}\r\n\r\n")
            .as_bytes(),
    );
    let r = c.read_response(false);
    assert_eq!((r.status, r.text().as_str()), (200, "hi"));
    // Not implemented and method not allowed carry the standard error body.
    assert_error(
        &c.call("GET", "/ps-1250000000/", &[("notification", "")], &[], b""),
        501,
        "NotImplemented",
    );
    assert_error(
        &c.call("GET", "/ps-1250000000/k", &[("symlink", "")], &[], b""),
        501,
        "NotImplemented",
    );
    assert_error(
        &c.call("POST", "/ps-1250000000/", &[], &[], b""),
        405,
        "MethodNotAllowed",
    );
    let log = emu.request_log();
    let put = log
        .iter()
        .find(|l| l.method == "PUT" && l.path == "/ps-1250000000/a/b c.txt")
        .unwrap();
    assert_eq!(
        (put.status, put.bytes_received, put.host.as_str()),
        (200, 2, endpoint.as_str())
    );
    assert!(put.header("authorization").is_some());
    let abs = log.iter().find(|l| l.host == vhost).unwrap();
    assert_eq!((abs.path.as_str(), abs.status), ("/a/b c.txt", 200));
    let last = log.last().unwrap();
    assert_eq!((last.method.as_str(), last.status), ("POST", 405));
    let unimplemented = log.iter().find(|l| l.status == 501).unwrap();
    assert_eq!(unimplemented.query, "notification=");
    emu.clear_request_log();
    assert!(emu.request_log().is_empty());
}

#[test]
fn malformed_requests_do_not_kill_the_server() {
    let emu = Emulator::start().unwrap();
    for raw in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
        b"GET /%FF%FE HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        b"PUT /b-1250000000/k HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nAuthorization: q-sign-algorithm=sha1\r\n\r\nzz\r\n",
        b"\x00\x01\x02\xff\r\n\r\n",
    ] {
        let mut s = TcpStream::connect(emu.addr()).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(raw).unwrap();
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with("HTTP/1.1 4"), "{text}");
        assert!(text.contains("x-cos-request-id: "), "{text}");
    }
    // Still serving.
    let mut c = Client::with_host(&emu, &emu.endpoint());
    assert_eq!(c.call("GET", "/", &[], &[], b"").status, 200);
}

#[test]
fn concurrent_clients() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    std::thread::scope(|s| {
        for t in 0..8 {
            let emu = &emu;
            s.spawn(move || {
                let mut c = Client::new(emu);
                for i in 0..20 {
                    let body = format!("thread {t} item {i}").repeat(100);
                    let r = c.call("PUT", &format!("/t{t}/{i}"), &[], &[], body.as_bytes());
                    assert_eq!(r.status, 200);
                    // Everyone also writes the same key: last writer wins, never a mix.
                    assert_eq!(
                        c.call("PUT", "/shared", &[], &[], body.as_bytes()).status,
                        200
                    );
                    let r = c.call("GET", &format!("/t{t}/{i}"), &[], &[], b"");
                    assert_eq!(r.body, body.as_bytes());
                    let r = c.call("GET", "/shared", &[], &[], b"");
                    assert_eq!(r.status, 200);
                    assert!(r.text().starts_with("thread "));
                    assert_eq!(r.text(), r.text()[..r.text().len() / 100].repeat(100));
                }
            });
        }
    });
    let mut c = Client::new(&emu);
    let r = c.call("GET", "/", &[("prefix", "t3/")], &[], b"");
    assert_eq!(r.text().matches("<Contents>").count(), 20);
    let dir = emu.temp_dir.as_ref().unwrap().path().to_path_buf();
    assert!(dir.exists());
    emu.stop();
    assert!(!dir.exists(), "temp dir removed on stop");
}

#[test]
fn large_objects_stream_and_large_rejections_close() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let body: Vec<u8> = (0..5 * 1024 * 1024 + 123)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let r = c.call("PUT", "/big.bin", &[], &[], &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let md5: String = md5::Md5::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(r.header("ETag"), Some(format!("\"{md5}\"").as_str()));
    let crc = crate::store::CRC64.checksum(&body).to_string();
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    let r = c.call("GET", "/big.bin", &[], &[], b"");
    assert!(r.body == body);
    let r = c.call(
        "GET",
        "/big.bin",
        &[],
        &[("Range", "bytes=65530-131080")],
        b"",
    );
    assert_eq!(r.status, 206);
    assert!(r.body == body[65530..=131080]);
    // A rejected upload too large to drain: answered, then the connection is closed.
    c.key = "wrong".into();
    let r = c.call("PUT", "/big2.bin", &[], &[], &body[..3 * 1024 * 1024]);
    assert_error(&r, 403, "SignatureDoesNotMatch");
    assert_eq!(r.header("Connection"), Some("close"));
    let mut rest = Vec::new();
    assert_eq!(c.reader.read_to_end(&mut rest).unwrap_or(0), 0);
}

#[test]
fn debug_output_hides_keys() {
    let config = EmulatorConfig {
        secret_key: "topsecretkey".into(),
        ..Default::default()
    };
    let shown = format!("{config:?}");
    assert!(
        !shown.contains("topsecretkey") && shown.contains("<redacted>"),
        "{shown}"
    );
    assert!(shown.contains(crate::DEFAULT_SECRET_ID), "{shown}");
    let credential = Credential {
        secret_key: "topsecretkey".into(),
        session_token: Some("tokentoken".into()),
        expires_at: Some(1),
        user: None,
    };
    let shown = format!("{credential:?}");
    assert!(
        !shown.contains("topsecretkey") && !shown.contains("tokentoken"),
        "{shown}"
    );
    let emu = Emulator::start_with(config).unwrap();
    assert!(!format!("{emu:?}").contains("topsecretkey"));
}
