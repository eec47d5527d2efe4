//! Global acceleration and default encryption (Node's
//! `putBucketAccelerate`, `getBucketAccelerate`, `putBucketEncryption`,
//! `getBucketEncryption`, `deleteBucketEncryption`).

use crate::client::Cos;
use crate::error::CosError;
use crate::ops::BucketOnly;

xml_struct! {
    /// `AccelerateConfiguration`.
    pub struct AccelerateConfiguration {
        /// `Status`: `Enabled` or `Suspended`; empty when never set.
        pub status: String => "Status",
        /// `Type`: `COS` (reported by COS).
        #[cfg_attr(feature = "serde", serde(rename = "Type"))]
        pub accelerate_type: String => "Type",
    }

    /// `ServerSideEncryptionConfiguration`: how new objects are encrypted
    /// when a write does not say.
    pub struct ServerSideEncryptionConfiguration {
        /// `Rule`s (COS takes one; Node also accepts the key `Rules`).
        #[cfg_attr(feature = "serde", serde(alias = "Rules"))]
        pub rule: Vec<EncryptionRule> => "Rule",
    }

    /// One `Rule` of a [`ServerSideEncryptionConfiguration`].
    pub struct EncryptionRule {
        /// `ApplyServerSideEncryptionByDefault`.
        pub apply_server_side_encryption_by_default: ApplyServerSideEncryptionByDefault
            => "ApplyServerSideEncryptionByDefault",
    }

    /// `ApplyServerSideEncryptionByDefault` of an [`EncryptionRule`].
    pub struct ApplyServerSideEncryptionByDefault {
        /// `SSEAlgorithm`: `AES256` (SSE-COS) or `KMS`.
        #[cfg_attr(feature = "serde", serde(rename = "SSEAlgorithm"))]
        pub sse_algorithm: String => "SSEAlgorithm",
        /// `KMSMasterKeyID`, with `KMS`.
        #[cfg_attr(feature = "serde", serde(rename = "KMSMasterKeyID"))]
        pub kms_master_key_id: String => "KMSMasterKeyID",
    }
}

bucket_params! {
    /// Params of [`Cos::put_bucket_accelerate`] (Node's `putBucketAccelerate`).
    /// Unlike Node's, `headers` are sent.
    PutBucketAccelerateParams {
        /// `AccelerateConfiguration`.
        pub accelerate_configuration: AccelerateConfiguration,
    };
    /// Params of [`Cos::get_bucket_accelerate`] (Node's `getBucketAccelerate`).
    GetBucketAccelerateParams;
    /// Params of [`Cos::put_bucket_encryption`] (Node's `putBucketEncryption`).
    PutBucketEncryptionParams {
        /// `ServerSideEncryptionConfiguration`.
        pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
    };
    /// Params of [`Cos::get_bucket_encryption`] (Node's `getBucketEncryption`).
    GetBucketEncryptionParams;
    /// Params of [`Cos::delete_bucket_encryption`] (Node's `deleteBucketEncryption`).
    DeleteBucketEncryptionParams;
}

