//! Signature verification (spec §2.10, §2.11), written independently of any client
//! signer.
//!
//! The verifier is a pure function of the request and a `now` passed in, so tests
//! can pin the time and a fault can skew the server clock.

use std::collections::HashMap;
use std::sync::RwLock;

use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};

use crate::encoding::sign_encode;
use crate::errors::CosError;
use crate::routing;
use crate::timefmt::parse_http_date;

type HmacSha1 = Hmac<Sha1>;

/// One secret-id/secret-key pair the server accepts (`Debug` hides the key
/// and the token).
#[derive(Clone)]
pub(crate) struct Credential {
    /// The SecretKey.
    pub secret_key: String,
    /// Session token that must accompany requests (temporary credentials).
    pub session_token: Option<String>,
    /// Unix time after which the credential is expired (temporary credentials).
    pub expires_at: Option<u64>,
    /// The CAM principal these keys belong to (`qcs::cam::uin/A:uin/B`) when
    /// it is not the account owner: such requests get only what the bucket
    /// policy and ACLs give that principal. `None`: the owner.
    pub user: Option<String>,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("secret_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expires_at", &self.expires_at)
            .field("user", &self.user)
            .finish()
    }
}

/// The credentials the server knows, by SecretId. More pairs (temporary keys with
/// a token and an expiry) can be registered while the server runs.
#[derive(Debug, Default)]
pub(crate) struct CredentialStore {
    map: RwLock<HashMap<String, Credential>>,
}

impl CredentialStore {
    /// Registers (or replaces) the credential for `secret_id`.
    pub fn insert(&self, secret_id: &str, credential: Credential) {
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        map.insert(secret_id.to_string(), credential);
    }

    /// Looks `secret_id` up.
    pub fn get(&self, secret_id: &str) -> Option<Credential> {
        let map = self.map.read().unwrap_or_else(|e| e.into_inner());
        map.get(secret_id).cloned()
    }
}

/// Who made a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Principal {
    /// No signature at all.
    Anonymous,
    /// A valid signature by this SecretId.
    Signed { secret_id: String },
}

/// The parts of a request the signature covers.
pub(crate) struct SignedRequest<'a> {
    /// HTTP method as received.
    pub method: &'a str,
    /// Percent-decoded request path (with `/{bucket}` for path-style requests).
    pub path: &'a str,
    /// Decoded query parameters, in order.
    pub query: &'a [(String, String)],
    /// Request headers as received.
    pub headers: &'a [(String, String)],
    /// Authority to use for `host` when no `Host` header was sent (absolute-form).
    pub authority: &'a str,
}

/// The seven `key=value` pairs of an authorization string (spec §2.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AuthParams {
    pub algorithm: String,
    pub access_key: String,
    pub sign_time: String,
    pub key_time: String,
    pub header_list: String,
    pub url_param_list: String,
    pub signature: String,
}

/// Names of the query parameters that carry a presigned signature; never signed.
const AUTH_QUERY_PARAMS: [&str; 7] = [
    "q-sign-algorithm",
    "q-ak",
    "q-sign-time",
    "q-key-time",
    "q-header-list",
    "q-url-param-list",
    "q-signature",
];

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn query<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Finds the authorization string: `Authorization` header, else `q-*` query
/// parameters, else a merged `sign=` parameter (spec §2.10 step 1).
/// `Ok(None)` means the request is unsigned.
pub(crate) fn extract(req: &SignedRequest<'_>) -> Result<Option<AuthParams>, CosError> {
    if let Some(value) = header(req.headers, "authorization") {
        if !value.trim().is_empty() {
            return parse_auth_string(value.trim()).map(Some);
        }
    }
    if AUTH_QUERY_PARAMS
        .iter()
        .any(|n| query(req.query, n).is_some())
    {
        let get = |name: &str| query(req.query, name).map(str::to_string);
        return match (
            get("q-sign-algorithm"),
            get("q-ak"),
            get("q-sign-time"),
            get("q-key-time"),
            get("q-header-list"),
            get("q-url-param-list"),
            get("q-signature"),
        ) {
            (Some(a), Some(ak), Some(st), Some(kt), Some(hl), Some(pl), Some(sig)) => {
                Ok(Some(AuthParams {
                    algorithm: a,
                    access_key: ak,
                    sign_time: st,
                    key_time: kt,
                    header_list: hl,
                    url_param_list: pl,
                    signature: sig,
                }))
            }
            _ => Err(malformed()),
        };
    }
    if let Some(merged) = query(req.query, "sign") {
        return parse_auth_string(merged).map(Some);
    }
    Ok(None)
}

