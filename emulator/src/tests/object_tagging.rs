//! Object tagging over real sockets: `x-cos-tagging` on writes, the
//! `?tagging` sub-resource with COS's limits, tags per version, copies'
//! tagging directive, and tags after a restart.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::versions::set_versioning;
use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket, ok, start_on};
use crate::{Emulator, EmulatorConfig};

fn tagging_doc(tags: &[(&str, &str)]) -> String {
    let mut s = String::from("<Tagging><TagSet>");
    for (k, v) in tags {
        s.push_str(&format!("<Tag><Key>{k}</Key><Value>{v}</Value></Tag>"));
    }
    s.push_str("</TagSet></Tagging>");
    s
}

fn put_tags(c: &mut Client, key: &str, extra: &[(&str, &str)], doc: &str) -> Resp {
    let md5 = BASE64.encode(Md5::digest(doc.as_bytes()));
    let mut q = vec![("tagging", "")];
    q.extend_from_slice(extra);
    c.call(
        "PUT",
        key,
        &q,
        &[("Content-MD5", &md5), ("Content-Type", "application/xml")],
        doc.as_bytes(),
    )
}

/// The tags of a `GET ?tagging` answer, in order.
fn tags_of(r: &Resp) -> Vec<(String, String)> {
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "Tagging", "{text}");
    doc.descendants()
        .filter(|n| n.has_tag_name("Tag"))
        .map(|t| {
            let get = |name: &str| {
                t.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string()
            };
            (get("Key"), get("Value"))
        })
        .collect()
}

