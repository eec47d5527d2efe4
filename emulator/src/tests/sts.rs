//! Temporary credentials over real sockets: the security token in a header
//! (signed or not) or a presigned URL's query, missing or wrong tokens,
//! expiry through the clock offset, and the `POST /sts` endpoint.

use std::time::Duration;

use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket, enc_path, now, sign};
use crate::{Emulator, TemporaryCredentials};

fn with_creds(emu: &Emulator, creds: &TemporaryCredentials) -> Client {
    let mut c = Client::new(emu);
    c.id = creds.tmp_secret_id.clone();
    c.key = creds.tmp_secret_key.clone();
    c
}

/// A request signed by `c`'s keys with `token` sent as an unsigned header
/// (what the Node SDK does).
fn call_with_token(
    c: &mut Client,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &[u8],
) -> Resp {
    let host = c.host.clone();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        &c.id,
        &c.key,
        method,
        path,
        &[],
        &[("Host", &host)],
        &key_time,
    );
    let len = body.len().to_string();
    let mut headers = vec![
        ("Host", host.as_str()),
        ("Authorization", auth.as_str()),
        ("Content-Length", len.as_str()),
    ];
    if let Some(token) = token {
        headers.push(("x-cos-security-token", token));
    }
    c.raw_request(method, path, &[], &headers, body)
}

/// A presigned GET (`host` signed, KeyTime with a literal `;`), with
/// `extra_query` appended verbatim.
fn presigned_get(c: &mut Client, path: &str, extra_query: &str) -> Resp {
    let host = c.host.clone();
    let t = now();
    let key_time = format!("{};{}", t - 1, t + 900);
    let auth = sign(
        &c.id,
        &c.key,
        "GET",
        path,
        &[],
        &[("Host", &host)],
        &key_time,
    );
    let raw = format!(
        "GET {}?{auth}{extra_query} HTTP/1.1\r\nHost: {host}\r\n\r\n",
        enc_path(path)
    );
    c.send_raw(raw.as_bytes());
    c.read_response(false)
}

/// The value of `"name":` in a flat JSON text (string or number).
fn json_field(text: &str, name: &str) -> Option<String> {
    let start = text.find(&format!("\"{name}\":"))? + name.len() + 3;
    let rest = &text[start..];
    if let Some(s) = rest.strip_prefix('"') {
        s.split('"').next().map(str::to_string)
    } else {
        Some(
            rest.chars()
                .take_while(|c| c.is_ascii_digit())
                .collect::<String>(),
        )
    }
}

#[test]
fn temporary_keys_need_their_token() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    assert_eq!(emu.temporary_credentials_issued(), 0);
    let creds = emu.issue_temporary_credentials(Duration::from_secs(1800));
    assert_eq!(emu.temporary_credentials_issued(), 1);
    assert!(creds.tmp_secret_id.starts_with("AKID"));
    assert_eq!(creds.tmp_secret_id.len(), 36);
    assert_eq!(creds.tmp_secret_key.len(), 32);
    assert!(creds.security_token.len() >= 100);
    assert!(
        creds
            .security_token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{}",
        creds.security_token
    );
    assert!(creds.start_time.abs_diff(now()) < 60);
    assert_eq!(creds.expired_time, creds.start_time + 1800);
    let dbg = format!("{creds:?}");
    assert!(!dbg.contains(&creds.tmp_secret_key) && !dbg.contains(&creds.security_token));
    let other = emu.issue_temporary_credentials(Duration::from_secs(60));
    assert_ne!(other.tmp_secret_id, creds.tmp_secret_id);
    assert_ne!(other.security_token, creds.security_token);
    assert_eq!(emu.temporary_credentials_issued(), 2);

    let mut c = with_creds(&emu, &creds);
    let token = creds.security_token.as_str();
    // Unsigned token header.
    let r = call_with_token(&mut c, "PUT", "/tmp.txt", Some(token), b"temporary");
    assert_eq!(r.status, 200, "{}", r.text());
    let r = call_with_token(&mut c, "GET", "/tmp.txt", Some(token), b"");
    assert_eq!((r.status, r.body.as_slice()), (200, &b"temporary"[..]));
    // Signed token header.
    let r = c.call(
        "GET",
        "/tmp.txt",
        &[],
        &[("x-cos-security-token", token)],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // Missing, wrong, or another credential's token.
    let r = call_with_token(&mut c, "GET", "/tmp.txt", None, b"");
    assert_error(&r, 403, "AccessDenied");
    let r = call_with_token(&mut c, "GET", "/tmp.txt", Some("not-the-token"), b"");
    assert_error(&r, 403, "AccessDenied");
    let r = call_with_token(&mut c, "GET", "/tmp.txt", Some(&other.security_token), b"");
    assert_error(&r, 403, "AccessDenied");
    let r = c.call(
        "GET",
        "/tmp.txt",
        &[],
        &[("x-cos-security-token", "wrong")],
        b"",
    );
    assert_error(&r, 403, "AccessDenied");
    // A wrong temporary key still fails the signature.
    c.key = "x".repeat(32);
    let r = call_with_token(&mut c, "GET", "/tmp.txt", Some(token), b"");
    assert_error(&r, 403, "SignatureDoesNotMatch");
    // The permanent key needs no token.
    let mut p = Client::new(&emu);
    assert_eq!(
        call_with_token(&mut p, "GET", "/tmp.txt", None, b"").status,
        200
    );
    emu.stop();
}

