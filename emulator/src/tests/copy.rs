//! PUT Object - Copy and Upload Part - Copy over real sockets: within a
//! bucket, across buckets and regions, metadata directives, the self-copy
//! rule, source conditions, errors, ranged part copies completed with normal
//! parts, and the ok-with-error fault.

use md5::{Digest, Md5};

use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket};
use crate::store::CRC64;
use crate::{Emulator, EmulatorConfig, Fault, Match};

fn md5_hex(body: &[u8]) -> String {
    Md5::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn data(len: usize, seed: u32) -> Vec<u8> {
    (0..len as u32)
        .map(|i| (i.wrapping_mul(31).wrapping_add(seed) ^ (i >> 7)) as u8)
        .collect()
}

/// `x-cos-copy-source` for `key` (no leading `/`) in the default bucket.
fn source(key: &str) -> String {
    format!(
        "{BUCKET}.cos.{REGION}.myqcloud.com/{}",
        super::enc_path(key)
    )
}

fn copy(c: &mut Client, dest: &str, src: &str, headers: &[(&str, &str)]) -> Resp {
    let mut h = vec![("x-cos-copy-source", src)];
    h.extend_from_slice(headers);
    c.call("PUT", dest, &[], &h, b"")
}

fn assert_copied(r: &Resp, body: &[u8], etag: &str) {
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Content-Type"), Some("application/xml"));
    let crc = CRC64.checksum(body).to_string();
    assert_eq!(r.xml("ETag").as_deref(), Some(etag), "{}", r.text());
    assert_eq!(r.xml("CRC64").as_deref(), Some(crc.as_str()));
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    let lm = r.xml("LastModified").unwrap();
    assert!(lm.len() == 20 && lm.ends_with('Z'), "{lm}");
    assert!(r.text().contains("<CopyObjectResult>"), "{}", r.text());
}

#[test]
fn put_object_copy_within_across_buckets_and_regions() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let body = data(200_000, 1);
    let src_key = "/dir/中 文+1.txt";
    let r = c.call(
        "PUT",
        src_key,
        &[],
        &[
            ("Content-Type", "text/plain"),
            ("Cache-Control", "max-age=60"),
            ("Content-Disposition", "attachment"),
            ("x-cos-meta-author", "Alice"),
            ("x-cos-storage-class", "STANDARD_IA"),
            ("x-cos-tagging", "a=1&b=2"),
            ("x-cos-acl", "public-read"),
        ],
        &body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let etag = r.header("ETag").unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", md5_hex(&body)));

    // Within the bucket, directive Copy (default): the source's metadata, the
    // request's metadata headers ignored; class and ACL are not copied.
    let src = source(&src_key[1..]);
    let r = copy(
        &mut c,
        "/copy1.txt",
        &src,
        &[("Content-Type", "image/png"), ("x-cos-meta-ignored", "yes")],
    );
    assert_copied(&r, &body, &etag);
    let g = c.call("GET", "/copy1.txt", &[], &[], b"");
    assert_eq!(g.status, 200);
    assert!(g.body == body);
    assert_eq!(g.header("ETag"), Some(etag.as_str()));
    assert_eq!(g.header("Content-Type"), Some("text/plain"));
    assert_eq!(g.header("Cache-Control"), Some("max-age=60"));
    assert_eq!(g.header("Content-Disposition"), Some("attachment"));
    assert_eq!(g.header("x-cos-meta-author"), Some("Alice"));
    assert_eq!(g.header("x-cos-meta-ignored"), None);
    assert_eq!(g.header("x-cos-storage-class"), None);
    assert_eq!(g.header("x-cos-tagging-count"), Some("2"));
    let acl = c.call("GET", "/copy1.txt", &[("acl", "")], &[], b"");
    assert_eq!(acl.header("x-cos-acl"), Some("default"), "{}", acl.text());

    // Directive Replaced, explicit class, ACL and tags.
    let r = copy(
        &mut c,
        "/copy2.txt",
        &src,
        &[
            ("x-cos-metadata-directive", "Replaced"),
            ("Content-Type", "application/json"),
            ("x-cos-meta-reviewer", "Bob"),
            ("x-cos-storage-class", "ARCHIVE"),
            ("x-cos-acl", "public-read"),
            ("x-cos-tagging-directive", "Replaced"),
            ("x-cos-tagging", "c=3"),
        ],
    );
    assert_copied(&r, &body, &etag);
    let h = c.call("HEAD", "/copy2.txt", &[], &[], b"");
    assert_eq!(h.header("Content-Type"), Some("application/json"));
    assert_eq!(h.header("x-cos-meta-reviewer"), Some("Bob"));
    assert_eq!(h.header("x-cos-meta-author"), None);
    assert_eq!(h.header("Cache-Control"), None);
    assert_eq!(h.header("x-cos-storage-class"), Some("ARCHIVE"));
    assert_eq!(h.header("x-cos-tagging-count"), Some("1"));
    let acl = c.call("GET", "/copy2.txt", &[("acl", "")], &[], b"");
    assert_eq!(acl.header("x-cos-acl"), Some("public-read"));

    // Unknown directives.
    for (name, value) in [
        ("x-cos-metadata-directive", "Move"),
        ("x-cos-tagging-directive", "Merge"),
    ] {
        let r = copy(&mut c, "/copy3.txt", &src, &[(name, value)]);
        assert_error(&r, 400, "InvalidArgument");
    }

    // The path form, with versionId=null (no versioning: the only version).
    let r = copy(
        &mut c,
        "/copy3.txt",
        &format!(
            "/{BUCKET}/{}?versionId=null",
            super::enc_path(&src_key[1..])
        ),
        &[],
    );
    assert_copied(&r, &body, &etag);
    let r = copy(
        &mut c,
        "/copy4.txt",
        &format!("{src}?versionId=MTg0NDUx"),
        &[],
    );
    assert_error(&r, 404, "NoSuchVersion");

    // Self-copy needs Replaced; with it, the metadata changes, the content not.
    let r = copy(&mut c, src_key, &src, &[]);
    assert_error(&r, 400, "InvalidRequest");
    let r = copy(
        &mut c,
        src_key,
        &src,
        &[("x-cos-metadata-directive", "Copy")],
    );
    assert_error(&r, 400, "InvalidRequest");
    let r = copy(
        &mut c,
        src_key,
        &src,
        &[
            ("x-cos-metadata-directive", "Replaced"),
            ("Content-Type", "text/csv"),
        ],
    );
    assert_copied(&r, &body, &etag);
    let g = c.call("GET", src_key, &[], &[], b"");
    assert!(g.body == body);
    assert_eq!(g.header("Content-Type"), Some("text/csv"));
    assert_eq!(g.header("x-cos-meta-author"), None);

    // forbid-overwrite.
    let r = copy(
        &mut c,
        "/copy1.txt",
        &src,
        &[("x-cos-forbid-overwrite", "true")],
    );
    assert_error(&r, 409, "PathConflict");

    // Another bucket, same region, both directions.
    let other_host = format!("second-1250000000.cos.{REGION}.myqcloud.com");
    let mut c2 = Client::with_host(&emu, &other_host);
    assert_eq!(c2.call("PUT", "/", &[], &[], b"").status, 200);
    let r = copy(&mut c2, "/in-second", &src, &[]);
    assert_copied(&r, &body, &etag);
    assert!(c2.call("GET", "/in-second", &[], &[], b"").body == body);
    let r = copy(&mut c, "/back", &format!("{other_host}/in-second"), &[]);
    assert_copied(&r, &body, &etag);

    // Another region: the source host names that region.
    let far_host = "far-1250000000.cos.ap-beijing.myqcloud.com";
    let mut far = Client::with_host(&emu, far_host);
    assert_eq!(far.call("PUT", "/", &[], &[], b"").status, 200);
    let far_body = data(5_000, 9);
    assert_eq!(far.call("PUT", "/x/y.bin", &[], &[], &far_body).status, 200);
    let r = copy(&mut c, "/from-far", &format!("{far_host}/x/y.bin"), &[]);
    assert_copied(&r, &far_body, &format!("\"{}\"", md5_hex(&far_body)));
    assert!(c.call("GET", "/from-far", &[], &[], b"").body == far_body);
    let r = copy(
        &mut far,
        "/from-gz",
        &format!("{BUCKET}.cos.{REGION}.tencentcos.cn/copy1.txt"),
        &[],
    );
    assert_copied(&r, &body, &etag);
    // Named in the wrong region: the bucket does not exist there.
    let r = copy(
        &mut c,
        "/nope",
        "far-1250000000.cos.ap-shanghai.myqcloud.com/x/y.bin",
        &[],
    );
    assert_error(&r, 404, "NoSuchBucket");
    // The path form finds it in any region.
    let r = copy(&mut c, "/nope", "/far-1250000000/x/y.bin", &[]);
    assert_eq!(r.status, 200, "{}", r.text());

    // Missing source bucket / key, malformed source.
    let r = copy(
        &mut c,
        "/nope2",
        &format!("missing-1250000000.cos.{REGION}.myqcloud.com/k"),
        &[],
    );
    assert_error(&r, 404, "NoSuchBucket");
    let r = copy(&mut c, "/nope2", &source("no/such/key"), &[]);
    assert_error(&r, 404, "NoSuchKey");
    for bad in [
        "not a source",
        "/only-a-bucket-1250000000",
        &format!("{BUCKET}.cos.{REGION}.myqcloud.com/"),
        "127.0.0.1/b-1250000000/k",
    ] {
        let r = copy(&mut c, "/nope2", bad, &[]);
        assert_error(&r, 400, "InvalidCopySource");
    }
    // A destination in a bucket that does not exist.
    let mut ghost = Client::with_host(&emu, &format!("ghost-1250000000.cos.{REGION}.myqcloud.com"));
    assert_error(&copy(&mut ghost, "/k", &src, &[]), 404, "NoSuchBucket");
    assert_error(&c.call("GET", "/nope2", &[], &[], b""), 404, "NoSuchKey");
    emu.stop();
}

#[test]
fn copy_source_conditions_and_anonymous_copy() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let r = c.call("PUT", "/src", &[], &[], b"conditional");
    let etag = r.header("ETag").unwrap().to_string();
    let src = source("src");
    let past = "Thu, 16 May 2019 06:45:51 GMT";
    let future = httpdate::fmt_http_date(
        std::time::SystemTime::now() + std::time::Duration::from_secs(86_400),
    );
    let wrong = "\"00000000000000000000000000000000\"";
    for (name, value) in [
        ("x-cos-copy-source-If-Match", wrong),
        ("x-cos-copy-source-If-None-Match", etag.as_str()),
        ("x-cos-copy-source-If-None-Match", "*"),
        ("x-cos-copy-source-If-Modified-Since", future.as_str()),
        ("x-cos-copy-source-If-Unmodified-Since", past),
    ] {
        let r = copy(&mut c, "/dst", &src, &[(name, value)]);
        assert_error(&r, 412, "PreconditionFailed");
        assert_eq!(c.call("HEAD", "/dst", &[], &[], b"").status, 404);
    }
    for (name, value) in [
        ("x-cos-copy-source-If-Match", etag.as_str()),
        ("x-cos-copy-source-If-None-Match", wrong),
        ("x-cos-copy-source-If-Modified-Since", past),
        ("x-cos-copy-source-If-Unmodified-Since", future.as_str()),
    ] {
        let r = copy(&mut c, "/dst", &src, &[(name, value)]);
        assert_eq!(r.status, 200, "{name}: {}", r.text());
    }

    // Anonymous copies are denied, even into a public-read-write bucket.
    let host = format!("open-1250000000.cos.{REGION}.myqcloud.com");
    let mut open = Client::with_host(&emu, &host);
    let r = open.call("PUT", "/", &[], &[("x-cos-acl", "public-read-write")], b"");
    assert_eq!(r.status, 200);
    let anon = |c: &mut Client, path: &str, extra: &[(&str, &str)], body: &[u8]| {
        let len = body.len().to_string();
        let mut h = vec![("Host", host.as_str()), ("Content-Length", len.as_str())];
        h.extend_from_slice(extra);
        c.raw_request("PUT", path, &[], &h, body)
    };
    assert_eq!(anon(&mut open, "/anon-put", &[], b"x").status, 200);
    let r = anon(&mut open, "/anon-copy", &[("x-cos-copy-source", &src)], b"");
    assert_error(&r, 403, "AccessDenied");
    let up = open.call("POST", "/mp", &[("uploads", "")], &[], b"");
    let id = up.xml("UploadId").unwrap();
    let len = "0";
    let r = open.raw_request(
        "PUT",
        "/mp",
        &[("partNumber", "1"), ("uploadId", &id)],
        &[
            ("Host", host.as_str()),
            ("Content-Length", len),
            ("x-cos-copy-source", &src),
        ],
        b"",
    );
    assert_error(&r, 403, "AccessDenied");
    assert_eq!(open.call("HEAD", "/anon-copy", &[], &[], b"").status, 404);
    emu.stop();
}

