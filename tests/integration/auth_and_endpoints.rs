//! Presigned URLs, temporary credentials and endpoint options.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use cos_sdk::{
    Authorization, Body, Cos, CosOptions, ErrorKind, GetAuthParams, GetAuthorizationOptions,
    GetObjectParams, GetObjectUrlParams, GetServiceParams, Headers, PutObjectAclParams,
    PutObjectParams, TemporaryCredentials,
};

use crate::common::{Env, REGION, client, put};

fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Sends a presigned URL to the emulator (which answers for the real host
/// names on its own address).
fn fetch(
    env: &Env,
    method: &str,
    url: &str,
    body: &[u8],
    content_type: Option<&str>,
) -> (u16, Vec<u8>) {
    let (host_and_path, _) = url.split_once("://").map(|(_, rest)| (rest, ())).unwrap();
    let (host, path) = host_and_path.split_once('/').unwrap();
    let target = format!("http://{}/{}", env.emulator.endpoint(), path);
    let mut request = ureq::http::Request::builder()
        .method(method)
        .uri(target)
        .header("host", host);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let mut response = http().run(request.body(body.to_vec()).unwrap()).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_vec().unwrap())
}

fn url(cos: &Cos, params: GetObjectUrlParams) -> String {
    cos.get_object_url(params, |r| r).unwrap().url
}

