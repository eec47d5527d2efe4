//! A desktop tool that never holds a permanent key: it asks a credential
//! server for temporary keys when it needs them (the SDK caches them and
//! refreshes them shortly before they expire, once for all threads), then
//! uploads, lists and shares a file with them.
//!
//! ```text
//! cargo run --example temporary_credentials
//! ```
//!
//! The credential server here is the embedded emulator's `POST /sts`
//! endpoint, called with a permanent key that only the server side holds;
//! in a real deployment it is your own service calling Tencent Cloud STS.

use std::error::Error;
use std::sync::Arc;

use cos_emulator::Emulator;
use cos_sdk::{
    Authorization, Body, Cos, CosOptions, GetAuthorizationOptions, GetBucketParams,
    GetObjectUrlParams, Headers, PutBucketParams, PutObjectParams, TemporaryCredentials,
};

/// What the credential server's client in the desktop tool does: one HTTP
/// call returning `{Credentials: {TmpSecretId, TmpSecretKey, Token},
/// StartTime, ExpiredTime}`.
fn fetch_from_credential_server(
    server: &str,
    server_id: &str,
    server_key: &str,
) -> Result<TemporaryCredentials, String> {
    // (The emulator's STS endpoint wants a request signed with the
    // permanent key; a real credential server would authenticate the user.)
    let authorization = cos_sdk::get_authorization(&GetAuthorizationOptions {
        secret_id: server_id.into(),
        secret_key: server_key.into(),
        method: "POST".into(),
        key: "sts".into(),
        query: vec![("lifetime".into(), "1800".into())],
        headers: Headers::from([("host", server)]),
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(format!("http://{server}/sts?lifetime=1800"))
        .header("authorization", authorization)
        .send_empty()
        .map_err(|e| e.to_string())?;
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| e.to_string())?;
    if response.status() != 200 {
        return Err(format!(
            "credential server answered {}: {text}",
            response.status()
        ));
    }
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let text_of = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_string();
    Ok(TemporaryCredentials {
        tmp_secret_id: text_of(&json["Credentials"]["TmpSecretId"]),
        tmp_secret_key: text_of(&json["Credentials"]["TmpSecretKey"]),
        security_token: text_of(&json["Credentials"]["Token"]),
        start_time: json["StartTime"].as_u64(),
        expired_time: json["ExpiredTime"]
            .as_u64()
            .ok_or("no ExpiredTime in the answer")?,
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let emulator = Emulator::start()?;
    println!("Credential server and COS emulator at {}", emulator.url());
    let (server, server_id, server_key) = (
        emulator.endpoint(),
        emulator.secret_id().to_string(),
        emulator.secret_key().to_string(),
    );

    // The bucket exists already (created here with the server's key).
    let bucket = format!("desktop-{}", emulator.appid());
    let region = "ap-guangzhou".to_string();
    let admin = Cos::new(CosOptions {
        secret_id: server_id.clone(),
        secret_key: server_key.clone(),
        protocol: "http".into(),
        ip: server.clone(),
        ..Default::default()
    })?;
    admin.put_bucket(
        PutBucketParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;

    // The desktop tool: no secret key anywhere, only a callback.
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let tool = Cos::new(CosOptions {
        get_authorization: Some(Arc::new(move |request| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            println!(
                "  (asking the credential server for keys: needed for {} {})",
                request.method, request.pathname
            );
            fetch_from_credential_server(&server, &server_id, &server_key)
                .map(Authorization::Temporary)
        })),
        protocol: "http".into(),
        ip: emulator.endpoint(),
        ..Default::default()
    })?;

    for name in ["notes.txt", "photo.jpg", "report.pdf"] {
        let data = tool.put_object(
            PutObjectParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: format!("desktop/{name}"),
                body: Body::from(format!("contents of {name}")),
                ..Default::default()
            },
            |r| r,
        )?;
        println!("Uploaded desktop/{name} (ETag {})", data.etag);
    }
    let listing = tool.get_bucket(
        GetBucketParams {
            bucket: bucket.clone(),
            region: region.clone(),
            prefix: "desktop/".into(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "The bucket holds {} files under desktop/",
        listing.contents.len()
    );

    let link = tool.get_object_url(
        GetObjectUrlParams {
            bucket,
            region,
            key: "desktop/report.pdf".into(),
            expires: Some(600),
            ..Default::default()
        },
        |r| r,
    )?;
    println!(
        "A link to share for 10 minutes (carries the security token):\n  {}",
        link.url
    );
    println!(
        "The credential server was asked {} time(s) for the 5 requests: the keys are cached until shortly before they expire.",
        calls.load(std::sync::atomic::Ordering::SeqCst)
    );
    Ok(())
}
