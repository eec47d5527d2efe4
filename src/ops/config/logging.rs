//! Access logs and inventory reports (Node's `putBucketLogging`,
//! `getBucketLogging`, `putBucketInventory`, `getBucketInventory`,
//! `listBucketInventory`, `deleteBucketInventory`).

use crate::client::Cos;
use crate::error::CosError;
use crate::execute::Request;
use crate::ops::BucketOnly;

xml_struct! {
    /// `BucketLoggingStatus`: `logging_enabled` set turns access logs on,
    /// `None` turns them off.
    pub struct BucketLoggingStatus {
        /// `LoggingEnabled`: where the logs go.
        pub logging_enabled: Option<LoggingEnabled> => "LoggingEnabled",
    }

    /// `LoggingEnabled` of a [`BucketLoggingStatus`].
    pub struct LoggingEnabled {
        /// `TargetBucket`: `name-appid`, in the same region.
        pub target_bucket: String => "TargetBucket",
        /// `TargetPrefix`: key prefix of the log objects.
        pub target_prefix: String => "TargetPrefix",
    }

    /// `InventoryConfiguration`: a periodic listing of the bucket's objects
    /// written to another bucket.
    pub struct InventoryConfiguration {
        /// `Id`: the report's name (also the `id` param).
        pub id: String => "Id",
        /// `IsEnabled`: `true` or `false` (COS answers `True`/`False`).
        pub is_enabled: String => "IsEnabled",
        /// `Destination`.
        pub destination: InventoryDestination => "Destination",
        /// `Schedule`.
        pub schedule: InventorySchedule => "Schedule",
        /// `Filter`: which objects are listed.
        pub filter: Option<InventoryFilter> => "Filter",
        /// `IncludedObjectVersions`: `All` or `Current`.
        pub included_object_versions: String => "IncludedObjectVersions",
        /// `OptionalFields` (`<Field>` elements): `Size`, `LastModifiedDate`,
        /// `ETag`, `StorageClass`, …
        pub optional_fields: Vec<String> => "OptionalFields/Field",
    }

    /// `Destination` of an [`InventoryConfiguration`].
    pub struct InventoryDestination {
        /// `COSBucketDestination`.
        #[cfg_attr(feature = "serde", serde(rename = "COSBucketDestination"))]
        pub cos_bucket_destination: CosBucketDestination => "COSBucketDestination",
    }

    /// `COSBucketDestination` of an [`InventoryDestination`].
    pub struct CosBucketDestination {
        /// `Format`: `CSV`.
        pub format: String => "Format",
        /// `AccountId` owning the target bucket.
        pub account_id: String => "AccountId",
        /// `Bucket`: `qcs::cos:<region>::<bucket-appid>`.
        pub bucket: String => "Bucket",
        /// `Prefix` of the reports.
        pub prefix: String => "Prefix",
        /// `Encryption` of the reports.
        pub encryption: Option<InventoryEncryption> => "Encryption",
    }

    /// `Encryption` of a [`CosBucketDestination`].
    pub struct InventoryEncryption {
        /// `SSE-COS`: `Some` (empty) encrypts the reports with COS keys.
        #[cfg_attr(feature = "serde", serde(rename = "SSECOS"))]
        pub sse_cos: Option<String> => "SSE-COS",
    }

    /// `Schedule` of an [`InventoryConfiguration`].
    pub struct InventorySchedule {
        /// `Frequency`: `Daily` or `Weekly`.
        pub frequency: String => "Frequency",
    }

    /// `Filter` of an [`InventoryConfiguration`].
    pub struct InventoryFilter {
        /// `Prefix`.
        pub prefix: String => "Prefix",
        /// `Period`: objects created in this time range.
        pub period: Option<InventoryPeriod> => "Period",
    }

    /// `Period` of an [`InventoryFilter`] (Unix seconds).
    pub struct InventoryPeriod {
        /// `StartTime`.
        pub start_time: String => "StartTime",
        /// `EndTime`.
        pub end_time: String => "EndTime",
    }

    /// `<ListInventoryConfigurationResult>`: one page of the list.
    pub struct InventoryList {
        /// `InventoryConfiguration`s.
        pub inventory_configurations: Vec<InventoryConfiguration> => "InventoryConfiguration",
        /// `IsTruncated`.
        pub is_truncated: String => "IsTruncated",
        /// `ContinuationToken`.
        pub continuation_token: String => "ContinuationToken",
        /// `NextContinuationToken`.
        pub next_continuation_token: String => "NextContinuationToken",
    }
}

