//! Issue 15's object methods against the emulator: versions, object tags,
//! append, archive restore, the body as a stream and the generic request.

use std::io::Read;
use std::time::{Duration, Instant};

use cos_emulator::{Emulator, EmulatorConfig};
use cos_sdk::*;

use crate::common::{Env, client, content, put, set_versioning};

fn get(cos: &Cos, bucket: &str, key: &str, version: &str) -> Result<Vec<u8>, CosError> {
    cos.get_object(
        params!(
            bucket,
            GetObjectParams {
                key: key.into(),
                version_id: version.into()
            }
        ),
        |r| r,
    )
    .map(|data| data.body)
}

#[test]
fn versions_are_kept_listed_read_and_removed_one_by_one() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;
    set_versioning(cos, &bucket, "Enabled").unwrap();
    let first = put(cos, &bucket, "doc.txt", "one");
    let second = put(cos, &bucket, "doc.txt", "two");
    let (v1, v2) = (first.version_id.unwrap(), second.version_id.unwrap());
    assert_ne!(v1, v2);
    assert_eq!(get(cos, &bucket, "doc.txt", "").unwrap(), b"two");
    assert_eq!(get(cos, &bucket, "doc.txt", &v1).unwrap(), b"one");

    let deleted = cos
        .delete_object(
            params!(
                &bucket,
                DeleteObjectParams {
                    key: "doc.txt".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    assert!(deleted.delete_marker);
    assert!(get(cos, &bucket, "doc.txt", "").unwrap_err().is_not_found());
    assert_eq!(get(cos, &bucket, "doc.txt", &v2).unwrap(), b"two");

    let listing = cos
        .list_object_versions(params!(&bucket, ListObjectVersionsParams {}), |r| r)
        .unwrap();
    let ids: Vec<&str> = listing
        .versions
        .iter()
        .map(|v| v.version_id.as_str())
        .collect();
    assert_eq!(ids, [v2.as_str(), v1.as_str()], "newest first");
    assert!(listing.versions.iter().all(|v| !v.is_latest));
    assert_eq!(listing.delete_markers.len(), 1);
    assert!(listing.delete_markers[0].is_latest);

    // Paging one entry at a time visits every version and marker once.
    let mut seen = 0;
    let (mut key_marker, mut version_marker) = (String::new(), String::new());
    loop {
        let page = cos
            .list_object_versions(
                params!(
                    &bucket,
                    ListObjectVersionsParams {
                        key_marker: key_marker.clone(),
                        version_id_marker: version_marker.clone(),
                        max_keys: Some(1)
                    }
                ),
                |r| r,
            )
            .unwrap();
        seen += page.versions.len() + page.delete_markers.len();
        if !page.is_truncated {
            break;
        }
        key_marker = page.next_key_marker.unwrap();
        version_marker = page.next_version_id_marker.unwrap_or_default();
    }
    assert_eq!(seen, 3);

    // Removing the marker brings the newest version back.
    let marker = deleted.version_id.unwrap();
    cos.delete_object(
        params!(
            &bucket,
            DeleteObjectParams {
                key: "doc.txt".into(),
                version_id: marker
            }
        ),
        |r| r,
    )
    .unwrap();
    assert_eq!(get(cos, &bucket, "doc.txt", "").unwrap(), b"two");
}

#[test]
fn object_tags_round_trip_per_version_and_from_put() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;
    cos.put_object(
        params!(
            &bucket,
            PutObjectParams {
                key: "tagged.txt".into(),
                body: Body::from("t"),
                attributes: ObjectAttributes {
                    tagging: "team=storage&env=prod".into(),
                    ..Default::default()
                }
            }
        ),
        |r| r,
    )
    .unwrap();
    let tags = |key: &str| {
        cos.get_object_tagging(
            params!(&bucket, GetObjectTaggingParams { key: key.into() }),
            |r| r,
        )
        .unwrap()
        .tags
    };
    let mut got = tags("tagged.txt");
    got.sort_by(|a, b| a.key.cmp(&b.key));
    assert_eq!(
        got,
        [
            Tag {
                key: "env".into(),
                value: "prod".into()
            },
            Tag {
                key: "team".into(),
                value: "storage".into()
            },
        ]
    );
    let replaced = vec![Tag {
        key: "only".into(),
        value: "one".into(),
    }];
    cos.put_object_tagging(
        params!(
            &bucket,
            PutObjectTaggingParams {
                key: "tagged.txt".into(),
                tags: replaced.clone()
            }
        ),
        |r| r,
    )
    .unwrap();
    assert_eq!(tags("tagged.txt"), replaced);
    let too_many: Vec<Tag> = (0..11)
        .map(|i| Tag {
            key: format!("k{i}"),
            value: "v".into(),
        })
        .collect();
    let err = cos
        .put_object_tagging(
            params!(
                &bucket,
                PutObjectTaggingParams {
                    key: "tagged.txt".into(),
                    tags: too_many
                }
            ),
            |r| r,
        )
        .unwrap_err();
    assert_eq!((err.status_code(), err.code()), (Some(400), "InvalidTag"));
    cos.delete_object_tagging(
        params!(
            &bucket,
            DeleteObjectTaggingParams {
                key: "tagged.txt".into()
            }
        ),
        |r| r,
    )
    .unwrap();
    assert!(tags("tagged.txt").is_empty());
}

#[test]
fn appends_grow_an_object_and_a_stale_position_is_refused() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;
    let append = |position: u64, piece: &str| {
        cos.append_object(
            params!(
                &bucket,
                AppendObjectParams {
                    key: "log.txt".into(),
                    position: position,
                    body: Body::from(piece)
                }
            ),
            |r| r,
        )
    };
    let first = append(0, "hello ").unwrap();
    assert_eq!(first.next_append_position, Some(6));
    let second = append(6, "world").unwrap();
    assert_eq!(second.next_append_position, Some(11));
    let stale = append(6, "again").unwrap_err();
    assert_eq!(
        (stale.status_code(), stale.code()),
        (Some(409), "AppendPositionErr")
    );
    assert_eq!(get(cos, &bucket, "log.txt", "").unwrap(), b"hello world");
    put(cos, &bucket, "normal.txt", "n");
    let err = cos
        .append_object(
            params!(
                &bucket,
                AppendObjectParams {
                    key: "normal.txt".into(),
                    position: 1,
                    body: Body::from("x")
                }
            ),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.code(), "ObjectNotAppendable");
}

