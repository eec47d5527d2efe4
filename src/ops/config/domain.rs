//! Custom domains and origin-pull (Node's `putBucketDomain`,
//! `getBucketDomain`, `deleteBucketDomain`, `putBucketOrigin`,
//! `getBucketOrigin`, `deleteBucketOrigin`).

use crate::client::Cos;
use crate::error::CosError;
use crate::ops::BucketOnly;

xml_struct! {
    /// One custom domain of the bucket (`DomainRule`).
    pub struct DomainRule {
        /// `Status`: `ENABLED` or `DISABLED`.
        pub status: String => "Status",
        /// `Name`: the domain, e.g. `www.example.com`.
        pub name: String => "Name",
        /// `Type`: `REST` (the object API) or `WEBSITE`.
        #[cfg_attr(feature = "serde", serde(rename = "Type"))]
        pub domain_type: String => "Type",
        /// `ForcedReplacement`: `CNAME` or `TXT` to take the domain over
        /// from another bucket.
        pub forced_replacement: String => "ForcedReplacement",
    }

    /// `<DomainConfiguration>`: the document.
    pub struct DomainConfiguration {
        /// `DomainRule`s.
        pub domain_rule: Vec<DomainRule> => "DomainRule",
    }

    /// One origin-pull rule (`OriginRule`): fetch missing objects from
    /// another server.
    pub struct OriginRule {
        /// `OriginType`: `Mirror` (fetch and store) or `Redirect`.
        pub origin_type: String => "OriginType",
        /// `OriginCondition`: when to go to the origin.
        pub origin_condition: OriginCondition => "OriginCondition",
        /// `OriginParameter`: how to ask it.
        pub origin_parameter: OriginParameter => "OriginParameter",
        /// `OriginInfo`: where it is.
        pub origin_info: OriginInfo => "OriginInfo",
        /// `RulePriority`: lower runs first.
        pub rule_priority: Option<u32> => "RulePriority",
    }

    /// `OriginCondition` of an [`OriginRule`].
    pub struct OriginCondition {
        /// `HTTPStatusCode`: `404`.
        #[cfg_attr(feature = "serde", serde(rename = "HTTPStatusCode"))]
        pub http_status_code: String => "HTTPStatusCode",
        /// `Prefix`: keys it applies to; `Some("")` (sent empty) for all.
        pub prefix: Option<String> => "Prefix",
    }

    /// `OriginParameter` of an [`OriginRule`].
    pub struct OriginParameter {
        /// `Protocol`: `HTTP`, `HTTPS` or `FOLLOW`.
        pub protocol: String => "Protocol",
        /// `FollowQueryString`: `true` passes the query string on.
        pub follow_query_string: String => "FollowQueryString",
        /// `HttpHeader`: which headers to pass or add.
        pub http_header: Option<OriginHttpHeader> => "HttpHeader",
        /// `FollowRedirection`: `true` follows the origin's redirects.
        pub follow_redirection: String => "FollowRedirection",
        /// `HttpRedirectCode`s to follow, e.g. `301`, `302`.
        pub http_redirect_code: Vec<String> => "HttpRedirectCode",
    }

    /// `HttpHeader` of an [`OriginParameter`].
    pub struct OriginHttpHeader {
        /// `FollowAllHeaders`: `true` passes every request header on.
        pub follow_all_headers: String => "FollowAllHeaders",
        /// `NewHttpHeaders`: headers to add.
        pub new_http_headers: Option<OriginHeaders> => "NewHttpHeaders",
        /// `FollowHttpHeaders`: request headers to pass on.
        pub follow_http_headers: Option<OriginHeaders> => "FollowHttpHeaders",
    }

    /// A list of headers (`<Header>` elements).
    pub struct OriginHeaders {
        /// `Header`s.
        pub header: Vec<OriginHeader> => "Header",
    }

    /// One `Header`: `key` (and `value` for headers to add).
    pub struct OriginHeader {
        /// `Key`.
        pub key: String => "Key",
        /// `Value`.
        pub value: String => "Value",
    }

    /// `OriginInfo` of an [`OriginRule`].
    pub struct OriginInfo {
        /// `HostInfo`: the origin server.
        pub host_info: OriginHostInfo => "HostInfo",
        /// `FileInfo`: how keys map to the origin's paths.
        pub file_info: Option<OriginFileInfo> => "FileInfo",
    }

    /// `HostInfo` of an [`OriginInfo`].
    pub struct OriginHostInfo {
        /// `HostName`: domain or IP, with an optional port.
        pub host_name: String => "HostName",
    }

    /// `FileInfo` of an [`OriginInfo`].
    pub struct OriginFileInfo {
        /// `PrefixConfiguration`: a prefix to put before the key.
        pub prefix_configuration: Option<OriginPrefix> => "PrefixConfiguration",
        /// `SuffixConfiguration`: a suffix to put after the key.
        pub suffix_configuration: Option<OriginSuffix> => "SuffixConfiguration",
    }

    /// `PrefixConfiguration` of an [`OriginFileInfo`].
    pub struct OriginPrefix {
        /// `Prefix`.
        pub prefix: String => "Prefix",
    }

    /// `SuffixConfiguration` of an [`OriginFileInfo`].
    pub struct OriginSuffix {
        /// `Suffix`.
        pub suffix: String => "Suffix",
    }

    /// `<OriginConfiguration>`: the document.
    pub struct OriginConfiguration {
        /// `OriginRule`s.
        pub origin_rule: Vec<OriginRule> => "OriginRule",
    }
}

