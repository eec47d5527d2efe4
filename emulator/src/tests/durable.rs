//! The data directory over real sockets: everything written is there,
//! byte for byte, after a stop and a start on the same directory; recovery
//! cleans up what a crash leaves. (Killing a real process: the integration
//! test `emulator/tests/binary.rs`.)

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::{BUCKET, Client, REGION, Resp, ok};
use crate::{Emulator, EmulatorConfig, Recovery};

const OTHER: &str = "other-1250000000";

fn start(dir: &Path) -> Emulator {
    Emulator::start_with(EmulatorConfig {
        data_dir: Some(dir.to_path_buf()),
        min_part_size: 1,
        ..Default::default()
    })
    .unwrap()
}

fn call_md5(c: &mut Client, method: &str, path: &str, query: &[(&str, &str)], body: &[u8]) -> Resp {
    let md5 = BASE64.encode(Md5::digest(body));
    ok(c.call(method, path, query, &[("Content-MD5", &md5)], body))
}

fn part(c: &mut Client, key: &str, id: &str, n: u32, body: &[u8]) -> String {
    let n = n.to_string();
    let r = ok(c.call(
        "PUT",
        key,
        &[("partNumber", &n), ("uploadId", id)],
        &[],
        body,
    ));
    r.header("ETag").unwrap().to_string()
}

/// Some bytes that are not all alike.
fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// Writes a bit of everything the store keeps.
fn populate(emu: &Emulator) {
    let mut c = Client::new(emu);
    ok(c.call(
        "PUT",
        "/",
        &[],
        &[
            ("x-cos-acl", "public-read"),
            ("x-cos-tagging", "team=a&env=dev"),
        ],
        b"",
    ));
    let mut other = Client::with_host(emu, &format!("{OTHER}.cos.ap-beijing.myqcloud.com"));
    ok(other.call("PUT", "/", &[], &[], b""));
    call_md5(
        &mut c,
        "PUT",
        "/",
        &[("cors", "")],
        b"<CORSConfiguration><CORSRule><ID>r1</ID><AllowedOrigin>http://*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>",
    );
    call_md5(
        &mut other,
        "PUT",
        "/",
        &[("tagging", "")],
        b"<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>",
    );
    ok(other.call(
        "PUT",
        "/",
        &[("acl", "")],
        &[("x-cos-grant-read", "id=\"100000000002\"")],
        b"",
    ));
    ok(c.call(
        "PUT",
        "/dir/中 文.txt",
        &[],
        &[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Cache-Control", "max-age=60"),
            ("Content-Disposition", "attachment; filename=a.txt"),
            ("x-cos-meta-owner", "Zoë"),
            ("x-cos-storage-class", "STANDARD_IA"),
            ("x-cos-acl", "private"),
            ("x-cos-tagging", "a=1&b=2"),
        ],
        "hello, 世界".as_bytes(),
    ));
    ok(c.call("PUT", "/big.bin", &[], &[], &noise(1 << 20, 1)));
    ok(c.call("PUT", "/empty", &[], &[], b""));
    ok(c.call("PUT", "/replaced", &[], &[], b"first"));
    ok(c.call("PUT", "/replaced", &[], &[], b"second"));
    ok(c.call("PUT", "/deleted", &[], &[], b"gone"));
    ok(c.call("DELETE", "/deleted", &[], &[], b""));
    ok(c.call(
        "PUT",
        "/empty",
        &[("acl", "")],
        &[("x-cos-acl", "public-read")],
        b"",
    ));
    ok(other.call(
        "PUT",
        "/copied.bin",
        &[],
        &[(
            "x-cos-copy-source",
            &format!("{BUCKET}.cos.{REGION}.myqcloud.com/big.bin"),
        )],
        b"",
    ));
    // A completed multipart upload (ETag `…-2`), one unfinished with two
    // parts (the first uploaded twice), one without parts.
    let r = ok(c.call(
        "POST",
        "/multi",
        &[("uploads", "")],
        &[("x-cos-meta-m", "1")],
        b"",
    ));
    let id = r.xml("UploadId").unwrap();
    let e1 = part(&mut c, "/multi", &id, 1, &noise(3000, 2));
    let e2 = part(&mut c, "/multi", &id, 2, b"tail");
    let body = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{e1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>{e2}</ETag></Part></CompleteMultipartUpload>"
    );
    ok(c.call("POST", "/multi", &[("uploadId", &id)], &[], body.as_bytes()));
    let r = ok(c.call(
        "POST",
        "/pending",
        &[("uploads", "")],
        &[("Content-Type", "image/png"), ("x-cos-tagging", "p=q")],
        b"",
    ));
    let id = r.xml("UploadId").unwrap();
    part(&mut c, "/pending", &id, 1, b"old part one");
    part(&mut c, "/pending", &id, 1, &noise(5000, 3));
    part(&mut c, "/pending", &id, 3, b"part three");
    ok(c.call("POST", "/pending", &[("uploads", "")], &[], b""));
}

