//! Bucket configurations (issue 14): each family round-trips through the
//! emulator, absent configurations read as Node reads them, and what COS
//! enforces (policy, hotlink protection, default encryption) is seen by
//! SDK calls.

use cos_sdk::*;

use crate::common::{Env, REGION, client, put, set_versioning};

#[test]
fn policy_opens_anonymous_reads_under_a_prefix_and_is_removed() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env.cos, &bucket, "public/a.txt", "open");
    put(&env.cos, &bucket, "private/b.txt", "closed");
    let anonymous = client(&env.emulator, "", "");
    let read = |key: &str| {
        anonymous.get_object(params!(&bucket, GetObjectParams { key: key.into() }), |r| r)
    };
    assert!(read("public/a.txt").unwrap_err().is_access_denied());

    let policy = format!(
        r#"{{"Statement":[{{"Principal":{{"qcs":["qcs::cam::anyone:anyone"]}},
            "Effect":"Allow","Action":["name/cos:GetObject"],
            "Resource":["qcs::cos:{REGION}:uid/{appid}:{bucket}/public/*"]}}],
            "version":"2.0"}}"#,
        appid = env.emulator.appid()
    );
    env.cos
        .put_bucket_policy(
            params!(&bucket, PutBucketPolicyParams { policy: policy }),
            |r| r,
        )
        .unwrap();
    assert_eq!(read("public/a.txt").unwrap().body, b"open");
    assert!(read("private/b.txt").unwrap_err().is_access_denied());
    let stored = env
        .cos
        .get_bucket_policy(params!(&bucket, GetBucketPolicyParams {}), |r| r)
        .unwrap();
    assert!(stored.policy.contains("public/*"), "{}", stored.policy);

    env.cos
        .delete_bucket_policy(params!(&bucket, DeleteBucketPolicyParams {}), |r| r)
        .unwrap();
    assert!(read("public/a.txt").unwrap_err().is_access_denied());
    let err = env
        .cos
        .get_bucket_policy(params!(&bucket, GetBucketPolicyParams {}), |r| r)
        .unwrap_err();
    assert_eq!((err.status_code(), err.code()), (Some(404), "NoSuchPolicy"));
}

#[test]
fn invalid_configurations_are_refused_before_sending() {
    let env = Env::start();
    let bucket = env.bucket();
    let err = env
        .cos
        .put_bucket_policy(
            params!(
                &bucket,
                PutBucketPolicyParams {
                    policy: "{not json".into()
                }
            ),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("Policy"));
    let err = set_versioning(&env.cos, &bucket, "On").unwrap_err();
    assert_eq!(err.parameter(), Some("VersioningConfiguration"));
    let err = env
        .cos
        .get_bucket_inventory(params!(&bucket, GetBucketInventoryParams {}), |r| r)
        .unwrap_err();
    assert_eq!(err.parameter(), Some("Id"));
    let err = env
        .cos
        .put_bucket_lifecycle(params!(&bucket, PutBucketLifecycleParams {}), |r| r)
        .unwrap_err();
    assert_eq!(err.parameter(), Some("Rules"));
    assert!(
        env.emulator
            .request_log()
            .iter()
            .all(|r| r.method != "PUT" || r.path == "/")
    );
}

#[test]
fn lifecycle_rules_round_trip_with_every_action() {
    let env = Env::start();
    let bucket = env.bucket();
    let absent = env
        .cos
        .get_bucket_lifecycle(params!(&bucket, GetBucketLifecycleParams {}), |r| r)
        .unwrap();
    assert_eq!((absent.status_code, absent.rules.len()), (404, 0));
    let rules = vec![
        LifecycleRule {
            id: "tagged".into(),
            status: "Enabled".into(),
            filter: Some(LifecycleFilter {
                and: Some(LifecycleFilterAnd {
                    prefix: "docs/".into(),
                    tag: vec![Tag {
                        key: "type".into(),
                        value: "draft".into(),
                    }],
                }),
                ..Default::default()
            }),
            transition: vec![
                LifecycleTransition {
                    days: Some(30),
                    storage_class: Some(StorageClass::StandardIa),
                    ..Default::default()
                },
                LifecycleTransition {
                    days: Some(90),
                    storage_class: Some(StorageClass::Archive),
                    ..Default::default()
                },
            ],
            noncurrent_version_expiration: Some(NoncurrentVersionExpiration {
                noncurrent_days: Some(60),
            }),
            ..Default::default()
        },
        LifecycleRule {
            id: "uploads".into(),
            status: "Disabled".into(),
            filter: Some(LifecycleFilter::default()),
            abort_incomplete_multipart_upload: Some(AbortIncompleteMultipartUpload {
                days_after_initiation: Some(7),
            }),
            ..Default::default()
        },
    ];
    env.cos
        .put_bucket_lifecycle(
            params!(
                &bucket,
                PutBucketLifecycleParams {
                    rules: rules.clone()
                }
            ),
            |r| r,
        )
        .unwrap();
    let data = env
        .cos
        .get_bucket_lifecycle(params!(&bucket, GetBucketLifecycleParams {}), |r| r)
        .unwrap();
    assert_eq!(data.rules, rules);
    env.cos
        .delete_bucket_lifecycle(params!(&bucket, DeleteBucketLifecycleParams {}), |r| r)
        .unwrap();
    let gone = env
        .cos
        .get_bucket_lifecycle(params!(&bucket, GetBucketLifecycleParams {}), |r| r)
        .unwrap();
    assert!(gone.rules.is_empty());
}

