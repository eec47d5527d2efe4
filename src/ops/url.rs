//! Signed URLs and signatures for other clients: Node's `getObjectUrl`
//! and `getAuth`.

use crate::types::Protocol;
use std::time::SystemTime;

use crate::auth::{self, SignInput};
use crate::client::Cos;
use crate::credentials::{AuthorizationRequest, Signer};
use crate::encode::{cam_safe_url_encode, query_string};
use crate::endpoint::{self, Target};
use crate::error::CosError;
use crate::headers::Headers;
use crate::options::CosOptions;
use crate::validate;

/// Params of [`Cos::get_object_url`] (Node's `getObjectUrl`).
#[derive(Debug, Clone)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetObjectUrlParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `Sign` (default true): put a signature in the query string.
    pub sign: bool,
    /// `Method` the URL is for (default `GET`): it is signed, so the URL
    /// works for that method only.
    pub method: String,
    /// `Query`: extra parameters, signed (e.g. `response-content-disposition`).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text::query"))]
    pub query: Vec<(String, String)>,
    /// `QueryString`: appended to the URL as given, unsigned (e.g. CI's
    /// `imageMogr2/thumbnail/200x/`).
    pub query_string: String,
    /// `Headers` the URL's user will send and that are signed (e.g.
    /// `Content-Type` to pin the type of a presigned PUT).
    pub headers: Headers,
    /// `Expires`: seconds the URL stays valid (default 900).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub expires: Option<u64>,
    /// `Protocol` for this URL (default: the client's).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub protocol: Option<Protocol>,
    /// `Domain` for this URL (default: the client's).
    pub domain: String,
    /// `UseAccelerate` for this URL (default: the client's): the global
    /// acceleration host `<bucket>.cos.accelerate.myqcloud.com`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub use_accelerate: Option<bool>,
    /// `ForceSignHost` for this URL (default: the client's): `false`
    /// leaves `host` out of the signature, for URLs used through proxies
    /// that change it.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub force_sign_host: Option<bool>,
}

impl Default for GetObjectUrlParams {
    fn default() -> Self {
        GetObjectUrlParams {
            bucket: String::new(),
            region: String::new(),
            key: String::new(),
            sign: true,
            method: "GET".into(),
            query: Vec::new(),
            headers: Headers::new(),
            expires: None,
            protocol: None,
            domain: String::new(),
            query_string: String::new(),
            use_accelerate: None,
            force_sign_host: None,
        }
    }
}

/// Result of [`Cos::get_object_url`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct GetObjectUrlData {
    /// `Url`: ready for any HTTP client, no other header needed.
    pub url: String,
}

/// Params of [`Cos::get_auth`] (Node's instance `getAuth`).
#[derive(Debug, Clone)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetAuthParams {
    /// `Method` (default `GET`).
    pub method: String,
    /// `Key` of the object (empty for bucket requests).
    pub key: String,
    /// `Query` parameters to sign.
    pub query: Vec<(String, String)>,
    /// `Headers` to sign (e.g. `host`, `content-type`).
    pub headers: Headers,
    /// `Expires`: seconds the signature stays valid (default 900).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub expires: Option<u64>,
    /// `Bucket`: with `region`, signs the default `host` when none is given.
    pub bucket: String,
    /// `Region`.
    pub region: String,
}

impl Default for GetAuthParams {
    fn default() -> Self {
        GetAuthParams {
            method: "GET".into(),
            key: String::new(),
            query: Vec::new(),
            headers: Headers::new(),
            expires: None,
            bucket: String::new(),
            region: String::new(),
        }
    }
}

/// Longest life the SDK signs a URL for: ten years. COS states no limit;
/// this keeps signing times far from overflowing.
const MAX_EXPIRES_SECS: u64 = 10 * 366 * 24 * 3600;

/// Methods a signed URL can be made for.
const METHODS: [&str; 6] = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"];