/// Every answer that shows stored state, without what changes per request
/// (`Date`, request and trace ids).
fn snapshot(emu: &Emulator) -> Vec<String> {
    let mut out = Vec::new();
    let mut record = |what: &str, r: Resp| {
        let mut s = format!("{what}: {}\n", r.status);
        let error = r.status >= 400;
        for (n, v) in &r.headers {
            let lower = n.to_ascii_lowercase();
            // An error body's length varies with its ids.
            let volatile = ["date", "x-cos-request-id", "x-cos-trace-id", "connection"]
                .contains(&lower.as_str())
                || (error && lower == "content-length");
            if !volatile {
                s.push_str(&format!("{n}: {v}\n"));
            }
        }
        let mut body = String::from_utf8_lossy(&r.body).into_owned();
        if error {
            if let Some(i) = body.find("<RequestId>") {
                body.truncate(i);
            }
        }
        s.push_str(&body);
        out.push(s);
    };
    let mut svc = Client::with_host(emu, "service.cos.myqcloud.com");
    record("service", svc.call("GET", "/", &[], &[], b""));
    let mut c = Client::new(emu);
    let mut other = Client::with_host(emu, &format!("{OTHER}.cos.ap-beijing.myqcloud.com"));
    for (name, client) in [("main", &mut c), ("other", &mut other)] {
        for sub in ["", "acl", "cors", "tagging", "uploads", "location"] {
            let q: &[(&str, &str)] = if sub.is_empty() { &[] } else { &[(sub, "")] };
            record(
                &format!("{name} ?{sub}"),
                client.call("GET", "/", q, &[], b""),
            );
        }
        record(
            &format!("{name} head"),
            client.call("HEAD", "/", &[], &[], b""),
        );
    }
    for key in [
        "/dir/中 文.txt",
        "/big.bin",
        "/empty",
        "/replaced",
        "/deleted",
        "/multi",
    ] {
        record(&format!("get {key}"), c.call("GET", key, &[], &[], b""));
        record(&format!("head {key}"), c.call("HEAD", key, &[], &[], b""));
        record(
            &format!("acl {key}"),
            c.call("GET", key, &[("acl", "")], &[], b""),
        );
    }
    record("copy", other.call("GET", "/copied.bin", &[], &[], b""));
    // The unfinished uploads and their parts.
    let r = c.call("GET", "/", &[("uploads", "")], &[], b"");
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    for u in doc.descendants().filter(|n| n.has_tag_name("Upload")) {
        let child = |name: &str| {
            u.children()
                .find(|n| n.has_tag_name(name))
                .and_then(|n| n.text())
                .unwrap_or("")
                .to_string()
        };
        let (key, id) = (child("Key"), child("UploadId"));
        record(
            &format!("parts {key}"),
            c.call("GET", &format!("/{key}"), &[("uploadId", &id)], &[], b""),
        );
    }
    out
}