#[test]
fn replication_needs_versioning_and_round_trips() {
    let env = Env::start();
    let bucket = env.bucket();
    let configuration = ReplicationConfiguration {
        role: "qcs::cam::uin/100000000001:uin/100000000001".into(),
        rules: vec![ReplicationRule {
            id: "1".into(),
            status: "Enabled".into(),
            prefix: "sync/".into(),
            destination: ReplicationDestination {
                bucket: "qcs::cos:ap-chengdu::backup-1250000000".into(),
                storage_class: "Standard".into(),
            },
        }],
    };
    let put_replication = || {
        env.cos.put_bucket_replication(
            params!(
                &bucket,
                PutBucketReplicationParams {
                    replication_configuration: configuration.clone()
                }
            ),
            |r| r,
        )
    };
    assert_eq!(put_replication().unwrap_err().status_code(), Some(409));
    let versioning = |status: &str| set_versioning(&env.cos, &bucket, status);
    versioning("Enabled").unwrap();
    put_replication().unwrap();
    let data = env
        .cos
        .get_bucket_replication(params!(&bucket, GetBucketReplicationParams {}), |r| r)
        .unwrap();
    assert_eq!(data.replication_configuration, configuration);
    env.cos
        .delete_bucket_replication(params!(&bucket, DeleteBucketReplicationParams {}), |r| r)
        .unwrap();
    versioning("Suspended").unwrap();
    let state = env
        .cos
        .get_bucket_versioning(params!(&bucket, GetBucketVersioningParams {}), |r| r)
        .unwrap();
    assert_eq!(state.versioning_configuration.status, "Suspended");
}

#[test]
fn hotlink_protection_is_enforced_on_reads() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env.cos, &bucket, "img.png", "png");
    let referer = RefererConfiguration {
        status: "Enabled".into(),
        referer_type: "White-List".into(),
        domain_list: DomainList {
            domains: vec!["*.example.com".into()],
        },
        empty_refer_configuration: "Deny".into(),
        verify_signature_url: "Enabled".into(),
    };
    env.cos
        .put_bucket_referer(
            params!(
                &bucket,
                PutBucketRefererParams {
                    referer_configuration: referer.clone()
                }
            ),
            |r| r,
        )
        .unwrap();
    let read = |from: Option<&str>| {
        let mut headers = Headers::new();
        if let Some(from) = from {
            headers.insert("referer", from);
        }
        env.cos.get_object(
            params!(
                &bucket,
                GetObjectParams {
                    key: "img.png".into(),
                    headers: headers
                }
            ),
            |r| r,
        )
    };
    assert_eq!(
        read(Some("https://www.example.com/page")).unwrap().body,
        b"png"
    );
    assert!(
        read(Some("https://evil.test/"))
            .unwrap_err()
            .is_access_denied()
    );
    assert!(read(None).unwrap_err().is_access_denied());
    let data = env
        .cos
        .get_bucket_referer(params!(&bucket, GetBucketRefererParams {}), |r| r)
        .unwrap();
    assert_eq!(data.referer_configuration, referer);
}

