//! ACLs, CORS (configuration and preflight), tagging and location.

use cos_sdk::{
    AccessControlPolicy, Body, CorsRule, DeleteBucketCorsParams, GetBucketAclParams,
    GetBucketCorsParams, GetBucketLocationParams, GetBucketTaggingParams, GetObjectAclParams,
    GetObjectParams, Grant, Grantee, OptionsObjectParams, PutBucketAclParams, PutBucketCorsParams,
    PutBucketTaggingParams, PutObjectAclParams, PutObjectParams, Tag,
};

use crate::common::{Env, REGION, client};

fn put(env: &Env, bucket: &str, key: &str) {
    env.cos
        .put_object(
            PutObjectParams {
                bucket: bucket.into(),
                region: REGION.into(),
                key: key.into(),
                body: Body::from("acl test"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
}

fn bucket_acl(env: &Env, bucket: &str) -> cos_sdk::GetBucketAclData {
    env.cos
        .get_bucket_acl(
            GetBucketAclParams {
                bucket: bucket.into(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap()
}

#[test]
fn bucket_acl_from_headers_and_document() {
    let env = Env::start();
    let bucket = env.bucket();
    let acl = bucket_acl(&env, &bucket);
    assert_eq!(acl.acl, "private");
    assert!(!acl.owner.id.is_empty());
    assert_eq!(
        acl.grants.len(),
        1,
        "owner FULL_CONTROL only: {:?}",
        acl.grants
    );
    assert_eq!(acl.grants[0].permission, "FULL_CONTROL");

    env.cos
        .put_bucket_acl(
            PutBucketAclParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                access: cos_sdk::AclHeaders {
                    acl: Some("public-read".into()),
                    grant_write:
                        "id=\"qcs::cam::uin/200:uin/200\", id=\"qcs::cam::uin/200:uin/200\"".into(),
                    ..Default::default()
                },
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let acl = bucket_acl(&env, &bucket);
    assert_eq!(acl.acl, "public-read");
    assert_eq!(acl.grant_write, "id=\"qcs::cam::uin/200:uin/200\"");
    assert!(
        acl.grants
            .iter()
            .any(|g| g.grantee.uri.ends_with("/AllUsers") && g.permission == "READ")
    );

    let owner = acl.owner.clone();
    env.cos
        .put_bucket_acl(
            PutBucketAclParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                access_control_policy: Some(AccessControlPolicy {
                    owner: owner.clone(),
                    grants: vec![
                        Grant {
                            grantee: Grantee {
                                id: owner.id.clone(),
                                ..Default::default()
                            },
                            permission: "FULL_CONTROL".into(),
                        },
                        Grant {
                            grantee: Grantee {
                                id: "qcs::cam::uin/300:uin/300".into(),
                                ..Default::default()
                            },
                            permission: "READ".into(),
                        },
                    ],
                }),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let acl = bucket_acl(&env, &bucket);
    assert_eq!(acl.acl, "private");
    assert_eq!(acl.grant_read, "id=\"qcs::cam::uin/300:uin/300\"");
    assert_eq!(acl.grant_write, "");
}

#[test]
fn object_acl_and_anonymous_reads() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env, &bucket, "public.txt");
    put(&env, &bucket, "private.txt");
    let anonymous = client(&env.emulator, "", "");
    let read = |key: &str| {
        anonymous.get_object(
            GetObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: key.into(),
                ..Default::default()
            },
            |r| r,
        )
    };
    assert_eq!(read("public.txt").unwrap_err().code(), "AccessDenied");

    env.cos
        .put_object_acl(
            PutObjectAclParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "public.txt".into(),
                access: cos_sdk::AclHeaders {
                    acl: Some("public-read".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let acl = env
        .cos
        .get_object_acl(
            GetObjectAclParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "public.txt".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(acl.acl, "public-read");
    assert_eq!(read("public.txt").unwrap().body, b"acl test");
    assert_eq!(read("private.txt").unwrap_err().code(), "AccessDenied");

    let missing = env
        .cos
        .get_object_acl(
            GetObjectAclParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "nope".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(missing.code(), "NoSuchKey");
}

#[test]
fn cors_configuration_and_preflight() {
    let env = Env::start();
    let bucket = env.bucket();
    let get = || {
        env.cos
            .get_bucket_cors(
                GetBucketCorsParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
    };
    let none = get();
    assert!(none.cors_rules.is_empty());
    assert_eq!(
        none.status_code, 404,
        "Node reports a missing configuration as empty rules"
    );

    let preflight = |origin: &str, method: &str| {
        env.cos
            .options_object(
                OptionsObjectParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    key: "1.jpg".into(),
                    origin: origin.into(),
                    access_control_request_method: method.into(),
                    access_control_request_headers: "x-cos-meta-a".into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
    };
    assert!(preflight("https://qq.com", "PUT").options_forbidden);

    let rule = CorsRule {
        id: "r1".into(),
        allowed_origins: vec!["https://*.qq.com".into(), "https://qq.com".into()],
        allowed_methods: vec!["GET".into(), "PUT".into()],
        allowed_headers: vec!["*".into()],
        expose_headers: vec!["ETag".into()],
        max_age_seconds: Some(5),
    };
    env.cos
        .put_bucket_cors(
            PutBucketCorsParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                cors_rules: vec![rule.clone()],
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    let stored = get();
    assert_eq!(stored.status_code, 200);
    assert_eq!(stored.cors_rules, vec![rule]);

    let ok = preflight("https://www.qq.com", "PUT");
    assert!(!ok.options_forbidden);
    assert_eq!(ok.access_control_allow_origin, "https://www.qq.com");
    assert!(ok.access_control_allow_methods.contains("PUT"));
    assert_eq!(ok.access_control_expose_headers, "ETag");
    assert_eq!(ok.access_control_max_age, "5");
    assert!(preflight("https://evil.com", "PUT").options_forbidden);
    assert!(preflight("https://qq.com", "DELETE").options_forbidden);

    let deleted = env
        .cos
        .delete_bucket_cors(
            DeleteBucketCorsParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(deleted.status_code, 204);
    assert!(get().cors_rules.is_empty());
}

#[test]
fn tagging_and_location() {
    let env = Env::start();
    let bucket = env.bucket();
    let params = || GetBucketTaggingParams {
        bucket: bucket.clone(),
        region: REGION.into(),
        ..Default::default()
    };
    let none = env.cos.get_bucket_tagging(params(), |r| r).unwrap();
    assert!(none.tags.is_empty());
    assert_eq!(none.status_code, 404);

    let tags = vec![
        Tag {
            key: "k1".into(),
            value: "v1".into(),
        },
        Tag {
            key: "环境".into(),
            value: "a&b <c>".into(),
        },
    ];
    env.cos
        .put_bucket_tagging(
            PutBucketTaggingParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                tags: tags.clone(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(
        env.cos.get_bucket_tagging(params(), |r| r).unwrap().tags,
        tags
    );

    let duplicate = env
        .cos
        .put_bucket_tagging(
            PutBucketTaggingParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                tags: vec![
                    Tag {
                        key: "k".into(),
                        value: "1".into(),
                    },
                    Tag {
                        key: "k".into(),
                        value: "2".into(),
                    },
                ],
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(duplicate.code(), "InvalidTag");

    let deleted = env
        .cos
        .delete_bucket_tagging(
            cos_sdk::DeleteBucketTaggingParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(deleted.status_code, 204);
    assert!(
        env.cos
            .get_bucket_tagging(params(), |r| r)
            .unwrap()
            .tags
            .is_empty()
    );

    let location = env
        .cos
        .get_bucket_location(
            GetBucketLocationParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(location.location_constraint, REGION);
}
