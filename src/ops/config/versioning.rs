//! Versioning and cross-region replication (Node's `putBucketVersioning`,
//! `getBucketVersioning`, `putBucketReplication`, `getBucketReplication`,
//! `deleteBucketReplication`). Replication needs versioning enabled.

use crate::client::Cos;
use crate::error::CosError;
use crate::ops::BucketOnly;

xml_struct! {
    /// `VersioningConfiguration`.
    pub struct VersioningConfiguration {
        /// `Status`: `Enabled` or `Suspended`; empty when versioning was
        /// never enabled.
        pub status: String => "Status",
    }

    /// `ReplicationConfiguration`.
    pub struct ReplicationConfiguration {
        /// `Role`: the account COS replicates as, e.g.
        /// `qcs::cam::uin/100000000001:uin/100000000001`.
        pub role: String => "Role",
        /// `Rules` (`<Rule>` elements).
        pub rules: Vec<ReplicationRule> => "Rule",
    }

    /// One replication rule.
    pub struct ReplicationRule {
        /// `ID`.
        #[cfg_attr(feature = "serde", serde(rename = "ID"))]
        pub id: String => "ID",
        /// `Status`: `Enabled` or `Disabled`.
        pub status: String => "Status",
        /// `Prefix`: keys to replicate (empty: all).
        pub prefix: String => "Prefix",
        /// `Destination`.
        pub destination: ReplicationDestination => "Destination",
    }

    /// `Destination` of a [`ReplicationRule`].
    pub struct ReplicationDestination {
        /// `Bucket`: `qcs::cos:<region>::<bucket-appid>`.
        pub bucket: String => "Bucket",
        /// `StorageClass` of the replicas, e.g. `Standard`, `Standard_IA`
        /// (COS spells these in mixed case here).
        pub storage_class: String => "StorageClass",
    }
}

bucket_params! {
    /// Params of [`Cos::put_bucket_versioning`] (Node's `putBucketVersioning`).
    PutBucketVersioningParams {
        /// `VersioningConfiguration`.
        pub versioning_configuration: VersioningConfiguration,
    };
    /// Params of [`Cos::get_bucket_versioning`] (Node's `getBucketVersioning`).
    GetBucketVersioningParams;
    /// Params of [`Cos::put_bucket_replication`] (Node's `putBucketReplication`).
    PutBucketReplicationParams {
        /// `ReplicationConfiguration`: replaces the old one.
        pub replication_configuration: ReplicationConfiguration,
    };
    /// Params of [`Cos::get_bucket_replication`] (Node's `getBucketReplication`).
    GetBucketReplicationParams;
    /// Params of [`Cos::delete_bucket_replication`] (Node's `deleteBucketReplication`).
    DeleteBucketReplicationParams;
}