fn part_copy(c: &mut Client, key: &str, id: &str, n: u32, src: &str, range: Option<&str>) -> Resp {
    let n = n.to_string();
    let mut h = vec![("x-cos-copy-source", src)];
    if let Some(range) = range {
        h.push(("x-cos-copy-source-range", range));
    }
    c.call("PUT", key, &[("partNumber", &n), ("uploadId", id)], &h, b"")
}

#[test]
fn upload_part_copy_ranges_then_complete() {
    let emu = Emulator::start_with(EmulatorConfig {
        min_part_size: 1000,
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let src_body = data(300_000, 3);
    let small = data(1_500, 4);
    assert_eq!(c.call("PUT", "/src.bin", &[], &[], &src_body).status, 200);
    assert_eq!(c.call("PUT", "/small.bin", &[], &[], &small).status, 200);
    let up = c.call("POST", "/big.bin", &[("uploads", "")], &[], b"");
    let id = up.xml("UploadId").unwrap();
    let src = source("src.bin");

    let mut expected = Vec::new();
    let mut etags = Vec::new();
    // Part 1: a copied range; part 2: a normal upload; part 3: another copied
    // range; part 4: a whole (small) source without a range.
    let r = part_copy(&mut c, "/big.bin", &id, 1, &src, Some("bytes=0-99999"));
    let range1 = &src_body[..100_000];
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.text().contains("<CopyPartResult>"), "{}", r.text());
    assert_eq!(r.xml("ETag"), Some(format!("\"{}\"", md5_hex(range1))));
    assert!(r.xml("LastModified").unwrap().ends_with('Z'));
    let crc1 = CRC64.checksum(range1).to_string();
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc1.as_str()));
    expected.extend_from_slice(range1);
    etags.push(r.xml("ETag").unwrap());

    let own = data(70_001, 5);
    let r = c.call(
        "PUT",
        "/big.bin",
        &[("partNumber", "2"), ("uploadId", &id)],
        &[],
        &own,
    );
    assert_eq!(r.status, 200);
    expected.extend_from_slice(&own);
    etags.push(r.header("ETag").unwrap().to_string());

    let r = part_copy(
        &mut c,
        "/big.bin",
        &id,
        3,
        &src,
        Some("bytes=123457-299999"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let range3 = &src_body[123_457..];
    let crc3 = CRC64.checksum(range3).to_string();
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc3.as_str()));
    expected.extend_from_slice(range3);
    etags.push(r.xml("ETag").unwrap());

    let r = part_copy(&mut c, "/big.bin", &id, 4, &source("small.bin"), None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.xml("ETag"), Some(format!("\"{}\"", md5_hex(&small))));
    expected.extend_from_slice(&small);
    etags.push(r.xml("ETag").unwrap());

    // Errors leave the upload as it was.
    for (range, n) in [
        ("bytes=0-300000", "5"),
        ("bytes=299999-300000", "5"),
        ("bytes=10-9", "5"),
        ("bytes=0-", "5"),
        ("bytes=-100", "5"),
        ("0-100", "5"),
        ("bytes=x-y", "5"),
    ] {
        let r = c.call(
            "PUT",
            "/big.bin",
            &[("partNumber", n), ("uploadId", &id)],
            &[
                ("x-cos-copy-source", &src),
                ("x-cos-copy-source-range", range),
            ],
            b"",
        );
        assert_error(&r, 400, "InvalidArgument");
    }
    let r = part_copy(&mut c, "/big.bin", &id, 0, &src, None);
    assert_error(&r, 400, "InvalidArgument");
    let r = part_copy(&mut c, "/big.bin", &id, 10_001, &src, None);
    assert_error(&r, 400, "InvalidArgument");
    let r = part_copy(&mut c, "/big.bin", "no-such-upload", 5, &src, None);
    assert_error(&r, 404, "NoSuchUpload");
    let r = part_copy(&mut c, "/other.bin", &id, 5, &src, None);
    assert_error(&r, 404, "NoSuchUpload");
    let r = part_copy(&mut c, "/big.bin", &id, 5, &source("missing"), None);
    assert_error(&r, 404, "NoSuchKey");
    let r = part_copy(&mut c, "/big.bin", &id, 5, "garbage", None);
    assert_error(&r, 400, "InvalidCopySource");
    let r = c.call(
        "PUT",
        "/big.bin",
        &[("partNumber", "5"), ("uploadId", &id)],
        &[
            ("x-cos-copy-source", &src),
            ("x-cos-copy-source-If-Match", "\"abc\""),
        ],
        b"",
    );
    assert_error(&r, 412, "PreconditionFailed");
    // The ok-with-error fault: 200 with an <Error>, no part stored.
    emu.inject(
        Fault::ok_with_error("InternalError")
            .on(Match::upload_part())
            .times(1),
    );
    let r = part_copy(&mut c, "/big.bin", &id, 5, &src, None);
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("<Code>InternalError</Code>"),
        "{}",
        r.text()
    );
    let list = c.call("GET", "/big.bin", &[("uploadId", &id)], &[], b"");
    assert_eq!(list.text().matches("<Part>").count(), 4, "{}", list.text());

    let mut xml = String::from("<CompleteMultipartUpload>");
    for (i, e) in etags.iter().enumerate() {
        xml.push_str(&format!(
            "<Part><PartNumber>{}</PartNumber><ETag>{e}</ETag></Part>",
            i + 1
        ));
    }
    xml.push_str("</CompleteMultipartUpload>");
    let r = c.call(
        "POST",
        "/big.bin",
        &[("uploadId", &id)],
        &[],
        xml.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let crc = CRC64.checksum(&expected).to_string();
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    let multipart_etag = r.xml("ETag").unwrap();
    assert!(multipart_etag.ends_with("-4\""), "{multipart_etag}");
    let g = c.call("GET", "/big.bin", &[], &[], b"");
    assert!(g.body == expected);
    assert_eq!(g.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));

    // PUT Object - Copy of the multipart object keeps its `-N` ETag and CRC.
    let r = copy(&mut c, "/big-copy.bin", &source("big.bin"), &[]);
    assert_copied(&r, &expected, &multipart_etag);
    let g = c.call("GET", "/big-copy.bin", &[], &[], b"");
    assert!(g.body == expected);
    assert_eq!(g.header("ETag"), Some(multipart_etag.as_str()));
    emu.stop();
}

