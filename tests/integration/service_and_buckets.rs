//! get_service and the bucket operations.

use cos_sdk::{
    DeleteBucketParams, ErrorKind, GetBucketParams, GetServiceParams, HeadBucketParams,
    PutBucketParams,
};

use crate::common::{Env, REGION, md5_hex, put};

fn list(env: &Env, params: GetBucketParams) -> cos_sdk::GetBucketData {
    env.cos.get_bucket(params, |r| r).expect("list")
}

#[test]
fn bucket_lifecycle() {
    let env = Env::start();
    let bucket = format!("life-{}", env.emulator.appid());
    let created = env
        .cos
        .put_bucket(
            PutBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                access: cos_sdk::AclHeaders {
                    acl: Some("private".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(created.status_code, 200);
    assert_eq!(
        created.location,
        format!("{bucket}.cos.{REGION}.myqcloud.com/")
    );
    assert!(created.request_id.is_some());

    let head = env
        .cos
        .head_bucket(
            HeadBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(head.status_code, 200);
    assert_eq!(head.headers.get("x-cos-bucket-region"), Some(REGION));

    let again = env
        .cos
        .put_bucket(
            PutBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(again.code(), "BucketAlreadyExists");
    assert_eq!(again.status_code(), Some(409));

    let service = env
        .cos
        .get_service(GetServiceParams::default(), |r| r)
        .unwrap();
    let listed = service
        .buckets
        .iter()
        .find(|b| b.name == bucket)
        .expect("bucket listed");
    assert_eq!(listed.location, REGION);
    let regional = env
        .cos
        .get_service(
            GetServiceParams {
                region: "ap-beijing".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(regional.buckets.iter().all(|b| b.name != bucket));

    put(&env.cos, &bucket, "a.txt", "x");
    let not_empty = env
        .cos
        .delete_bucket(
            DeleteBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(not_empty.code(), "BucketNotEmpty");
    assert_eq!(not_empty.status_code(), Some(409));

    env.cos
        .delete_object(
            cos_sdk::DeleteObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "a.txt".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let deleted = env
        .cos
        .delete_bucket(
            DeleteBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(deleted.status_code, 204);

    let gone = env
        .cos
        .head_bucket(
            HeadBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::Service);
    assert_eq!(gone.status_code(), Some(404));
    assert_eq!(
        gone.code(),
        "NoSuchBucket",
        "HEAD errors have no body: the code is the one COS implies (Node says \"404\")"
    );
    assert!(gone.is_not_found());
    assert!(gone.request_id().is_some());
}

#[test]
fn missing_bucket_errors() {
    let env = Env::start();
    let bucket = format!("nosuch-{}", env.emulator.appid());
    let err = env
        .cos
        .get_bucket(
            GetBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.code(), "NoSuchBucket");
    assert_eq!(err.status_code(), Some(404));
    assert!(err.request_id().is_some() && err.trace_id().is_some());
    assert!(err.resource().is_some());
    let shown = err.to_string();
    assert!(
        shown.contains("NoSuchBucket") && shown.contains("404"),
        "{shown}"
    );

    let err = env
        .cos
        .delete_bucket(
            DeleteBucketParams {
                bucket,
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.code(), "NoSuchBucket");
}

#[test]
fn listing_with_prefix_delimiter_and_paging() {
    let env = Env::start();
    let bucket = env.bucket();
    for key in [
        "a.txt",
        "dir/1.txt",
        "dir/2.txt",
        "dir/sub/3.txt",
        "中文/文件 名+1.txt",
        "z.txt",
    ] {
        put(&env.cos, &bucket, key, key);
    }
    let all = list(
        &env,
        GetBucketParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            ..Default::default()
        },
    );
    let keys: Vec<&str> = all.contents.iter().map(|o| o.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "a.txt",
            "dir/1.txt",
            "dir/2.txt",
            "dir/sub/3.txt",
            "z.txt",
            "中文/文件 名+1.txt"
        ]
    );
    assert!(!all.is_truncated);
    assert_eq!(all.name, bucket);
    let a = &all.contents[0];
    assert_eq!(a.size, 5);
    assert_eq!(a.etag, format!("\"{}\"", md5_hex(b"a.txt")));

    let rolled = list(
        &env,
        GetBucketParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            delimiter: "/".into(),
            ..Default::default()
        },
    );
    let prefixes: Vec<&str> = rolled
        .common_prefixes
        .iter()
        .map(|p| p.prefix.as_str())
        .collect();
    assert_eq!(prefixes, ["dir/", "中文/"]);
    assert_eq!(rolled.contents.len(), 2);

    let in_dir = list(
        &env,
        GetBucketParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            prefix: "dir/".into(),
            delimiter: "/".into(),
            encoding_type: Some("url".into()),
            ..Default::default()
        },
    );
    assert_eq!(in_dir.prefix, "dir/");
    assert_eq!(in_dir.contents.len(), 2);
    assert_eq!(in_dir.common_prefixes[0].prefix, "dir/sub/");

    // Page through everything two at a time.
    let mut marker = String::new();
    let mut seen = Vec::new();
    loop {
        let page = list(
            &env,
            GetBucketParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                marker: marker.clone(),
                max_keys: Some(2),
                encoding_type: Some("url".into()),
                ..Default::default()
            },
        );
        assert!(page.contents.len() <= 2);
        seen.extend(page.contents.iter().map(|o| o.key.clone()));
        if !page.is_truncated {
            break;
        }
        marker = page
            .next_marker
            .expect("a truncated page names the next marker");
    }
    assert_eq!(seen, keys);
}

#[test]
fn listing_more_than_1000_keys() {
    let env = Env::start();
    let bucket = env.bucket();
    let keys: Vec<String> = (0..1105).map(|i| format!("many/{i:05}")).collect();
    std::thread::scope(|scope| {
        for chunk in keys.chunks(300) {
            let (env, bucket) = (&env, &bucket);
            scope.spawn(move || {
                for key in chunk {
                    put(&env.cos, bucket, key, "");
                }
            });
        }
    });
    let first = list(
        &env,
        GetBucketParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            ..Default::default()
        },
    );
    assert_eq!(first.contents.len(), 1000, "COS pages at 1000");
    assert!(first.is_truncated);
    assert_eq!(first.next_marker.as_deref(), Some("many/00999"));
    let second = list(
        &env,
        GetBucketParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            marker: first.next_marker.clone().unwrap_or_default(),
            ..Default::default()
        },
    );
    assert_eq!(second.contents.len(), 105);
    assert!(!second.is_truncated);
    let all: Vec<&str> = first
        .contents
        .iter()
        .chain(&second.contents)
        .map(|o| o.key.as_str())
        .collect();
    assert_eq!(all, keys.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(second.contents.iter().all(|o| o.size == 0));
}
