//! Archive restore over real sockets: archived objects refuse GET (and
//! copies) until POST Object restore has finished after the configured
//! delay, `x-cos-restore` on HEAD through the restore's life, COS's errors,
//! extension, expiry, versions, and the state after a restart.

use std::time::Duration;

use super::versions::set_versioning;
use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket, now};
use crate::{Emulator, EmulatorConfig};

fn request(days: u32, tier: &str) -> String {
    format!(
        "<RestoreRequest><Days>{days}</Days><CASJobParameters><Tier>{tier}</Tier></CASJobParameters></RestoreRequest>"
    )
}

fn restore(c: &mut Client, key: &str, extra: &[(&str, &str)], body: &str) -> Resp {
    let mut q = vec![("restore", "")];
    q.extend_from_slice(extra);
    c.call(
        "POST",
        key,
        &q,
        &[("Content-Type", "application/xml")],
        body.as_bytes(),
    )
}

fn start(delay: Duration, dir: Option<&std::path::Path>) -> Emulator {
    Emulator::start_with(EmulatorConfig {
        restore_delay: delay,
        data_dir: dir.map(|d| d.to_path_buf()),
        ..Default::default()
    })
    .unwrap()
}

fn put_archived(c: &mut Client, key: &str, class: &str, body: &[u8]) {
    let r = c.call("PUT", key, &[], &[("x-cos-storage-class", class)], body);
    assert_eq!(r.status, 200, "{}", r.text());
}

