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
