//! Lifecycle rules (Node's `putBucketLifecycle`, `getBucketLifecycle`,
//! `deleteBucketLifecycle`): when objects change storage class or expire.

use crate::Tag;
use crate::client::Cos;
use crate::error::CosError;
use crate::ops::BucketOnly;
use crate::types::StorageClass;

xml_struct! {
    /// One lifecycle rule (`Rule`): which objects (`filter`) and what
    /// happens to them when.
    pub struct LifecycleRule {
        /// `ID`: the rule's name, unique in the bucket.
        #[cfg_attr(feature = "serde", serde(rename = "ID"))]
        pub id: String => "ID",
        /// `Status`: `Enabled` or `Disabled`.
        pub status: String => "Status",
        /// `Filter`: the objects the rule applies to; `Some(default)` (an
        /// empty filter) means every object.
        pub filter: Option<LifecycleFilter> => "Filter",
        /// `Transition`: move to a colder storage class after a time.
        pub transition: Vec<LifecycleTransition> => "Transition",
        /// `Expiration`: delete after a time.
        pub expiration: Option<LifecycleExpiration> => "Expiration",
        /// `NoncurrentVersionTransition` (versioned buckets).
        pub noncurrent_version_transition: Vec<NoncurrentVersionTransition>
            => "NoncurrentVersionTransition",
        /// `NoncurrentVersionExpiration` (versioned buckets).
        pub noncurrent_version_expiration: Option<NoncurrentVersionExpiration>
            => "NoncurrentVersionExpiration",
        /// `AbortIncompleteMultipartUpload`: abort uploads left unfinished.
        pub abort_incomplete_multipart_upload: Option<AbortIncompleteMultipartUpload>
            => "AbortIncompleteMultipartUpload",
    }

    /// `Filter` of a [`LifecycleRule`]: a prefix, a tag, or both (`and`).
    pub struct LifecycleFilter {
        /// `Prefix`: keys starting with it.
        pub prefix: String => "Prefix",
        /// `Tag`: objects carrying these tags.
        pub tag: Vec<Tag> => "Tag",
        /// `And`: a prefix and tags together.
        pub and: Option<LifecycleFilterAnd> => "And",
    }

    /// `And` of a [`LifecycleFilter`].
    pub struct LifecycleFilterAnd {
        /// `Prefix`.
        pub prefix: String => "Prefix",
        /// `Tag`.
        pub tag: Vec<Tag> => "Tag",
    }

    /// `Transition` of a [`LifecycleRule`]: after `days` (or on `date`).
    pub struct LifecycleTransition {
        /// `Days` after the object was written.
        pub days: Option<u32> => "Days",
        /// `Date` (ISO 8601), instead of `days`.
        pub date: String => "Date",
        /// `StorageClass` to move to, e.g. `STANDARD_IA`, `ARCHIVE`.
        pub storage_class: Option<StorageClass> => "StorageClass",
    }

    /// `Expiration` of a [`LifecycleRule`].
    pub struct LifecycleExpiration {
        /// `Days` after the object was written.
        pub days: Option<u32> => "Days",
        /// `Date` (ISO 8601), instead of `days`.
        pub date: String => "Date",
        /// `ExpiredObjectDeleteMarker`: `true` removes delete markers left
        /// alone (versioned buckets).
        pub expired_object_delete_marker: String => "ExpiredObjectDeleteMarker",
    }

    /// `NoncurrentVersionTransition` of a [`LifecycleRule`].
    pub struct NoncurrentVersionTransition {
        /// `NoncurrentDays`: days after a version stopped being current.
        pub noncurrent_days: Option<u32> => "NoncurrentDays",
        /// `StorageClass` to move to.
        pub storage_class: Option<StorageClass> => "StorageClass",
    }

    /// `NoncurrentVersionExpiration` of a [`LifecycleRule`].
    pub struct NoncurrentVersionExpiration {
        /// `NoncurrentDays`: days after a version stopped being current.
        pub noncurrent_days: Option<u32> => "NoncurrentDays",
    }

    /// `AbortIncompleteMultipartUpload` of a [`LifecycleRule`].
    pub struct AbortIncompleteMultipartUpload {
        /// `DaysAfterInitiation`.
        pub days_after_initiation: Option<u32> => "DaysAfterInitiation",
    }

    /// `<LifecycleConfiguration>`: the document.
    pub struct LifecycleConfiguration {
        /// `Rule`s.
        pub rules: Vec<LifecycleRule> => "Rule",
    }
}

