//! Bucket CORS configuration (Node's `putBucketCors`, `getBucketCors`,
//! `deleteBucketCors`).

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Meta, Request};
use crate::headers::Headers;
use crate::ops::{BucketOnly, bucket_target};
use crate::xml;

/// One CORS rule; Node's plural field names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct CorsRule {
    /// `ID` (optional).
    #[cfg_attr(feature = "serde", serde(rename = "ID"))]
    pub id: String,
    /// `AllowedOrigins`: `https://example.com`, or patterns with one `*`.
    #[cfg_attr(
        feature = "serde",
        serde(
            alias = "AllowedOrigin",
            deserialize_with = "crate::ops::config::codec::node_json"
        )
    )]
    pub allowed_origins: Vec<String>,
    /// `AllowedMethods`: `GET`, `PUT`, `POST`, `DELETE`, `HEAD`.
    #[cfg_attr(
        feature = "serde",
        serde(
            alias = "AllowedMethod",
            deserialize_with = "crate::ops::config::codec::node_json"
        )
    )]
    pub allowed_methods: Vec<String>,
    /// `AllowedHeaders` a preflight may ask for (`*` for any).
    #[cfg_attr(
        feature = "serde",
        serde(
            alias = "AllowedHeader",
            deserialize_with = "crate::ops::config::codec::node_json"
        )
    )]
    pub allowed_headers: Vec<String>,
    /// `ExposeHeaders` browsers may read.
    #[cfg_attr(
        feature = "serde",
        serde(
            alias = "ExposeHeader",
            deserialize_with = "crate::ops::config::codec::node_json"
        )
    )]
    pub expose_headers: Vec<String>,
    /// `MaxAgeSeconds` a preflight answer may be cached.
    #[cfg_attr(
        feature = "serde",
        serde(
            with = "crate::serde_text::option",
            skip_serializing_if = "Option::is_none"
        )
    )]
    pub max_age_seconds: Option<u32>,
}

/// Params of [`Cos::put_bucket_cors`] (Node's `putBucketCors`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutBucketCorsParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `CORSRules`: replaces the whole configuration.
    #[cfg_attr(feature = "serde", serde(rename = "CORSRules"))]
    pub cors_rules: Vec<CorsRule>,
    /// `ResponseVary`: `true` adds `Vary: Origin` to CORS answers.
    pub response_vary: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::put_bucket_cors`].
    pub struct PutBucketCorsData {}
}

bucket_params! {
    /// Params of [`Cos::get_bucket_cors`] (Node's `getBucketCors`).
    GetBucketCorsParams;
    /// Params of [`Cos::delete_bucket_cors`] (Node's `deleteBucketCors`).
    DeleteBucketCorsParams;
}

response_data! {
    /// Result of [`Cos::get_bucket_cors`]. A bucket without CORS
    /// configuration gives empty `cors_rules` and status 404, as in Node.
    pub struct GetBucketCorsData {
        /// `CORSRules`.
        #[cfg_attr(feature = "serde", serde(rename = "CORSRules"))]
        pub cors_rules: Vec<CorsRule>,
        /// `ResponseVary`, when configured.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub response_vary: Option<String>,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_cors`].
    pub struct DeleteBucketCorsData {}
}

/// The body Node's builder makes: fields in Node's order, lists as
/// repeated singular elements.
fn cors_xml(params: &PutBucketCorsParams) -> String {
    let mut out = String::from("<CORSConfiguration>");
    for rule in &params.cors_rules {
        out.push_str("<CORSRule>");
        xml::push_element(&mut out, "ID", &rule.id);
        if let Some(age) = rule.max_age_seconds {
            xml::push_element(&mut out, "MaxAgeSeconds", &age.to_string());
        }
        for (name, values) in [
            ("AllowedOrigin", &rule.allowed_origins),
            ("AllowedHeader", &rule.allowed_headers),
            ("AllowedMethod", &rule.allowed_methods),
            ("ExposeHeader", &rule.expose_headers),
        ] {
            for value in values {
                xml::push_element(&mut out, name, value);
            }
        }
        out.push_str("</CORSRule>");
    }
    xml::push_element(&mut out, "ResponseVary", &params.response_vary);
    out.push_str("</CORSConfiguration>");
    out
}

pub(crate) fn build_put_bucket_cors(params: &PutBucketCorsParams) -> Result<Request, CosError> {
    let mut request = Request::new("PUT", bucket_target(&params.bucket, &params.region)?);
    request.action = Some("cors");
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.xml_body(cors_xml(params));
    Ok(request)
}