#[test]
fn presigned_get_works_for_its_method_until_it_expires() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env.cos, &bucket, "中文/a b+c.txt", "shared");
    let signed = url(
        &env.cos,
        GetObjectUrlParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "中文/a b+c.txt".into(),
            expires: Some(60),
            query: vec![(
                "response-content-disposition".into(),
                "attachment; filename=\"x.txt\"".into(),
            )],
            ..Default::default()
        },
    );
    assert!(
        signed.starts_with(&format!("http://{bucket}.cos.{REGION}.myqcloud.com/")),
        "{signed}"
    );
    assert_eq!(
        fetch(&env, "GET", &signed, b"", None),
        (200, b"shared".to_vec())
    );
    assert_eq!(
        fetch(&env, "DELETE", &signed, b"", None).0,
        403,
        "signed for GET only"
    );

    env.emulator.set_clock_offset(120);
    assert_eq!(fetch(&env, "GET", &signed, b"", None).0, 403, "expired");
    env.emulator.set_clock_offset(0);

    let unsigned = url(
        &env.cos,
        GetObjectUrlParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "中文/a b+c.txt".into(),
            sign: false,
            ..Default::default()
        },
    );
    assert!(!unsigned.contains("q-signature"));
    assert_eq!(
        fetch(&env, "GET", &unsigned, b"", None).0,
        403,
        "private object"
    );
    env.cos
        .put_object_acl(
            PutObjectAclParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "中文/a b+c.txt".into(),
                access: cos_sdk::AclHeaders {
                    acl: Some("public-read".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(
        fetch(&env, "GET", &unsigned, b"", None),
        (200, b"shared".to_vec())
    );
}

#[test]
fn presigned_put_pins_its_content_type() {
    let env = Env::start();
    let bucket = env.bucket();
    let signed = url(
        &env.cos,
        GetObjectUrlParams {
            bucket: bucket.clone(),
            region: REGION.into(),
            key: "upload.json".into(),
            method: "PUT".into(),
            headers: Headers::from([("Content-Type", "application/json")]),
            ..Default::default()
        },
    );
    assert_eq!(fetch(&env, "PUT", &signed, b"{}", Some("text/html")).0, 403);
    assert_eq!(
        fetch(&env, "PUT", &signed, b"{}", Some("application/json")).0,
        200
    );
    let got = env
        .cos
        .get_object(
            GetObjectParams {
                bucket,
                region: REGION.into(),
                key: "upload.json".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(got.body, b"{}");
    assert_eq!(got.headers.get("content-type"), Some("application/json"));
}

#[test]
fn get_auth_signs_for_other_clients() {
    let env = Env::start();
    let bucket = env.bucket();
    put(&env.cos, &bucket, "a.txt", "auth");
    let host = format!("{bucket}.cos.{REGION}.myqcloud.com");
    let authorization = env
        .cos
        .get_auth(GetAuthParams {
            key: "a.txt".into(),
            bucket: bucket.clone(),
            region: REGION.into(),
            ..Default::default()
        })
        .unwrap();
    let request = ureq::http::Request::builder()
        .method("GET")
        .uri(format!("http://{}/a.txt", env.emulator.endpoint()))
        .header("host", host)
        .header("authorization", authorization)
        .body(())
        .unwrap();
    let mut response = http().run(request).unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.body_mut().read_to_vec().unwrap(), b"auth");
}

/// Asks the emulator's STS endpoint for temporary keys, the way a desktop
/// tool asks its company's credential server.
pub fn fetch_temporary_keys(
    endpoint: &str,
    id: &str,
    key: &str,
    lifetime: Duration,
) -> Result<TemporaryCredentials, String> {
    let lifetime = lifetime.as_secs().to_string();
    let authorization = cos_sdk::get_authorization(&GetAuthorizationOptions {
        secret_id: id.into(),
        secret_key: key.into(),
        method: "POST".into(),
        key: "sts".into(),
        query: vec![("lifetime".into(), lifetime.clone())],
        headers: Headers::from([("host", endpoint)]),
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let request = ureq::http::Request::builder()
        .method("POST")
        .uri(format!("http://{endpoint}/sts?lifetime={lifetime}"))
        .header("authorization", authorization)
        .body(())
        .map_err(|e| e.to_string())?;
    let mut response = http().run(request).map_err(|e| e.to_string())?;
    let json: serde_json::Value = serde_json::from_slice(
        &response
            .body_mut()
            .read_to_vec()
            .map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    Ok(TemporaryCredentials {
        tmp_secret_id: text(&json["Credentials"]["TmpSecretId"]),
        tmp_secret_key: text(&json["Credentials"]["TmpSecretKey"]),
        security_token: text(&json["Credentials"]["Token"]),
        start_time: json["StartTime"].as_u64(),
        expired_time: json["ExpiredTime"].as_u64().unwrap_or(0),
    })
}

/// A client whose keys come from a callback that mints temporary keys.
fn temporary_client(env: &Env, lifetime: Duration, calls: Arc<AtomicU64>) -> Cos {
    let endpoint = env.emulator.endpoint();
    let (id, key) = (
        env.emulator.secret_id().to_string(),
        env.emulator.secret_key().to_string(),
    );
    let base = client(&env.emulator, "", "");
    Cos::new(CosOptions {
        get_authorization: Some(Arc::new(move |_request| {
            calls.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(50)); // a slow STS server
            fetch_temporary_keys(&endpoint, &id, &key, lifetime).map(Authorization::Temporary)
        })),
        max_retries: 0,
        ..base.options().clone()
    })
    .unwrap()
}

#[test]
fn temporary_keys_refresh_once_for_all_threads() {
    let env = Env::start();
    let bucket = env.bucket();
    let calls = Arc::new(AtomicU64::new(0));
    let cos = temporary_client(&env, Duration::from_secs(3600), Arc::clone(&calls));
    std::thread::scope(|scope| {
        for t in 0..8 {
            let (cos, bucket) = (&cos, &bucket);
            scope.spawn(move || {
                for i in 0..5 {
                    put(cos, bucket, &format!("t{t}/{i}"), "temporary");
                }
            });
        }
    });
    assert_eq!(calls.load(Ordering::SeqCst), 1, "no stampede");
    assert_eq!(env.emulator.temporary_credentials_issued(), 1);
    let logged = env.emulator.request_log();
    let sent = logged
        .iter()
        .find(|r| r.method == "PUT" && r.path.contains("t0/"))
        .unwrap();
    assert!(
        sent.header("x-cos-security-token")
            .is_some_and(|t| !t.is_empty())
    );
    assert!(
        !sent
            .header("authorization")
            .unwrap_or_default()
            .contains("x-cos-security-token"),
        "sent unsigned, as Node"
    );

    // Presigned URLs carry the token too.
    put(&cos, &bucket, "u.txt", "via url");
    let signed = url(
        &cos,
        GetObjectUrlParams {
            bucket,
            region: REGION.into(),
            key: "u.txt".into(),
            ..Default::default()
        },
    );
    assert!(signed.contains("&x-cos-security-token="));
    assert_eq!(
        fetch(&env, "GET", &signed, b"", None),
        (200, b"via url".to_vec())
    );
}

#[test]
fn expired_temporary_keys_are_replaced() {
    let env = Env::start();
    let bucket = env.bucket();
    let calls = Arc::new(AtomicU64::new(0));
    let cos = temporary_client(&env, Duration::from_secs(120), Arc::clone(&calls));
    put(&cos, &bucket, "a", "1");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // The server's clock moves past the keys' lifetime: COS refuses them,
    // the SDK asks for new ones and the request goes through.
    env.emulator.set_clock_offset(600);
    put(&cos, &bucket, "b", "2");
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // A static token that expired is refused with COS's error.
    let issued = env
        .emulator
        .issue_temporary_credentials(Duration::from_secs(60));
    env.emulator.set_clock_offset(1000);
    let stale = Cos::new(CosOptions {
        secret_id: issued.tmp_secret_id,
        secret_key: issued.tmp_secret_key,
        security_token: issued.security_token,
        correct_clock_skew: false,
        ..client(&env.emulator, "", "").options().clone()
    })
    .unwrap();
    let err = stale
        .put_object(
            PutObjectParams {
                bucket,
                region: REGION.into(),
                key: "c".into(),
                body: Body::from("3"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Service);
    assert!(
        err.code() == "ExpiredToken" || err.message() == "Request has expired",
        "{err}"
    );
}

#[test]
fn a_callback_may_return_ready_signatures() {
    let env = Env::start();
    let bucket = env.bucket();
    let (id, key) = (
        env.emulator.secret_id().to_string(),
        env.emulator.secret_key().to_string(),
    );
    // A signing server: signs exactly what it is asked for, never hands out keys.
    let cos = Cos::new(CosOptions {
        get_authorization: Some(Arc::new(move |request| {
            let authorization = cos_sdk::get_authorization(&GetAuthorizationOptions {
                secret_id: id.clone(),
                secret_key: key.clone(),
                method: request.method.clone(),
                pathname: Some(request.pathname.clone()),
                query: request.query.clone(),
                headers: request.headers.clone(),
                ..Default::default()
            })
            .map_err(|e| e.to_string())?;
            Ok(Authorization::Signed {
                authorization,
                security_token: String::new(),
            })
        })),
        ..client(&env.emulator, "", "").options().clone()
    })
    .unwrap();
    put(&cos, &bucket, "signed.txt", "by a server");
    let failing = Cos::new(CosOptions {
        get_authorization: Some(Arc::new(|_| Err("STS is down".to_string()))),
        ..client(&env.emulator, "", "").options().clone()
    })
    .unwrap();
    let err = failing
        .put_object(
            PutObjectParams {
                bucket,
                region: REGION.into(),
                key: "x".into(),
                body: Body::from("x"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Credentials);
    assert!(err.to_string().contains("STS is down"));
}

#[test]
fn path_style_proxy_service_domain_and_default_headers() {
    let env = Env::start();
    let bucket = env.bucket();
    let base = client(
        &env.emulator,
        env.emulator.secret_id(),
        env.emulator.secret_key(),
    )
    .options()
    .clone();

    let path_style = Cos::new(CosOptions {
        ip: String::new(),
        force_path_style: true,
        domain: env.emulator.url(),
        ..base.clone()
    })
    .unwrap();
    put(&path_style, &bucket, "dir/path style.txt", "path");
    assert!(
        env.emulator
            .request_log()
            .iter()
            .any(|r| r.path == format!("/{bucket}/dir/path style.txt"))
    );

    let proxied = Cos::new(CosOptions {
        ip: String::new(),
        proxy: env.emulator.url(),
        ..base.clone()
    })
    .unwrap();
    put(&proxied, &bucket, "proxied.txt", "proxy");
    let logged = env.emulator.request_log();
    let via_proxy = logged.iter().rev().find(|r| r.method == "PUT").unwrap();
    assert_eq!(
        via_proxy.host,
        format!("{bucket}.cos.{REGION}.myqcloud.com")
    );

    let service = Cos::new(CosOptions {
        ip: String::new(),
        service_domain: env.emulator.url(),
        ..base.clone()
    })
    .unwrap();
    let buckets = service
        .get_service(GetServiceParams::default(), |r| r)
        .unwrap()
        .buckets;
    assert!(buckets.iter().any(|b| b.name == bucket));

    let tagged = Cos::new(CosOptions {
        headers: Headers::from([("x-cos-meta-origin", "default-headers")]),
        keep_alive: false,
        ..base
    })
    .unwrap();
    put(&tagged, &bucket, "h.txt", "h");
    let head = env
        .cos
        .head_object(
            cos_sdk::HeadObjectParams {
                bucket,
                region: REGION.into(),
                key: "h.txt".into(),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap();
    assert_eq!(
        head.headers.get("x-cos-meta-origin"),
        Some("default-headers")
    );
}

#[test]
fn a_signing_callback_is_called_in_parallel_not_queued() {
    let env = Env::start();
    let bucket = env.bucket();
    let (id, key) = (
        env.emulator.secret_id().to_string(),
        env.emulator.secret_key().to_string(),
    );
    let in_flight = Arc::new(AtomicU64::new(0));
    let most = Arc::new(AtomicU64::new(0));
    let (now, peak) = (Arc::clone(&in_flight), Arc::clone(&most));
    let cos = Cos::new(CosOptions {
        get_authorization: Some(Arc::new(move |request| {
            let running = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(running, Ordering::SeqCst);
            // A slow signing server.
            std::thread::sleep(Duration::from_millis(150));
            now.fetch_sub(1, Ordering::SeqCst);
            let authorization = cos_sdk::get_authorization(&GetAuthorizationOptions {
                secret_id: id.clone(),
                secret_key: key.clone(),
                method: request.method.clone(),
                pathname: Some(request.pathname.clone()),
                query: request.query.clone(),
                headers: request.headers.clone(),
                ..Default::default()
            })
            .map_err(|e| e.to_string())?;
            Ok(Authorization::Signed {
                authorization,
                security_token: String::new(),
            })
        })),
        ..client(&env.emulator, "", "").options().clone()
    })
    .unwrap();
    put(&cos, &bucket, "first.txt", "learns that the callback signs");
    let threads: Vec<_> = (0..4)
        .map(|i| {
            let (cos, bucket) = (cos.clone(), bucket.clone());
            std::thread::spawn(move || put(&cos, &bucket, &format!("p{i}"), "x"))
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert!(most.load(Ordering::SeqCst) >= 2, "signing calls overlapped");
}