response_data! {
    /// Result of [`Cos::put_bucket_versioning`].
    pub struct PutBucketVersioningData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_versioning`].
    pub struct GetBucketVersioningData {
        /// `VersioningConfiguration` (empty `status` if never enabled).
        pub versioning_configuration: VersioningConfiguration,
    }
}

response_data! {
    /// Result of [`Cos::put_bucket_replication`].
    pub struct PutBucketReplicationData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_replication`]. A bucket without rules
    /// gives an empty configuration and status 404, as in Node.
    pub struct GetBucketReplicationData {
        /// `ReplicationConfiguration`.
        pub replication_configuration: ReplicationConfiguration,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_replication`].
    pub struct DeleteBucketReplicationData {}
}

impl Cos {
    /// Turns versioning on (`Enabled`) or off for new writes (`Suspended`)
    /// (Node's `putBucketVersioning`). Versioning cannot be removed once
    /// enabled, only suspended.
    ///
    /// ```
    /// use cos_sdk::{GetBucketVersioningParams, PutBucketVersioningParams, VersioningConfiguration};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_bucket_versioning(
    ///     PutBucketVersioningParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         versioning_configuration: VersioningConfiguration {
    ///             status: "Enabled".into(),
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_versioning(
    ///     GetBucketVersioningParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.versioning_configuration.status, "Enabled");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_versioning<R>(
        &self,
        params: PutBucketVersioningParams,
        callback: impl FnOnce(Result<PutBucketVersioningData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_versioning(&params)))
    }

    /// Reads whether versioning is on (Node's `getBucketVersioning`).
    ///
    /// ```
    /// use cos_sdk::GetBucketVersioningParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_versioning(
    ///     GetBucketVersioningParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.versioning_configuration.status, ""); // never enabled
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_versioning<R>(
        &self,
        params: GetBucketVersioningParams,
        callback: impl FnOnce(Result<GetBucketVersioningData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "versioning"),
            "VersioningConfiguration",
            None,
            |config, data: &mut GetBucketVersioningData| data.versioning_configuration = config,
        ))
    }

    /// Sets cross-region replication (Node's `putBucketReplication`); the
    /// bucket must have versioning enabled.
    ///
    /// ```
    /// use cos_sdk::{
    ///     GetBucketReplicationParams, PutBucketReplicationParams, PutBucketVersioningParams,
    ///     ReplicationConfiguration, ReplicationDestination, ReplicationRule,
    ///     VersioningConfiguration,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_bucket_versioning(
    ///     PutBucketVersioningParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         versioning_configuration: VersioningConfiguration {
    ///             status: "Enabled".into(),
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let configuration = ReplicationConfiguration {
    ///     role: "qcs::cam::uin/100000000001:uin/100000000001".into(),
    ///     rules: vec![ReplicationRule {
    ///         id: "backup".into(),
    ///         status: "Enabled".into(),
    ///         prefix: "sync/".into(),
    ///         destination: ReplicationDestination {
    ///             bucket: "qcs::cos:ap-chengdu::backup-1250000000".into(),
    ///             storage_class: "Standard".into(),
    ///         },
    ///     }],
    /// };
    /// cos.put_bucket_replication(
    ///     PutBucketReplicationParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         replication_configuration: configuration.clone(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_replication(
    ///     GetBucketReplicationParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.replication_configuration, configuration);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_replication<R>(
        &self,
        params: PutBucketReplicationParams,
        callback: impl FnOnce(Result<PutBucketReplicationData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_replication(&params)))
    }

    /// Reads the replication rules (Node's `getBucketReplication`).
    ///
    /// ```
    /// use cos_sdk::GetBucketReplicationParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_replication(
    ///     GetBucketReplicationParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.replication_configuration.rules.is_empty()); // none: status 404
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_replication<R>(
        &self,
        params: GetBucketReplicationParams,
        callback: impl FnOnce(Result<GetBucketReplicationData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "replication"),
            "ReplicationConfiguration",
            Some("ReplicationConfigurationnotFoundError"),
            |config, data: &mut GetBucketReplicationData| data.replication_configuration = config,
        ))
    }

    /// Removes the replication rules (Node's `deleteBucketReplication`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketReplicationParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_replication(
    ///     DeleteBucketReplicationParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_replication<R>(
        &self,
        params: DeleteBucketReplicationParams,
        callback: impl FnOnce(Result<DeleteBucketReplicationData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.bucket_request("DELETE", "replication")))
    }
}

pub(crate) fn build_put_bucket_replication(
    params: &PutBucketReplicationParams,
) -> Result<crate::execute::Request, CosError> {
    super::config_request(
        params.bucket_request("PUT", "replication"),
        "ReplicationConfiguration",
        &params.replication_configuration,
    )
}

pub(crate) fn build_put_bucket_versioning(
    params: &PutBucketVersioningParams,
) -> Result<crate::execute::Request, CosError> {
    let status = params.versioning_configuration.status.as_str();
    if !matches!(status, "Enabled" | "Suspended") {
        return Err(CosError::invalid_parameter(
            "VersioningConfiguration",
            format!("VersioningConfiguration.Status must be Enabled or Suspended, got {status:?}"),
        ));
    }
    super::config_request(
        params.bucket_request("PUT", "versioning"),
        "VersioningConfiguration",
        &params.versioning_configuration,
    )
}
