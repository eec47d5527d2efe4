//! Static website hosting and hotlink protection (Node's
//! `putBucketWebsite`, `getBucketWebsite`, `deleteBucketWebsite`,
//! `putBucketReferer`, `getBucketReferer`).

use crate::client::Cos;
use crate::error::CosError;
use crate::ops::BucketOnly;

xml_struct! {
    /// `WebsiteConfiguration`: served at
    /// `<bucket>.cos-website.<region>.myqcloud.com`.
    pub struct WebsiteConfiguration {
        /// `IndexDocument`: the object served for a "directory" URL.
        pub index_document: Option<IndexDocument> => "IndexDocument",
        /// `RedirectAllRequestsTo`: send every request to another scheme.
        pub redirect_all_requests_to: Option<RedirectAllRequestsTo> => "RedirectAllRequestsTo",
        /// `AutoAddressing`: `Enabled` serves `a` as `a.html`.
        pub auto_addressing: Option<AutoAddressing> => "AutoAddressing",
        /// `ErrorDocument`: the object served for errors.
        pub error_document: Option<ErrorDocument> => "ErrorDocument",
        /// `RoutingRules`: redirects by key prefix or error code.
        pub routing_rules: Vec<RoutingRule> => "RoutingRules/RoutingRule",
    }

    /// `IndexDocument` of a [`WebsiteConfiguration`].
    pub struct IndexDocument {
        /// `Suffix`, e.g. `index.html`.
        pub suffix: String => "Suffix",
    }

    /// `RedirectAllRequestsTo` of a [`WebsiteConfiguration`].
    pub struct RedirectAllRequestsTo {
        /// `Protocol`: `https`.
        pub protocol: String => "Protocol",
    }

    /// `AutoAddressing` of a [`WebsiteConfiguration`].
    pub struct AutoAddressing {
        /// `Status`: `Enabled` or `Disabled`.
        pub status: String => "Status",
    }

    /// `ErrorDocument` of a [`WebsiteConfiguration`].
    pub struct ErrorDocument {
        /// `Key` of the error page.
        pub key: String => "Key",
        /// `OriginalHttpStatus`: `Enabled` keeps the error's status code.
        pub original_http_status: String => "OriginalHttpStatus",
    }

    /// One `RoutingRule`: when `condition` holds, `redirect`.
    pub struct RoutingRule {
        /// `Condition`.
        pub condition: RoutingCondition => "Condition",
        /// `Redirect`.
        pub redirect: RoutingRedirect => "Redirect",
    }

    /// `Condition` of a [`RoutingRule`].
    pub struct RoutingCondition {
        /// `HttpErrorCodeReturnedEquals`, e.g. `404`.
        pub http_error_code_returned_equals: String => "HttpErrorCodeReturnedEquals",
        /// `KeyPrefixEquals`.
        pub key_prefix_equals: String => "KeyPrefixEquals",
    }

    /// `Redirect` of a [`RoutingRule`].
    pub struct RoutingRedirect {
        /// `Protocol`, e.g. `https`.
        pub protocol: String => "Protocol",
        /// `ReplaceKeyWith`: the whole new key.
        pub replace_key_with: String => "ReplaceKeyWith",
        /// `ReplaceKeyPrefixWith`: the new key prefix.
        pub replace_key_prefix_with: String => "ReplaceKeyPrefixWith",
    }

    /// `RefererConfiguration`: hotlink protection by the `Referer` header.
    pub struct RefererConfiguration {
        /// `Status`: `Enabled` or `Disabled`.
        pub status: String => "Status",
        /// `RefererType`: `White-List` (only these may) or `Black-List`.
        pub referer_type: String => "RefererType",
        /// `DomainList`.
        pub domain_list: DomainList => "DomainList",
        /// `EmptyReferConfiguration`: `Allow` or `Deny` requests without a
        /// `Referer`.
        pub empty_refer_configuration: String => "EmptyReferConfiguration",
        /// `VerifySignatureURL`: `Enabled` checks signed requests too.
        #[cfg_attr(feature = "serde", serde(rename = "VerifySignatureURL"))]
        pub verify_signature_url: String => "VerifySignatureURL",
    }

    /// `DomainList` of a [`RefererConfiguration`].
    pub struct DomainList {
        /// `Domains` (`<Domain>` elements): `www.example.com`, `*.example.com`.
        #[cfg_attr(feature = "serde", serde(alias = "Domain"))]
        pub domains: Vec<String> => "Domain",
    }
}

bucket_params! {
    /// Params of [`Cos::put_bucket_website`] (Node's `putBucketWebsite`).
    PutBucketWebsiteParams {
        /// `WebsiteConfiguration`: replaces the old one.
        pub website_configuration: WebsiteConfiguration,
    };
    /// Params of [`Cos::get_bucket_website`] (Node's `getBucketWebsite`).
    GetBucketWebsiteParams;
    /// Params of [`Cos::delete_bucket_website`] (Node's `deleteBucketWebsite`).
    DeleteBucketWebsiteParams;
    /// Params of [`Cos::put_bucket_referer`] (Node's `putBucketReferer`).
    PutBucketRefererParams {
        /// `RefererConfiguration`: replaces the old one.
        pub referer_configuration: RefererConfiguration,
    };
    /// Params of [`Cos::get_bucket_referer`] (Node's `getBucketReferer`).
    GetBucketRefererParams;
}