bucket_params! {
    /// Params of [`Cos::put_bucket_logging`] (Node's `putBucketLogging`).
    PutBucketLoggingParams {
        /// `BucketLoggingStatus`.
        pub bucket_logging_status: BucketLoggingStatus,
    };
    /// Params of [`Cos::get_bucket_logging`] (Node's `getBucketLogging`).
    GetBucketLoggingParams;
    /// Params of [`Cos::put_bucket_inventory`] (Node's `putBucketInventory`).
    PutBucketInventoryParams {
        /// `Id`: which report (the configuration's `id` must match).
        pub id: String,
        /// `InventoryConfiguration`.
        pub inventory_configuration: InventoryConfiguration,
    };
    /// Params of [`Cos::get_bucket_inventory`] (Node's `getBucketInventory`).
    GetBucketInventoryParams {
        /// `Id`.
        pub id: String,
    };
    /// Params of [`Cos::list_bucket_inventory`] (Node's `listBucketInventory`).
    ListBucketInventoryParams {
        /// `ContinuationToken`: the previous page's `next_continuation_token`.
        pub continuation_token: String,
    };
    /// Params of [`Cos::delete_bucket_inventory`] (Node's `deleteBucketInventory`).
    DeleteBucketInventoryParams {
        /// `Id`.
        pub id: String,
    };
}

response_data! {
    /// Result of [`Cos::put_bucket_logging`].
    pub struct PutBucketLoggingData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_logging`].
    pub struct GetBucketLoggingData {
        /// `BucketLoggingStatus` (`logging_enabled` is `None` when off;
        /// Node gives `''` then).
        pub bucket_logging_status: BucketLoggingStatus,
    }
}

response_data! {
    /// Result of [`Cos::put_bucket_inventory`].
    pub struct PutBucketInventoryData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_inventory`].
    pub struct GetBucketInventoryData {
        /// `InventoryConfiguration`.
        pub inventory_configuration: InventoryConfiguration,
    }
}

