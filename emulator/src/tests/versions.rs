//! Object versioning over real sockets: version ids on every write, delete
//! markers, suspended `null` versions, reads, copies, ACLs and deletes of a
//! given version, the `GET /?versions` listing and its paging, and all of it
//! after a restart on the same data directory.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket, ok, start_on};
use crate::{Emulator, EmulatorConfig};

/// Sets the bucket's versioning to `status` (`Enabled` / `Suspended`).
pub(super) fn set_versioning(c: &mut Client, status: &str) {
    let body =
        format!("<VersioningConfiguration><Status>{status}</Status></VersioningConfiguration>");
    let md5 = BASE64.encode(Md5::digest(body.as_bytes()));
    ok(c.call(
        "PUT",
        "/",
        &[("versioning", "")],
        &[("Content-MD5", &md5)],
        body.as_bytes(),
    ));
}

/// PUTs `body` at `key`; returns its `x-cos-version-id` (if any).
fn put(c: &mut Client, key: &str, body: &[u8]) -> Option<String> {
    let r = ok(c.call("PUT", key, &[], &[], body));
    r.header("x-cos-version-id").map(str::to_string)
}

fn get(c: &mut Client, key: &str, version: Option<&str>) -> Resp {
    match version {
        Some(v) => c.call("GET", key, &[("versionId", v)], &[], b""),
        None => c.call("GET", key, &[], &[], b""),
    }
}

/// The listing as (element, key, version id, IsLatest) rows in document order.
fn rows(r: &Resp) -> Vec<(String, String, String, String)> {
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("Version") || n.has_tag_name("DeleteMarker"))
        .map(|n| {
            let t = |name: &str| {
                n.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string()
            };
            (
                n.tag_name().name().to_string(),
                t("Key"),
                t("VersionId"),
                t("IsLatest"),
            )
        })
        .collect()
}

/// Top-level element names of a listing, in order (Version/DeleteMarker once each run).
fn shape(r: &Resp) -> Vec<String> {
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut out: Vec<String> = Vec::new();
    for n in doc.root_element().children().filter(|n| n.is_element()) {
        let name = n.tag_name().name().to_string();
        if out.last() != Some(&name) {
            out.push(name);
        }
    }
    out
}

