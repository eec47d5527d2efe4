//! Server-side encryption over sockets: SSE-COS and SSE-KMS echoed by every
//! write and read, SSE-C keys checked on every access.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::*;

const ALG: &str = "x-cos-server-side-encryption-customer-algorithm";
const KEY: &str = "x-cos-server-side-encryption-customer-key";
const KEY_MD5: &str = "x-cos-server-side-encryption-customer-key-MD5";
/// The Node vectors' key (request-vectors-more.json #77).
const NODE_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const NODE_KEY_MD5: &str = "hRasmdxgYDKV3nvbahU1MA==";

/// (key, MD5) of a 32-byte key made of `byte`.
fn key_pair(byte: u8) -> (String, String) {
    let raw = [byte; 32];
    (BASE64.encode(raw), BASE64.encode(Md5::digest(raw)))
}

fn ssec<'a>(key: &'a str, md5: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![(ALG, "AES256"), (KEY, key), (KEY_MD5, md5)]
}

fn complete(c: &mut Client, key: &str, id: &str, etag: &str) -> Resp {
    let body = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
    );
    c.call("POST", key, &[("uploadId", id)], &[], body.as_bytes())
}

#[test]
fn sse_cos_and_kms_are_echoed_everywhere() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let sse = "x-cos-server-side-encryption";
    let r = c.call("PUT", "/a", &[], &[(sse, "AES256")], b"hello");
    assert_eq!((r.status, r.header(sse)), (200, Some("AES256")));
    for method in ["HEAD", "GET"] {
        let r = c.call(method, "/a", &[], &[], b"");
        assert_eq!((r.status, r.header(sse)), (200, Some("AES256")), "{method}");
    }
    // A copy takes the request's encryption, not the source's.
    let src = format!("{BUCKET}.cos.{REGION}.myqcloud.com/a");
    let r = c.call("PUT", "/b", &[], &[("x-cos-copy-source", &src)], b"");
    assert_eq!((r.status, r.header(sse)), (200, None), "{}", r.text());
    assert_eq!(c.call("HEAD", "/b", &[], &[], b"").header(sse), None);
    let r = c.call(
        "PUT",
        "/c",
        &[],
        &[("x-cos-copy-source", &src), (sse, "AES256")],
        b"",
    );
    assert_eq!((r.status, r.header(sse)), (200, Some("AES256")));
    assert_eq!(
        c.call("HEAD", "/c", &[], &[], b"").header(sse),
        Some("AES256")
    );
    // Multipart: Initiate, every part, Complete, then the object.
    let r = c.call("POST", "/m", &[("uploads", "")], &[(sse, "AES256")], b"");
    assert_eq!((r.status, r.header(sse)), (200, Some("AES256")));
    let id = r.xml("UploadId").unwrap();
    let r = c.call(
        "PUT",
        "/m",
        &[("partNumber", "1"), ("uploadId", &id)],
        &[],
        b"part",
    );
    assert_eq!((r.status, r.header(sse)), (200, Some("AES256")));
    let etag = r.header("ETag").unwrap().to_string();
    let r = complete(&mut c, "/m", &id, &etag);
    assert_eq!(
        (r.status, r.header(sse)),
        (200, Some("AES256")),
        "{}",
        r.text()
    );
    assert_eq!(
        c.call("GET", "/m", &[], &[], b"").header(sse),
        Some("AES256")
    );
    // SSE-KMS: key id and context (base64 of a JSON object) kept and echoed.
    let kms = [
        (sse, "cos/kms"),
        (
            "x-cos-server-side-encryption-cos-kms-key-id",
            "kms-key-0001",
        ),
        ("x-cos-server-side-encryption-context", "eyJhIjoiYiJ9"),
    ];
    let r = c.call("PUT", "/k", &[], &kms, b"hello world");
    assert_eq!(r.status, 200, "{}", r.text());
    let h = c.call("HEAD", "/k", &[], &[], b"");
    for (name, value) in kms {
        assert_eq!(r.header(name), Some(value), "PUT {name}");
        assert_eq!(h.header(name), Some(value), "HEAD {name}");
    }
    let bad = [
        (sse, "cos/kms"),
        ("x-cos-server-side-encryption-context", "not base64!"),
    ];
    assert_error(
        &c.call("PUT", "/k2", &[], &bad, b"x"),
        400,
        "InvalidArgument",
    );
    let bad = [
        (sse, "cos/kms"),
        ("x-cos-server-side-encryption-context", "WzFd"), // [1]: not an object
    ];
    assert_error(
        &c.call("PUT", "/k2", &[], &bad, b"x"),
        400,
        "InvalidArgument",
    );
    assert_error(
        &c.call("PUT", "/k2", &[], &[(sse, "AES128")], b"x"),
        400,
        "InvalidArgument",
    );
    emu.stop();
}

