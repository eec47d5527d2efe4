//! Append Object over real sockets: creating an appendable object,
//! appending at its length, COS's errors for a wrong position or a normal
//! object, what HEAD/GET report, and the object type after a restart.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::versions::set_versioning;
use super::{Client, Resp, assert_error, create_bucket, start_on};
use crate::Emulator;
use crate::store::CRC64;

fn append(
    c: &mut Client,
    key: &str,
    position: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    c.call(
        "POST",
        key,
        &[("append", ""), ("position", position)],
        headers,
        body,
    )
}

fn md5_hex(body: &[u8]) -> String {
    Md5::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn assert_appended(r: &Resp, whole: &[u8]) {
    assert_eq!(r.status, 200, "{}\n{}", r.head, r.text());
    assert_eq!(
        r.header("ETag"),
        Some(format!("\"{}\"", md5_hex(whole)).as_str())
    );
    assert_eq!(
        r.header("x-cos-next-append-position"),
        Some(whole.len().to_string().as_str())
    );
    assert_eq!(
        r.header("x-cos-hash-crc64ecma"),
        Some(CRC64.checksum(whole).to_string().as_str())
    );
}

#[test]
fn appends_positions_and_object_types() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    // Node's demo: "12345" at 0, then more at 5.
    let r = append(
        &mut c,
        "/logs/a.log",
        "0",
        &[("x-cos-meta-origin", "first")],
        b"12345",
    );
    assert_appended(&r, b"12345");
    let r = append(
        &mut c,
        "/logs/a.log",
        "5",
        &[
            ("Content-Type", "text/plain"),
            ("x-cos-meta-origin", "second"),
        ],
        b"67890\n",
    );
    assert_appended(&r, b"1234567890\n");
    let g = c.call("GET", "/logs/a.log", &[], &[], b"");
    assert_eq!(g.body, b"1234567890\n");
    assert_eq!(g.header("x-cos-object-type"), Some("appendable"));
    let h = c.call("HEAD", "/logs/a.log", &[], &[], b"");
    assert_eq!(h.header("x-cos-object-type"), Some("appendable"));
    assert_eq!(h.header("Content-Length"), Some("11"));
    // The metadata of the first append stays.
    assert_eq!(h.header("x-cos-meta-origin"), Some("first"));
    assert_eq!(h.header("Content-Type"), Some("application/octet-stream"));
    // An empty append changes nothing but the time.
    assert_appended(
        &append(&mut c, "/logs/a.log", "11", &[], b""),
        b"1234567890\n",
    );
    // Wrong positions: 409 with the position to use.
    for wrong in ["0", "3", "12"] {
        let r = append(&mut c, "/logs/a.log", wrong, &[], b"x");
        assert_error(&r, 409, "AppendPositionErr");
        assert_eq!(r.header("x-cos-next-append-position"), Some("11"));
    }
    let r = append(&mut c, "/new.log", "4", &[], b"x");
    assert_error(&r, 409, "AppendPositionErr");
    assert_eq!(r.header("x-cos-next-append-position"), Some("0"));
    assert_error(&c.call("GET", "/new.log", &[], &[], b""), 404, "NoSuchKey");
    for bad in ["", "-1", "x"] {
        assert_error(
            &append(&mut c, "/logs/a.log", bad, &[], b"x"),
            400,
            "InvalidArgument",
        );
    }
    assert_error(
        &c.call("POST", "/logs/a.log", &[("append", "")], &[], b"x"),
        400,
        "InvalidArgument",
    );
    // Content-MD5 covers the appended bytes; a mismatch changes nothing.
    let md5 = BASE64.encode(Md5::digest(b"abc"));
    assert_appended(
        &append(
            &mut c,
            "/logs/a.log",
            "11",
            &[("Content-MD5", &md5)],
            b"abc",
        ),
        b"1234567890\nabc",
    );
    let r = append(
        &mut c,
        "/logs/a.log",
        "14",
        &[("Content-MD5", &md5)],
        b"abd",
    );
    assert_error(&r, 400, "BadDigest");
    assert_eq!(
        c.call("GET", "/logs/a.log", &[], &[], b"").body,
        b"1234567890\nabc"
    );
    // Too large for an appendable object, before anything is read.
    assert_error(
        &append(&mut c, "/logs/a.log", "5368709120", &[], b"x"),
        400,
        "EntityTooLarge",
    );
    // A normal object cannot be appended to; a PUT makes an appendable one normal.
    assert_eq!(c.call("PUT", "/normal.txt", &[], &[], b"n").status, 200);
    assert_error(
        &append(&mut c, "/normal.txt", "1", &[], b"x"),
        409,
        "ObjectNotAppendable",
    );
    assert_eq!(c.call("PUT", "/logs/a.log", &[], &[], b"over").status, 200);
    let h = c.call("HEAD", "/logs/a.log", &[], &[], b"");
    assert_eq!(h.header("x-cos-object-type"), None);
    assert_error(
        &append(&mut c, "/logs/a.log", "4", &[], b"x"),
        409,
        "ObjectNotAppendable",
    );
    // A copy of an appendable object is a normal one.
    assert_appended(&append(&mut c, "/b.log", "0", &[], b"b"), b"b");
    let src = format!("{}.cos.{}.myqcloud.com/b.log", super::BUCKET, super::REGION);
    assert_eq!(
        c.call("PUT", "/b-copy", &[], &[("x-cos-copy-source", &src)], b"")
            .status,
        200
    );
    assert_error(
        &append(&mut c, "/b-copy", "1", &[], b"x"),
        409,
        "ObjectNotAppendable",
    );
    assert_error(
        &c.call(
            "PUT",
            "/b.log",
            &[("append", ""), ("position", "1")],
            &[],
            b"x",
        ),
        405,
        "MethodNotAllowed",
    );
    // Versioned buckets keep no appendable objects.
    set_versioning(&mut c, "Enabled");
    assert_error(
        &append(&mut c, "/v.log", "0", &[], b"x"),
        409,
        "InvalidBucketState",
    );
}

#[test]
fn appendable_objects_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let start = || start_on(dir.path());
    {
        let emu = start();
        create_bucket(&emu);
        let mut c = Client::new(&emu);
        assert_appended(&append(&mut c, "/a", "0", &[], b"one "), b"one ");
        assert_appended(&append(&mut c, "/a", "4", &[], b"two"), b"one two");
    }
    let emu = start();
    assert_eq!(emu.recovery().unwrap().removed_orphan_bodies, 0);
    let mut c = Client::new(&emu);
    let h = c.call("HEAD", "/a", &[], &[], b"");
    assert_eq!(h.header("x-cos-object-type"), Some("appendable"));
    assert_appended(&append(&mut c, "/a", "7", &[], b"!"), b"one two!");
}