#[test]
fn everything_survives_a_restart_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let emu = start(dir.path());
    assert_eq!(emu.recovery(), Some(&Recovery::default()));
    populate(&emu);
    let before = snapshot(&emu);
    assert!(before.iter().any(|s| s.contains("x-cos-meta-owner: Zoë")));
    for needle in [
        "<ID>r1</ID>",
        "<Key>team</Key>",
        "100000000002",
        "x-cos-storage-class: STANDARD_IA",
        "x-cos-tagging-count: 2",
        "<Key>pending</Key>",
        "ETag: \"",
    ] {
        assert!(before.iter().any(|s| s.contains(needle)), "{needle}");
    }
    emu.stop();

    let emu = start(dir.path());
    let r = emu.recovery().unwrap();
    assert_eq!(
        (r.buckets, r.objects, r.uploads, r.parts),
        (2, 6, 2, 2),
        "{r}"
    );
    assert_eq!(
        (
            r.removed_temp_files,
            r.removed_orphan_bodies,
            r.removed_orphan_parts,
            r.removed_stale_records,
            r.lost_bodies
        ),
        (0, 0, 0, 0, 0),
        "{r}"
    );
    assert_eq!(
        r.to_string(),
        "kept 2 buckets, 6 objects, 2 unfinished uploads (2 parts); removed 0 unfinished writes, 0 orphaned bodies, 0 orphaned parts"
    );
    let after = snapshot(&emu);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }

    // The unfinished upload completes after the restart; a new upload sorts
    // after the old ones.
    let mut c = Client::new(&emu);
    let r = c.call("GET", "/", &[("uploads", "")], &[], b"");
    let text = r.text();
    let pending_id = text
        .split("<UploadId>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    let r = ok(c.call("GET", "/pending", &[("uploadId", &pending_id)], &[], b""));
    let etags: Vec<String> = r
        .text()
        .split("<ETag>")
        .skip(1)
        .filter_map(|s| s.split('<').next().map(str::to_string))
        .collect();
    assert_eq!(etags.len(), 2);
    let body = format!(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{}</ETag></Part><Part><PartNumber>3</PartNumber><ETag>{}</ETag></Part></CompleteMultipartUpload>",
        etags[0], etags[1]
    );
    ok(c.call(
        "POST",
        "/pending",
        &[("uploadId", &pending_id)],
        &[],
        body.as_bytes(),
    ));
    let mut expected = noise(5000, 3);
    expected.extend_from_slice(b"part three");
    let r = ok(c.call("GET", "/pending", &[], &[], b""));
    assert_eq!(r.body, expected);
    assert_eq!(r.header("Content-Type"), Some("image/png"));
    assert_eq!(r.header("x-cos-tagging-count"), Some("1"));
    let r = ok(c.call("POST", "/zzz", &[("uploads", "")], &[], b""));
    let new_id = r.xml("UploadId").unwrap();
    assert!(new_id > pending_id, "{new_id} after {pending_id}");
    ok(c.call("DELETE", "/replaced", &[], &[], b""));
    emu.stop();

    // And that state, too, is what the next start finds.
    let emu = start(dir.path());
    let r = emu.recovery().unwrap();
    assert_eq!((r.objects, r.uploads, r.parts), (6, 2, 0), "{r}");
    let mut c = Client::new(&emu);
    assert_eq!(ok(c.call("GET", "/pending", &[], &[], b"")).body, expected);
    assert_eq!(c.call("GET", "/replaced", &[], &[], b"").status, 404);
    // Nothing but the live bodies is left on disk.
    let count = |sub: &str| std::fs::read_dir(dir.path().join(sub)).unwrap().count();
    assert_eq!((count("objects"), count("parts"), count("tmp")), (6, 0, 0));
}