#[test]
fn ok_with_error_copy_takes_no_effect() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_eq!(c.call("PUT", "/a", &[], &[], b"first").status, 200);
    assert_eq!(c.call("PUT", "/b", &[], &[], b"second").status, 200);
    let id = emu.inject(
        Fault::ok_with_error("InternalError")
            .on(Match::copy())
            .times(2),
    );
    // A new destination stays absent; an existing one keeps its content.
    let r = copy(&mut c, "/c", &source("a"), &[]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Transfer-Encoding"), Some("chunked"));
    let text = r.text();
    assert!(text.trim_start().starts_with("<?xml"), "{text:?}");
    assert!(text.contains("<Error>") && !text.contains("CopyObjectResult"));
    assert_error(&c.call("GET", "/c", &[], &[], b""), 404, "NoSuchKey");
    let r = copy(&mut c, "/b", &source("a"), &[]);
    assert!(r.text().contains("<Code>InternalError</Code>"));
    assert_eq!(c.call("GET", "/b", &[], &[], b"").body, b"second");
    assert_eq!(emu.fault_hits(id), 2);
    // The rule is used up: the next copy works.
    let r = copy(&mut c, "/c", &source("a"), &[]);
    assert_eq!(r.status, 200);
    assert!(r.text().contains("<CopyObjectResult>"));
    assert_eq!(c.call("GET", "/c", &[], &[], b"").body, b"first");
    emu.stop();
}