bucket_params! {
    /// Params of [`Cos::put_bucket_domain`] (Node's `putBucketDomain`).
    PutBucketDomainParams {
        /// `DomainRule`: every custom domain (replaces the old list).
        pub domain_rule: Vec<DomainRule>,
    };
    /// Params of [`Cos::get_bucket_domain`] (Node's `getBucketDomain`).
    GetBucketDomainParams;
    /// Params of [`Cos::delete_bucket_domain`] (Node's `deleteBucketDomain`).
    DeleteBucketDomainParams;
    /// Params of [`Cos::put_bucket_origin`] (Node's `putBucketOrigin`).
    PutBucketOriginParams {
        /// `OriginRule`: every origin-pull rule (replaces the old list).
        pub origin_rule: Vec<OriginRule>,
    };
    /// Params of [`Cos::get_bucket_origin`] (Node's `getBucketOrigin`).
    GetBucketOriginParams;
    /// Params of [`Cos::delete_bucket_origin`] (Node's `deleteBucketOrigin`).
    DeleteBucketOriginParams;
}

response_data! {
    /// Result of [`Cos::put_bucket_domain`].
    pub struct PutBucketDomainData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_domain`].
    pub struct GetBucketDomainData {
        /// `DomainRule`s.
        pub domain_rule: Vec<DomainRule>,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_domain`].
    pub struct DeleteBucketDomainData {}
}

response_data! {
    /// Result of [`Cos::put_bucket_origin`].
    pub struct PutBucketOriginData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_origin`].
    pub struct GetBucketOriginData {
        /// `OriginRule`s.
        pub origin_rule: Vec<OriginRule>,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_origin`].
    pub struct DeleteBucketOriginData {}
}

