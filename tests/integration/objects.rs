//! put/head/get/delete_object against the emulator.

use std::io::Write;
use std::sync::{Arc, Mutex};

use cos_sdk::{
    Body, Cos, CosOptions, DeleteObjectParams, ErrorKind, GetObjectParams, HeadObjectParams,
    Headers, Output, PutObjectParams,
};

use crate::common::{Env, REGION, content, md5_hex};

fn put_params(bucket: &str, key: &str, body: Body) -> PutObjectParams {
    PutObjectParams {
        bucket: bucket.into(),
        region: REGION.into(),
        key: key.into(),
        body,
        ..Default::default()
    }
}

fn get_params(bucket: &str, key: &str) -> GetObjectParams {
    GetObjectParams {
        bucket: bucket.into(),
        region: REGION.into(),
        key: key.into(),
        ..Default::default()
    }
}

fn head_params(bucket: &str, key: &str) -> HeadObjectParams {
    HeadObjectParams {
        bucket: bucket.into(),
        region: REGION.into(),
        key: key.into(),
        ..Default::default()
    }
}

fn get(cos: &Cos, bucket: &str, key: &str) -> Vec<u8> {
    cos.get_object(get_params(bucket, key), |r| r)
        .expect("get")
        .body
}

#[test]
fn round_trip_of_every_body_kind() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let file_bytes = content(3 * 1024 * 1024 + 17);
    let path = dir.path().join("upload.bin");
    std::fs::write(&path, &file_bytes).unwrap();
    let reader_bytes = content(70_000);

    let cases: Vec<(&str, Body, Vec<u8>)> = vec![
        (
            "text.txt",
            Body::from("hello world"),
            b"hello world".to_vec(),
        ),
        (
            "bytes.bin",
            Body::from(vec![0u8, 1, 2, 255]),
            vec![0, 1, 2, 255],
        ),
        ("empty.bin", Body::empty(), Vec::new()),
        ("file.bin", Body::from_file(&path), file_bytes.clone()),
        (
            "reader.bin",
            Body::from_reader(
                std::io::Cursor::new(reader_bytes.clone()),
                reader_bytes.len() as u64,
            ),
            reader_bytes.clone(),
        ),
    ];
    for (key, body, expected) in cases {
        let put = env
            .cos
            .put_object(put_params(&bucket, key, body), |r| r)
            .unwrap();
        assert_eq!(put.status_code, 200);
        assert_eq!(put.etag, format!("\"{}\"", md5_hex(&expected)), "{key}");
        assert_eq!(
            put.location,
            format!("{bucket}.cos.{REGION}.myqcloud.com/{key}")
        );
        assert!(put.request_id.is_some());

        let head = env
            .cos
            .head_object(head_params(&bucket, key), |r| r)
            .unwrap();
        assert_eq!(head.etag, put.etag, "{key}");
        assert_eq!(
            head.headers.get("content-length"),
            Some(expected.len().to_string().as_str())
        );
        assert!(head.headers.contains("x-cos-hash-crc64ecma"));

        assert_eq!(get(&env.cos, &bucket, key), expected, "{key}");
    }
}