impl Cos {
    /// Builds a URL for an object, signed by default (Node's
    /// `getObjectUrl`): anyone holding it can use the signed method until
    /// it expires, with no SDK. The callback form mirrors Node; `|r| r`
    /// gives the result directly. With temporary credentials the security
    /// token is appended (URL-encoded, unlike Node).
    ///
    /// ```
    /// use cos_sdk::GetObjectUrlParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("reports/q1.pdf", "%PDF-1.7");
    /// let url = cos
    ///     .get_object_url(
    ///         GetObjectUrlParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: "reports/q1.pdf".into(),
    ///             expires: Some(3600),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )?
    ///     .url;
    /// // (`https` by default; this client was built with `protocol: "http:"`.)
    /// assert!(url.starts_with(
    ///     "http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/reports/q1.pdf?q-sign-algorithm=sha1&"
    /// ));
    /// // Anyone holding the URL can GET the object for an hour, with any HTTP client:
    /// # let (status, body) = doc.fetch("GET", &url, &[]);
    /// # assert_eq!((status, body.as_slice()), (200, &b"%PDF-1.7"[..]));
    ///
    /// // A presigned upload: the URL works for PUT only.
    /// let upload_url = cos
    ///     .get_object_url(
    ///         GetObjectUrlParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: "uploads/from-browser.txt".into(),
    ///             method: "PUT".into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )?
    ///     .url;
    /// # assert_eq!(doc.fetch("PUT", &upload_url, &[]).0, 200);
    /// # assert_eq!(doc.fetch("GET", &upload_url, &[]).0, 403);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_object_url<R>(
        &self,
        params: GetObjectUrlParams,
        callback: impl FnOnce(Result<GetObjectUrlData, CosError>) -> R,
    ) -> R {
        let now_ms = auth::unix_millis(SystemTime::now());
        callback(
            self.object_url_at(&params, now_ms)
                .map(|url| GetObjectUrlData { url }),
        )
    }

    /// The URL signed at `now_ms` (the Node vectors check it at Node's
    /// frozen clock).
    pub(crate) fn object_url_at(
        &self,
        params: &GetObjectUrlParams,
        now_ms: i64,
    ) -> Result<String, CosError> {
        validate::bucket(&params.bucket)?;
        validate::region(&params.region)?;
        let key = validate::key(&params.key, self.options().use_raw_key)?;
        if let Some(expires) = params
            .expires
            .filter(|e| !(1..=MAX_EXPIRES_SECS).contains(e))
        {
            return Err(CosError::invalid_parameter(
                "Expires",
                format!("Expires must be between 1 second and 10 years, got {expires}"),
            ));
        }
        if !METHODS.contains(&params.method.to_ascii_uppercase().as_str()) {
            return Err(CosError::invalid_parameter(
                "Method",
                format!(
                    "Method must be one of {}, got {:?}",
                    METHODS.join(", "),
                    params.method
                ),
            ));
        }
        let mut options: CosOptions = self.options().clone();
        if let Some(protocol) = &params.protocol {
            if protocol.scheme().is_none() {
                return Err(CosError::invalid_parameter(
                    "Protocol",
                    format!("Protocol must be http or https, got {protocol:?}"),
                ));
            }
            options.protocol = protocol.clone();
        }
        if !params.domain.is_empty() {
            options.domain = params.domain.clone();
        }
        if let Some(accelerate) = params.use_accelerate {
            options.use_accelerate = accelerate;
        }
        if let Some(force) = params.force_sign_host {
            options.force_sign_host = force;
        }
        let target = Target::Object {
            bucket: params.bucket.clone(),
            region: params.region.clone(),
            key: key.clone(),
        };
        let endpoint = endpoint::resolve(&options, &target);
        let base = format!("{}://{}{}", endpoint.scheme, endpoint.host, endpoint.path);
        // Node writes the signed parameters sorted by name, then the
        // QueryString as given.
        let mut query = params.query.clone();
        query.sort_by(|a, b| a.0.cmp(&b.0));
        let extra: Vec<String> = [query_string(&query), params.query_string.clone()]
            .into_iter()
            .filter(|part| !part.is_empty())
            .collect();
        let extra = extra.join("&");
        if !params.sign {
            return Ok(if extra.is_empty() {
                base
            } else {
                format!("{base}?{extra}")
            });
        }
        let mut headers = params.headers.clone();
        if options.force_sign_host && !headers.contains("host") {
            headers.insert("host", endpoint.host.as_str());
        }
        let method = params.method.to_ascii_uppercase();
        let signer = self.signer(|| AuthorizationRequest {
            bucket: params.bucket.clone(),
            region: params.region.clone(),
            method: method.clone(),
            key: key.clone(),
            pathname: endpoint.signed_path.clone(),
            query: params.query.clone(),
            headers: headers.clone(),
        })?;
        let (authorization, token) = match signer {
            Signer::Anonymous => {
                return Err(CosError::invalid_parameter(
                    "SecretId",
                    "a signed URL needs SecretId and SecretKey (or get_authorization)",
                ));
            }
            Signer::Ready {
                authorization,
                security_token,
            } => (authorization, security_token.into()),
            // A URL lives for `expires`, even when temporary keys would
            // allow longer.
            Signer::Keys {
                secret_id,
                secret_key,
                security_token,
                key_time: _,
            } => {
                let expires = params.expires.unwrap_or(auth::DEFAULT_EXPIRES_SECS);
                let key_time = auth::key_time(now_ms, self.clock_offset_ms(), expires);
                let signature = auth::sign(&SignInput {
                    secret_id: &secret_id,
                    secret_key: &secret_key,
                    key_time: &key_time,
                    method: &method,
                    pathname: &endpoint.signed_path,
                    query: &params.query,
                    headers: &headers,
                    extra_header: None,
                    skip_host: false,
                });
                (signature.authorization, security_token)
            }
        };
        let mut url = format!("{base}?{}", presign_query(&authorization));
        if !token.is_empty() {
            url.push_str("&x-cos-security-token=");
            url.push_str(&cam_safe_url_encode(&token));
        }
        if !extra.is_empty() {
            url.push('&');
            url.push_str(&extra);
        }
        Ok(url)
    }

    /// Signs a request for another client with the configured keys (Node's
    /// instance `getAuth`): the value of its `Authorization` header, or of
    /// a URL's query string.
    ///
    /// ```
    /// use cos_sdk::GetAuthParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello");
    /// let authorization = cos.get_auth(GetAuthParams {
    ///     method: "GET".into(),
    ///     key: "hello.txt".into(),
    ///     bucket: "examplebucket-1250000000".into(), // signs the host of the bucket
    ///     region: "ap-guangzhou".into(),
    ///     expires: Some(600),
    ///     ..Default::default()
    /// })?;
    /// assert!(authorization.starts_with("q-sign-algorithm=sha1&q-ak="));
    /// // Another client sends it as its `Authorization` header for ten minutes:
    /// // GET /hello.txt HTTP/1.1
    /// // Host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com
    /// // Authorization: q-sign-algorithm=sha1&q-ak=...
    /// # let url = "http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/hello.txt";
    /// # let (status, body) = doc.fetch("GET", url, &[("authorization", &authorization)]);
    /// # assert_eq!((status, body.as_slice()), (200, &b"hello"[..]));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_auth(&self, params: GetAuthParams) -> Result<String, CosError> {
        let options = self.options();
        auth::get_authorization(&crate::GetAuthorizationOptions {
            secret_id: options.secret_id.clone(),
            secret_key: options.secret_key.clone(),
            method: params.method,
            key: params.key,
            query: params.query,
            headers: params.headers,
            expires: params.expires,
            bucket: params.bucket,
            region: params.region,
            system_clock_offset: self.clock_offset_ms(),
            force_sign_host: options.force_sign_host,
            use_raw_key: options.use_raw_key,
            ..Default::default()
        })
    }
}