impl Cos {
    /// Binds custom domains to the bucket (Node's `putBucketDomain`). A
    /// domain bound elsewhere fails with `DomainConflict` unless
    /// `forced_replacement` is set.
    ///
    /// ```
    /// use cos_sdk::{DomainRule, GetBucketDomainParams, PutBucketDomainParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let rule = DomainRule {
    ///     status: "ENABLED".into(),
    ///     name: "www.example.com".into(),
    ///     domain_type: "REST".into(),
    ///     ..Default::default()
    /// };
    /// cos.put_bucket_domain(
    ///     PutBucketDomainParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         domain_rule: vec![rule.clone()],
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_domain(
    ///     GetBucketDomainParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.domain_rule, [rule]);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_domain<R>(
        &self,
        params: PutBucketDomainParams,
        callback: impl FnOnce(Result<PutBucketDomainData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_domain(&params)))
    }

    /// Reads the custom domains (Node's `getBucketDomain`). A bucket
    /// without any fails with `NoSuchDomainConfiguration`, as in Node.
    ///
    /// ```
    /// use cos_sdk::GetBucketDomainParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let err = cos
    ///     .get_bucket_domain(
    ///         GetBucketDomainParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "NoSuchDomainConfiguration");
    /// ```
    pub fn get_bucket_domain<R>(
        &self,
        params: GetBucketDomainParams,
        callback: impl FnOnce(Result<GetBucketDomainData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "domain"),
            "DomainConfiguration",
            None,
            |config: DomainConfiguration, data: &mut GetBucketDomainData| {
                data.domain_rule = config.domain_rule
            },
        ))
    }

    /// Unbinds every custom domain (Node's `deleteBucketDomain`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketDomainParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_domain(
    ///     DeleteBucketDomainParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_domain<R>(
        &self,
        params: DeleteBucketDomainParams,
        callback: impl FnOnce(Result<DeleteBucketDomainData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.bucket_request("DELETE", "domain")))
    }

    /// Sets origin-pull rules (Node's `putBucketOrigin`): a GET that misses
    /// fetches the object from another server.
    ///
    /// ```
    /// use cos_sdk::{
    ///     GetBucketOriginParams, OriginCondition, OriginHostInfo, OriginInfo, OriginParameter,
    ///     OriginRule, PutBucketOriginParams,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let rule = OriginRule {
    ///     origin_type: "Mirror".into(),
    ///     origin_condition: OriginCondition {
    ///         http_status_code: "404".into(),
    ///         prefix: Some(String::new()),
    ///     },
    ///     origin_parameter: OriginParameter {
    ///         protocol: "HTTPS".into(),
    ///         ..Default::default()
    ///     },
    ///     origin_info: OriginInfo {
    ///         host_info: OriginHostInfo {
    ///             host_name: "origin.example.com".into(),
    ///         },
    ///         ..Default::default()
    ///     },
    ///     rule_priority: Some(1),
    /// };
    /// cos.put_bucket_origin(
    ///     PutBucketOriginParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         origin_rule: vec![rule],
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_origin(
    ///     GetBucketOriginParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.origin_rule[0].origin_info.host_info.host_name, "origin.example.com");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_origin<R>(
        &self,
        params: PutBucketOriginParams,
        callback: impl FnOnce(Result<PutBucketOriginData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_origin(&params)))
    }

    /// Reads the origin-pull rules (Node's `getBucketOrigin`). A bucket
    /// without any fails with `NoSuchOriginConfiguration`, as in Node.
    ///
    /// ```
    /// use cos_sdk::GetBucketOriginParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let err = cos
    ///     .get_bucket_origin(
    ///         GetBucketOriginParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "NoSuchOriginConfiguration");
    /// ```
    pub fn get_bucket_origin<R>(
        &self,
        params: GetBucketOriginParams,
        callback: impl FnOnce(Result<GetBucketOriginData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "origin"),
            "OriginConfiguration",
            None,
            |config: OriginConfiguration, data: &mut GetBucketOriginData| {
                data.origin_rule = config.origin_rule
            },
        ))
    }

    /// Removes the origin-pull rules (Node's `deleteBucketOrigin`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketOriginParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_origin(
    ///     DeleteBucketOriginParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_origin<R>(
        &self,
        params: DeleteBucketOriginParams,
        callback: impl FnOnce(Result<DeleteBucketOriginData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.bucket_request("DELETE", "origin")))
    }
}

pub(crate) fn build_put_bucket_domain(
    params: &PutBucketDomainParams,
) -> Result<crate::execute::Request, CosError> {
    let config = DomainConfiguration {
        domain_rule: params.domain_rule.clone(),
    };
    super::config_request(
        params.bucket_request("PUT", "domain"),
        "DomainConfiguration",
        &config,
    )
}

pub(crate) fn build_put_bucket_origin(
    params: &PutBucketOriginParams,
) -> Result<crate::execute::Request, CosError> {
    let config = OriginConfiguration {
        origin_rule: params.origin_rule.clone(),
    };
    super::config_request(
        params.bucket_request("PUT", "origin"),
        "OriginConfiguration",
        &config,
    )
}
