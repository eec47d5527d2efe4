//! Archive restore (Node's `restoreObject`): ARCHIVE and DEEP_ARCHIVE
//! objects cannot be read until a temporary copy is restored.

use crate::client::Cos;
use crate::error::CosError;
use crate::execute::Request;
use crate::ops::config::config_request;
use crate::options::CosOptions;

xml_struct! {
    /// `RestoreRequest`: how long the restored copy stays, and how fast it
    /// is made.
    pub struct RestoreRequest {
        /// `Days` the restored copy stays readable.
        pub days: Option<u32> => "Days",
        /// `CASJobParameters`.
        #[cfg_attr(feature = "serde", serde(rename = "CASJobParameters"))]
        pub cas_job_parameters: Option<CasJobParameters> => "CASJobParameters",
    }

    /// `CASJobParameters` of a [`RestoreRequest`].
    pub struct CasJobParameters {
        /// `Tier`: `Expedited` (minutes), `Standard` (hours) or `Bulk`
        /// (cheapest, slowest); DEEP_ARCHIVE takes `Standard` or `Bulk`.
        pub tier: String => "Tier",
    }
}

object_params! {
    /// Params of [`Cos::restore_object`] (Node's `restoreObject`).
    RestoreObjectParams "restore" {
        /// `RestoreRequest`: `days` is required.
        pub restore_request: RestoreRequest,
    }
}

response_data! {
    /// Result of [`Cos::restore_object`]: status 202 when a restore started,
    /// 200 when the object was already restored (its expiry is extended).
    pub struct RestoreObjectData {}
}

pub(crate) fn build_restore_object(
    options: &CosOptions,
    params: &RestoreObjectParams,
) -> Result<Request, CosError> {
    if params.restore_request.days.is_none() {
        return Err(CosError::invalid_parameter(
            "RestoreRequest",
            "missing param RestoreRequest.Days",
        ));
    }
    config_request(
        params.request(options, "POST"),
        "RestoreRequest",
        &params.restore_request,
    )
}

impl Cos {
    /// Restores an archived object for reading (Node's `restoreObject`).
    /// The restore runs in the background: poll `head_object` for the
    /// `x-cos-restore` header (`ongoing-request="false"` when done).
    ///
    /// ```
    /// use cos_sdk::{
    ///     Body, CasJobParameters, HeadObjectParams, ObjectAttributes, PutObjectParams,
    ///     RestoreObjectParams, RestoreRequest, StorageClass,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_object(
    ///     PutObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "archive/2019.tar".into(),
    ///         body: Body::from("old data"),
    ///         attributes: ObjectAttributes {
    ///             storage_class: Some(StorageClass::Archive),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.restore_object(
    ///     RestoreObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "archive/2019.tar".into(),
    ///         restore_request: RestoreRequest {
    ///             days: Some(1),
    ///             cas_job_parameters: Some(CasJobParameters {
    ///                 tier: "Expedited".into(),
    ///             }),
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 202); // started
    /// let head = cos.head_object(
    ///     HeadObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "archive/2019.tar".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(head.headers.get("x-cos-restore").is_some());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn restore_object<R>(
        &self,
        params: RestoreObjectParams,
        callback: impl FnOnce(Result<RestoreObjectData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_restore_object(self.options(), &params)))
    }
}
