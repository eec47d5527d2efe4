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
    let r = c.call(
        "PUT",
        "/2.zip",
        &[],
        &[("Content-Type", "text/x-mine")],
        b"x",
    );
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
    let r = c.call(
        "POST",
        "/big.pdf",
        &[("uploadId", &id)],
        &[],
        body.as_bytes(),
    );
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
        c.raw_request(
            "GET",
            "/",
            &[],
            &[("Host", &host), ("Authorization", auth)],
            b"",
        )
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
    let padded = auth.replace(
        &format!("q-sign-time={key_time}"),
        &format!("q-sign-time={key_time} "),
    );
    assert_error(&get(&mut c, &padded), 403, "AccessDenied");
    // Spaces around the whole header value are HTTP's, and stripped.
    assert_eq!(get(&mut c, &format!("  {auth}  ")).status, 200);
    emu.stop();
}

#[test]
fn an_access_control_policy_is_answered_as_sent() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let owner = "qcs::cam::uin/100000000001:uin/100000000001";
    let policy = |grants: &str| {
        format!(
            "<AccessControlPolicy><Owner><ID>{owner}</ID></Owner><AccessControlList>{grants}</AccessControlList></AccessControlPolicy>"
        )
    };
    let grant = |id: &str, p: &str| {
        format!("<Grant><Grantee><ID>{id}</ID></Grantee><Permission>{p}</Permission></Grant>")
    };
    let ids = |r: &Resp| -> Vec<String> {
        let doc = roxmltree::Document::parse(std::str::from_utf8(&r.body).unwrap()).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("Grant"))
            .map(|g| {
                let id = g
                    .descendants()
                    .find(|n| n.has_tag_name("ID") || n.has_tag_name("URI"))
                    .and_then(|n| n.text())
                    .unwrap_or("");
                let p = g
                    .descendants()
                    .find(|n| n.has_tag_name("Permission"))
                    .and_then(|n| n.text())
                    .unwrap_or("");
                format!("{id} {p}")
            })
            .collect()
    };
    // Bucket: one grant to another user, no owner grant.
    let body = policy(&grant(
        "qcs::cam::uin/100000000001:uin/100000000011",
        "READ",
    ));
    let r = c.call("PUT", "/", &[("acl", "")], &[], body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("acl", "")], &[], b"");
    assert_eq!(
        ids(&r),
        vec!["qcs::cam::uin/100000000001:uin/100000000011 READ"]
    );
    assert_eq!(r.header("x-cos-acl"), Some("private"));
    // The owner keeps full access all the same.
    assert_eq!(c.call("PUT", "/o", &[], &[], b"x").status, 200);
    // Object: an empty grant list is answered empty (not "default").
    let r = c.call("PUT", "/o", &[("acl", "")], &[], policy("").as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/o", &[("acl", "")], &[], b"");
    assert!(ids(&r).is_empty(), "{}", r.text());
    assert_eq!(r.header("x-cos-acl"), Some("private"));
    assert_eq!(c.call("GET", "/o", &[], &[], b"").status, 200);
    // Canned ACLs and grant headers keep the owner's FULL_CONTROL.
    let r = c.call(
        "PUT",
        "/o",
        &[("acl", "")],
        &[("x-cos-acl", "public-read")],
        b"",
    );
    assert_eq!(r.status, 200);
    let r = c.call("GET", "/o", &[("acl", "")], &[], b"");
    assert_eq!(
        ids(&r),
        vec![
            format!("{owner} FULL_CONTROL"),
            "http://cam.qcloud.com/groups/global/AllUsers READ".to_string()
        ]
    );
    let r = c.call(
        "PUT",
        "/",
        &[("acl", "")],
        &[("x-cos-grant-read", "id=\"100000000011\"")],
        b"",
    );
    assert_eq!(r.status, 200);
    let r = c.call("GET", "/", &[("acl", "")], &[], b"");
    assert_eq!(
        ids(&r),
        vec![
            format!("{owner} FULL_CONTROL"),
            "qcs::cam::uin/100000000011:uin/100000000011 READ".to_string()
        ]
    );
    emu.stop();
}