#[test]
fn website_domain_origin_logging_inventory_and_accelerate_round_trip() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = &env.cos;

    let site = WebsiteConfiguration {
        index_document: Some(IndexDocument {
            suffix: "index.html".into(),
        }),
        error_document: Some(ErrorDocument {
            key: "404.html".into(),
            ..Default::default()
        }),
        routing_rules: vec![RoutingRule {
            condition: RoutingCondition {
                http_error_code_returned_equals: "404".into(),
                ..Default::default()
            },
            redirect: RoutingRedirect {
                protocol: "https".into(),
                replace_key_with: "404.html".into(),
                ..Default::default()
            },
        }],
        ..Default::default()
    };
    cos.put_bucket_website(
        params!(
            &bucket,
            PutBucketWebsiteParams {
                website_configuration: site.clone()
            }
        ),
        |r| r,
    )
    .unwrap();
    let got = cos
        .get_bucket_website(params!(&bucket, GetBucketWebsiteParams {}), |r| r)
        .unwrap();
    assert_eq!(got.website_configuration, site);
    cos.delete_bucket_website(params!(&bucket, DeleteBucketWebsiteParams {}), |r| r)
        .unwrap();

    let domain = DomainRule {
        status: "ENABLED".into(),
        name: "www.example.com".into(),
        domain_type: "REST".into(),
        ..Default::default()
    };
    cos.put_bucket_domain(
        params!(
            &bucket,
            PutBucketDomainParams {
                domain_rule: vec![domain.clone()]
            }
        ),
        |r| r,
    )
    .unwrap();
    let got = cos
        .get_bucket_domain(params!(&bucket, GetBucketDomainParams {}), |r| r)
        .unwrap();
    assert_eq!(got.domain_rule, std::slice::from_ref(&domain));
    // Another bucket cannot take the domain.
    let other = env.bucket();
    let err = cos
        .put_bucket_domain(
            params!(
                &other,
                PutBucketDomainParams {
                    domain_rule: vec![domain]
                }
            ),
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.code(), "DomainConflict");
    cos.delete_bucket_domain(params!(&bucket, DeleteBucketDomainParams {}), |r| r)
        .unwrap();

    let origin = OriginRule {
        origin_type: "Mirror".into(),
        origin_condition: OriginCondition {
            http_status_code: "404".into(),
            prefix: Some(String::new()),
        },
        origin_parameter: OriginParameter {
            protocol: "HTTP".into(),
            follow_query_string: "true".into(),
            http_header: Some(OriginHttpHeader {
                follow_all_headers: "false".into(),
                new_http_headers: Some(OriginHeaders {
                    header: vec![OriginHeader {
                        key: "x-cos-meta-a".into(),
                        value: "a".into(),
                    }],
                }),
                ..Default::default()
            }),
            follow_redirection: "true".into(),
            http_redirect_code: vec!["301".into(), "302".into()],
        },
        origin_info: OriginInfo {
            host_info: OriginHostInfo {
                host_name: "qq.com".into(),
            },
            file_info: Some(OriginFileInfo {
                prefix_configuration: Some(OriginPrefix {
                    prefix: "123/".into(),
                }),
                suffix_configuration: Some(OriginSuffix {
                    suffix: ".jpg".into(),
                }),
            }),
        },
        rule_priority: Some(1),
    };
    cos.put_bucket_origin(
        params!(
            &bucket,
            PutBucketOriginParams {
                origin_rule: vec![origin.clone()]
            }
        ),
        |r| r,
    )
    .unwrap();
    let got = cos
        .get_bucket_origin(params!(&bucket, GetBucketOriginParams {}), |r| r)
        .unwrap();
    assert_eq!(got.origin_rule, [origin]);
    cos.delete_bucket_origin(params!(&bucket, DeleteBucketOriginParams {}), |r| r)
        .unwrap();
    let err = cos
        .get_bucket_origin(params!(&bucket, GetBucketOriginParams {}), |r| r)
        .unwrap_err();
    assert_eq!(err.code(), "NoSuchOriginConfiguration");

    let logging = BucketLoggingStatus {
        logging_enabled: Some(LoggingEnabled {
            target_bucket: other.clone(),
            target_prefix: "logs/".into(),
        }),
    };
    cos.put_bucket_logging(
        params!(
            &bucket,
            PutBucketLoggingParams {
                bucket_logging_status: logging.clone()
            }
        ),
        |r| r,
    )
    .unwrap();
    let got = cos
        .get_bucket_logging(params!(&bucket, GetBucketLoggingParams {}), |r| r)
        .unwrap();
    assert_eq!(got.bucket_logging_status, logging);
    cos.put_bucket_logging(params!(&bucket, PutBucketLoggingParams {}), |r| r)
        .unwrap();
    let got = cos
        .get_bucket_logging(params!(&bucket, GetBucketLoggingParams {}), |r| r)
        .unwrap();
    assert!(got.bucket_logging_status.logging_enabled.is_none());

    let ids = ["a-report", "b-report"];
    for id in ids {
        let report = InventoryConfiguration {
            id: id.into(),
            is_enabled: "true".into(),
            destination: InventoryDestination {
                cos_bucket_destination: CosBucketDestination {
                    format: "CSV".into(),
                    account_id: "100000000001".into(),
                    bucket: format!("qcs::cos:{REGION}::{other}"),
                    prefix: "inventory".into(),
                    encryption: Some(InventoryEncryption {
                        sse_cos: Some(String::new()),
                    }),
                },
            },
            schedule: InventorySchedule {
                frequency: "Weekly".into(),
            },
            filter: Some(InventoryFilter {
                prefix: "docs/".into(),
                ..Default::default()
            }),
            included_object_versions: "All".into(),
            optional_fields: vec!["Size".into(), "ETag".into()],
        };
        cos.put_bucket_inventory(
            params!(
                &bucket,
                PutBucketInventoryParams {
                    id: id.into(),
                    inventory_configuration: report
                }
            ),
            |r| r,
        )
        .unwrap();
    }
    let one = cos
        .get_bucket_inventory(
            params!(
                &bucket,
                GetBucketInventoryParams {
                    id: "b-report".into()
                }
            ),
            |r| r,
        )
        .unwrap();
    assert_eq!(
        one.inventory_configuration.optional_fields,
        ["Size", "ETag"]
    );
    assert!(
        one.inventory_configuration
            .destination
            .cos_bucket_destination
            .encryption
            .is_some()
    );
    let list = cos
        .list_bucket_inventory(params!(&bucket, ListBucketInventoryParams {}), |r| r)
        .unwrap();
    let listed: Vec<&str> = list
        .inventory_configurations
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!((listed, list.is_truncated), (ids.to_vec(), false));
    cos.delete_bucket_inventory(
        params!(
            &bucket,
            DeleteBucketInventoryParams {
                id: "a-report".into()
            }
        ),
        |r| r,
    )
    .unwrap();
    let list = cos
        .list_bucket_inventory(params!(&bucket, ListBucketInventoryParams {}), |r| r)
        .unwrap();
    assert_eq!(list.inventory_configurations.len(), 1);

    let accelerate = |status: &str| {
        cos.put_bucket_accelerate(
            params!(
                &bucket,
                PutBucketAccelerateParams {
                    accelerate_configuration: AccelerateConfiguration {
                        status: status.into(),
                        ..Default::default()
                    }
                }
            ),
            |r| r,
        )
    };
    accelerate("Enabled").unwrap();
    let got = cos
        .get_bucket_accelerate(params!(&bucket, GetBucketAccelerateParams {}), |r| r)
        .unwrap();
    assert_eq!(got.accelerate_configuration.status, "Enabled");
}