fn malformed() -> CosError {
    CosError::access_denied_msg("Authorization is malformed.")
}

/// Parses `q-sign-algorithm=sha1&q-ak=…&…&q-signature=…` (pairs in any order).
///
/// Names and values are taken exactly as sent, never trimmed: COS refuses
/// `q-ak=AKID… ` (a trailing space) as an unknown key, so a client that pads a
/// field must fail here too rather than pass against the emulator only.
pub(crate) fn parse_auth_string(s: &str) -> Result<AuthParams, CosError> {
    let mut fields: HashMap<&str, &str> = HashMap::new();
    for pair in s.split('&') {
        let (name, value) = pair.split_once('=').ok_or_else(malformed)?;
        if fields.insert(name, value).is_some() {
            return Err(malformed());
        }
    }
    let get = |name: &str| {
        fields
            .get(name)
            .map(|v| v.to_string())
            .ok_or_else(malformed)
    };
    Ok(AuthParams {
        algorithm: get("q-sign-algorithm")?,
        access_key: get("q-ak")?,
        sign_time: get("q-sign-time")?,
        key_time: get("q-key-time")?,
        header_list: get("q-header-list")?,
        url_param_list: get("q-url-param-list")?,
        signature: get("q-signature")?,
    })
}

/// Parses a KeyTime `start;end` (digits only, no padding, as COS reads it).
fn parse_key_time(s: &str) -> Option<(u64, u64)> {
    let (start, end) = s.split_once(';')?;
    let start = start.parse().ok()?;
    let end = end.parse().ok()?;
    if start > end {
        return None;
    }
    Some((start, end))
}