fn get_tags(c: &mut Client, key: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut q = vec![("tagging", "")];
    q.extend_from_slice(extra);
    tags_of(&ok(c.call("GET", key, &q, &[], b"")))
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn object_tagging_round_trip_and_limits() {
    let emu = Emulator::start_with(EmulatorConfig {
        min_part_size: 1,
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    ok(c.call(
        "PUT",
        "/t.txt",
        &[],
        &[("x-cos-tagging", "team=a&env=dev%20x")],
        b"hi",
    ));
    let h = ok(c.call("HEAD", "/t.txt", &[], &[], b""));
    assert_eq!(h.header("x-cos-tagging-count"), Some("2"));
    assert_eq!(
        get_tags(&mut c, "/t.txt", &[]),
        pairs(&[("team", "a"), ("env", "dev x")])
    );
    // Replaced whole, in the order given.
    let r = ok(put_tags(
        &mut c,
        "/t.txt",
        &[],
        &tagging_doc(&[("k1", "v1"), ("k2", "v 2"), ("中", "")]),
    ));
    assert_eq!((r.status, r.body.len()), (200, 0));
    assert_eq!(r.header("x-cos-version-id"), None);
    assert_eq!(
        get_tags(&mut c, "/t.txt", &[]),
        pairs(&[("k1", "v1"), ("k2", "v 2"), ("中", "")])
    );
    let g = ok(c.call("GET", "/t.txt", &[], &[], b""));
    assert_eq!(g.header("x-cos-tagging-count"), Some("3"));
    // Deleted: an empty tag set, no count.
    let r = ok(c.call("DELETE", "/t.txt", &[("tagging", "")], &[], b""));
    assert_eq!(r.status, 204);
    let r = ok(c.call("GET", "/t.txt", &[("tagging", "")], &[], b""));
    assert!(
        r.text().contains("<Tagging><TagSet></TagSet></Tagging>"),
        "{}",
        r.text()
    );
    let h = ok(c.call("HEAD", "/t.txt", &[], &[], b""));
    assert_eq!(h.header("x-cos-tagging-count"), None);
    // COS's limits.
    let eleven: Vec<(String, String)> = (0..11).map(|i| (format!("k{i}"), "v".into())).collect();
    let eleven: Vec<(&str, &str)> = eleven
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let long_key = "k".repeat(129);
    let long_value = "v".repeat(257);
    for bad in [
        tagging_doc(&eleven),
        tagging_doc(&[("a", "1"), ("a", "2")]),
        tagging_doc(&[(&long_key, "v")]),
        tagging_doc(&[("k", &long_value)]),
        tagging_doc(&[("", "v")]),
    ] {
        assert_error(&put_tags(&mut c, "/t.txt", &[], &bad), 400, "InvalidTag");
    }
    assert!(get_tags(&mut c, "/t.txt", &[]).is_empty());
    ok(put_tags(&mut c, "/t.txt", &[], &tagging_doc(&eleven[..10])));
    assert_error(
        &put_tags(&mut c, "/t.txt", &[], "<Tagging>"),
        400,
        "MalformedXML",
    );
    assert_error(
        &put_tags(&mut c, "/t.txt", &[], "<Other/>"),
        400,
        "MalformedXML",
    );
    let r = c.call(
        "PUT",
        "/t.txt",
        &[("tagging", "")],
        &[("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==")],
        tagging_doc(&[("a", "b")]).as_bytes(),
    );
    assert_error(&r, 400, "BadDigest");
    // Without Content-MD5 (as the Python SDK sends it).
    let doc = tagging_doc(&[("py", "1")]);
    ok(c.call("PUT", "/t.txt", &[("tagging", "")], &[], doc.as_bytes()));
    assert_eq!(get_tags(&mut c, "/t.txt", &[]), pairs(&[("py", "1")]));
    // A missing key, a bad x-cos-tagging header.
    for method in ["GET", "DELETE"] {
        assert_error(
            &c.call(method, "/nope", &[("tagging", "")], &[], b""),
            404,
            "NoSuchKey",
        );
    }
    assert_error(&put_tags(&mut c, "/nope", &[], &doc), 404, "NoSuchKey");
    assert_error(
        &c.call("PUT", "/x", &[], &[("x-cos-tagging", "a=1&a=2")], b"x"),
        400,
        "InvalidTag",
    );
    assert_error(
        &c.call("POST", "/t.txt", &[("tagging", "")], &[], b""),
        405,
        "MethodNotAllowed",
    );
    // Multipart: the tags given at Initiate.
    let up = ok(c.call(
        "POST",
        "/mp",
        &[("uploads", "")],
        &[("x-cos-tagging", "from=init")],
        b"",
    ));
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
    ok(c.call("POST", "/mp", &[("uploadId", &id)], &[], body.as_bytes()));
    assert_eq!(get_tags(&mut c, "/mp", &[]), pairs(&[("from", "init")]));
    // Copies: the directive decides.
    let src = format!("{BUCKET}.cos.{REGION}.myqcloud.com/mp");
    ok(c.call("PUT", "/c1", &[], &[("x-cos-copy-source", &src)], b""));
    assert_eq!(get_tags(&mut c, "/c1", &[]), pairs(&[("from", "init")]));
    ok(c.call(
        "PUT",
        "/c2",
        &[],
        &[
            ("x-cos-copy-source", &src),
            ("x-cos-tagging-directive", "Replaced"),
            ("x-cos-tagging", "new=1"),
        ],
        b"",
    ));
    assert_eq!(get_tags(&mut c, "/c2", &[]), pairs(&[("new", "1")]));
}

#[test]
fn tags_follow_versions_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let start = || start_on(dir.path());
    let (v1, v2) = {
        let emu = start();
        create_bucket(&emu);
        let mut c = Client::new(&emu);
        set_versioning(&mut c, "Enabled");
        let r = ok(c.call("PUT", "/k", &[], &[("x-cos-tagging", "v=1")], b"one"));
        let v1 = r.header("x-cos-version-id").unwrap().to_string();
        let r = ok(c.call("PUT", "/k", &[], &[], b"two"));
        let v2 = r.header("x-cos-version-id").unwrap().to_string();
        // Tagging an older version leaves the latest alone.
        let r = ok(put_tags(
            &mut c,
            "/k",
            &[("versionId", &v1)],
            &tagging_doc(&[("old", "yes")]),
        ));
        assert_eq!(r.header("x-cos-version-id"), Some(v1.as_str()));
        let r = ok(put_tags(&mut c, "/k", &[], &tagging_doc(&[("new", "yes")])));
        assert_eq!(r.header("x-cos-version-id"), Some(v2.as_str()));
        let r = ok(c.call(
            "GET",
            "/k",
            &[("tagging", ""), ("versionId", &v1)],
            &[],
            b"",
        ));
        assert_eq!(r.header("x-cos-version-id"), Some(v1.as_str()));
        assert_eq!(tags_of(&r), pairs(&[("old", "yes")]));
        let h = ok(c.call("HEAD", "/k", &[("versionId", &v1)], &[], b""));
        assert_eq!(h.header("x-cos-tagging-count"), Some("1"));
        assert_error(
            &c.call(
                "GET",
                "/k",
                &[("tagging", ""), ("versionId", "bogus")],
                &[],
                b"",
            ),
            404,
            "NoSuchVersion",
        );
        (v1, v2)
    };
    let emu = start();
    let mut c = Client::new(&emu);
    assert_eq!(
        get_tags(&mut c, "/k", &[("versionId", &v1)]),
        pairs(&[("old", "yes")])
    );
    assert_eq!(get_tags(&mut c, "/k", &[]), pairs(&[("new", "yes")]));
    let r = ok(c.call(
        "DELETE",
        "/k",
        &[("tagging", ""), ("versionId", &v2)],
        &[],
        b"",
    ));
    assert_eq!(r.header("x-cos-version-id"), Some(v2.as_str()));
    assert!(get_tags(&mut c, "/k", &[]).is_empty());
    assert_eq!(get_tags(&mut c, "/k", &[("versionId", &v1)]).len(), 1);
}