#[test]
fn versions_markers_and_addressed_reads() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    // Before versioning: no ids anywhere; the object is the null version.
    assert_eq!(put(&mut c, "/k", b"zero"), None);
    let r = ok(c.call("HEAD", "/k", &[], &[], b""));
    assert_eq!(r.header("x-cos-version-id"), None);
    assert_eq!(ok(get(&mut c, "/k", Some("null"))).body, b"zero");
    assert_error(&get(&mut c, "/k", Some("MTg0NDUx")), 404, "NoSuchVersion");
    let r = ok(c.call("GET", "/", &[("versions", "")], &[], b""));
    assert_eq!(
        rows(&r),
        vec![("Version".into(), "k".into(), "".into(), "true".into())]
    );

    set_versioning(&mut c, "Enabled");
    let v1 = put(&mut c, "/k", b"one").unwrap();
    let v2 = put(&mut c, "/k", b"two").unwrap();
    assert_ne!(v1, v2);
    assert_eq!(get(&mut c, "/k", None).body, b"two");
    for (v, body) in [
        (&v1, &b"one"[..]),
        (&v2, b"two"),
        (&"null".to_string(), b"zero"),
    ] {
        let r = ok(get(&mut c, "/k", Some(v)));
        assert_eq!(r.body, body);
        assert_eq!(r.header("x-cos-version-id"), Some(v.as_str()));
        let h = ok(c.call("HEAD", "/k", &[("versionId", v)], &[], b""));
        assert_eq!(h.header("x-cos-version-id"), Some(v.as_str()));
    }
    assert_eq!(
        get(&mut c, "/k", None).header("x-cos-version-id"),
        Some(v2.as_str())
    );

    // A delete adds a marker: the key is gone, its versions are not.
    let r = ok(c.call("DELETE", "/k", &[], &[], b""));
    assert_eq!(r.status, 204);
    assert_eq!(r.header("x-cos-delete-marker"), Some("true"));
    let marker = r.header("x-cos-version-id").unwrap().to_string();
    let r = get(&mut c, "/k", None);
    assert_error(&r, 404, "NoSuchKey");
    assert_eq!(r.header("x-cos-delete-marker"), Some("true"));
    assert_eq!(r.header("x-cos-version-id"), Some(marker.as_str()));
    let r = get(&mut c, "/k", Some(&marker));
    assert_error(&r, 404, "NoSuchKey");
    assert_eq!(r.header("x-cos-delete-marker"), Some("true"));
    assert_eq!(ok(get(&mut c, "/k", Some(&v1))).body, b"one");
    let listed = ok(c.call("GET", "/", &[], &[], b""));
    assert!(!listed.text().contains("<Key>k</Key>"), "{}", listed.text());
    let r = ok(c.call("GET", "/", &[("versions", ""), ("prefix", "")], &[], b""));
    assert_eq!(
        rows(&r),
        vec![
            (
                "DeleteMarker".into(),
                "k".into(),
                marker.clone(),
                "true".into()
            ),
            ("Version".into(), "k".into(), v2.clone(), "false".into()),
            ("Version".into(), "k".into(), v1.clone(), "false".into()),
            ("Version".into(), "k".into(), "null".into(), "false".into()),
        ]
    );
    // A bucket with versions left is not empty.
    assert_error(&c.call("DELETE", "/", &[], &[], b""), 409, "BucketNotEmpty");

    // Removing the marker brings v2 back; removing a version is for good.
    let r = ok(c.call("DELETE", "/k", &[("versionId", &marker)], &[], b""));
    assert_eq!(
        (
            r.header("x-cos-delete-marker"),
            r.header("x-cos-version-id")
        ),
        (Some("true"), Some(marker.as_str()))
    );
    assert_eq!(get(&mut c, "/k", None).body, b"two");
    let r = ok(c.call("DELETE", "/k", &[("versionId", &v1)], &[], b""));
    assert_eq!(
        (
            r.header("x-cos-delete-marker"),
            r.header("x-cos-version-id")
        ),
        (None, Some(v1.as_str()))
    );
    assert_error(&get(&mut c, "/k", Some(&v1)), 404, "NoSuchVersion");
    let r = ok(c.call("DELETE", "/k", &[("versionId", &v2)], &[], b""));
    assert_eq!(r.header("x-cos-version-id"), Some(v2.as_str()));
    assert_eq!(get(&mut c, "/k", None).body, b"zero");

    // Suspended: writes replace the null version, older ids stay.
    let v3 = put(&mut c, "/k", b"three").unwrap();
    set_versioning(&mut c, "Suspended");
    assert_eq!(put(&mut c, "/k", b"four").as_deref(), Some("null"));
    assert_eq!(put(&mut c, "/k", b"five").as_deref(), Some("null"));
    let r = ok(c.call("GET", "/", &[("versions", "")], &[], b""));
    assert_eq!(
        rows(&r),
        vec![
            ("Version".into(), "k".into(), "null".into(), "true".into()),
            ("Version".into(), "k".into(), v3.clone(), "false".into()),
        ]
    );
    let r = ok(c.call("DELETE", "/k", &[], &[], b""));
    assert_eq!(
        (
            r.header("x-cos-delete-marker"),
            r.header("x-cos-version-id")
        ),
        (Some("true"), Some("null"))
    );
    let r = ok(c.call("GET", "/", &[("versions", "")], &[], b""));
    assert_eq!(
        rows(&r),
        vec![
            (
                "DeleteMarker".into(),
                "k".into(),
                "null".into(),
                "true".into()
            ),
            ("Version".into(), "k".into(), v3.clone(), "false".into()),
        ]
    );
    assert_eq!(ok(get(&mut c, "/k", Some(&v3))).body, b"three");
}

