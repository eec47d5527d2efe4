//! Node's `request`: any COS (or CI) API this crate does not wrap, signed
//! and sent through the same request loop as every operation.

use crate::body::Body;
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::endpoint::Target;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::headers::Headers;
use crate::ops::{bucket_target, object_target};
use crate::options::CosOptions;

/// Params of [`Cos::request`] (Node's `request`).
#[derive(Debug)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct RequestParams {
    /// `Bucket` (not needed with `url`).
    pub bucket: String,
    /// `Region` (not needed with `url`).
    pub region: String,
    /// `Key`: the object, or empty for a bucket request.
    pub key: String,
    /// `Method` (default `GET`).
    pub method: String,
    /// `Url`: send to this URL instead (e.g. a CI host
    /// `https://<bucket>.ci.<region>.myqcloud.com/doc_jobs`); its query, if
    /// any, is signed.
    pub url: String,
    /// `Action`: a sub-resource sent first in the query (`image_process`
    /// → `?image_process=`).
    pub action: String,
    /// `Query`: parameters, signed.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text::query"))]
    pub query: Vec<(String, String)>,
    /// `Headers`: sent and signed as COS's rules say (`x-cos-*`,
    /// `content-type`, `pic-operations`, …).
    pub headers: Headers,
    /// `Body` (empty by default).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub body: Body,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

impl Default for RequestParams {
    fn default() -> Self {
        RequestParams {
            bucket: String::new(),
            region: String::new(),
            key: String::new(),
            method: "GET".into(),
            url: String::new(),
            action: String::new(),
            query: Vec::new(),
            headers: Headers::new(),
            body: Body::empty(),
            cancel: None,
        }
    }
}

response_data! {
    /// Result of [`Cos::request`]: the answer as it came (Node parses XML
    /// and JSON bodies into `data`; here the bytes are yours to parse).
    pub struct RequestData {
        /// `Body`: the answer's bytes (left out of serialized data).
        #[cfg_attr(feature = "serde", serde(skip))]
        pub body: Vec<u8>,
    }
}

/// Largest answer `request` reads into memory.
const MAX_BODY: u64 = 1 << 30;

fn method(name: &str) -> Result<&'static str, CosError> {
    Ok(match name.to_ascii_uppercase().as_str() {
        "" | "GET" => "GET",
        "HEAD" => "HEAD",
        "PUT" => "PUT",
        "POST" => "POST",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => {
            return Err(CosError::invalid_parameter(
                "Method",
                format!("Method must be GET, HEAD, PUT, POST, DELETE or OPTIONS, got {name:?}"),
            ));
        }
    })
}

/// `scheme://host/path?query` of the `Url` param.
fn url_target(url: &str) -> Result<(Target, Vec<(String, String)>), CosError> {
    let invalid = || {
        CosError::invalid_parameter(
            "Url",
            format!("Url must be http(s)://host/path, got {url:?}"),
        )
    };
    let (scheme, rest) = url.split_once("://").ok_or_else(invalid)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(invalid());
    }
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(char::is_whitespace) {
        return Err(invalid());
    }
    let target = Target::Url {
        scheme,
        host: host.to_string(),
        path: path.to_string(),
    };
    Ok((target, crate::encode::parse_query_string(query)))
}

pub(crate) fn build_request(
    options: &CosOptions,
    params: RequestParams,
) -> Result<Request, CosError> {
    let method = method(&params.method)?;
    let (target, mut query) = if !params.url.is_empty() {
        url_target(&params.url)?
    } else if params.key.is_empty() {
        (bucket_target(&params.bucket, &params.region)?, Vec::new())
    } else {
        let target = object_target(options, &params.bucket, &params.region, &params.key)?;
        (target, Vec::new())
    };
    let mut request = Request::new(method, target);
    if !params.action.is_empty() {
        query.insert(0, (params.action, String::new()));
    }
    query.extend(params.query);
    request.query = query;
    request.headers = params.headers;
    // No body at all rather than an empty one: a GET carries no
    // Content-Length, as Node sends it.
    if params.body.as_bytes() != Some(&[]) {
        request.body = Some(params.body);
    }
    request.cancel = params.cancel;
    Ok(request)
}

impl Cos {
    /// Sends any request, signed with this client's credentials (Node's
    /// `request`), for COS and CI APIs this crate does not wrap. It goes
    /// through the same loop as every operation: retries, clock-skew
    /// correction, temporary keys, errors as [`CosError`].
    ///
    /// ```
    /// use cos_sdk::{Body, RequestParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// // PUT Object Tagging, written by hand.
    /// # doc.put("photo.jpg", "jpeg");
    /// let body = "<Tagging><TagSet><Tag><Key>album</Key><Value>2024</Value></Tag></TagSet></Tagging>";
    /// let mut headers = cos_sdk::Headers::new();
    /// headers.insert("content-type", "application/xml");
    /// cos.request(
    ///     RequestParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "photo.jpg".into(),
    ///         method: "PUT".into(),
    ///         action: "tagging".into(),
    ///         headers,
    ///         body: Body::from(body),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let answer = cos.request(
    ///     RequestParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "photo.jpg".into(),
    ///         action: "tagging".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(String::from_utf8_lossy(&answer.body).contains("<Value>2024</Value>"));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn request<R>(
        &self,
        params: RequestParams,
        callback: impl FnOnce(Result<RequestData, CosError>) -> R,
    ) -> R {
        callback(self.request_inner(params))
    }

    fn request_inner(&self, params: RequestParams) -> Result<RequestData, CosError> {
        use std::io::Read;
        let mut response = self.execute(build_request(self.options(), params)?)?;
        let mut data = RequestData::from_meta(response.meta());
        (&mut response.body)
            .take(MAX_BODY)
            .read_to_end(&mut data.body)
            .map_err(|e| response.fail(crate::transport::map_io_error(e)))?;
        Ok(data)
    }
}