response_data! {
    /// Result of [`Cos::put_bucket_website`].
    pub struct PutBucketWebsiteData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_website`]. A bucket without a website
    /// gives an empty configuration and status 404, as in Node.
    pub struct GetBucketWebsiteData {
        /// `WebsiteConfiguration`.
        pub website_configuration: WebsiteConfiguration,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_website`].
    pub struct DeleteBucketWebsiteData {}
}

response_data! {
    /// Result of [`Cos::put_bucket_referer`].
    pub struct PutBucketRefererData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_referer`]. Without a configuration:
    /// empty, status 404 (Node puts it under a stray `WebsiteConfiguration`
    /// key; here it is always `referer_configuration`).
    pub struct GetBucketRefererData {
        /// `RefererConfiguration`.
        pub referer_configuration: RefererConfiguration,
    }
}

impl Cos {
    /// Hosts a static website from the bucket (Node's `putBucketWebsite`).
    ///
    /// ```
    /// use cos_sdk::{
    ///     ErrorDocument, GetBucketWebsiteParams, IndexDocument, PutBucketWebsiteParams,
    ///     RoutingCondition, RoutingRedirect, RoutingRule, WebsiteConfiguration,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let site = WebsiteConfiguration {
    ///     index_document: Some(IndexDocument {
    ///         suffix: "index.html".into(),
    ///     }),
    ///     error_document: Some(ErrorDocument {
    ///         key: "error.html".into(),
    ///         ..Default::default()
    ///     }),
    ///     routing_rules: vec![RoutingRule {
    ///         condition: RoutingCondition {
    ///             key_prefix_equals: "docs/".into(),
    ///             ..Default::default()
    ///         },
    ///         redirect: RoutingRedirect {
    ///             protocol: "https".into(),
    ///             replace_key_prefix_with: "documents/".into(),
    ///             ..Default::default()
    ///         },
    ///     }],
    ///     ..Default::default()
    /// };
    /// cos.put_bucket_website(
    ///     PutBucketWebsiteParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         website_configuration: site.clone(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_website(
    ///     GetBucketWebsiteParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.website_configuration, site);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_website<R>(
        &self,
        params: PutBucketWebsiteParams,
        callback: impl FnOnce(Result<PutBucketWebsiteData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_website(&params)))
    }

    /// Reads the website configuration (Node's `getBucketWebsite`).
    ///
    /// ```
    /// use cos_sdk::GetBucketWebsiteParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_website(
    ///     GetBucketWebsiteParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 404); // no website yet
    /// assert!(data.website_configuration.index_document.is_none());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_website<R>(
        &self,
        params: GetBucketWebsiteParams,
        callback: impl FnOnce(Result<GetBucketWebsiteData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "website"),
            "WebsiteConfiguration",
            Some("NoSuchWebsiteConfiguration"),
            |config, data: &mut GetBucketWebsiteData| data.website_configuration = config,
        ))
    }

    /// Stops hosting the website (Node's `deleteBucketWebsite`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketWebsiteParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_website(
    ///     DeleteBucketWebsiteParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_website<R>(
        &self,
        params: DeleteBucketWebsiteParams,
        callback: impl FnOnce(Result<DeleteBucketWebsiteData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.bucket_request("DELETE", "website")))
    }

    /// Sets hotlink protection (Node's `putBucketReferer`): which `Referer`
    /// domains may read the bucket's objects.
    ///
    /// ```
    /// use cos_sdk::{DomainList, GetBucketRefererParams, PutBucketRefererParams, RefererConfiguration};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let referer = RefererConfiguration {
    ///     status: "Enabled".into(),
    ///     referer_type: "White-List".into(),
    ///     domain_list: DomainList {
    ///         domains: vec!["*.example.com".into()],
    ///     },
    ///     empty_refer_configuration: "Allow".into(),
    ///     ..Default::default()
    /// };
    /// cos.put_bucket_referer(
    ///     PutBucketRefererParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         referer_configuration: referer.clone(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_referer(
    ///     GetBucketRefererParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.referer_configuration.domain_list, referer.domain_list);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_referer<R>(
        &self,
        params: PutBucketRefererParams,
        callback: impl FnOnce(Result<PutBucketRefererData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_referer(&params)))
    }

    /// Reads hotlink protection (Node's `getBucketReferer`).
    ///
    /// ```
    /// use cos_sdk::GetBucketRefererParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_referer(
    ///     GetBucketRefererParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.referer_configuration.status, ""); // none set
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_referer<R>(
        &self,
        params: GetBucketRefererParams,
        callback: impl FnOnce(Result<GetBucketRefererData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "referer"),
            "RefererConfiguration",
            Some("NoSuchRefererConfiguration"),
            |config, data: &mut GetBucketRefererData| data.referer_configuration = config,
        ))
    }
}

pub(crate) fn build_put_bucket_website(
    params: &PutBucketWebsiteParams,
) -> Result<crate::execute::Request, CosError> {
    super::config_request(
        params.bucket_request("PUT", "website"),
        "WebsiteConfiguration",
        &params.website_configuration,
    )
}

pub(crate) fn build_put_bucket_referer(
    params: &PutBucketRefererParams,
) -> Result<crate::execute::Request, CosError> {
    super::config_request(
        params.bucket_request("PUT", "referer"),
        "RefererConfiguration",
        &params.referer_configuration,
    )
}
