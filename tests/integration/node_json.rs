//! The `serde` feature: each operation's data, serialized, has the shape of
//! the `data` the official Node SDK gives for the same call
//! (`tests/vectors/node-responses.json`, recorded from Node 3.0.0).
//!
//! Same shape means: every key Node prints, we print under the same name and
//! with the same JSON type (strings where Node keeps XML text as strings),
//! recursively through lists and objects; a key only one side prints is empty
//! there (`""`, `[]`, `false`, `"false"`: Node omits what COS omits, we print empty
//! defaults, and we omit COS's empty elements Node keeps as `""`).

use cos_sdk::*;
use serde_json::Value;

use crate::common::{Env, REGION, content};

fn node_data(name: &str) -> Value {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/");
    ["node-responses.json", "node-responses-more.json"]
        .iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(format!("{dir}{file}")).expect("Node responses");
            serde_json::from_str::<Vec<Value>>(&text).unwrap()
        })
        .find(|case| case["name"] == name)
        .unwrap_or_else(|| panic!("no Node case {name:?}"))["data"]
        .clone()
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(s) => s.is_empty() || s == "false",
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.values().all(is_empty),
        Value::Bool(b) => !b,
        Value::Null => true,
        Value::Number(_) => false,
    }
}

fn same_shape(node: &Value, ours: &Value, path: &str) {
    match (node, ours) {
        (Value::Object(node), Value::Object(ours)) => {
            for (key, value) in node {
                // Test-harness keys, the headers placeholder and Buffers.
                if key.starts_with("__") || key == "headers" || key == "Body" {
                    continue;
                }
                match ours.get(key) {
                    Some(mine) => same_shape(value, mine, &format!("{path}.{key}")),
                    // Node recorded these against a versioned bucket; the
                    // emulator's buckets are not versioned.
                    None if key == "VersionId" || key == "DeleteMarker" => {}
                    None => assert!(is_empty(value), "{path}.{key} missing: Node has {value}"),
                }
            }
            for (key, value) in ours {
                // Values COS sends in some answers only, which Node then
                // prints too: the emulator sends them where Node's recording
                // did not have them. And one we add: `slice_copy_file` also
                // names the multipart upload it used.
                let sometimes = [
                    "headers",
                    "RequestId",
                    "DisplayName",
                    "UploadId",
                    "VersionId",
                ];
                if !node.contains_key(key) && !sometimes.contains(&key.as_str()) {
                    assert!(
                        is_empty(value),
                        "{path}.{key} = {value} is not in Node's data"
                    );
                }
            }
        }
        (Value::Array(node), Value::Array(ours)) => {
            if let (Some(n), Some(o)) = (node.first(), ours.first()) {
                same_shape(n, o, &format!("{path}[0]"));
            }
        }
        // Node leaves a repeated element that occurs once as an object;
        // we always give a list.
        (Value::Object(_), Value::Array(ours)) if ours.len() == 1 => {
            same_shape(node, &ours[0], &format!("{path}[0]"));
        }
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => {}
        _ => panic!("{path}: Node has {node}, we have {ours}"),
    }
}

fn check(case: &str, ours: serde_json::Result<Value>) {
    same_shape(&node_data(case), &ours.expect(case), case);
}

