//! Authentication failures, client-side validation and transport errors.

use cos_sdk::{
    Body, Cos, CosOptions, ErrorKind, GetBucketParams, HeadObjectParams, PutBucketParams,
    PutObjectParams,
};

use crate::common::{Env, REGION, client};

fn list(cos: &Cos, bucket: &str) -> Result<cos_sdk::GetBucketData, cos_sdk::CosError> {
    cos.get_bucket(
        GetBucketParams {
            bucket: bucket.into(),
            region: REGION.into(),
            ..Default::default()
        },
        |r| r,
    )
}

#[test]
fn wrong_secret_key_is_signature_does_not_match() {
    let env = Env::start();
    let bucket = env.bucket();
    let wrong = client(
        &env.emulator,
        env.emulator.secret_id(),
        "not-the-right-secret-key",
    );
    let err = list(&wrong, &bucket).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert_eq!(err.code(), "SignatureDoesNotMatch");
    assert_eq!(err.status_code(), Some(403));
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("not-the-right-secret-key"), "{shown}");
        assert!(!shown.contains("q-signature"), "{shown}");
    }

    let unknown = client(&env.emulator, "AKIDunknown", "whatever");
    assert_eq!(
        list(&unknown, &bucket).unwrap_err().code(),
        "InvalidAccessKeyId"
    );
}

fn with_clock_offset(env: &Env, offset_ms: i64) -> Cos {
    Cos::new(CosOptions {
        system_clock_offset: offset_ms,
        ..env.cos.options().clone()
    })
    .unwrap()
}

#[test]
fn expired_and_future_signatures_are_refused() {
    let env = Env::start();
    let bucket = env.bucket();
    let late = with_clock_offset(&env, -2 * 3600 * 1000);
    let err = list(&late, &bucket).unwrap_err();
    assert_eq!(err.status_code(), Some(403));
    assert_eq!(err.code(), "AccessDenied");
    assert_eq!(err.message(), "Request has expired");

    let early = with_clock_offset(&env, 2 * 3600 * 1000);
    let err = list(&early, &bucket).unwrap_err();
    assert_eq!(err.code(), "RequestTimeTooSkewed");

    // Within the window a small offset is harmless.
    assert!(list(&with_clock_offset(&env, -60_000), &bucket).is_ok());
}

#[test]
fn anonymous_requests_to_private_buckets_are_denied() {
    let env = Env::start();
    let bucket = env.bucket();
    let anonymous = client(&env.emulator, "", "");
    let err = list(&anonymous, &bucket).unwrap_err();
    assert_eq!(err.code(), "AccessDenied");
    assert_eq!(err.status_code(), Some(403));
}

#[test]
fn invalid_params_are_rejected_before_any_request() {
    let env = Env::start();
    env.emulator.clear_request_log();
    let cases: Vec<(cos_sdk::CosError, &str)> = vec![
        (list(&env.cos, "Bad_Bucket").unwrap_err(), "Bucket"),
        (list(&env.cos, "noappid").unwrap_err(), "Bucket"),
        (
            env.cos
                .get_bucket(
                    GetBucketParams {
                        bucket: "ok-1250000000".into(),
                        region: "ap guangzhou".into(),
                        ..Default::default()
                    },
                    |r| r,
                )
                .unwrap_err(),
            "Region",
        ),
        (
            env.cos
                .put_bucket(
                    PutBucketParams {
                        bucket: "ok-1250000000".into(),
                        region: "cos.ap-guangzhou".into(),
                        ..Default::default()
                    },
                    |r| r,
                )
                .unwrap_err(),
            "Region",
        ),
        (
            env.cos
                .head_object(
                    HeadObjectParams {
                        bucket: "ok-1250000000".into(),
                        region: REGION.into(),
                        ..Default::default()
                    },
                    |r| r,
                )
                .unwrap_err(),
            "Key",
        ),
        (
            env.cos
                .put_object(
                    PutObjectParams {
                        bucket: "ok-1250000000".into(),
                        region: REGION.into(),
                        key: "k".repeat(851),
                        body: Body::from("x"),
                        ..Default::default()
                    },
                    |r| r,
                )
                .unwrap_err(),
            "Key",
        ),
        (
            env.cos
                .get_object(
                    cos_sdk::GetObjectParams {
                        bucket: "ok-1250000000".into(),
                        region: REGION.into(),
                        key: "/./".into(),
                        ..Default::default()
                    },
                    |r| r,
                )
                .unwrap_err(),
            "Key",
        ),
    ];
    for (err, parameter) in cases {
        assert_eq!(err.kind(), ErrorKind::InvalidParameter, "{err}");
        assert_eq!(err.parameter(), Some(parameter), "{err}");
        assert!(err.to_string().contains(parameter), "{err}");
    }
    assert!(env.emulator.request_log().is_empty(), "nothing was sent");
}

#[test]
fn connection_refused_is_a_network_error() {
    // Bind then drop a listener to get a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let cos = Cos::new(CosOptions {
        secret_id: "AKIDx".into(),
        secret_key: "secret".into(),
        protocol: "http".into(),
        ip: format!("127.0.0.1:{port}"),
        ..Default::default()
    })
    .unwrap();
    let err = list(&cos, "examplebucket-1250000000").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Network, "{err:?}");
    assert_eq!(err.code(), "ECONNREFUSED");
    assert!(err.url().is_some());
}