#[test]
fn listing_paging_prefixes_and_encoding() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    set_versioning(&mut c, "Enabled");
    let mut expected = Vec::new();
    for key in ["a", "b", "dir/x", "dir/y", "中 文"] {
        let mut ids: Vec<String> = (0..3)
            .map(|i| put(&mut c, &format!("/{key}"), format!("{key}{i}").as_bytes()).unwrap())
            .collect();
        ids.reverse();
        for (i, id) in ids.into_iter().enumerate() {
            expected.push((key.to_string(), id, i == 0));
        }
    }
    let r = ok(c.call("DELETE", "/b", &[], &[], b""));
    let marker = r.header("x-cos-version-id").unwrap().to_string();
    expected.insert(3, ("b".into(), marker, true));
    expected[4].2 = false;
    // Pages of 4 chained by NextKeyMarker / NextVersionIdMarker.
    let mut got = Vec::new();
    let (mut km, mut vm) = (String::new(), String::new());
    let mut pages = 0;
    loop {
        let mut q = vec![("versions", ""), ("max-keys", "4")];
        if !km.is_empty() {
            q.push(("key-marker", &km));
            q.push(("version-id-marker", &vm));
        }
        let r = ok(c.call("GET", "/", &q, &[], b""));
        pages += 1;
        assert_eq!(r.xml("MaxKeys").as_deref(), Some("4"));
        got.extend(rows(&r).into_iter().map(|(_, k, v, l)| (k, v, l == "true")));
        if r.xml("IsTruncated").as_deref() == Some("false") {
            assert_eq!(r.xml("NextKeyMarker"), None);
            break;
        }
        let text = r.text();
        assert!(
            text.find("<NextKeyMarker>").unwrap() < text.find("<Version>").unwrap_or(usize::MAX)
                && text.find("<NextKeyMarker>").unwrap()
                    < text.find("<DeleteMarker>").unwrap_or(usize::MAX),
            "{text}"
        );
        km = r.xml("NextKeyMarker").unwrap();
        vm = r.xml("NextVersionIdMarker").unwrap();
        assert_eq!(
            (km.as_str(), vm.as_str()),
            (
                got.last().unwrap().0.as_str(),
                got.last().unwrap().1.as_str()
            )
        );
    }
    assert_eq!(pages, 4);
    assert_eq!(got, expected);
    // Delimiter, prefix and url encoding, in COS's element order.
    let r = ok(c.call(
        "GET",
        "/",
        &[
            ("versions", ""),
            ("delimiter", "/"),
            ("encoding-type", "url"),
        ],
        &[],
        b"",
    ));
    assert_eq!(
        shape(&r),
        vec![
            "Name",
            "EncodingType",
            "Prefix",
            "KeyMarker",
            "VersionIdMarker",
            "MaxKeys",
            "IsTruncated",
            "Delimiter",
            "CommonPrefixes",
            "Version",
            "DeleteMarker",
            "Version"
        ]
    );
    assert!(
        r.text()
            .contains("<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>"),
        "{}",
        r.text()
    );
    assert!(
        r.text().contains("<Key>%E4%B8%AD%20%E6%96%87</Key>"),
        "{}",
        r.text()
    );
    let owner = format!(
        "<Owner><ID>{}</ID><DisplayName>{}</DisplayName></Owner>",
        emu.appid(),
        emu.appid()
    );
    assert!(r.text().contains(&owner), "{}", r.text());
    let r = ok(c.call(
        "GET",
        "/",
        &[
            ("versions", ""),
            ("prefix", "dir/"),
            ("key-marker", "dir/x"),
        ],
        &[],
        b"",
    ));
    assert_eq!(rows(&r).len(), 3);
    assert!(rows(&r).iter().all(|(_, k, _, _)| k == "dir/y"));
    assert_error(
        &c.call(
            "GET",
            "/",
            &[("versions", ""), ("version-id-marker", "x")],
            &[],
            b"",
        ),
        400,
        "InvalidArgument",
    );
    assert_error(
        &c.call(
            "GET",
            "/",
            &[("versions", ""), ("encoding-type", "gzip")],
            &[],
            b"",
        ),
        400,
        "InvalidArgument",
    );
}