bucket_params! {
    /// Params of [`Cos::put_bucket_lifecycle`] (Node's `putBucketLifecycle`).
    PutBucketLifecycleParams {
        /// `Rules`: the whole configuration (it replaces the old one).
        pub rules: Vec<LifecycleRule>,
    };
    /// Params of [`Cos::get_bucket_lifecycle`] (Node's `getBucketLifecycle`).
    GetBucketLifecycleParams;
    /// Params of [`Cos::delete_bucket_lifecycle`] (Node's `deleteBucketLifecycle`).
    DeleteBucketLifecycleParams;
}

response_data! {
    /// Result of [`Cos::put_bucket_lifecycle`].
    pub struct PutBucketLifecycleData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_lifecycle`]. A bucket without rules gives
    /// empty `rules` and status 404, as in Node.
    pub struct GetBucketLifecycleData {
        /// `Rules`.
        pub rules: Vec<LifecycleRule>,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_lifecycle`].
    pub struct DeleteBucketLifecycleData {}
}

impl Cos {
    /// Sets a bucket's lifecycle rules (Node's `putBucketLifecycle`),
    /// replacing the old ones.
    ///
    /// ```
    /// use cos_sdk::{
    ///     GetBucketLifecycleParams, LifecycleExpiration, LifecycleFilter, LifecycleRule,
    ///     LifecycleTransition, PutBucketLifecycleParams, StorageClass,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let logs = LifecycleRule {
    ///     id: "archive-logs".into(),
    ///     status: "Enabled".into(),
    ///     filter: Some(LifecycleFilter {
    ///         prefix: "logs/".into(),
    ///         ..Default::default()
    ///     }),
    ///     transition: vec![LifecycleTransition {
    ///         days: Some(30),
    ///         storage_class: Some(StorageClass::StandardIa),
    ///         ..Default::default()
    ///     }],
    ///     expiration: Some(LifecycleExpiration {
    ///         days: Some(365),
    ///         ..Default::default()
    ///     }),
    ///     ..Default::default()
    /// };
    /// cos.put_bucket_lifecycle(
    ///     PutBucketLifecycleParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         rules: vec![logs.clone()],
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_lifecycle(
    ///     GetBucketLifecycleParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.rules, [logs]);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_lifecycle<R>(
        &self,
        params: PutBucketLifecycleParams,
        callback: impl FnOnce(Result<PutBucketLifecycleData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_lifecycle(&params)))
    }

    /// Reads a bucket's lifecycle rules (Node's `getBucketLifecycle`).
    ///
    /// ```
    /// use cos_sdk::GetBucketLifecycleParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_lifecycle(
    ///     GetBucketLifecycleParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.rules.is_empty()); // none set: empty, status 404
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_lifecycle<R>(
        &self,
        params: GetBucketLifecycleParams,
        callback: impl FnOnce(Result<GetBucketLifecycleData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "lifecycle"),
            "LifecycleConfiguration",
            Some("NoSuchLifecycleConfiguration"),
            |config: LifecycleConfiguration, data: &mut GetBucketLifecycleData| {
                data.rules = config.rules
            },
        ))
    }

    /// Removes a bucket's lifecycle rules (Node's `deleteBucketLifecycle`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketLifecycleParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_lifecycle(
    ///     DeleteBucketLifecycleParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_lifecycle<R>(
        &self,
        params: DeleteBucketLifecycleParams,
        callback: impl FnOnce(Result<DeleteBucketLifecycleData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.bucket_request("DELETE", "lifecycle")))
    }
}

pub(crate) fn build_put_bucket_lifecycle(
    params: &PutBucketLifecycleParams,
) -> Result<crate::execute::Request, CosError> {
    if params.rules.is_empty() {
        return Err(CosError::invalid_parameter(
            "Rules",
            "Rules must hold at least one rule (delete_bucket_lifecycle removes them all)",
        ));
    }
    let config = LifecycleConfiguration {
        rules: params.rules.clone(),
    };
    super::config_request(
        params.bucket_request("PUT", "lifecycle"),
        "LifecycleConfiguration",
        &config,
    )
}