#[test]
fn sources_over_5_gib_are_too_large_for_put_copy() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    // A sparse 5 GiB + 1 byte source, published straight into the index.
    let store = &emu.state.store;
    let (tmp, temp) = store.new_body("test").unwrap();
    let size = 5 * 1024 * 1024 * 1024 + 1;
    tmp.set_len(size).unwrap();
    let file = store.seal_body(tmp, temp).unwrap();
    let meta = crate::store::ObjectMeta {
        size,
        etag: "0123456789abcdef0123456789abcdef-1000".into(),
        crc64: 42,
        last_modified: std::time::SystemTime::now(),
        content_type: "application/octet-stream".into(),
        headers: Vec::new(),
        user_meta: Vec::new(),
        storage_class: "STANDARD".into(),
        acl: Default::default(),
        tags: Vec::new(),
        file,
        version_id: None,
        appendable: false,
        restore: None,
    };
    store
        .publish(BUCKET, "huge", std::sync::Arc::new(meta), false, None)
        .unwrap();
    let mut c = Client::new(&emu);
    let r = copy(&mut c, "/huge-copy", &source("huge"), &[]);
    assert_error(&r, 400, "EntityTooLarge");
    let up = c.call("POST", "/mp", &[("uploads", "")], &[], b"");
    let id = up.xml("UploadId").unwrap();
    let r = part_copy(&mut c, "/mp", &id, 1, &source("huge"), None);
    assert_error(&r, 400, "EntityTooLarge");
    let r = part_copy(
        &mut c,
        "/mp",
        &id,
        1,
        &source("huge"),
        Some("bytes=0-5368709120"),
    );
    assert_error(&r, 400, "EntityTooLarge");
    // A range of it is fine (sparse: zeros).
    let last = (size - 1).to_string();
    let range = format!("bytes={}-{last}", size - 1000);
    let r = part_copy(&mut c, "/mp", &id, 1, &source("huge"), Some(&range));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.xml("ETag"),
        Some(format!("\"{}\"", md5_hex(&[0u8; 1000])))
    );
    emu.stop();
}