#[test]
fn default_encryption_is_reported_on_new_objects() {
    let env = Env::start();
    let bucket = env.bucket();
    let sse = ServerSideEncryptionConfiguration {
        rule: vec![EncryptionRule {
            apply_server_side_encryption_by_default: ApplyServerSideEncryptionByDefault {
                sse_algorithm: "AES256".into(),
                ..Default::default()
            },
        }],
    };
    let absent = env
        .cos
        .get_bucket_encryption(params!(&bucket, GetBucketEncryptionParams {}), |r| r)
        .unwrap();
    assert!(absent.server_side_encryption_configuration.rule.is_empty());
    env.cos
        .put_bucket_encryption(
            params!(
                &bucket,
                PutBucketEncryptionParams {
                    server_side_encryption_configuration: sse.clone()
                }
            ),
            |r| r,
        )
        .unwrap();
    let stored = put(&env.cos, &bucket, "secret.txt", "s");
    assert_eq!(
        stored.headers.get("x-cos-server-side-encryption"),
        Some("AES256")
    );
    let data = env
        .cos
        .get_bucket_encryption(params!(&bucket, GetBucketEncryptionParams {}), |r| r)
        .unwrap();
    assert_eq!(data.server_side_encryption_configuration, sse);
    env.cos
        .delete_bucket_encryption(params!(&bucket, DeleteBucketEncryptionParams {}), |r| r)
        .unwrap();
    let plain = put(&env.cos, &bucket, "plain.txt", "p");
    assert_eq!(plain.headers.get("x-cos-server-side-encryption"), None);
}

#[test]
fn get_service_filters_by_region_and_pages() {
    let env = Env::start();
    let names: Vec<String> = (0..3).map(|_| env.bucket()).collect();
    let mut seen = Vec::new();
    let mut marker = String::new();
    loop {
        let page = env
            .cos
            .get_service(
                GetServiceParams {
                    region: REGION.into(),
                    marker: marker.clone(),
                    max_keys: Some(2),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap();
        assert!(page.buckets.len() <= 2);
        seen.extend(page.buckets.iter().map(|b| b.name.clone()));
        match page.next_marker {
            Some(next) if page.is_truncated => marker = next,
            _ => break,
        }
    }
    seen.sort();
    assert_eq!(seen, names);
    let elsewhere = env
        .cos
        .get_service(
            GetServiceParams {
                region: "ap-beijing".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert!(elsewhere.buckets.is_empty());
    let err = env
        .cos
        .get_service(
            GetServiceParams {
                create_range: "soon".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.parameter(), Some("CreateRange"));
}