/// Splits a `;`-separated name list into lower-cased, de-duplicated names.
fn split_list(list: &str) -> Vec<String> {
    let mut names: Vec<String> = list
        .split(';')
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Builds the `name=value&…` string of spec §2.3 steps 3–4 from the listed names,
/// picking matching pairs from `pairs`; `None` when a listed name is missing.
fn canonical_pairs(
    listed: &[String],
    pairs: &[(String, String)],
    fallback: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for name in listed {
        let mut found = false;
        for (n, v) in pairs {
            let encoded = sign_encode(n).to_ascii_lowercase();
            if encoded == *name {
                out.push((encoded, sign_encode(v)));
                found = true;
            }
        }
        if !found {
            out.push((name.clone(), sign_encode(&fallback(name)?)));
        }
    }
    out.sort();
    Some(
        out.iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
    )
}

/// Lower-case hex of HMAC-SHA1(key, msg).
pub(crate) fn hmac_sha1_hex(key: &[u8], msg: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <HmacSha1 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(msg);
    hex(&mac.finalize().into_bytes())
}

/// Lower-case hex of SHA1(data).
pub(crate) fn sha1_hex(data: &[u8]) -> String {
    hex(&Sha1::digest(data))
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The intermediate values of one signature computation (for tests and diagnostics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Computed {
    pub sign_key: String,
    pub http_string: String,
    pub http_string_sha1: String,
    pub signature: String,
}

/// Recomputes the signature the client should have sent (spec §2.3).
/// `None` when a listed header or parameter is missing from the request.
pub(crate) fn compute(
    req: &SignedRequest<'_>,
    params: &AuthParams,
    secret_key: &str,
) -> Option<Computed> {
    let listed_params = split_list(&params.url_param_list);
    let listed_headers = split_list(&params.header_list);
    let http_params = canonical_pairs(&listed_params, req.query, |_| None)?;
    let http_headers = canonical_pairs(&listed_headers, req.headers, |name| {
        (name == "host" && !req.authority.is_empty()).then(|| req.authority.to_string())
    })?;
    let http_string = format!(
        "{}\n{}\n{}\n{}\n",
        req.method.to_ascii_lowercase(),
        req.path,
        http_params,
        http_headers
    );
    let http_string_sha1 = sha1_hex(http_string.as_bytes());
    let sign_key = hmac_sha1_hex(secret_key.as_bytes(), params.key_time.as_bytes());
    let string_to_sign = format!("sha1\n{}\n{}\n", params.sign_time, http_string_sha1);
    let signature = hmac_sha1_hex(sign_key.as_bytes(), string_to_sign.as_bytes());
    Some(Computed {
        sign_key,
        http_string,
        http_string_sha1,
        signature,
    })
}

/// Constant-time equality of two byte strings.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Refuses a signature that does not cover a query parameter selecting the
/// operation ([`routing::selects_operation`]: `acl`, `uploads`, `uploadId`,
/// `partNumber`, `tagging`, …). COS ignores unlisted parameters when it checks
/// a signature (spec §2.10 step 6), so without this rule a presigned PUT URL
/// for an object would also authorize `PUT ?acl` on it, and a signed `GET /`
/// would list the bucket's ACL or uploads. Official SDKs sign every query
/// parameter, so only a reused signature fails: `403 SignatureDoesNotMatch`,
/// the answer a server that signed those parameters would give.
fn check_selectors_signed(req: &SignedRequest<'_>, params: &AuthParams) -> Result<(), CosError> {
    let listed = split_list(&params.url_param_list);
    for (name, _) in req.query {
        if routing::selects_operation(name)
            && !listed.contains(&sign_encode(name).to_ascii_lowercase())
        {
            return Err(CosError::new(
                403,
                "SignatureDoesNotMatch",
                format!(
                    "The signature does not cover the sub-resource {name}: a query parameter that selects the operation must be listed in q-url-param-list."
                ),
            ));
        }
    }
    Ok(())
}

/// Verifies the request's signature at time `now` (Unix seconds).
///
/// `tolerance` is the allowed clock skew in seconds (spec §2.11). A valid
/// signature must also cover every query parameter that selects the
/// operation (see [`check_selectors_signed`]).
pub(crate) fn verify(
    req: &SignedRequest<'_>,
    credentials: &CredentialStore,
    now: u64,
    tolerance: u64,
) -> Result<Principal, CosError> {
    let params = match extract(req)? {
        None => return Ok(Principal::Anonymous),
        Some(p) => p,
    };
    if !params.algorithm.eq_ignore_ascii_case("sha1") {
        return Err(malformed());
    }
    let credential = credentials
        .get(&params.access_key)
        .ok_or_else(CosError::invalid_access_key_id)?;
    let (start, end) = parse_key_time(&params.sign_time).ok_or_else(malformed)?;
    parse_key_time(&params.key_time).ok_or_else(malformed)?;
    if now > end {
        return Err(CosError::request_expired());
    }
    if start > now.saturating_add(tolerance) {
        return Err(CosError::time_too_skewed());
    }
    if let Some(date) = header(req.headers, "date").and_then(parse_http_date) {
        let date = crate::timefmt::unix_secs(date);
        if date.abs_diff(now) > tolerance {
            return Err(CosError::time_too_skewed());
        }
    }
    let computed = compute(req, &params, &credential.secret_key)
        .ok_or_else(CosError::signature_does_not_match)?;
    let given = params.signature.to_ascii_lowercase();
    if !constant_time_eq(computed.signature.as_bytes(), given.as_bytes()) {
        return Err(CosError::signature_does_not_match());
    }
    check_selectors_signed(req, &params)?;
    if let Some(expected) = &credential.session_token {
        let token = header(req.headers, "x-cos-security-token")
            .or_else(|| query(req.query, "x-cos-security-token"));
        if token != Some(expected.as_str()) {
            return Err(CosError::access_denied_msg(
                "The security token is missing or does not match the access key.",
            ));
        }
    }
    if let Some(expires_at) = credential.expires_at {
        if now > expires_at {
            return Err(CosError::expired_token());
        }
    }
    Ok(Principal::Signed {
        secret_id: params.access_key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC_ID: &str = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
    const DOC_KEY: &str = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
    const HOST: &str = "examplebucket-1250000000.cos.ap-beijing.myqcloud.com";

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn doc_store() -> CredentialStore {
        let store = CredentialStore::default();
        store.insert(
            DOC_ID,
            Credential {
                secret_key: DOC_KEY.into(),
                session_token: None,
                expires_at: None,
                user: None,
            },
        );
        store
    }

    fn example1_headers() -> Vec<(String, String)> {
        h(&[
            ("Date", "Thu, 16 May 2019 06:45:51 GMT"),
            ("Host", HOST),
            ("Content-Type", "text/plain"),
            ("Content-Length", "13"),
            ("Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="),
            ("x-cos-acl", "private"),
            ("x-cos-grant-read", "uin=\"100000000011\""),
            ("User-Agent", "not signed"),
        ])
    }

    const EXAMPLE1_AUTH: &str = "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989151;1557996351&q-key-time=1557989151;1557996351&q-header-list=content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read&q-url-param-list=&q-signature=3b8851a11a569213c17ba8fa7dcf2abec6935172";

    #[test]
    fn doc_example_1_put_with_headers() {
        let mut headers = example1_headers();
        headers.push(("Authorization".into(), EXAMPLE1_AUTH.into()));
        let req = SignedRequest {
            method: "PUT",
            path: "/exampleobject(腾讯云)",
            query: &[],
            headers: &headers,
            authority: HOST,
        };
        let params = extract(&req).unwrap().unwrap();
        let c = compute(&req, &params, DOC_KEY).unwrap();
        assert_eq!(c.sign_key, "eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f");
        assert_eq!(
            c.http_string_sha1,
            "8b2751e77f43a0995d6e9eb9477f4b685cca4172"
        );
        assert_eq!(c.signature, "3b8851a11a569213c17ba8fa7dcf2abec6935172");
        assert!(c.http_string.starts_with("put\n/exampleobject(腾讯云)\n\ncontent-length=13&content-md5=mQ%2FfVh815F3k6TAUm8m0eg%3D%3D&content-type=text%2Fplain&date=Thu%2C%2016%20May%202019%2006%3A45%3A51%20GMT&host="));
        // Inside the window (and the Date header is within tolerance).
        let ok = verify(&req, &doc_store(), 1_557_989_200, 900).unwrap();
        assert_eq!(
            ok,
            Principal::Signed {
                secret_id: DOC_ID.into()
            }
        );
        // Negative control: the encoded path must not verify.
        let bad = SignedRequest {
            path: "/exampleobject(%E8%85%BE%E8%AE%AF%E4%BA%91)",
            ..req
        };
        let c = compute(&bad, &params, DOC_KEY).unwrap();
        assert_eq!(
            c.http_string_sha1,
            "f4c2b1cae79ad4c901541ba010f9ad48b5385490"
        );
        assert_eq!(c.signature, "7c721063919d103b9edf446ec8b660f954a66593");
        assert_eq!(
            verify(&bad, &doc_store(), 1_557_989_200, 900)
                .unwrap_err()
                .code,
            "SignatureDoesNotMatch"
        );
    }

    #[test]
    fn time_rules() {
        // Date is part of the signed list; keep it and move the clock instead.
        let mut headers_with_date = example1_headers();
        headers_with_date.push(("Authorization".into(), EXAMPLE1_AUTH.into()));
        let req = SignedRequest {
            method: "PUT",
            path: "/exampleobject(腾讯云)",
            query: &[],
            headers: &headers_with_date,
            authority: HOST,
        };
        let store = doc_store();
        let e = verify(&req, &store, 1_557_996_352, 100_000).unwrap_err();
        assert_eq!(
            (e.status, e.code, e.message.as_str()),
            (403, "AccessDenied", "Request has expired")
        );
        let e = verify(&req, &store, 1_557_989_151 - 901, 900).unwrap_err();
        assert_eq!(e.code, "RequestTimeTooSkewed");
        // Date header far from the server clock.
        let e = verify(&req, &store, 1_557_996_000, 900).unwrap_err();
        assert_eq!(e.code, "RequestTimeTooSkewed");
        assert!(verify(&req, &store, 1_557_996_000, 10_000).is_ok());
        // Unknown key id, wrong key, malformed.
        let other = CredentialStore::default();
        assert_eq!(
            verify(&req, &other, 1_557_989_200, 900).unwrap_err().code,
            "InvalidAccessKeyId"
        );
        let wrong = CredentialStore::default();
        wrong.insert(
            DOC_ID,
            Credential {
                secret_key: "x".into(),
                session_token: None,
                expires_at: None,
                user: None,
            },
        );
        assert_eq!(
            verify(&req, &wrong, 1_557_989_200, 900).unwrap_err().code,
            "SignatureDoesNotMatch"
        );
        let bad_auth = h(&[("Authorization", "q-sign-algorithm=sha1&q-ak=x")]);
        let req2 = SignedRequest {
            headers: &bad_auth,
            ..req
        };
        assert_eq!(
            verify(&req2, &store, 1_557_989_200, 900).unwrap_err().code,
            "AccessDenied"
        );
        let none = h(&[("Host", HOST)]);
        let req3 = SignedRequest {
            headers: &none,
            ..req
        };
        assert_eq!(
            verify(&req3, &store, 1_557_989_200, 900).unwrap(),
            Principal::Anonymous
        );
    }

    #[test]
    fn doc_example_2_get_with_query() {
        let query = vec![
            (
                "response-content-type".to_string(),
                "application/octet-stream".to_string(),
            ),
            (
                "response-cache-control".to_string(),
                "max-age=600".to_string(),
            ),
        ];
        let headers = h(&[
            ("Date", "Thu, 16 May 2019 06:55:53 GMT"),
            ("Host", HOST),
            (
                "Authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012",
            ),
        ]);
        let req = SignedRequest {
            method: "GET",
            path: "/exampleobject(腾讯云)",
            query: &query,
            headers: &headers,
            authority: HOST,
        };
        let params = extract(&req).unwrap().unwrap();
        let c = compute(&req, &params, DOC_KEY).unwrap();
        assert_eq!(c.sign_key, "937914bf490e9e8c189836aad2052e4feeb35eaf");
        assert_eq!(
            c.http_string_sha1,
            "54ecfe22f59d3514fdc764b87a32d8133ea611e6"
        );
        assert_eq!(c.signature, "01681b8c9d798a678e43b685a9f1bba0f6c0e012");
        assert!(verify(&req, &doc_store(), 1_557_989_800, 900).is_ok());
        // An unsigned parameter is ignored, unless it selects the operation.
        let mut more = query.clone();
        more.push(("x-unsigned".to_string(), "1".to_string()));
        let req2 = SignedRequest {
            query: &more,
            ..req
        };
        assert!(verify(&req2, &doc_store(), 1_557_989_800, 900).is_ok());
        for selector in [
            "acl",
            "uploads",
            "uploadId",
            "partNumber",
            "tagging",
            "policy",
        ] {
            let mut more = query.clone();
            more.push((selector.to_string(), String::new()));
            let req2 = SignedRequest {
                query: &more,
                ..req
            };
            let e = verify(&req2, &doc_store(), 1_557_989_800, 900).unwrap_err();
            assert_eq!(
                (e.status, e.code),
                (403, "SignatureDoesNotMatch"),
                "{selector}"
            );
            assert!(e.message.contains(selector), "{}", e.message);
        }
        // A signed parameter that is missing from the request → mismatch.
        let req = SignedRequest {
            query: &query[..1],
            ..req
        };
        assert_eq!(
            verify(&req, &doc_store(), 1_557_989_800, 900)
                .unwrap_err()
                .code,
            "SignatureDoesNotMatch"
        );
    }

    /// Rows of spec §2.6: (secret key, key time, method, path, query, headers,
    /// header list, param list, sign key prefix, sha1, signature).
    #[test]
    fn further_vectors() {
        type Row<'a> = (
            &'a str,
            &'a str,
            &'a str,
            &'a str,
            Vec<(String, String)>,
            Vec<(String, String)>,
            &'a str,
            &'a str,
            &'a str,
            &'a str,
            &'a str,
        );
        let kt = "1557989753;1557996953";
        let rows: Vec<Row<'_>> = vec![
            (
                "AKIDZfbOA78asKUYBcXFrJD0a1ICvR98JM",
                "1480932292;1481012292",
                "PUT",
                "/testfile2",
                vec![],
                h(&[
                    ("Host", "testbucket-125000000.cos.ap-guangzhou.myqcloud.com"),
                    (
                        "x-cos-content-sha1",
                        "db8ac1c259eb89d4a131b253bacfca5f319d54f2",
                    ),
                    ("x-cos-stroage-class", "nearline"),
                ]),
                "host;x-cos-content-sha1;x-cos-stroage-class",
                "",
                "95d110a8ead64cac52083100db75b7e3f369e72f",
                "113b22e92b74237531fafbfc8bb9e67be55645c7",
                "ce4ac0ecbcdb30538b3fee0a97cc6389694ce53a",
            ),
            (
                DOC_KEY,
                "1417773892;1417853898",
                "GET",
                "/testfile",
                vec![],
                h(&[
                    ("Host", "bucket1-1254000000.cos.ap-beijing.myqcloud.com"),
                    ("Range", "bytes=0-3"),
                ]),
                "host;range",
                "",
                "d265642cf75792e70e35030fd14e73134094d673",
                "3a529544cb1559b8be98f079df87742e8fad26dc",
                "4b6cbab14ce01381c29032423481ebffd514e8be",
            ),
            (
                DOC_KEY,
                kt,
                "POST",
                "/exampleobject",
                h(&[("uploads", "")]),
                h(&[("Host", HOST)]),
                "host",
                "uploads",
                "937914bf",
                "e0dd3487cb5da912226f653794a304b71748b2ac",
                "cf8001fa6db5a61e6518a63f46d5e5f33375fb2e",
            ),
            (
                DOC_KEY,
                kt,
                "GET",
                "/exampleobject(腾讯云)",
                vec![],
                h(&[("Host", HOST)]),
                "host",
                "",
                "937914bf",
                "db2bfad4b1c811f2810922b50302c041c819a77d",
                "c5149558f1031218775be2ac1df0cefd1bb2f56a",
            ),
            (
                DOC_KEY,
                kt,
                "GET",
                "/",
                h(&[
                    ("prefix", "example-folder/"),
                    ("delimiter", "/"),
                    ("max-keys", "10"),
                ]),
                h(&[("Host", HOST)]),
                "host",
                "delimiter;max-keys;prefix",
                "937914bf",
                "447f3c0cf646e4f6b6bf983992037a13f9abc836",
                "bc5b85dd7e97125a5bf8030a1b68850aa3d326ea",
            ),
            (
                DOC_KEY,
                kt,
                "PUT",
                "/exampleobject",
                h(&[
                    ("partNumber", "1"),
                    (
                        "uploadId",
                        "1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361",
                    ),
                ]),
                h(&[("Host", HOST)]),
                "host",
                "partnumber;uploadid",
                "937914bf",
                "9f31e27326cf81d7de554e4f8d915cd86fc09910",
                "5dd08257edd2e7a0aa7a657684dc7e41a90c6062",
            ),
        ];
        for (key, kt, method, path, query, headers, hl, pl, sk, sha, sig) in rows {
            let params = AuthParams {
                algorithm: "sha1".into(),
                access_key: "id".into(),
                sign_time: kt.into(),
                key_time: kt.into(),
                header_list: hl.into(),
                url_param_list: pl.into(),
                signature: sig.into(),
            };
            let req = SignedRequest {
                method,
                path,
                query: &query,
                headers: &headers,
                authority: "",
            };
            let c = compute(&req, &params, key).unwrap();
            assert!(c.sign_key.starts_with(sk), "{path}: {}", c.sign_key);
            assert_eq!(c.http_string_sha1, sha, "{path}");
            assert_eq!(c.signature, sig, "{path}");
        }
    }

    /// Spec §2.7: the presigned URL of the "host only" row, with `;` as `%3B`
    /// (decoded by query parsing), raw `;`, and the merged `sign=` form.
    #[test]
    fn presigned_url_forms() {
        let store = doc_store();
        let headers = h(&[("Host", HOST)]);
        let raw = "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989753%3B1557996953&q-key-time=1557989753%3B1557996953&q-header-list=host&q-url-param-list=&q-signature=c5149558f1031218775be2ac1df0cefd1bb2f56a";
        for raw_query in [raw.to_string(), raw.replace("%3B", ";")] {
            let query = crate::encoding::parse_query(&raw_query);
            let req = SignedRequest {
                method: "GET",
                path: "/exampleobject(腾讯云)",
                query: &query,
                headers: &headers,
                authority: HOST,
            };
            assert!(verify(&req, &store, 1_557_990_000, 900).is_ok());
            assert_eq!(
                verify(&req, &store, 1_557_996_954, 900)
                    .unwrap_err()
                    .message,
                "Request has expired"
            );
        }
        let auth = crate::encoding::decode_lossy(raw);
        let merged = format!("sign={}", sign_encode(&auth));
        let query = crate::encoding::parse_query(&merged);
        let req = SignedRequest {
            method: "GET",
            path: "/exampleobject(腾讯云)",
            query: &query,
            headers: &headers,
            authority: HOST,
        };
        assert!(verify(&req, &store, 1_557_990_000, 900).is_ok());
        // Host not sent as a header: the authority of an absolute-form request is used.
        let req = SignedRequest {
            headers: &[],
            ..req
        };
        assert!(verify(&req, &store, 1_557_990_000, 900).is_ok());
        // A different host fails.
        let other = h(&[("Host", "other-1250000000.cos.ap-beijing.myqcloud.com")]);
        let req = SignedRequest {
            headers: &other,
            ..req
        };
        assert_eq!(
            verify(&req, &store, 1_557_990_000, 900).unwrap_err().code,
            "SignatureDoesNotMatch"
        );
    }

    #[test]
    fn temporary_credentials() {
        let store = CredentialStore::default();
        store.insert(
            DOC_ID,
            Credential {
                secret_key: DOC_KEY.into(),
                session_token: Some("TOKEN".into()),
                expires_at: Some(1_557_995_000),
                user: None,
            },
        );
        let raw = "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953&q-header-list=host&q-url-param-list=&q-signature=c5149558f1031218775be2ac1df0cefd1bb2f56a";
        let headers = h(&[("Host", HOST)]);
        for (extra, now, expect) in [
            ("", 1_557_990_000, Some("AccessDenied")),
            ("&x-cos-security-token=TOKEN", 1_557_990_000, None),
            (
                "&x-cos-security-token=TOKEN",
                1_557_995_001,
                Some("ExpiredToken"),
            ),
        ] {
            let query = crate::encoding::parse_query(&format!("{raw}{extra}"));
            let req = SignedRequest {
                method: "GET",
                path: "/exampleobject(腾讯云)",
                query: &query,
                headers: &headers,
                authority: HOST,
            };
            assert_eq!(verify(&req, &store, now, 900).err().map(|e| e.code), expect);
        }
    }
}