#[test]
fn archived_objects_are_readable_only_after_a_restore() {
    let emulator = Emulator::start_with(EmulatorConfig {
        restore_delay: Duration::from_millis(200),
        ..Default::default()
    })
    .unwrap();
    let cos = client(&emulator, emulator.secret_id(), emulator.secret_key());
    let bucket = format!("archive-{}", emulator.appid());
    cos.put_bucket(params!(&bucket, PutBucketParams {}), |r| r)
        .unwrap();
    cos.put_object(
        params!(
            &bucket,
            PutObjectParams {
                key: "cold.bin".into(),
                body: Body::from("frozen"),
                attributes: ObjectAttributes {
                    storage_class: Some(StorageClass::Archive),
                    ..Default::default()
                }
            }
        ),
        |r| r,
    )
    .unwrap();
    let err = get(&cos, &bucket, "cold.bin", "").unwrap_err();
    assert_eq!(
        (err.status_code(), err.code()),
        (Some(403), "InvalidObjectState")
    );
    let restore = |tier: &str| {
        cos.restore_object(
            params!(
                &bucket,
                RestoreObjectParams {
                    key: "cold.bin".into(),
                    restore_request: RestoreRequest {
                        days: Some(1),
                        cas_job_parameters: Some(CasJobParameters { tier: tier.into() }),
                    }
                }
            ),
            |r| r,
        )
    };
    assert_eq!(restore("Expedited").unwrap().status_code, 202);
    assert_eq!(
        restore("Expedited").unwrap_err().code(),
        "RestoreAlreadyInProgress"
    );
    let started = Instant::now();
    loop {
        let head = cos
            .head_object(
                params!(
                    &bucket,
                    HeadObjectParams {
                        key: "cold.bin".into()
                    }
                ),
                |r| r,
            )
            .unwrap();
        let state = head
            .headers
            .get("x-cos-restore")
            .unwrap_or_default()
            .to_string();
        if state.contains("ongoing-request=\"false\"") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "restore never finished: {state}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(get(&cos, &bucket, "cold.bin", "").unwrap(), b"frozen");
    let err = cos
        .restore_object(
            params!(
                &bucket,
                RestoreObjectParams {
                    key: "cold.bin".into()
                }
            ),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("RestoreRequest"));
}

#[test]
fn a_streamed_body_is_checked_at_its_end() {
    let env = Env::start();
    let bucket = env.bucket();
    let bytes = content(300_000);
    env.cos
        .put_object(
            params!(
                &bucket,
                PutObjectParams {
                    key: "big.bin".into(),
                    body: Body::from(bytes.clone())
                }
            ),
            |r| r,
        )
        .unwrap();
    let data = env
        .cos
        .get_object_stream(
            params!(
                &bucket,
                GetObjectParams {
                    key: "big.bin".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    let mut read = Vec::new();
    let mut body = data.body;
    body.read_to_end(&mut read).unwrap();
    assert_eq!(read, bytes);

    // A body cut short ends in an error, not a short read.
    env.emulator.inject(
        cos_emulator::Fault::truncate_body(1000)
            .on(cos_emulator::Match::get_object())
            .times(1),
    );
    let cut = env
        .cos
        .get_object_stream(
            params!(
                &bucket,
                GetObjectParams {
                    key: "big.bin".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    let mut partial = Vec::new();
    let mut body = cut.body;
    let err = body.read_to_end(&mut partial).unwrap_err();
    assert!(partial.len() < bytes.len(), "{err}");
}

#[test]
fn request_sends_what_the_sdk_does_not_wrap() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env.cos, &bucket, "photo.jpg", "jpeg");
    let answer = env
        .cos
        .request(
            params!(
                &bucket,
                RequestParams {
                    key: "photo.jpg".into(),
                    method: "HEAD".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    assert_eq!(answer.headers.get("content-length"), Some("4"));
    // An explicit URL: the emulator's path-style address of the bucket.
    let url = format!("http://{}/{bucket}/photo.jpg", env.emulator.endpoint());
    let by_url = client(
        &env.emulator,
        env.emulator.secret_id(),
        env.emulator.secret_key(),
    )
    .request(
        RequestParams {
            url,
            ..Default::default()
        },
        |r| r,
    );
    assert_eq!(by_url.unwrap().body, b"jpeg");
    let err = env
        .cos
        .request(
            RequestParams {
                url: "ftp://x/y".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("Url"));
}

#[test]
fn customer_keys_encrypt_and_unlock_objects_through_every_path() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;
    let key = EncryptionHeaders::customer_key(&[42u8; 32]);
    let stored = cos
        .put_object(
            params!(
                &bucket,
                PutObjectParams {
                    key: "secret.bin".into(),
                    body: Body::from("classified"),
                    encryption: key.clone()
                }
            ),
            |r| r,
        )
        .unwrap();
    assert_eq!(
        stored
            .headers
            .get("x-cos-server-side-encryption-customer-algorithm"),
        Some("AES256")
    );
    let read = |encryption: EncryptionHeaders| {
        cos.get_object(
            params!(
                &bucket,
                GetObjectParams {
                    key: "secret.bin".into(),
                    encryption: encryption
                }
            ),
            |r| r,
        )
    };
    assert_eq!(read(key.clone()).unwrap().body, b"classified");
    let without = read(EncryptionHeaders::default()).unwrap_err();
    assert!(
        matches!(without.status_code(), Some(400 | 403)),
        "{without}"
    );
    let wrong = read(EncryptionHeaders::customer_key(&[7u8; 32])).unwrap_err();
    assert!(matches!(wrong.status_code(), Some(400 | 403)), "{wrong}");

    // Multipart: the key goes with every part; the download repeats it.
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("big.bin");
    std::fs::write(&source, content(3 * 1024 * 1024)).unwrap();
    cos.slice_upload_file(
        params!(
            &bucket,
            SliceUploadFileParams {
                key: "big.bin".into(),
                file_path: source.clone(),
                encryption: key.clone()
            }
        ),
        |r| r,
    )
    .unwrap();
    let target = dir.path().join("back.bin");
    cos.download_file(
        params!(
            &bucket,
            DownloadFileParams {
                key: "big.bin".into(),
                file_path: target.clone(),
                encryption: key.clone()
            }
        ),
        |r| r,
    )
    .unwrap();
    assert_eq!(
        std::fs::read(target).unwrap(),
        std::fs::read(source).unwrap()
    );
    // Debug output never shows the key.
    let shown = format!(
        "{:?}",
        params!(
            &bucket,
            GetObjectParams {
                encryption: key.clone()
            }
        )
    );
    assert!(!shown.contains(&key.sse_customer_key), "{shown}");
}

#[test]
fn traffic_limits_are_checked_and_content_types_inferred() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;
    let err = cos
        .put_object(
            params!(
                &bucket,
                PutObjectParams {
                    key: "a.txt".into(),
                    body: Body::from("x"),
                    traffic_limit: Some(1000)
                }
            ),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("TrafficLimit"));
    cos.put_object(
        params!(
            &bucket,
            PutObjectParams {
                key: "a.txt".into(),
                body: Body::from("x"),
                traffic_limit: Some(8 * 1024 * 1024)
            }
        ),
        |r| r,
    )
    .unwrap();
    let head = cos
        .head_object(
            params!(
                &bucket,
                HeadObjectParams {
                    key: "a.txt".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    assert!(
        head.headers
            .get("content-type")
            .unwrap_or_default()
            .starts_with("text/plain"),
        "{:?}",
        head.headers.get("content-type")
    );
}

fn csv_select(bucket: &str, key: &str, sql: &str) -> SelectObjectContentParams {
    params!(
        bucket,
        SelectObjectContentParams {
            key: key.into(),
            select_request: SelectRequest {
                expression: sql.into(),
                expression_type: "SQL".into(),
                input_serialization: InputSerialization {
                    csv: Some(CsvInput {
                        file_header_info: "USE".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                output_serialization: OutputSerialization {
                    csv: Some(CsvOutput::default()),
                    ..Default::default()
                },
                request_progress: Some(RequestProgress {
                    enabled: "TRUE".into()
                }),
            }
        }
    )
}

#[test]
fn select_returns_records_and_stats_and_reports_bad_sql_and_bad_data() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;
    let mut csv = String::from("id,name,age\n");
    for i in 0..20_000 {
        csv.push_str(&format!("{i},person{i},{}\n", i % 90));
    }
    put(cos, &bucket, "people.csv", &csv);
    let data = cos
        .select_object_content(
            csv_select(
                &bucket,
                "people.csv",
                "SELECT s.id FROM COSObject s WHERE CAST(s.age AS INT) = 89",
            ),
            |r| r,
        )
        .unwrap();
    let ids: Vec<u32> = String::from_utf8(data.payload)
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    let expected: Vec<u32> = (0..20_000).filter(|i| i % 90 == 89).collect();
    assert_eq!(ids, expected);
    let stats = data.stats.expect("Stats event");
    assert_eq!(stats.bytes_scanned, Some(csv.len() as u64));

    let err = cos
        .select_object_content(csv_select(&bucket, "people.csv", "SELEKT nothing"), |r| r)
        .unwrap_err();
    assert_eq!(
        (err.status_code(), err.code()),
        (Some(400), "InvalidArgument")
    );

    // Bytes that are not UTF-8 stop the stream with an error event.
    cos.put_object(
        params!(
            &bucket,
            PutObjectParams {
                key: "binary.csv".into(),
                body: Body::from(vec![b'a', b'\n', 0xff, 0xfe, b'\n'])
            }
        ),
        |r| r,
    )
    .unwrap();
    let err = cos
        .select_object_content(
            csv_select(&bucket, "binary.csv", "SELECT * FROM COSObject"),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.code(), "InvalidTextEncoding", "{err}");
}

#[test]
fn select_into_a_file_appears_only_when_the_query_succeeded() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env.cos, &bucket, "t.csv", "id,name\n1,a\n2,b\n");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("result.csv");
    let mut ok = csv_select(&bucket, "t.csv", "SELECT s.name FROM COSObject s");
    ok.output = Output::File(target.clone());
    env.cos.select_object_content_stream(ok, |r| r).unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a\nb\n");

    std::fs::remove_file(&target).unwrap();
    env.cos
        .put_object(
            params!(
                &bucket,
                PutObjectParams {
                    key: "bad.csv".into(),
                    body: Body::from(vec![b'i', b'd', b'\n', 0xff, b'\n'])
                }
            ),
            |r| r,
        )
        .unwrap();
    let mut failing = csv_select(&bucket, "bad.csv", "SELECT * FROM COSObject");
    failing.output = Output::File(target.clone());
    assert!(
        env.cos
            .select_object_content_stream(failing, |r| r)
            .is_err()
    );
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no partial file left"
    );
}

/// The streamed listings decode keys and prefixes when asked for
/// `EncodingType` `url`, whatever the key holds (space, non-ASCII, `&`,
/// `%`): versions with delete markers and rolled-up prefixes, unfinished
/// uploads, and one upload's parts.
#[test]
fn url_encoded_listings_come_back_decoded() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;
    set_versioning(cos, &bucket, "Enabled").unwrap();
    let key = "文档 a&b/100%.txt";
    put(cos, &bucket, key, "one");
    put(cos, &bucket, "文档 a&b/sub dir/x.txt", "x");
    cos.delete_object(
        params!(&bucket, DeleteObjectParams { key: key.into() }),
        |r| r,
    )
    .unwrap();
    let versions = cos
        .list_object_versions(
            params!(
                &bucket,
                ListObjectVersionsParams {
                    prefix: "文档 a&b/".into(),
                    delimiter: "/".into(),
                    encoding_type: Some("url".into())
                }
            ),
            |r| r,
        )
        .unwrap();
    assert_eq!(versions.encoding_type, Some("url".into()));
    assert_eq!(versions.prefix, "文档 a&b/");
    let keys: Vec<&str> = versions.versions.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(keys, [key]);
    assert_eq!(versions.delete_markers[0].key, key);
    assert_eq!(versions.common_prefixes[0].prefix, "文档 a&b/sub dir/");

    let upload_key = "big 文件/x&y 100%.bin";
    let upload = cos
        .multipart_init(
            params!(
                &bucket,
                MultipartInitParams {
                    key: upload_key.into()
                }
            ),
            |r| r,
        )
        .unwrap();
    let uploads = cos
        .multipart_list(
            params!(
                &bucket,
                MultipartListParams {
                    prefix: "big 文件/".into(),
                    encoding_type: Some("url".into())
                }
            ),
            |r| r,
        )
        .unwrap();
    assert_eq!(uploads.prefix, "big 文件/");
    let keys: Vec<&str> = uploads.upload.iter().map(|u| u.key.as_str()).collect();
    assert_eq!(keys, [upload_key]);
    let parts = cos
        .multipart_list_part(
            params!(
                &bucket,
                MultipartListPartParams {
                    key: upload_key.into(),
                    upload_id: upload.upload_id.clone(),
                    encoding_type: Some("url".into())
                }
            ),
            |r| r,
        )
        .unwrap();
    assert_eq!(parts.key, upload_key);
    assert!(parts.part.is_empty());
}