pub(crate) fn parse_cors(text: &str) -> Result<(Vec<CorsRule>, Option<String>), CosError> {
    let doc = xml::parse(text)?;
    let root = xml::root(&doc, "CORSConfiguration")?;
    let all = |node, name| {
        xml::children(node, name)
            .map(|n| xml::node_text(n))
            .collect()
    };
    let mut rules = Vec::new();
    for node in xml::children(root, "CORSRule") {
        let age = xml::text(node, "MaxAgeSeconds");
        rules.push(CorsRule {
            id: xml::text(node, "ID"),
            allowed_origins: all(node, "AllowedOrigin"),
            allowed_methods: all(node, "AllowedMethod"),
            allowed_headers: all(node, "AllowedHeader"),
            expose_headers: all(node, "ExposeHeader"),
            max_age_seconds: age.trim().parse().ok(),
        });
    }
    Ok((rules, xml::opt_text(root, "ResponseVary")))
}

impl Cos {
    /// Replaces a bucket's CORS rules (Node's `putBucketCors`).
    ///
    /// ```
    /// use cos_sdk::{CorsRule, PutBucketCorsParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_bucket_cors(
    ///     PutBucketCorsParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         cors_rules: vec![CorsRule {
    ///             allowed_origins: vec!["https://www.example.com".into()],
    ///             allowed_methods: vec!["GET".into(), "PUT".into()],
    ///             allowed_headers: vec!["*".into()],
    ///             expose_headers: vec!["ETag".into()],
    ///             max_age_seconds: Some(600),
    ///             ..Default::default()
    ///         }],
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_cors<R>(
        &self,
        params: PutBucketCorsParams,
        callback: impl FnOnce(Result<PutBucketCorsData, CosError>) -> R,
    ) -> R {
        callback(
            build_put_bucket_cors(&params)
                .and_then(|r| self.execute(r))
                .map(|r| PutBucketCorsData::from_meta(r.meta())),
        )
    }

    /// Reads a bucket's CORS rules (Node's `getBucketCors`).
    ///
    /// ```
    /// use cos_sdk::{CorsRule, GetBucketCorsParams, PutBucketCorsParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # cos.put_bucket_cors(
    /// #     PutBucketCorsParams {
    /// #         bucket: "examplebucket-1250000000".into(),
    /// #         region: "ap-guangzhou".into(),
    /// #         cors_rules: vec![CorsRule {
    /// #             allowed_origins: vec!["https://www.example.com".into()],
    /// #             allowed_methods: vec!["GET".into()],
    /// #             ..Default::default()
    /// #         }],
    /// #         ..Default::default()
    /// #     },
    /// #     |r| r,
    /// # )?;
    /// let data = cos.get_bucket_cors(
    ///     GetBucketCorsParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.cors_rules[0].allowed_origins, ["https://www.example.com"]);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_cors<R>(
        &self,
        params: GetBucketCorsParams,
        callback: impl FnOnce(Result<GetBucketCorsData, CosError>) -> R,
    ) -> R {
        callback(self.get_bucket_cors_inner(params))
    }

    fn get_bucket_cors_inner(
        &self,
        params: GetBucketCorsParams,
    ) -> Result<GetBucketCorsData, CosError> {
        let mut response = match self.execute(params.bucket_request("GET", "cors")?) {
            Ok(response) => response,
            Err(err)
                if err.status_code() == Some(404) && err.code() == "NoSuchCORSConfiguration" =>
            {
                return Ok(GetBucketCorsData::from_meta(Meta::of_error(&err)));
            }
            Err(err) => return Err(err),
        };
        let text = response.text()?;
        let (rules, vary) = parse_cors(&text).map_err(|e| response.fail(e))?;
        let mut data = GetBucketCorsData::from_meta(response.meta());
        data.cors_rules = rules;
        data.response_vary = vary;
        Ok(data)
    }

    /// Removes a bucket's CORS rules (Node's `deleteBucketCors`).
    ///
    /// ```
    /// use cos_sdk::{DeleteBucketCorsParams, GetBucketCorsParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.delete_bucket_cors(
    ///     DeleteBucketCorsParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// // No configuration reads as no rules, as in Node.
    /// let data = cos.get_bucket_cors(
    ///     GetBucketCorsParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.cors_rules.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_cors<R>(
        &self,
        params: DeleteBucketCorsParams,
        callback: impl FnOnce(Result<DeleteBucketCorsData, CosError>) -> R,
    ) -> R {
        callback(
            params
                .bucket_request("DELETE", "cors")
                .and_then(|r| self.execute(r))
                .map(|r| DeleteBucketCorsData::from_meta(r.meta())),
        )
    }
}