response_data! {
    /// Result of [`Cos::list_bucket_inventory`].
    pub struct ListBucketInventoryData {
        /// `InventoryConfigurations`: always a list.
        pub inventory_configurations: Vec<InventoryConfiguration>,
        /// `IsTruncated`: more follow; ask again with
        /// `next_continuation_token`.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub is_truncated: bool,
        /// `ContinuationToken` as echoed.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub continuation_token: Option<String>,
        /// `NextContinuationToken`, when truncated.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub next_continuation_token: Option<String>,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_inventory`].
    pub struct DeleteBucketInventoryData {}
}

/// `?inventory&id=…`, with `id` required.
pub(crate) fn inventory_request(
    params: &impl BucketOnly,
    method: &'static str,
    id: &str,
) -> Result<Request, CosError> {
    if id.is_empty() {
        return Err(CosError::invalid_parameter("Id", "missing param Id"));
    }
    let mut request = params.bucket_request(method, "inventory")?;
    request.query("id", id);
    Ok(request)
}

impl Cos {
    /// Turns access logs on or off (Node's `putBucketLogging`).
    ///
    /// ```
    /// use cos_sdk::{
    ///     BucketLoggingStatus, GetBucketLoggingParams, LoggingEnabled, PutBucketLoggingParams,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let status = BucketLoggingStatus {
    ///     logging_enabled: Some(LoggingEnabled {
    ///         target_bucket: "examplebucket-1250000000".into(),
    ///         target_prefix: "logs/".into(),
    ///     }),
    /// };
    /// cos.put_bucket_logging(
    ///     PutBucketLoggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         bucket_logging_status: status.clone(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_bucket_logging(
    ///     GetBucketLoggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.bucket_logging_status, status);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_logging<R>(
        &self,
        params: PutBucketLoggingParams,
        callback: impl FnOnce(Result<PutBucketLoggingData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_logging(&params)))
    }

    /// Reads whether access logs are on (Node's `getBucketLogging`).
    ///
    /// ```
    /// use cos_sdk::GetBucketLoggingParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_logging(
    ///     GetBucketLoggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.bucket_logging_status.logging_enabled.is_none()); // off
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_logging<R>(
        &self,
        params: GetBucketLoggingParams,
        callback: impl FnOnce(Result<GetBucketLoggingData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.bucket_request("GET", "logging"),
            "BucketLoggingStatus",
            None,
            |config, data: &mut GetBucketLoggingData| data.bucket_logging_status = config,
        ))
    }

    /// Sets one inventory report (Node's `putBucketInventory`).
    ///
    /// ```
    /// use cos_sdk::{
    ///     CosBucketDestination, InventoryConfiguration, InventoryDestination, InventorySchedule,
    ///     ListBucketInventoryParams, PutBucketInventoryParams,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let report = InventoryConfiguration {
    ///     id: "daily".into(),
    ///     is_enabled: "true".into(),
    ///     destination: InventoryDestination {
    ///         cos_bucket_destination: CosBucketDestination {
    ///             format: "CSV".into(),
    ///             account_id: "100000000001".into(),
    ///             bucket: "qcs::cos:ap-guangzhou::examplebucket-1250000000".into(),
    ///             prefix: "inventory".into(),
    ///             ..Default::default()
    ///         },
    ///     },
    ///     schedule: InventorySchedule {
    ///         frequency: "Daily".into(),
    ///     },
    ///     included_object_versions: "Current".into(),
    ///     optional_fields: vec!["Size".into(), "ETag".into()],
    ///     ..Default::default()
    /// };
    /// cos.put_bucket_inventory(
    ///     PutBucketInventoryParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         id: "daily".into(),
    ///         inventory_configuration: report,
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let list = cos.list_bucket_inventory(
    ///     ListBucketInventoryParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(list.inventory_configurations[0].optional_fields, ["Size", "ETag"]);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_inventory<R>(
        &self,
        params: PutBucketInventoryParams,
        callback: impl FnOnce(Result<PutBucketInventoryData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_bucket_inventory(&params)))
    }

    /// Reads one inventory report's settings (Node's `getBucketInventory`).
    ///
    /// ```
    /// use cos_sdk::GetBucketInventoryParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let err = cos
    ///     .get_bucket_inventory(
    ///         GetBucketInventoryParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             id: "daily".into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "NoSuchInventoryConfiguration");
    /// ```
    pub fn get_bucket_inventory<R>(
        &self,
        params: GetBucketInventoryParams,
        callback: impl FnOnce(Result<GetBucketInventoryData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            inventory_request(&params, "GET", &params.id),
            "InventoryConfiguration",
            None,
            |config, data: &mut GetBucketInventoryData| data.inventory_configuration = config,
        ))
    }

    /// Lists the inventory reports, a page at a time (Node's
    /// `listBucketInventory`).
    ///
    /// ```
    /// use cos_sdk::ListBucketInventoryParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.list_bucket_inventory(
    ///     ListBucketInventoryParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.inventory_configurations.is_empty() && !data.is_truncated);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn list_bucket_inventory<R>(
        &self,
        params: ListBucketInventoryParams,
        callback: impl FnOnce(Result<ListBucketInventoryData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            build_list_bucket_inventory(&params),
            "ListInventoryConfigurationResult",
            None,
            |list: InventoryList, data: &mut ListBucketInventoryData| {
                let present = |s: String| (!s.is_empty()).then_some(s);
                data.inventory_configurations = list.inventory_configurations;
                data.is_truncated = list.is_truncated.eq_ignore_ascii_case("true");
                data.continuation_token = present(list.continuation_token);
                data.next_continuation_token = present(list.next_continuation_token);
            },
        ))
    }

    /// Removes one inventory report (Node's `deleteBucketInventory`).
    ///
    /// ```
    /// use cos_sdk::DeleteBucketInventoryParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.delete_bucket_inventory(
    ///     DeleteBucketInventoryParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         id: "daily".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_inventory<R>(
        &self,
        params: DeleteBucketInventoryParams,
        callback: impl FnOnce(Result<DeleteBucketInventoryData, CosError>) -> R,
    ) -> R {
        callback(self.answer(inventory_request(&params, "DELETE", &params.id)))
    }
}

pub(crate) fn build_put_bucket_logging(
    params: &PutBucketLoggingParams,
) -> Result<crate::execute::Request, CosError> {
    super::config_request(
        params.bucket_request("PUT", "logging"),
        "BucketLoggingStatus",
        &params.bucket_logging_status,
    )
}

pub(crate) fn build_put_bucket_inventory(
    params: &PutBucketInventoryParams,
) -> Result<crate::execute::Request, CosError> {
    super::config_request(
        inventory_request(params, "PUT", &params.id),
        "InventoryConfiguration",
        &params.inventory_configuration,
    )
}

pub(crate) fn build_list_bucket_inventory(
    params: &ListBucketInventoryParams,
) -> Result<Request, CosError> {
    let mut request = params.bucket_request("GET", "inventory")?;
    if !params.continuation_token.is_empty() {
        request.query("continuation-token", params.continuation_token.as_str());
    }
    Ok(request)
}