#[test]
fn download_into_a_file_and_a_writer() {
    let env = Env::start();
    let bucket = env.bucket();
    let bytes = content(5 * 1024 * 1024 + 3);
    env.cos
        .put_object(
            put_params(&bucket, "big.bin", Body::from(bytes.clone())),
            |r| r,
        )
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.bin");
    let data = env
        .cos
        .get_object(
            GetObjectParams {
                output: Output::File(target.clone()),
                ..get_params(&bucket, "big.bin")
            },
            |r| r,
        )
        .unwrap();
    assert!(data.body.is_empty());
    assert_eq!(data.etag, format!("\"{}\"", md5_hex(&bytes)));
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no partial file left behind"
    );

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let sink = Shared::default();
    env.cos
        .get_object(
            GetObjectParams {
                output: Output::Writer(Box::new(sink.clone())),
                ..get_params(&bucket, "big.bin")
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(*sink.0.lock().unwrap(), bytes);
}

#[test]
fn missing_key_errors_leave_no_file() {
    let env = Env::start();
    let bucket = env.bucket();
    let err = env
        .cos
        .get_object(get_params(&bucket, "nope.txt"), |r| r)
        .unwrap_err();
    assert_eq!(err.code(), "NoSuchKey");
    assert_eq!(err.status_code(), Some(404));
    assert_eq!(err.method(), Some("GET"));

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("nope.txt");
    let err = env
        .cos
        .get_object(
            GetObjectParams {
                output: Output::File(target.clone()),
                ..get_params(&bucket, "nope.txt")
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.code(), "NoSuchKey");
    assert!(
        !target.exists(),
        "the error body is never written to the output"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    let err = env
        .cos
        .head_object(head_params(&bucket, "nope.txt"), |r| r)
        .unwrap_err();
    assert_eq!(err.status_code(), Some(404));
}

#[test]
fn metadata_and_standard_headers_are_stored() {
    let env = Env::start();
    let bucket = env.bucket();
    let mut headers = Headers::new();
    headers.insert("x-cos-meta-Author", "Alice Bob");
    let params = PutObjectParams {
        attributes: cos_sdk::ObjectAttributes {
            content_type: "text/plain; charset=utf-8".into(),
            cache_control: "max-age=60".into(),
            content_disposition: "attachment; filename=\"a b.txt\"".into(),
            content_encoding: "identity".into(),
            expires: "Wed, 21 Oct 2037 07:28:00 GMT".into(),
            storage_class: Some("STANDARD_IA".into()),
            tagging: "team=storage".into(),
        },
        headers,
        ..put_params(&bucket, "meta.txt", Body::from("meta"))
    };
    env.cos.put_object(params, |r| r).unwrap();
    let head = env
        .cos
        .head_object(head_params(&bucket, "meta.txt"), |r| r)
        .unwrap();
    let h = &head.headers;
    assert_eq!(h.get("x-cos-meta-author"), Some("Alice Bob"));
    assert_eq!(h.get("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(h.get("cache-control"), Some("max-age=60"));
    assert_eq!(
        h.get("content-disposition"),
        Some("attachment; filename=\"a b.txt\"")
    );
    assert_eq!(h.get("content-encoding"), Some("identity"));
    assert_eq!(h.get("expires"), Some("Wed, 21 Oct 2037 07:28:00 GMT"));
    assert_eq!(h.get("x-cos-storage-class"), Some("STANDARD_IA"));
}

#[test]
fn keys_with_special_characters() {
    let env = Env::start();
    let bucket = env.bucket();
    let keys = [
        "中文/文件 名+1.txt",
        "a~b!c*d(e)f'g.txt",
        "(!'*) \"#$%&+,-.0-9:;<=>@A-Z[\\]^_`a-z{|}~",
        "中文→↓←…? $&'()+,-.=@[]^_`{}~.jpg",
        "q?uery#frag%20ment%.txt",
        "dir/sub/",
    ];
    for key in keys {
        env.cos
            .put_object(put_params(&bucket, key, Body::from(key)), |r| r)
            .unwrap();
        assert_eq!(get(&env.cos, &bucket, key), key.as_bytes(), "{key}");
    }
    // One leading slash is dropped, as in Node.
    env.cos
        .put_object(put_params(&bucket, "/lead.txt", Body::from("x")), |r| r)
        .unwrap();
    assert_eq!(get(&env.cos, &bucket, "lead.txt"), b"x");
}

#[test]
fn ranges_and_conditions() {
    let env = Env::start();
    let bucket = env.bucket();
    let put = env
        .cos
        .put_object(
            put_params(&bucket, "r.txt", Body::from("0123456789")),
            |r| r,
        )
        .unwrap();

    let part = env
        .cos
        .get_object(
            GetObjectParams {
                range: "bytes=2-5".into(),
                ..get_params(&bucket, "r.txt")
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(part.status_code, 206);
    assert_eq!(part.body, b"2345");
    assert_eq!(part.headers.get("content-range"), Some("bytes 2-5/10"));

    let fresh = env
        .cos
        .get_object(
            GetObjectParams {
                if_none_match: put.etag.clone(),
                ..get_params(&bucket, "r.txt")
            },
            |r| r,
        )
        .unwrap();
    assert!(fresh.not_modified);
    assert_eq!(fresh.status_code, 304);
    assert!(fresh.body.is_empty());

    let head = env
        .cos
        .head_object(
            HeadObjectParams {
                if_modified_since: "Wed, 21 Oct 2037 07:28:00 GMT".into(),
                ..head_params(&bucket, "r.txt")
            },
            |r| r,
        )
        .unwrap();
    assert!(head.not_modified);

    let failed = env
        .cos
        .get_object(
            GetObjectParams {
                if_match: "\"0000\"".into(),
                ..get_params(&bucket, "r.txt")
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(failed.code(), "PreconditionFailed");
    assert_eq!(failed.status_code(), Some(412));

    let overridden = env
        .cos
        .get_object(
            GetObjectParams {
                response_content_type: "application/x-test".into(),
                response_content_disposition: "attachment; filename=r.txt".into(),
                ..get_params(&bucket, "r.txt")
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(
        overridden.headers.get("content-type"),
        Some("application/x-test")
    );
    assert_eq!(
        overridden.headers.get("content-disposition"),
        Some("attachment; filename=r.txt")
    );

    let beyond = env
        .cos
        .get_object(
            GetObjectParams {
                range: "bytes=100-".into(),
                ..get_params(&bucket, "r.txt")
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(beyond.code(), "InvalidRange");
    assert_eq!(beyond.status_code(), Some(416));
}

#[test]
fn delete_object_special_cases() {
    let env = Env::start();
    let bucket = env.bucket();
    env.cos
        .put_object(put_params(&bucket, "d.txt", Body::from("d")), |r| r)
        .unwrap();
    let del = |bucket: &str, key: &str| {
        env.cos
            .delete_object(
                DeleteObjectParams {
                    bucket: bucket.into(),
                    region: REGION.into(),
                    key: key.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
    };
    let deleted = del(&bucket, "d.txt");
    assert_eq!(deleted.status_code, 204);
    assert!(!deleted.bucket_not_found);
    let err = env
        .cos
        .head_object(head_params(&bucket, "d.txt"), |r| r)
        .unwrap_err();
    assert_eq!(err.status_code(), Some(404));

    assert_eq!(del(&bucket, "never-existed.txt").status_code, 204);

    let missing_bucket = format!("gone-{}", env.emulator.appid());
    let data = del(&missing_bucket, "d.txt");
    assert!(
        data.bucket_not_found,
        "Node reports a 404 delete as success"
    );
    assert_eq!(data.status_code, 404);
}

#[test]
fn content_md5_is_checked_by_the_server() {
    let env = Env::start();
    let bucket = env.bucket();
    let wrong = PutObjectParams {
        content_md5: "mQ/fVh815F3k6TAUm8m0eg==".into(),
        ..put_params(&bucket, "md5.txt", Body::from("not ObjectContent"))
    };
    let err = env.cos.put_object(wrong, |r| r).unwrap_err();
    assert_eq!(err.code(), "BadDigest");
    assert_eq!(err.status_code(), Some(400));
    let err = env
        .cos
        .head_object(head_params(&bucket, "md5.txt"), |r| r)
        .unwrap_err();
    assert_eq!(
        err.status_code(),
        Some(404),
        "a rejected upload stores nothing"
    );

    let checked = Cos::new(CosOptions {
        upload_check_content_md5: true,
        ..env.cos.options().clone()
    })
    .unwrap();
    checked
        .put_object(
            put_params(&bucket, "md5.txt", Body::from("ObjectContent")),
            |r| r,
        )
        .unwrap();
    let log = env.emulator.request_log();
    let sent = log
        .iter()
        .rev()
        .find(|r| r.method == "PUT")
        .expect("PUT logged");
    assert_eq!(sent.status, 200, "{log:?}");
    assert_eq!(sent.header("content-md5"), Some("mQ/fVh815F3k6TAUm8m0eg=="));
}

#[test]
fn short_reader_fails_and_stores_nothing() {
    let env = Env::start();
    let bucket = env.bucket();
    let short = std::io::Cursor::new(vec![7u8; 1000]);
    let err = env
        .cos
        .put_object(
            put_params(&bucket, "short.bin", Body::from_reader(short, 5000)),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    let err = env
        .cos
        .head_object(head_params(&bucket, "short.bin"), |r| r)
        .unwrap_err();
    assert_eq!(err.status_code(), Some(404));

    let err = env
        .cos
        .put_object(
            PutObjectParams {
                content_length: Some(3),
                ..put_params(&bucket, "cl.bin", Body::from("four"))
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("ContentLength"));

    let err = env
        .cos
        .put_object(
            put_params(&bucket, "f.bin", Body::from_file("/no/such/file.bin")),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("Body"));
}

#[test]
fn parallel_clients_share_one_pool() {
    let env = Env::start();
    let bucket = env.bucket();
    std::thread::scope(|scope| {
        for t in 0..8 {
            let cos = env.cos.clone();
            let bucket = bucket.clone();
            scope.spawn(move || {
                for i in 0..10 {
                    let key = format!("t{t}/{i}.bin");
                    let bytes = content(1000 + t * 100 + i);
                    cos.put_object(put_params(&bucket, &key, Body::from(bytes.clone())), |r| r)
                        .unwrap();
                    assert_eq!(get(&cos, &bucket, &key), bytes);
                }
            });
        }
    });
    let listed = env
        .cos
        .get_bucket(
            cos_sdk::GetBucketParams {
                bucket,
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(listed.contents.len(), 80);
}

#[test]
fn progress_is_monotonic_and_complete() {
    use std::sync::{Arc, Mutex};
    let env = Env::start();
    let bucket = env.bucket();
    let cos = Cos::new(CosOptions {
        progress_interval: std::time::Duration::ZERO,
        ..env.cos.options().clone()
    })
    .unwrap();
    let bytes = content(2 * 1024 * 1024 + 5);

    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    cos.put_object(
        PutObjectParams {
            on_progress: Some(cos_sdk::OnProgress::new(move |p| {
                sink.lock().unwrap().push(p)
            })),
            ..put_params(&bucket, "p.bin", Body::from(bytes.clone()))
        },
        |r| r,
    )
    .unwrap();
    let check = |events: &[cos_sdk::ProgressInfo]| {
        assert!(
            events.len() >= 3,
            "start, some progress, finish: {}",
            events.len()
        );
        assert_eq!(events[0].loaded, 0);
        assert!(
            events
                .windows(2)
                .all(|w| w[0].loaded <= w[1].loaded && w[0].percent <= w[1].percent)
        );
        let last = events.last().unwrap();
        assert_eq!(
            (last.loaded, last.total, last.percent),
            (bytes.len() as u64, bytes.len() as u64, 1.0)
        );
        assert!(
            events[..events.len() - 1]
                .iter()
                .all(|p| p.percent < 1.0 || p.loaded == p.total)
        );
    };
    check(&seen.lock().unwrap());

    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let got = cos
        .get_object(
            GetObjectParams {
                on_progress: Some(cos_sdk::OnProgress::new(move |p| {
                    sink.lock().unwrap().push(p)
                })),
                ..get_params(&bucket, "p.bin")
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(got.body, bytes);
    check(&seen.lock().unwrap());
}

#[test]
fn delete_multiple_objects() {
    let env = Env::start();
    let bucket = env.bucket();
    let keys = ["1.txt", "中文/2.txt", "a&b<c>.txt", "sp ace+plus%25.txt"];
    for key in keys {
        env.cos
            .put_object(put_params(&bucket, key, Body::from(key)), |r| r)
            .unwrap();
    }
    let mut objects: Vec<cos_sdk::ObjectToDelete> = keys.iter().map(|k| (*k).into()).collect();
    objects.push("never-existed".into());
    let result = env
        .cos
        .delete_multiple_object(
            cos_sdk::DeleteMultipleObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                objects,
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let deleted: Vec<&str> = result.deleted.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(
        deleted,
        [
            "1.txt",
            "中文/2.txt",
            "a&b<c>.txt",
            "sp ace+plus%25.txt",
            "never-existed"
        ]
    );
    assert!(result.error.is_empty());
    for key in keys {
        let err = env
            .cos
            .head_object(head_params(&bucket, key), |r| r)
            .unwrap_err();
        assert_eq!(err.status_code(), Some(404), "{key}");
    }

    env.cos
        .put_object(put_params(&bucket, "q.txt", Body::from("q")), |r| r)
        .unwrap();
    let quiet = env
        .cos
        .delete_multiple_object(
            cos_sdk::DeleteMultipleObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                objects: vec!["q.txt".into()],
                quiet: true,
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(quiet.deleted.is_empty() && quiet.error.is_empty());

    let too_many = env
        .cos
        .delete_multiple_object(
            cos_sdk::DeleteMultipleObjectParams {
                bucket,
                region: REGION.into(),
                objects: (0..1001).map(|i| format!("k{i}").into()).collect(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(too_many.parameter(), Some("Objects"));
}

/// An answer's headers keep the order COS sent them in (Node's `headers`
/// object does), with every field's value: compared with the same GET made
/// through plain ureq on the same emulator.
#[test]
fn answer_headers_keep_the_wire_order() {
    let env = Env::start();
    let bucket = env.bucket();
    env.cos
        .put_object(
            put_params(&bucket, "order.txt", Body::from("ordered")),
            |r| r,
        )
        .unwrap();
    let data = env
        .cos
        .get_object(get_params(&bucket, "order.txt"), |r| r)
        .unwrap();

    let host = format!("{bucket}.cos.{REGION}.myqcloud.com");
    let authorization = cos_sdk::get_authorization(&cos_sdk::GetAuthorizationOptions {
        secret_id: env.emulator.secret_id().into(),
        secret_key: env.emulator.secret_key().into(),
        method: "GET".into(),
        key: "order.txt".into(),
        headers: Headers::from([("host", host.as_str())]),
        ..Default::default()
    })
    .unwrap();
    let raw = ureq::get(format!("http://{}/order.txt", env.emulator.endpoint()))
        .header("host", &host)
        .header("authorization", &authorization)
        .call()
        .unwrap();
    let wire: Vec<&str> = raw.headers().keys().map(|name| name.as_str()).collect();
    let ours: Vec<&str> = data.headers.iter().map(|(name, _)| name).collect();
    assert_eq!(ours, wire);
    let mut sorted = wire.clone();
    sorted.sort_unstable();
    assert_ne!(wire, sorted, "the emulator sends its headers unsorted");
    for name in [
        "etag",
        "content-length",
        "x-cos-hash-crc64ecma",
        "content-type",
    ] {
        assert_eq!(
            data.headers.get(name),
            raw.headers().get(name).and_then(|v| v.to_str().ok()),
            "{name}"
        );
    }
}