/// Params of [`Cos::options_object`] (Node's `optionsObject`): a CORS
/// preflight, as a browser would send it.
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct OptionsObjectParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `Origin`, e.g. `https://example.com`.
    pub origin: String,
    /// `AccessControlRequestMethod`, e.g. `PUT`.
    pub access_control_request_method: String,
    /// `AccessControlRequestHeaders`: comma-separated header names.
    pub access_control_request_headers: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::options_object`]. A refused preflight (403) is a
    /// success with `options_forbidden: true`, as in Node.
    pub struct OptionsObjectData {
        /// `AccessControlAllowOrigin`.
        pub access_control_allow_origin: String,
        /// `AccessControlAllowMethods`.
        pub access_control_allow_methods: String,
        /// `AccessControlAllowHeaders`.
        pub access_control_allow_headers: String,
        /// `AccessControlExposeHeaders`.
        pub access_control_expose_headers: String,
        /// `AccessControlMaxAge`.
        pub access_control_max_age: String,
        /// `OptionsForbidden`: no CORS rule allows this preflight.
        pub options_forbidden: bool,
    }
}

pub(crate) fn build_options_object(
    options: &crate::CosOptions,
    params: &OptionsObjectParams,
) -> Result<Request, CosError> {
    let target = crate::ops::object_target(options, &params.bucket, &params.region, &params.key)?;
    let mut request = Request::new("OPTIONS", target);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.header("origin", &params.origin);
    request.header(
        "access-control-request-method",
        &params.access_control_request_method,
    );
    request.header(
        "access-control-request-headers",
        &params.access_control_request_headers,
    );
    Ok(request)
}

impl Cos {
    /// Sends a CORS preflight for an object (Node's `optionsObject`).
    ///
    /// ```
    /// use cos_sdk::{CorsRule, OptionsObjectParams, PutBucketCorsParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello");
    /// # cos.put_bucket_cors(
    /// #     PutBucketCorsParams {
    /// #         bucket: "examplebucket-1250000000".into(),
    /// #         region: "ap-guangzhou".into(),
    /// #         cors_rules: vec![CorsRule {
    /// #             allowed_origins: vec!["https://www.example.com".into()],
    /// #             allowed_methods: vec!["GET".into()],
    /// #             ..Default::default()
    /// #         }],
    /// #         ..Default::default()
    /// #     },
    /// #     |r| r,
    /// # )?;
    /// // With a rule allowing GET from https://www.example.com:
    /// let data = cos.options_object(
    ///     OptionsObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello.txt".into(),
    ///         origin: "https://www.example.com".into(),
    ///         access_control_request_method: "GET".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.access_control_allow_origin, "https://www.example.com");
    ///
    /// // A preflight no rule allows is a success with `options_forbidden`.
    /// let refused = cos.options_object(
    ///     OptionsObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello.txt".into(),
    ///         origin: "https://elsewhere.example".into(),
    ///         access_control_request_method: "GET".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(refused.options_forbidden);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn options_object<R>(
        &self,
        params: OptionsObjectParams,
        callback: impl FnOnce(Result<OptionsObjectData, CosError>) -> R,
    ) -> R {
        callback(self.options_object_inner(params))
    }

    fn options_object_inner(
        &self,
        params: OptionsObjectParams,
    ) -> Result<OptionsObjectData, CosError> {
        let response = match self.execute(build_options_object(self.options(), &params)?) {
            Ok(response) => response,
            Err(err) if err.status_code() == Some(403) => {
                let mut data = OptionsObjectData::from_meta(Meta::of_error(&err));
                data.options_forbidden = true;
                return Ok(data);
            }
            Err(err) => return Err(err),
        };
        let mut data = OptionsObjectData::from_meta(response.meta());
        data.access_control_allow_origin = response.header("access-control-allow-origin");
        data.access_control_allow_methods = response.header("access-control-allow-methods");
        data.access_control_allow_headers = response.header("access-control-allow-headers");
        data.access_control_expose_headers = response.header("access-control-expose-headers");
        data.access_control_max_age = response.header("access-control-max-age");
        Ok(data)
    }
}