#[test]
fn presigned_url_with_security_token() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    Client::new(&emu).call("PUT", "/shared file.txt", &[], &[], b"presigned");
    let creds = emu.issue_temporary_credentials(Duration::from_secs(900));
    let mut c = with_creds(&emu, &creds);
    // Appended unencoded, after the signature (Node's getObjectUrl).
    let token = format!("&x-cos-security-token={}", creds.security_token);
    let r = presigned_get(&mut c, "/shared file.txt", &token);
    assert_eq!(
        (r.status, r.body.as_slice()),
        (200, &b"presigned"[..]),
        "{}",
        r.text()
    );
    let r = presigned_get(&mut c, "/shared file.txt", "");
    assert_error(&r, 403, "AccessDenied");
    let r = presigned_get(&mut c, "/shared file.txt", "&x-cos-security-token=abc");
    assert_error(&r, 403, "AccessDenied");
    emu.stop();
}

#[test]
fn expired_token_is_400_even_inside_the_signature_window() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let creds = emu.issue_temporary_credentials(Duration::from_secs(600));
    let mut c = with_creds(&emu, &creds);
    let token = creds.security_token.clone();
    assert_eq!(
        call_with_token(&mut c, "GET", "/", Some(&token), b"").status,
        200
    );
    // 700 s later by the server clock: the signature (valid 900 s) still is,
    // the token is not.
    emu.set_clock_offset(700);
    let r = call_with_token(&mut c, "GET", "/", Some(&token), b"");
    assert_error(&r, 400, "ExpiredToken");
    let r = c.call("GET", "/", &[], &[("x-cos-security-token", &token)], b"");
    assert_error(&r, 400, "ExpiredToken");
    let mut p = Client::new(&emu);
    assert_eq!(p.call("GET", "/", &[], &[], b"").status, 200);
    // Credentials issued now start and end on the server clock.
    let fresh = emu.issue_temporary_credentials(Duration::from_secs(600));
    assert!(fresh.start_time.abs_diff(now() + 700) < 60, "{fresh:?}");
    let mut f = with_creds(&emu, &fresh);
    let r = call_with_token(&mut f, "GET", "/", Some(&fresh.security_token), b"");
    assert_eq!(r.status, 200, "{}", r.text());
    emu.set_clock_offset(0);
    assert_eq!(
        call_with_token(&mut c, "GET", "/", Some(&token), b"").status,
        200
    );
    emu.stop();
}

#[test]
fn sts_http_endpoint() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    for host in [
        format!("{BUCKET}.cos.{REGION}.myqcloud.com"),
        emu.endpoint(),
    ] {
        let mut c = Client::with_host(&emu, &host);
        let before = emu.temporary_credentials_issued();
        let r = c.call("POST", "/sts", &[("lifetime", "120")], &[], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("Content-Type"), Some("application/json"));
        assert_eq!(emu.temporary_credentials_issued(), before + 1);
        let text = r.text();
        assert!(text.starts_with("{\"Credentials\":{"), "{text}");
        let start: u64 = json_field(&text, "StartTime").unwrap().parse().unwrap();
        let end: u64 = json_field(&text, "ExpiredTime").unwrap().parse().unwrap();
        assert_eq!(end, start + 120);
        assert!(start.abs_diff(now()) < 60);
        let creds = TemporaryCredentials {
            tmp_secret_id: json_field(&text, "TmpSecretId").unwrap(),
            tmp_secret_key: json_field(&text, "TmpSecretKey").unwrap(),
            security_token: json_field(&text, "Token").unwrap(),
            start_time: start,
            expired_time: end,
        };
        let mut t = with_creds(&emu, &creds);
        let r = call_with_token(&mut t, "GET", "/", Some(&creds.security_token), b"");
        assert_eq!(r.status, 200, "{}", r.text());

        // Default lifetime; invalid lifetimes.
        let r = c.call("POST", "/sts", &[], &[], b"");
        let (s, e) = (
            json_field(&r.text(), "StartTime").unwrap(),
            json_field(&r.text(), "ExpiredTime").unwrap(),
        );
        assert_eq!(e.parse::<u64>().unwrap() - s.parse::<u64>().unwrap(), 1800);
        for bad in ["0", "-5", "abc", "129601"] {
            let r = c.call("POST", "/sts", &[("lifetime", bad)], &[], b"");
            assert_error(&r, 400, "InvalidArgument");
        }
        // Not signed, or signed with temporary keys: denied.
        let r = c.raw_request(
            "POST",
            "/sts",
            &[],
            &[("Host", host.as_str()), ("Content-Length", "0")],
            b"",
        );
        assert_error(&r, 403, "AccessDenied");
        let r = call_with_token(&mut t, "POST", "/sts", Some(&creds.security_token), b"");
        assert_error(&r, 403, "AccessDenied");
        // A wrong permanent signature.
        c.key = "wrong".into();
        let r = c.call("POST", "/sts", &[], &[], b"");
        assert_error(&r, 403, "SignatureDoesNotMatch");
    }
    emu.stop();
}