/// Waits (up to 10 s) until HEAD shows the restore finished.
fn wait_restored(c: &mut Client, key: &str) -> Resp {
    for _ in 0..200 {
        let h = c.call("HEAD", key, &[], &[], b"");
        if h.header("x-cos-restore")
            .is_some_and(|v| v.starts_with("ongoing-request=\"false\""))
        {
            return h;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the restore of {key} never finished");
}

#[test]
fn archived_objects_need_a_restore() {
    let emu = start(Duration::from_millis(400), None);
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    put_archived(&mut c, "/cold.bin", "ARCHIVE", b"frozen");
    assert_error(
        &c.call("GET", "/cold.bin", &[], &[], b""),
        403,
        "InvalidObjectState",
    );
    let h = c.call("HEAD", "/cold.bin", &[], &[], b"");
    assert_eq!(h.status, 200);
    assert_eq!(h.header("x-cos-storage-class"), Some("ARCHIVE"));
    assert_eq!(h.header("x-cos-restore"), None);
    // Copies of it are refused too.
    let src = format!("{BUCKET}.cos.{REGION}.myqcloud.com/cold.bin");
    assert_error(
        &c.call("PUT", "/warm", &[], &[("x-cos-copy-source", &src)], b""),
        403,
        "InvalidObjectState",
    );
    // Errors in COS's order.
    assert_error(
        &restore(&mut c, "/none", &[], &request(1, "Bulk")),
        404,
        "NoSuchKey",
    );
    assert_eq!(c.call("PUT", "/hot", &[], &[], b"h").status, 200);
    let r = restore(&mut c, "/hot", &[], &request(1, "Bulk"));
    assert_error(&r, 405, "RestoreNonArchiveObject");
    for (bad, code) in [
        ("<RestoreRequest/>", "MalformedXML"),
        (
            "<RestoreRequest><Days>0</Days></RestoreRequest>",
            "InvalidArgument",
        ),
        (&request(1, "Instant") as &str, "MalformedXML"),
    ] {
        assert_error(&restore(&mut c, "/cold.bin", &[], bad), 400, code);
    }
    assert_error(
        &c.call("GET", "/cold.bin", &[("restore", "")], &[], b""),
        405,
        "MethodNotAllowed",
    );
    // 202, then 409 while it runs, HEAD saying so, GET still refused.
    let r = restore(&mut c, "/cold.bin", &[], &request(1, "Expedited"));
    assert_eq!((r.status, r.body.len()), (202, 0), "{}", r.text());
    assert_error(
        &restore(&mut c, "/cold.bin", &[], &request(1, "Bulk")),
        409,
        "RestoreAlreadyInProgress",
    );
    let h = c.call("HEAD", "/cold.bin", &[], &[], b"");
    assert_eq!(h.header("x-cos-restore"), Some("ongoing-request=\"true\""));
    let status = h.header("x-cos-restore-status").unwrap();
    assert!(
        status.starts_with("tier=\"expedited\"; request-date=\"") && status.ends_with(" GMT\""),
        "{status}"
    );
    assert_error(
        &c.call("GET", "/cold.bin", &[], &[], b""),
        403,
        "InvalidObjectState",
    );
    // Done: readable, with its expiry at a China midnight a day on.
    let h = wait_restored(&mut c, "/cold.bin");
    let first = h.header("x-cos-restore").unwrap().to_string();
    assert!(first.ends_with(" 16:00:00 GMT\""), "{first}");
    assert_eq!(h.header("x-cos-restore-status"), None);
    let g = c.call("GET", "/cold.bin", &[], &[], b"");
    assert_eq!((g.status, g.body.as_slice()), (200, &b"frozen"[..]));
    assert_eq!(g.header("x-cos-restore"), Some(first.as_str()));
    assert_eq!(
        c.call("PUT", "/warm", &[], &[("x-cos-copy-source", &src)], b"")
            .status,
        200
    );
    assert_eq!(c.call("GET", "/warm", &[], &[], b"").body, b"frozen");
    // Again while restored: 200, the expiry moves.
    let r = restore(&mut c, "/cold.bin", &[], &request(5, "Standard"));
    assert_eq!(r.status, 200, "{}", r.text());
    let h = c.call("HEAD", "/cold.bin", &[], &[], b"");
    assert_ne!(h.header("x-cos-restore"), Some(first.as_str()));
    // Past the expiry it is archived again (signed on the moved clock).
    emu.set_clock_offset(7 * 86_400);
    let t = now() + 7 * 86_400;
    let key_time = format!("{};{}", t - 1, t + 900);
    let r = c.call_at("GET", "/cold.bin", &[], &[], b"", &key_time);
    assert_error(&r, 403, "InvalidObjectState");
    let h = c.call_at("HEAD", "/cold.bin", &[], &[], b"", &key_time);
    assert_eq!(h.header("x-cos-restore"), None);
    let r = c.call_at(
        "POST",
        "/cold.bin",
        &[("restore", "")],
        &[],
        request(1, "Bulk").as_bytes(),
        &key_time,
    );
    assert_eq!(r.status, 202, "{}", r.text());
}

#[test]
fn classes_tiers_versions_and_no_delay() {
    let emu = start(Duration::ZERO, None);
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    put_archived(&mut c, "/deep", "DEEP_ARCHIVE", b"d");
    assert_error(
        &restore(&mut c, "/deep", &[], &request(1, "Expedited")),
        400,
        "InvalidArgument",
    );
    assert_eq!(
        restore(&mut c, "/deep", &[], &request(1, "Bulk")).status,
        202
    );
    // A delay of 0: readable at once.
    assert_eq!(c.call("GET", "/deep", &[], &[], b"").body, b"d");
    put_archived(&mut c, "/maz", "MAZ_ARCHIVE", b"m");
    assert_error(
        &c.call("GET", "/maz", &[], &[], b""),
        403,
        "InvalidObjectState",
    );
    // Without CASJobParameters: Standard.
    let r = restore(
        &mut c,
        "/maz",
        &[],
        "<RestoreRequest><Days>2</Days></RestoreRequest>",
    );
    assert_eq!(r.status, 202);
    assert_eq!(c.call("GET", "/maz", &[], &[], b"").status, 200);
    // A restore addresses one version.
    set_versioning(&mut c, "Enabled");
    let r = c.call(
        "PUT",
        "/v",
        &[],
        &[("x-cos-storage-class", "ARCHIVE")],
        b"one",
    );
    let v1 = r.header("x-cos-version-id").unwrap().to_string();
    put_archived(&mut c, "/v", "ARCHIVE", b"two");
    let r = restore(&mut c, "/v", &[("versionId", &v1)], &request(1, "Standard"));
    assert_eq!(r.status, 202, "{}", r.text());
    let g = c.call("GET", "/v", &[("versionId", &v1)], &[], b"");
    assert_eq!((g.status, g.body.as_slice()), (200, &b"one"[..]));
    assert_error(
        &c.call("GET", "/v", &[], &[], b""),
        403,
        "InvalidObjectState",
    );
    assert_error(
        &restore(&mut c, "/v", &[("versionId", "nope")], &request(1, "Bulk")),
        404,
        "NoSuchVersion",
    );
}

#[test]
fn restores_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let expiry = {
        let emu = start(Duration::ZERO, Some(dir.path()));
        create_bucket(&emu);
        let mut c = Client::new(&emu);
        put_archived(&mut c, "/done", "ARCHIVE", b"done");
        assert_eq!(
            restore(&mut c, "/done", &[], &request(3, "Bulk")).status,
            202
        );
        let h = c.call("HEAD", "/done", &[], &[], b"");
        h.header("x-cos-restore").unwrap().to_string()
    };
    {
        let emu = start(Duration::from_secs(3600), Some(dir.path()));
        let mut c = Client::new(&emu);
        put_archived(&mut c, "/slow", "ARCHIVE", b"slow");
        assert_eq!(
            restore(&mut c, "/slow", &[], &request(1, "Bulk")).status,
            202
        );
    }
    let emu = start(Duration::ZERO, Some(dir.path()));
    let mut c = Client::new(&emu);
    let h = c.call("HEAD", "/done", &[], &[], b"");
    assert_eq!(h.header("x-cos-restore"), Some(expiry.as_str()));
    assert_eq!(c.call("GET", "/done", &[], &[], b"").body, b"done");
    // Still an hour to go, whatever this run's delay.
    let h = c.call("HEAD", "/slow", &[], &[], b"");
    assert_eq!(h.header("x-cos-restore"), Some("ongoing-request=\"true\""));
    assert_error(
        &restore(&mut c, "/slow", &[], &request(1, "Bulk")),
        409,
        "RestoreAlreadyInProgress",
    );
}