#[test]
fn sse_c_needs_the_same_key_to_read() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let right = ssec(NODE_KEY, NODE_KEY_MD5);
    let r = c.call("PUT", "/dir/hello.txt", &[], &right, b"hello world");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header(ALG), Some("AES256"));
    assert_eq!(r.header(KEY_MD5), Some(NODE_KEY_MD5));
    assert!(!r.head.to_ascii_lowercase().contains(&format!("{KEY}:")));
    // The key is never echoed and never shown in a log entry's Debug.
    let log = format!("{:?}", emu.request_log());
    assert!(!log.contains(NODE_KEY), "{log}");

    // Reading needs the key: missing → 400, another key → 403.
    assert_error(
        &c.call("GET", "/dir/hello.txt", &[], &[], b""),
        400,
        "SsecDecryptHeaderInvalid",
    );
    let r = c.call("HEAD", "/dir/hello.txt", &[], &[], b"");
    assert_eq!((r.status, r.body.len()), (400, 0));
    let (other, other_md5) = key_pair(7);
    let wrong = ssec(&other, &other_md5);
    assert_error(
        &c.call("GET", "/dir/hello.txt", &[], &wrong, b""),
        403,
        "AccessDenied",
    );
    for method in ["GET", "HEAD"] {
        let r = c.call(method, "/dir/hello.txt", &[], &right, b"");
        assert_eq!(r.status, 200, "{method}");
        assert_eq!(r.header(ALG), Some("AES256"), "{method}");
        assert_eq!(r.header(KEY_MD5), Some(NODE_KEY_MD5), "{method}");
    }
    assert_eq!(
        c.call("GET", "/dir/hello.txt", &[], &right, b"").body,
        b"hello world"
    );

    // Malformed SSE-C headers are 400 InvalidArgument wherever they are sent.
    let (k, m) = (NODE_KEY, NODE_KEY_MD5);
    let short = BASE64.encode([1u8; 16]);
    let short_md5 = BASE64.encode(Md5::digest([1u8; 16]));
    for bad in [
        vec![(ALG, "AES128"), (KEY, k), (KEY_MD5, m)],
        vec![(ALG, "AES256"), (KEY, k)],
        vec![(KEY, k), (KEY_MD5, m)],
        vec![(ALG, "AES256"), (KEY, k), (KEY_MD5, other_md5.as_str())],
        vec![(ALG, "AES256"), (KEY, "%%%"), (KEY_MD5, m)],
        vec![(ALG, "AES256"), (KEY, &short), (KEY_MD5, &short_md5)],
    ] {
        assert_error(
            &c.call("PUT", "/x", &[], &bad, b"x"),
            400,
            "InvalidArgument",
        );
        assert_error(
            &c.call("GET", "/dir/hello.txt", &[], &bad, b""),
            400,
            "InvalidArgument",
        );
    }
    let mut both = right.clone();
    both.push(("x-cos-server-side-encryption", "AES256"));
    assert_error(
        &c.call("PUT", "/x", &[], &both, b"x"),
        400,
        "InvalidArgument",
    );

    // SSE-C headers on an object stored without them.
    assert_eq!(c.call("PUT", "/plain", &[], &[], b"p").status, 200);
    assert_error(
        &c.call("GET", "/plain", &[], &right, b""),
        400,
        "SSEHeaderNotAllowed",
    );
    emu.stop();
}

