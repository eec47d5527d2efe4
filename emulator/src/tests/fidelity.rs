//! What COS does that official clients' expectations showed the emulator to
//! differ on (issue 15, "Emulator fidelity"), over sockets.

use super::*;

#[test]
fn content_type_is_inferred_from_the_extension() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    for (key, expected) in [
        ("/1.zip", "application/zip"),
        ("/dir/1.txt", "text/plain"),
        ("/a/B.JPG", "image/jpeg"),
        ("/noext", "application/octet-stream"),
        ("/dir.d/noext", "application/octet-stream"),
        ("/.env", "application/octet-stream"),
    ] {
        // Node sends an empty Content-Type: it counts as none.
        let r = c.call("PUT", key, &[], &[("content-type", "")], b"x");
        assert_eq!(r.status, 200, "{key}: {}", r.text());
        let r = c.call("HEAD", key, &[], &[], b"");
        assert_eq!(r.header("Content-Type"), Some(expected), "{key}");
    }
    // A type sent wins.
    let r = c.call("PUT", "/2.zip", &[], &[("Content-Type", "text/x-mine")], b"x");
    assert_eq!(r.status, 200);
    let r = c.call("GET", "/2.zip", &[], &[], b"");
    assert_eq!(r.header("Content-Type"), Some("text/x-mine"));
    // Multipart: inferred at Initiate.
    let r = c.call("POST", "/big.pdf", &[("uploads", "")], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.xml("UploadId").unwrap();
    let r = c.call(
        "PUT",
        "/big.pdf",
        &[("partNumber", "1"), ("uploadId", &id)],
        &[],
        b"0123",
    );
    let etag = r.header("ETag").unwrap().to_string();
    let body = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
    );
    let r = c.call("POST", "/big.pdf", &[("uploadId", &id)], &[], body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("HEAD", "/big.pdf", &[], &[], b"");
    assert_eq!(r.header("Content-Type"), Some("application/pdf"));
    emu.stop();
}

#[test]
fn authorization_fields_are_not_trimmed() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let host = c.host.clone();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        emu.secret_id(),
        emu.secret_key(),
        "GET",
        "/",
        &[],
        &[("Host", &host)],
        &key_time,
    );
    let id = emu.secret_id();
    let get = |c: &mut Client, auth: &str| {
        c.raw_request("GET", "/", &[], &[("Host", &host), ("Authorization", auth)], b"")
    };
    assert_eq!(get(&mut c, &auth).status, 200);
    // `q-ak=AKID… ` with a trailing space names no key.
    let padded = auth.replace(&format!("q-ak={id}&"), &format!("q-ak={id} &"));
    assert_ne!(padded, auth);
    assert_error(&get(&mut c, &padded), 403, "InvalidAccessKeyId");
    // A leading space in a field name makes the field missing: malformed.
    let padded = auth.replace("&q-key-time=", "& q-key-time=");
    assert_error(&get(&mut c, &padded), 403, "AccessDenied");
    // A padded time is not a time.
    let padded = auth.replace(&format!("q-sign-time={key_time}"), &format!("q-sign-time={key_time} "));
    assert_error(&get(&mut c, &padded), 403, "AccessDenied");
    // Spaces around the whole header value are HTTP's, and stripped.
    assert_eq!(get(&mut c, &format!("  {auth}  ")).status, 200);
    emu.stop();
}