#[test]
fn bucket_data_is_shaped_like_nodes() {
    let env = Env::start();
    let bucket = env.bucket();
    let b = bucket.as_str();
    let cos = &env.cos;
    check(
        "getService one bucket",
        serde_json::to_value(cos.get_service(GetServiceParams::default(), |r| r).unwrap()),
    );
    check(
        "headBucket 200",
        serde_json::to_value(
            cos.head_bucket(params!(b, HeadBucketParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucket empty",
        serde_json::to_value(
            cos.get_bucket(
                params!(
                    b,
                    GetBucketParams {
                        prefix: "zzz".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    for key in ["a.txt", "dir/b.txt"] {
        cos.put_object(
            PutObjectParams {
                bucket: b.into(),
                region: REGION.into(),
                key: key.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    }
    check(
        "getBucket single Contents/CommonPrefixes",
        serde_json::to_value(
            cos.get_bucket(
                params!(
                    b,
                    GetBucketParams {
                        delimiter: "/".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let grants = AclHeaders {
        acl: Some(Acl::PublicRead),
        grant_write: "id=\"qcs::cam::uin/200:uin/200\"".into(),
        ..Default::default()
    };
    check(
        "putBucketAcl",
        serde_json::to_value(
            cos.put_bucket_acl(params!(b, PutBucketAclParams { access: grants }), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucketAcl",
        serde_json::to_value(
            cos.get_bucket_acl(params!(b, GetBucketAclParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucketCors 404 NoSuchCORSConfiguration -> success",
        serde_json::to_value(
            cos.get_bucket_cors(params!(b, GetBucketCorsParams {}), |r| r)
                .unwrap(),
        ),
    );
    let rule = CorsRule {
        id: "1".into(),
        allowed_origins: vec!["*".into()],
        allowed_methods: vec!["GET".into(), "PUT".into()],
        allowed_headers: vec!["*".into()],
        expose_headers: vec!["ETag".into()],
        max_age_seconds: Some(5),
    };
    check(
        "putBucketCors",
        serde_json::to_value(
            cos.put_bucket_cors(
                params!(
                    b,
                    PutBucketCorsParams {
                        cors_rules: vec![rule],
                        response_vary: "false".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "getBucketCors single rule",
        serde_json::to_value(
            cos.get_bucket_cors(params!(b, GetBucketCorsParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "deleteBucketCors 204",
        serde_json::to_value(
            cos.delete_bucket_cors(params!(b, DeleteBucketCorsParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucketLocation",
        serde_json::to_value(
            cos.get_bucket_location(params!(b, GetBucketLocationParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucketTagging 404 NoSuchTagSet -> success",
        serde_json::to_value(
            cos.get_bucket_tagging(params!(b, GetBucketTaggingParams {}), |r| r)
                .unwrap(),
        ),
    );
    let tags = vec![Tag {
        key: "k1".into(),
        value: "v1".into(),
    }];
    check(
        "putBucketTagging",
        serde_json::to_value(
            cos.put_bucket_tagging(params!(b, PutBucketTaggingParams { tags: tags }), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucketTagging",
        serde_json::to_value(
            cos.get_bucket_tagging(params!(b, GetBucketTaggingParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "deleteBucketTagging 204",
        serde_json::to_value(
            cos.delete_bucket_tagging(params!(b, DeleteBucketTaggingParams {}), |r| r)
                .unwrap(),
        ),
    );
}

#[test]
fn object_data_is_shaped_like_nodes() {
    let env = Env::start();
    let bucket = env.bucket();
    let b = bucket.as_str();
    let cos = &env.cos;
    check(
        "putObject string body",
        serde_json::to_value(
            cos.put_object(
                params!(
                    b,
                    PutObjectParams {
                        key: "a.txt".into(),
                        body: Body::from("hello")
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "headObject",
        serde_json::to_value(
            cos.head_object(
                params!(
                    b,
                    HeadObjectParams {
                        key: "a.txt".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let later = "Wed, 21 Oct 2037 07:28:00 GMT";
    check(
        "headObject 304 with IfModifiedSince",
        serde_json::to_value(
            cos.head_object(
                params!(
                    b,
                    HeadObjectParams {
                        key: "a.txt".into(),
                        if_modified_since: later.into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "getObject buffer body",
        serde_json::to_value(
            cos.get_object(
                params!(
                    b,
                    GetObjectParams {
                        key: "a.txt".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "getObjectAcl",
        serde_json::to_value(
            cos.get_object_acl(
                params!(
                    b,
                    GetObjectAclParams {
                        key: "a.txt".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let private = AclHeaders {
        acl: Some(Acl::Private),
        ..Default::default()
    };
    check(
        "putObjectAcl",
        serde_json::to_value(
            cos.put_object_acl(
                params!(
                    b,
                    PutObjectAclParams {
                        key: "a.txt".into(),
                        access: private
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let source = format!("{b}.cos.{REGION}.myqcloud.com/a.txt");
    check(
        "putObjectCopy",
        serde_json::to_value(
            cos.put_object_copy(
                params!(
                    b,
                    PutObjectCopyParams {
                        key: "b.txt".into(),
                        copy_source: source
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let mut cors_headers = Headers::new();
    cors_headers.insert("origin", "https://qq.com");
    cors_headers.insert("access-control-request-method", "PUT");
    check(
        "optionsObject 403 -> OptionsForbidden success",
        serde_json::to_value(
            cos.options_object(
                params!(
                    b,
                    OptionsObjectParams {
                        key: "a.txt".into(),
                        headers: cors_headers
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "deleteMultipleObject single Deleted + single Error",
        serde_json::to_value(
            cos.delete_multiple_object(
                params!(
                    b,
                    DeleteMultipleObjectParams {
                        objects: vec!["b.txt".into()]
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "deleteObject 204",
        serde_json::to_value(
            cos.delete_object(
                params!(
                    b,
                    DeleteObjectParams {
                        key: "a.txt".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
}

#[test]
fn multipart_data_is_shaped_like_nodes() {
    let env = Env::start();
    let bucket = env.bucket();
    let b = bucket.as_str();
    let cos = &env.cos;
    let init = cos
        .multipart_init(
            params!(
                b,
                MultipartInitParams {
                    key: "big.zip".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    check("multipartInit", serde_json::to_value(&init));
    let id = init.upload_id.clone();
    let part = cos
        .multipart_upload(
            params!(
                b,
                MultipartUploadParams {
                    key: "big.zip".into(),
                    upload_id: id.clone(),
                    part_number: 1,
                    body: Body::from(content(1024))
                }
            ),
            |r| r,
        )
        .unwrap();
    check("multipartUpload", serde_json::to_value(&part));
    check(
        "multipartList single Upload",
        serde_json::to_value(
            cos.multipart_list(
                params!(
                    b,
                    MultipartListParams {
                        prefix: "big".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "multipartListPart single Part",
        serde_json::to_value(
            cos.multipart_list_part(
                params!(
                    b,
                    MultipartListPartParams {
                        key: "big.zip".into(),
                        upload_id: id.clone()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let parts = vec![CompletedPart {
        part_number: 1,
        etag: part.etag,
    }];
    check(
        "multipartComplete",
        serde_json::to_value(
            cos.multipart_complete(
                params!(
                    b,
                    MultipartCompleteParams {
                        key: "big.zip".into(),
                        upload_id: id,
                        parts: parts
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let abandoned = cos
        .multipart_init(
            params!(
                b,
                MultipartInitParams {
                    key: "x.zip".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    check(
        "multipartAbort 204",
        serde_json::to_value(
            cos.multipart_abort(
                params!(
                    b,
                    MultipartAbortParams {
                        key: "x.zip".into(),
                        upload_id: abandoned.upload_id
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
}

#[test]
fn transfer_data_is_shaped_like_nodes() {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.bin");
    std::fs::write(&file, content(3 * 1024 * 1024 + 5)).unwrap();
    let upload = SliceUploadFileParams {
        bucket: bucket.clone(),
        region: REGION.into(),
        key: "big.bin".into(),
        file_path: file,
        ..Default::default()
    };
    check(
        "sliceUploadFile fresh (3MB+5B, ChunkSize 1MB)",
        serde_json::to_value(env.cos.slice_upload_file(upload.clone(), |r| r).unwrap()),
    );
    let small = UploadFileParams {
        upload,
        slice_size: Some(16 * 1024 * 1024),
    };
    check(
        "uploadFile small -> putObject",
        serde_json::to_value(env.cos.upload_file(small, |r| r).unwrap()),
    );
    let copy = SliceCopyFileParams {
        bucket: bucket.clone(),
        region: REGION.into(),
        key: "copy.bin".into(),
        copy_source: format!("{bucket}.cos.{REGION}.myqcloud.com/big.bin"),
        copy_slice_size: Some(1024 * 1024),
        ..Default::default()
    };
    check(
        "sliceCopyFile 25MB source (CopySliceSize 10MB, CopyChunkSize 10MB)",
        serde_json::to_value(env.cos.slice_copy_file(copy, |r| r).unwrap()),
    );
}

#[test]
fn configuration_data_is_shaped_like_nodes() {
    let env = Env::start();
    let bucket = env.bucket();
    let b = bucket.as_str();
    let cos = &env.cos;
    let rules = vec![
        LifecycleRule {
            id: "id1".into(),
            filter: Some(LifecycleFilter {
                prefix: "documents/".into(),
                ..Default::default()
            }),
            status: "Enabled".into(),
            transition: vec![LifecycleTransition {
                days: Some(100),
                storage_class: Some(StorageClass::StandardIa),
                ..Default::default()
            }],
            ..Default::default()
        },
        LifecycleRule {
            id: "id2".into(),
            filter: Some(LifecycleFilter {
                prefix: "logs/".into(),
                ..Default::default()
            }),
            status: "Enabled".into(),
            expiration: Some(LifecycleExpiration {
                days: Some(10),
                ..Default::default()
            }),
            ..Default::default()
        },
    ];
    cos.put_bucket_lifecycle(params!(b, PutBucketLifecycleParams { rules: rules }), |r| r)
        .unwrap();
    check(
        "getBucketLifecycle 2 rules (pretty-printed XML)",
        serde_json::to_value(
            cos.get_bucket_lifecycle(params!(b, GetBucketLifecycleParams {}), |r| r)
                .unwrap(),
        ),
    );
    let versioning = VersioningConfiguration {
        status: "Enabled".into(),
    };
    cos.put_bucket_versioning(
        params!(
            b,
            PutBucketVersioningParams {
                versioning_configuration: versioning
            }
        ),
        |r| r,
    )
    .unwrap();
    check(
        "getBucketVersioning Enabled",
        serde_json::to_value(
            cos.get_bucket_versioning(params!(b, GetBucketVersioningParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucketReplication 404 ReplicationConfigurationnotFoundError -> success",
        serde_json::to_value(
            cos.get_bucket_replication(params!(b, GetBucketReplicationParams {}), |r| r)
                .unwrap(),
        ),
    );
    let referer = RefererConfiguration {
        status: "Enabled".into(),
        referer_type: "White-List".into(),
        domain_list: DomainList {
            domains: vec!["*.qq.com".into(), "*.qcloud.com".into()],
        },
        empty_refer_configuration: "Allow".into(),
        ..Default::default()
    };
    cos.put_bucket_referer(
        params!(
            b,
            PutBucketRefererParams {
                referer_configuration: referer
            }
        ),
        |r| r,
    )
    .unwrap();
    check(
        "getBucketReferer 2 Domains -> DomainList.Domains[]",
        serde_json::to_value(
            cos.get_bucket_referer(params!(b, GetBucketRefererParams {}), |r| r)
                .unwrap(),
        ),
    );
    let logging = BucketLoggingStatus {
        logging_enabled: Some(LoggingEnabled {
            target_bucket: bucket.clone(),
            target_prefix: "logs/".into(),
        }),
    };
    cos.put_bucket_logging(
        params!(
            b,
            PutBucketLoggingParams {
                bucket_logging_status: logging
            }
        ),
        |r| r,
    )
    .unwrap();
    check(
        "getBucketLogging enabled",
        serde_json::to_value(
            cos.get_bucket_logging(params!(b, GetBucketLoggingParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "listBucketInventory none configured",
        serde_json::to_value(
            cos.list_bucket_inventory(params!(b, ListBucketInventoryParams {}), |r| r)
                .unwrap(),
        ),
    );
    check(
        "getBucketAccelerate never set: empty body -> AccelerateConfiguration {}",
        serde_json::to_value(
            cos.get_bucket_accelerate(params!(b, GetBucketAccelerateParams {}), |r| r)
                .unwrap(),
        ),
    );
}

#[test]
fn object_method_data_is_shaped_like_nodes() {
    let env = Env::start();
    let bucket = env.bucket();
    let b = bucket.as_str();
    let cos = &env.cos;
    let on = VersioningConfiguration {
        status: "Enabled".into(),
    };
    cos.put_bucket_versioning(
        params!(
            b,
            PutBucketVersioningParams {
                versioning_configuration: on
            }
        ),
        |r| r,
    )
    .unwrap();
    for key in ["doc/0sub/x.txt", "doc/a.txt", "doc/b.txt", "doc/c.txt"] {
        cos.put_object(
            params!(
                b,
                PutObjectParams {
                    key: key.into(),
                    body: Body::from("v")
                }
            ),
            |r| r,
        )
        .unwrap();
    }
    cos.delete_object(
        params!(
            b,
            DeleteObjectParams {
                key: "doc/b.txt".into()
            }
        ),
        |r| r,
    )
    .unwrap();
    check(
        "listObjectVersions 2 Version + 1 DeleteMarker + 1 CommonPrefixes (stays an object)",
        serde_json::to_value(
            cos.list_object_versions(
                params!(
                    b,
                    ListObjectVersionsParams {
                        prefix: "doc/".into(),
                        delimiter: "/".into(),
                        max_keys: Some(4)
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    let tags = vec![
        Tag {
            key: "k1".into(),
            value: "v1".into(),
        },
        Tag {
            key: "k2".into(),
            value: "v 2".into(),
        },
    ];
    cos.put_object_tagging(
        params!(
            b,
            PutObjectTaggingParams {
                key: "doc/a.txt".into(),
                tags: tags
            }
        ),
        |r| r,
    )
    .unwrap();
    check(
        "getObjectTagging 2 tags",
        serde_json::to_value(
            cos.get_object_tagging(
                params!(
                    b,
                    GetObjectTaggingParams {
                        key: "doc/a.txt".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
    check(
        "getObjectAcl with VersionId",
        serde_json::to_value(
            cos.get_object_acl(
                params!(
                    b,
                    GetObjectAclParams {
                        key: "doc/a.txt".into()
                    }
                ),
                |r| r,
            )
            .unwrap(),
        ),
    );
}

#[test]
fn params_use_nodes_names_and_leave_callbacks_out() {
    let params = PutObjectParams {
        bucket: "examplebucket-1250000000".into(),
        region: "ap-guangzhou".into(),
        key: "a.txt".into(),
        content_md5: "XUFAKrxLKna5cZ2REBfFkg==".into(),
        attributes: ObjectAttributes {
            content_type: "text/plain".into(),
            storage_class: Some(StorageClass::StandardIa),
            ..Default::default()
        },
        access: AclHeaders {
            acl: Some(Acl::PublicRead),
            ..Default::default()
        },
        headers: Headers::from([("x-cos-meta-a", "b"), ("x-cos-security-token", "secret")]),
        on_progress: Some(OnProgress::new(|_| {})),
        ..Default::default()
    };
    let json = serde_json::to_value(&params).unwrap();
    assert_eq!(json["Bucket"], "examplebucket-1250000000");
    assert_eq!(json["ContentType"], "text/plain");
    assert_eq!(json["StorageClass"], "STANDARD_IA");
    assert_eq!(json["ACL"], "public-read");
    assert_eq!(json["ContentMD5"], "XUFAKrxLKna5cZ2REBfFkg==");
    assert_eq!(json["Headers"]["x-cos-meta-a"], "b");
    assert_eq!(json["Headers"]["x-cos-security-token"], "<redacted>");
    assert!(json.get("OnProgress").is_none() && json.get("Body").is_none());
    assert!(json.get("GrantRead").is_none(), "unset grants are left out");

    // Node-style params read back, unknown enum values kept.
    let back: PutObjectParams = serde_json::from_value(serde_json::json!({
        "Bucket": "examplebucket-1250000000",
        "Region": "ap-guangzhou",
        "Key": "a.txt",
        "StorageClass": "COLD_2030",
        "ACL": "private",
    }))
    .unwrap();
    assert_eq!(back.key, "a.txt");
    assert_eq!(back.access.acl, Some(Acl::Private));
    assert_eq!(
        back.attributes.storage_class,
        Some(StorageClass::Other("COLD_2030".into()))
    );
}

#[test]
fn data_reads_back_from_nodes_json() {
    // Node prints listing numbers as strings; both forms read back.
    let mut node = node_data("getBucket single Contents/CommonPrefixes");
    node.as_object_mut().unwrap().remove("headers"); // a placeholder in the recording
    let data: GetBucketData = serde_json::from_value(node).unwrap();
    assert_eq!(data.max_keys, 1000);
    assert!(!data.is_truncated);
    assert_eq!(data.contents[0].size, 0);
    assert_eq!(data.contents[0].storage_class, StorageClass::Standard);
    assert_eq!(data.status_code, 200);
    let env = Env::start();
    let error = env
        .cos
        .head_object(
            HeadObjectParams {
                bucket: env.bucket(),
                region: REGION.into(),
                key: "missing".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["code"], "NoSuchKey");
    assert_eq!(json["statusCode"], 404);
    assert_eq!(json["RequestId"], error.request_id().unwrap());
}