#[test]
fn key_shapes_cos_refuses() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    for path in ["//a", "/\\a", "/a/../b", "/a/./b", "/..", "/a/."] {
        let r = c.call("PUT", path, &[], &[], b"x");
        assert_error(&r, 400, "InvalidObjectName");
        let r = c.call("POST", path, &[("uploads", "")], &[], b"");
        assert_error(&r, 400, "InvalidObjectName");
        let src = format!("{BUCKET}.cos.{REGION}.myqcloud.com/src");
        let r = c.call("PUT", path, &[], &[("x-cos-copy-source", &src)], b"");
        assert_error(&r, 400, "InvalidObjectName");
    }
    // Nothing was stored; reads of such keys are plain misses.
    let r = c.call("GET", "/", &[], &[], b"");
    assert!(!r.text().contains("<Key>"), "{}", r.text());
    assert_error(&c.call("GET", "//a", &[], &[], b""), 404, "NoSuchKey");
    // Repeated slashes and names that only contain dots are kept verbatim.
    for path in ["/a//b", "/a/b", "/a/.b", "/..a", "/a../b"] {
        assert_eq!(
            c.call("PUT", path, &[], &[], path.as_bytes()).status,
            200,
            "{path}"
        );
    }
    assert_eq!(c.call("GET", "/a//b", &[], &[], b"").body, b"/a//b");
    assert_eq!(c.call("GET", "/a/b", &[], &[], b"").body, b"/a/b");
    let r = c.call("GET", "/", &[], &[], b"");
    for key in [
        "<Key>a//b</Key>",
        "<Key>a/b</Key>",
        "<Key>a/.b</Key>",
        "<Key>..a</Key>",
    ] {
        assert!(r.text().contains(key), "{key}: {}", r.text());
    }
    emu.stop();
}

#[test]
fn traffic_limit_is_checked_and_paces_both_directions() {
    use std::time::Instant;
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    const LIMIT: &str = "x-cos-traffic-limit";
    for bad in ["819199", "838860801", "fast", "1e6", "-1"] {
        assert_error(
            &c.call("PUT", "/t", &[], &[(LIMIT, bad)], b"x"),
            400,
            "InvalidArgument",
        );
        assert_error(
            &c.call("GET", "/t", &[(LIMIT, bad)], &[], b""),
            400,
            "InvalidArgument",
        );
    }
    // Nothing was stored by the refused uploads.
    assert_eq!(c.call("HEAD", "/t", &[], &[], b"").status, 404);
    // 100 KiB at the slowest limit (100 KiB/s) take about a second each way.
    let body = vec![b'z'; 100 * 1024];
    let start = Instant::now();
    let r = c.call("PUT", "/t", &[], &[(LIMIT, "819200")], &body);
    let up = start.elapsed();
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(up >= Duration::from_millis(850), "upload took {up:?}");
    let start = Instant::now();
    let r = c.call("GET", "/t", &[], &[(LIMIT, "819200")], b"");
    let down = start.elapsed();
    assert_eq!((r.status, r.body.len()), (200, body.len()));
    assert!(down >= Duration::from_millis(850), "download took {down:?}");
    // As a query parameter (presigned URLs), and at the fastest limit.
    let start = Instant::now();
    let r = c.call("GET", "/t", &[(LIMIT, "838860800")], &[], b"");
    assert_eq!(r.body, body);
    assert!(start.elapsed() < Duration::from_millis(800));
    let start = Instant::now();
    let r = c.call("GET", "/t", &[(LIMIT, "819200")], &[], b"");
    assert_eq!(r.body.len(), body.len());
    assert!(start.elapsed() >= Duration::from_millis(850));
    // Upload Part is limited too; other operations ignore the parameter.
    let r = c.call("POST", "/m", &[("uploads", "")], &[], b"");
    let id = r.xml("UploadId").unwrap();
    assert_error(
        &c.call(
            "PUT",
            "/m",
            &[("partNumber", "1"), ("uploadId", &id)],
            &[(LIMIT, "1")],
            b"x",
        ),
        400,
        "InvalidArgument",
    );
    assert_eq!(c.call("HEAD", "/t", &[], &[(LIMIT, "1")], b"").status, 200);
    assert_eq!(
        c.call("DELETE", "/t", &[], &[(LIMIT, "1")], b"").status,
        204
    );
    emu.stop();
}