/// The `Authorization` pairs as query parameters. Node leaves `;` raw in
/// the times and lists; values are encoded otherwise, which COS accepts.
fn presign_query(authorization: &str) -> String {
    authorization
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => {
                let encoded = cam_safe_url_encode(value).replace("%3B", ";");
                format!("{name}={encoded}")
            }
            None => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_presigned_url_example() {
        // node-sdk-behaviour.md §3.5: Date.now() frozen at 1700000000000,
        // keys AKIDtest/secret; our URL differs only in encoding the
        // response-content-disposition value the same way (Node's too).
        let authorization = crate::auth::sign(&SignInput {
            secret_id: "AKIDtest",
            secret_key: "secret",
            key_time: &auth::key_time(1_700_000_000_000, 0, 900),
            method: "GET",
            pathname: "/中文/a b.txt",
            query: &[
                (
                    "response-content-disposition".into(),
                    "attachment; filename=a.txt".into(),
                ),
                ("x".into(), "1".into()),
            ],
            headers: &Headers::from([(
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            )]),
            extra_header: None,
            skip_host: false,
        })
        .authorization;
        assert_eq!(
            presign_query(&authorization),
            "q-sign-algorithm=sha1&q-ak=AKIDtest&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=response-content-disposition;x&q-signature=8e22ba5f5da17a010932f262c99c3aed24ca9fd9"
        );
    }
}
