//! Preparing a request for the wire, as pure functions (the request
//! vectors check them at Node's frozen clock): headers by Node's rules,
//! the URL, and the signature.

use base64::Engine;
use md5::{Digest, Md5};

use crate::auth::{self, SignInput};
use crate::credentials::Signer;
use crate::encode::query_string;
use crate::endpoint::Endpoint;
use crate::headers::Headers;
use crate::options::CosOptions;

use super::Request;

/// Headers the request loop sets itself; any value given in options or
/// params is dropped.
const SDK_OWNED_HEADERS: [&str; 4] = ["content-length", "transfer-encoding", "connection", "host"];

/// Base64 of the MD5 digest, as `Content-MD5` wants it.
pub(crate) fn content_md5(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Md5::digest(bytes))
}

/// A request ready for the wire.
pub(crate) struct Prepared {
    pub url: String,
    pub headers: Headers,
    /// The query as signed (sub-resource first).
    pub query: Vec<(String, String)>,
}

/// Builds URL and headers (Node's headers rules: `Content-Length: 0` on
/// bodiless non-GET requests, empty values dropped, `host` added, the
/// retry marker) without signing.
pub(crate) fn prepare_unsigned(
    options: &CosOptions,
    request: &Request,
    endpoint: &Endpoint,
    content_length: Option<u64>,
    retry: bool,
) -> Prepared {
    let mut query = Vec::with_capacity(request.query.len() + usize::from(request.action.is_some()));
    if let Some(action) = request.action {
        query.push((action.to_string(), String::new()));
    }
    query.extend(request.query.iter().cloned());

    // Room for everything, the signature included: one allocation each for
    // the names and values and for their index.
    let mut headers = Headers::with_capacity(
        options.headers.text_len() + request.headers.text_len() + endpoint.host.len() + 512,
        options.headers.len() + request.headers.len() + 6,
    );
    headers.extend_from(&options.headers);
    headers.extend_from(&request.headers);
    // Framing is the SDK's to decide: a user's Content-Length or
    // Transfer-Encoding would contradict the body actually sent.
    for owned in SDK_OWNED_HEADERS {
        headers.remove(owned);
    }
    match content_length {
        Some(length) => headers.insert("content-length", length.to_string()),
        None if request.method != "GET" => headers.insert("content-length", "0"),
        None => {}
    }
    headers.retain(|_, value| !value.is_empty());
    headers.insert("host", endpoint.host.as_str());
    if retry {
        // Node marks retries so COS can tell them apart; it is signed.
        headers.insert("x-cos-sdk-retry", "true");
    }
    let wire_query = if request.unsigned_query.is_empty() {
        query_string(&query)
    } else {
        let mut all = request.unsigned_query.clone();
        all.extend(query.iter().cloned());
        query_string(&all)
    };
    Prepared {
        url: endpoint.connect_url(&options.ip, &wire_query),
        headers,
        query,
    }
}

/// Signs a prepared request at `now_ms` (a pure function: the request
/// vectors check it at Node's frozen clock). The security token is added
/// after signing, unsigned, as Node does.
pub(crate) fn sign_prepared(
    prepared: &mut Prepared,
    signer: &Signer,
    method: &str,
    signed_path: &str,
    force_sign_host: bool,
    now_ms: i64,
    clock_offset_ms: i64,
) {
    let token = match signer {
        Signer::Anonymous => return,
        Signer::Ready {
            authorization,
            security_token,
        } => {
            prepared.headers.insert("authorization", authorization);
            security_token.as_str()
        }
        Signer::Keys {
            secret_id,
            secret_key,
            security_token,
            key_time,
        } => {
            let key_time = key_time.clone().unwrap_or_else(|| {
                auth::key_time(now_ms, clock_offset_ms, auth::DEFAULT_EXPIRES_SECS)
            });
            let signature = auth::sign(&SignInput {
                secret_id,
                secret_key,
                key_time: &key_time,
                method,
                pathname: signed_path,
                query: &prepared.query,
                headers: &prepared.headers,
                extra_header: None,
                skip_host: !force_sign_host,
            });
            prepared
                .headers
                .insert("authorization", signature.authorization);
            security_token.as_ref()
        }
    };
    if !token.is_empty() {
        prepared.headers.insert("x-cos-security-token", token);
    }
}