/// The Node SDK's recorded requests for SELECT, SSE and TrafficLimit
/// (`request-vectors-more.json`, signed with the documentation keys at
/// 1700000000) are accepted as sent: the emulator runs with those keys and
/// its clock moved to the recording time, and each request is replayed raw.
#[test]
fn node_sdk_issue15_requests_are_accepted() {
    const DOC_ID: &str = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
    const DOC_KEY: &str = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
    let emu = Emulator::start_with(EmulatorConfig {
        secret_id: DOC_ID.into(),
        secret_key: DOC_KEY.into(),
        ..Default::default()
    })
    .unwrap();
    emu.set_clock_offset(1_700_000_100 - now() as i64);
    let key_time = "1700000000;1700000800";
    let mut c = Client::new(&emu);
    assert_eq!(c.call_at("PUT", "/", &[], &[], b"", key_time).status, 200);
    let csv = b"id,name,age\n1,alice,30\n2,bob,19\n";
    let r = c.call_at("PUT", "/data/examplebucket.csv", &[], &[], csv, key_time);
    assert_eq!(r.status, 200);
    let json = b"{\"a\":1}\n{\"a\":2}";
    let r = c.call_at("PUT", "/data/examplebucket.json", &[], &[], json, key_time);
    assert_eq!(r.status, 200);
    for (api, method, url, headers, body) in super::node_vectors_issue15::NODE_ISSUE15_REQUESTS {
        let mut raw = format!("{method} {url} HTTP/1.1\r\n");
        for (name, value) in *headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str("\r\n");
        let mut bytes = raw.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        c.send_raw(&bytes);
        let r = c.read_response(false);
        assert_eq!(r.status, 200, "{api} {method} {url}\n{}", r.text());
        let header = |n: &str| {
            r.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| v.as_str())
        };
        match *api {
            "putObject" => assert!(header("ETag").is_some(), "{api}"),
            "getObject" => assert_eq!(r.body, b"hello world", "{api}"),
            "selectObjectContent" => {
                assert_eq!(header("Content-Type"), Some("application/octet-stream"));
                let text = String::from_utf8_lossy(&r.body);
                // IGNORE skips the header line; '30' > '20' but '19' is not.
                assert!(
                    text.contains("alice,30\n") || text.contains("alice"),
                    "{text}"
                );
            }
            "selectObjectContentStream" => {
                let text = String::from_utf8_lossy(&r.body);
                assert!(text.contains("{\"a\":1}\n{\"a\":2}\n"), "{text}");
                assert!(text.contains("<Progress>"), "{text}");
            }
            _ => {}
        }
    }
    // What the writes left: the KMS object replaced the SSE-C one, then #78
    // a plain one with metadata; the multipart upload reports its encryption.
    let r = c.call_at("HEAD", "/dir/hello.txt", &[], &[], b"", key_time);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-cos-meta-origin"), Some("gen"));
    assert_eq!(r.header("x-cos-storage-class"), Some("STANDARD_IA"));
    let r = c.call_at("GET", "/", &[("uploads", "")], &[], b"", key_time);
    assert!(r.text().contains("<Key>big.zip</Key>"), "{}", r.text());
    emu.stop();
}