#[test]
fn recovery_removes_leftovers_and_reports_lost_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let emu = start(dir.path());
    let mut c = Client::new(&emu);
    ok(c.call("PUT", "/", &[], &[], b""));
    ok(c.call("PUT", "/a", &[], &[], b"aaa"));
    ok(c.call("PUT", "/b", &[], &[], b"bbb"));
    let r = ok(c.call("POST", "/m", &[("uploads", "")], &[], b""));
    let id = r.xml("UploadId").unwrap();
    part(&mut c, "/m", &id, 1, b"p1");
    part(&mut c, "/m", &id, 2, b"p2");
    let b_file = emu
        .state
        .store
        .head_object(BUCKET, "b")
        .unwrap()
        .file
        .clone();
    emu.stop();
    // What a crash leaves: a temp file of a cut-off upload, a body and a part
    // written but never committed. And a body lost behind the emulator's back.
    let root = dir.path();
    std::fs::write(root.join("tmp/upload-18f0-1-2"), b"half of a body").unwrap();
    std::fs::write(root.join("objects/18f0-abc-7"), b"never committed").unwrap();
    std::fs::write(root.join("parts/18f0-abc-8"), b"never committed").unwrap();
    std::fs::write(root.join("objects/README.txt"), b"not ours").unwrap();
    std::fs::remove_file(&b_file).unwrap();

    let emu = start(dir.path());
    let r = emu.recovery().unwrap().clone();
    assert_eq!(
        (
            r.objects,
            r.uploads,
            r.parts,
            r.removed_temp_files,
            r.removed_orphan_bodies,
            r.removed_orphan_parts,
            r.lost_bodies
        ),
        (1, 1, 2, 1, 1, 1, 1),
        "{r}"
    );
    assert!(
        r.to_string()
            .ends_with("; LOST 1 object or part whose file was missing or damaged"),
        "{r}"
    );
    let mut c = Client::new(&emu);
    assert_eq!(ok(c.call("GET", "/a", &[], &[], b"")).body, b"aaa");
    assert_eq!(c.call("GET", "/b", &[], &[], b"").status, 404);
    assert!(root.join("objects/README.txt").exists());
    assert!(!root.join("objects/18f0-abc-7").exists());
    assert!(!root.join("parts/18f0-abc-8").exists());
    assert!(!root.join("tmp/upload-18f0-1-2").exists());
    emu.stop();
    // The lost record was dropped for good.
    let emu = start(dir.path());
    let r = emu.recovery().unwrap();
    assert_eq!(
        (r.objects, r.lost_bodies, r.removed_orphan_bodies),
        (1, 0, 0),
        "{r}"
    );
}

#[test]
fn uploads_of_a_deleted_bucket_go_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let emu = start(dir.path());
    let mut c = Client::new(&emu);
    ok(c.call("PUT", "/", &[], &[], b""));
    let r = ok(c.call("POST", "/m", &[("uploads", "")], &[], b""));
    let id = r.xml("UploadId").unwrap();
    part(&mut c, "/m", &id, 1, b"p1");
    ok(c.call("DELETE", "/", &[], &[], b""));
    emu.stop();
    let emu = start(dir.path());
    let r = emu.recovery().unwrap();
    assert_eq!((r.buckets, r.uploads, r.parts), (0, 0, 0), "{r}");
    let count = |sub: &str| std::fs::read_dir(dir.path().join(sub)).unwrap().count();
    assert_eq!((count("objects"), count("parts"), count("tmp")), (0, 0, 0));
}

#[test]
fn one_emulator_per_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let emu = start(dir.path());
    let err = Emulator::start_with(EmulatorConfig {
        data_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    })
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("in use by another cos-emulator"), "{msg}");
    assert!(msg.contains(&dir.path().display().to_string()), "{msg}");
    emu.stop();
    // A data directory that is a file.
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let err = Emulator::start_with(EmulatorConfig {
        data_dir: Some(file.clone()),
        ..Default::default()
    })
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("data directory {}", file.display()))
    );
    // Without a data directory nothing is reported.
    assert!(Emulator::start().unwrap().recovery().is_none());
}