#[test]
fn sse_c_copies_and_multipart() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let (key, md5) = key_pair(1);
    let right = ssec(&key, &md5);
    assert_eq!(c.call("PUT", "/s", &[], &right, b"secret").status, 200);
    let src = format!("{BUCKET}.cos.{REGION}.myqcloud.com/s");
    // The source's key comes in the x-cos-copy-source-… headers.
    let copy = [("x-cos-copy-source", src.as_str())];
    assert_error(
        &c.call("PUT", "/d", &[], &copy, b""),
        400,
        "SsecDecryptHeaderInvalid",
    );
    let (other, other_md5) = key_pair(2);
    let src_alg = format!("x-cos-copy-source-{ALG}");
    let src_key = format!("x-cos-copy-source-{KEY}");
    let src_md5 = format!("x-cos-copy-source-{KEY_MD5}");
    let with_source = |k: &str, m: &str| -> Vec<(String, String)> {
        vec![
            ("x-cos-copy-source".into(), src.clone()),
            (src_alg.clone(), "AES256".into()),
            (src_key.clone(), k.into()),
            (src_md5.clone(), m.into()),
        ]
    };
    let call = |c: &mut Client, path: &str, h: &[(String, String)], extra: &[(&str, &str)]| {
        let mut all: Vec<(&str, &str)> = h.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        all.extend_from_slice(extra);
        c.call("PUT", path, &[], &all, b"")
    };
    assert_error(
        &call(&mut c, "/d", &with_source(&other, &other_md5), &[]),
        403,
        "AccessDenied",
    );
    // Right source key: the destination is plain unless it asks for a key.
    let r = call(&mut c, "/d", &with_source(&key, &md5), &[]);
    assert_eq!((r.status, r.header(ALG)), (200, None), "{}", r.text());
    assert_eq!(c.call("GET", "/d", &[], &[], b"").body, b"secret");
    let other_headers = ssec(&other, &other_md5);
    let r = call(&mut c, "/e", &with_source(&key, &md5), &other_headers);
    assert_eq!(r.header(KEY_MD5), Some(other_md5.as_str()));
    assert_eq!(
        c.call("GET", "/e", &[], &other_headers, b"").body,
        b"secret"
    );

    // Multipart: every part carries the upload's key.
    let r = c.call("POST", "/m", &[("uploads", "")], &[], b"");
    let plain_id = r.xml("UploadId").unwrap();
    assert_error(
        &c.call(
            "PUT",
            "/m",
            &[("partNumber", "1"), ("uploadId", &plain_id)],
            &right,
            b"x",
        ),
        400,
        "SSEHeaderNotAllowed",
    );
    let r = c.call("POST", "/m", &[("uploads", "")], &right, b"");
    assert_eq!(r.header(KEY_MD5), Some(md5.as_str()));
    let id = r.xml("UploadId").unwrap();
    let part = [("partNumber", "1"), ("uploadId", id.as_str())];
    assert_error(
        &c.call("PUT", "/m", &part, &[], b"x"),
        400,
        "InvalidRequest",
    );
    assert_error(
        &c.call("PUT", "/m", &part, &other_headers, b"x"),
        400,
        "InvalidRequest",
    );
    let r = c.call("PUT", "/m", &part, &right, b"multi");
    assert_eq!((r.status, r.header(KEY_MD5)), (200, Some(md5.as_str())));
    let etag = r.header("ETag").unwrap().to_string();
    // Upload Part - Copy: the upload's key for the part, the source's own.
    let part2 = [("partNumber", "2"), ("uploadId", id.as_str())];
    let plain_src = format!("{BUCKET}.cos.{REGION}.myqcloud.com/d");
    let r = c.call(
        "PUT",
        "/m",
        &part2,
        &[("x-cos-copy-source", &plain_src)],
        b"",
    );
    assert_error(&r, 400, "InvalidRequest");
    let mut copy_part = right.clone();
    copy_part.push(("x-cos-copy-source", &plain_src));
    let r = c.call("PUT", "/m", &part2, &copy_part, b"");
    assert_eq!(
        (r.status, r.header(KEY_MD5)),
        (200, Some(md5.as_str())),
        "{}",
        r.text()
    );
    let r = complete(&mut c, "/m", &id, &etag);
    assert_eq!(
        (r.status, r.header(ALG)),
        (200, Some("AES256")),
        "{}",
        r.text()
    );
    assert_error(
        &c.call("GET", "/m", &[], &[], b""),
        400,
        "SsecDecryptHeaderInvalid",
    );
    assert_eq!(c.call("GET", "/m", &[], &right, b"").body, b"multi");
    emu.stop();
}