response_data! {
    /// Result of [`Cos::put_bucket_accelerate`].
    pub struct PutBucketAccelerateData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_accelerate`].
    pub struct GetBucketAccelerateData {
        /// `AccelerateConfiguration` (empty when never set).
        pub accelerate_configuration: AccelerateConfiguration,
    }
}

response_data! {
    /// Result of [`Cos::put_bucket_encryption`].
    pub struct PutBucketEncryptionData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_encryption`]: the rules (Node 3.0.0 reads
    /// the wrong element and always gives none). A bucket without default
    /// encryption gives no rules and status 404, as in Node.
    pub struct GetBucketEncryptionData {
        /// `ServerSideEncryptionConfiguration`.
        pub server_side_encryption_configuration: ServerSideEncryptionConfiguration,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_encryption`].
    pub struct DeleteBucketEncryptionData {}
}

impl Cos {
    /// Turns global acceleration on or off (Node's `putBucketAccelerate`);
    /// with it on, clients may use `use_accelerate`.
    ///
    /// ```
    /// use cos_sdk::{AccelerateConfiguration, GetBucketAccelerateParams, PutBucketAccelerateParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_bucket_accelerate(
    ///     PutBucketAccelerateParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         accelerate_configuration: AccelerateConfiguration {
    ///             status: "Enabled".into(),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_accelerate(
    ///     GetBucketAccelerateParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.accelerate_configuration.status, "Enabled");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_accelerate<R>(
        &self,
        params: PutBucketAccelerateParams,
        callback: impl FnOnce(Result<PutBucketAccelerateData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_accelerate(&params)))
    }

    /// Reads whether global acceleration is on (Node's `getBucketAccelerate`).
    ///
    /// ```
    /// use cos_sdk::GetBucketAccelerateParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_accelerate(
    ///     GetBucketAccelerateParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.accelerate_configuration.status, ""); // never set
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_accelerate<R>(
        &self,
        params: GetBucketAccelerateParams,
        callback: impl FnOnce(Result<GetBucketAccelerateData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "accelerate"),
            "AccelerateConfiguration",
            None,
            |config, data: &mut GetBucketAccelerateData| data.accelerate_configuration = config,
        ))
    }

    /// Sets default encryption for new objects (Node's `putBucketEncryption`).
    ///
    /// ```
    /// use cos_sdk::{
    ///     ApplyServerSideEncryptionByDefault, EncryptionRule, GetBucketEncryptionParams,
    ///     PutBucketEncryptionParams, ServerSideEncryptionConfiguration,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let sse_cos = ServerSideEncryptionConfiguration {
    ///     rule: vec![EncryptionRule {
    ///         apply_server_side_encryption_by_default: ApplyServerSideEncryptionByDefault {
    ///             sse_algorithm: "AES256".into(),
    ///             ..Default::default()
    ///         },
    ///     }],
    /// };
    /// cos.put_bucket_encryption(
    ///     PutBucketEncryptionParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         server_side_encryption_configuration: sse_cos.clone(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_encryption(
    ///     GetBucketEncryptionParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.server_side_encryption_configuration, sse_cos);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_encryption<R>(
        &self,
        params: PutBucketEncryptionParams,
        callback: impl FnOnce(Result<PutBucketEncryptionData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_encryption(&params)))
    }

    /// Reads default encryption (Node's `getBucketEncryption`).
    ///
    /// ```
    /// use cos_sdk::GetBucketEncryptionParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_encryption(
    ///     GetBucketEncryptionParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.server_side_encryption_configuration.rule.is_empty()); // none: 404
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_encryption<R>(
        &self,
        params: GetBucketEncryptionParams,
        callback: impl FnOnce(Result<GetBucketEncryptionData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "encryption"),
            "ServerSideEncryptionConfiguration",
            Some("NoSuchEncryptionConfiguration"),
            |config, data: &mut GetBucketEncryptionData| {
                data.server_side_encryption_configuration = config
            },
        ))
    }

    /// Removes default encryption (Node's `deleteBucketEncryption`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketEncryptionParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_encryption(
    ///     DeleteBucketEncryptionParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_encryption<R>(
        &self,
        params: DeleteBucketEncryptionParams,
        callback: impl FnOnce(Result<DeleteBucketEncryptionData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.bucket_request("DELETE", "encryption")))
    }
}

pub(crate) fn build_put_bucket_accelerate(
    params: &PutBucketAccelerateParams,
) -> Result<crate::execute::Request, CosError> {
    super::config_request(
        params.bucket_request("PUT", "accelerate"),
        "AccelerateConfiguration",
        &params.accelerate_configuration,
    )
}

pub(crate) fn build_put_bucket_encryption(
    params: &PutBucketEncryptionParams,
) -> Result<crate::execute::Request, CosError> {
    super::config_request(
        params.bucket_request("PUT", "encryption"),
        "ServerSideEncryptionConfiguration",
        &params.server_side_encryption_configuration,
    )
}