#[test]
fn copies_acls_multipart_and_multi_delete_name_versions() {
    let emu = Emulator::start_with(EmulatorConfig {
        min_part_size: 1,
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    set_versioning(&mut c, "Enabled");
    let v1 = put(&mut c, "/src", b"first").unwrap();
    let v2 = put(&mut c, "/src", b"second").unwrap();
    // Copy of an older version.
    let source = format!("{BUCKET}.cos.{REGION}.myqcloud.com/src?versionId={v1}");
    let r = ok(c.call("PUT", "/dst", &[], &[("x-cos-copy-source", &source)], b""));
    assert_eq!(r.header("x-cos-copy-source-version-id"), Some(v1.as_str()));
    let dv = r.header("x-cos-version-id").unwrap().to_string();
    assert_eq!(r.xml("VersionId").as_deref(), Some(dv.as_str()));
    assert_eq!(get(&mut c, "/dst", None).body, b"first");
    let bad = format!("{BUCKET}.cos.{REGION}.myqcloud.com/src?versionId=nope");
    assert_error(
        &c.call("PUT", "/dst2", &[], &[("x-cos-copy-source", &bad)], b""),
        404,
        "NoSuchVersion",
    );
    // The ACL of one version.
    ok(c.call(
        "PUT",
        "/src",
        &[("acl", ""), ("versionId", &v1)],
        &[("x-cos-acl", "public-read")],
        b"",
    ));
    let r = ok(c.call("GET", "/src", &[("acl", ""), ("versionId", &v1)], &[], b""));
    assert_eq!(r.header("x-cos-acl"), Some("public-read"));
    assert_eq!(r.header("x-cos-version-id"), Some(v1.as_str()));
    let r = ok(c.call("GET", "/src", &[("acl", "")], &[], b""));
    assert_eq!(r.header("x-cos-acl"), Some("default"));
    assert_eq!(r.header("x-cos-version-id"), Some(v2.as_str()));
    // Complete names the version it made.
    let up = ok(c.call("POST", "/mp", &[("uploads", "")], &[], b""));
    let id = up.xml("UploadId").unwrap();
    let part = ok(c.call(
        "PUT",
        "/mp",
        &[("partNumber", "1"), ("uploadId", &id)],
        &[],
        b"p",
    ));
    let etag = part.header("ETag").unwrap().to_string();
    let body = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
    );
    let r = ok(c.call("POST", "/mp", &[("uploadId", &id)], &[], body.as_bytes()));
    let mv = r.header("x-cos-version-id").unwrap().to_string();
    assert_eq!(ok(get(&mut c, "/mp", Some(&mv))).body, b"p");
    // Delete Multiple: a version, and a marker.
    let body = format!(
        "<Delete><Object><Key>src</Key><VersionId>{v1}</VersionId></Object><Object><Key>mp</Key></Object></Delete>"
    );
    let md5 = BASE64.encode(Md5::digest(body.as_bytes()));
    let r = ok(c.call(
        "POST",
        "/",
        &[("delete", "")],
        &[("Content-MD5", &md5)],
        body.as_bytes(),
    ));
    let text = r.text();
    assert!(
        text.contains(&format!(
            "<Deleted><Key>src</Key><VersionId>{v1}</VersionId></Deleted>"
        )),
        "{text}"
    );
    assert!(
        text.contains(
            "<Deleted><Key>mp</Key><DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>"
        ),
        "{text}"
    );
    assert_error(&get(&mut c, "/src", Some(&v1)), 404, "NoSuchVersion");
    assert_error(&get(&mut c, "/mp", None), 404, "NoSuchKey");
    assert_eq!(ok(get(&mut c, "/mp", Some(&mv))).body, b"p");
}

#[test]
fn versions_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let start = || start_on(dir.path());
    let (listing, v1) = {
        let emu = start();
        create_bucket(&emu);
        let mut c = Client::new(&emu);
        put(&mut c, "/a", b"null version");
        set_versioning(&mut c, "Enabled");
        let v1 = put(&mut c, "/a", b"one").unwrap();
        put(&mut c, "/a", b"two").unwrap();
        ok(c.call("DELETE", "/a", &[], &[], b""));
        put(&mut c, "/b", b"bee").unwrap();
        let r = ok(c.call("GET", "/", &[("versions", "")], &[], b""));
        (r.text(), v1)
    };
    let emu = start();
    let rec = emu.recovery().unwrap();
    assert_eq!(
        (rec.objects, rec.versions, rec.lost_bodies),
        (1, 4, 0),
        "{rec}"
    );
    assert!(
        rec.to_string()
            .contains("4 older versions or delete markers"),
        "{rec}"
    );
    let mut c = Client::new(&emu);
    let r = ok(c.call("GET", "/", &[("versions", "")], &[], b""));
    assert_eq!(r.text(), listing);
    assert_eq!(ok(get(&mut c, "/a", Some(&v1))).body, b"one");
    assert_eq!(ok(get(&mut c, "/a", Some("null"))).body, b"null version");
    assert_error(&get(&mut c, "/a", None), 404, "NoSuchKey");
    // New versions after the restart still get fresh ids, newest first.
    let v = put(&mut c, "/a", b"three").unwrap();
    let r = ok(c.call("GET", "/", &[("versions", ""), ("prefix", "a")], &[], b""));
    assert_eq!(rows(&r)[0].2, v);
    assert_eq!(rows(&r).len(), 5);
}
