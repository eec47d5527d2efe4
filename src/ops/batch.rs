//! Delete Multiple Objects (Node's `deleteMultipleObject`).

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::headers::Headers;
use crate::ops::bucket_target;
use crate::validate;
use crate::xml;

/// Most keys COS accepts in one request.
const MAX_KEYS: usize = 1000;

/// One object to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ObjectToDelete {
    /// `Key`.
    pub key: String,
    /// `VersionId`, to delete one version.
    pub version_id: String,
}

impl From<&str> for ObjectToDelete {
    fn from(key: &str) -> Self {
        ObjectToDelete {
            key: key.to_string(),
            version_id: String::new(),
        }
    }
}

impl From<String> for ObjectToDelete {
    fn from(key: String) -> Self {
        ObjectToDelete {
            key,
            version_id: String::new(),
        }
    }
}

/// Params of [`Cos::delete_multiple_object`].
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DeleteMultipleObjectParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Objects`: 1 to 1000 keys.
    pub objects: Vec<ObjectToDelete>,
    /// `Quiet`: list only failures in the answer.
    pub quiet: bool,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

/// One entry of `Deleted`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct DeletedObject {
    /// `Key`.
    pub key: String,
    /// `VersionId`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub version_id: Option<String>,
    /// `DeleteMarker`.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub delete_marker: bool,
    /// `DeleteMarkerVersionId`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub delete_marker_version_id: Option<String>,
}

/// One entry of `Error`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct DeleteError {
    /// `Key`.
    pub key: String,
    /// `Code`, e.g. `AccessDenied`.
    pub code: String,
    /// `Message`.
    pub message: String,
    /// `VersionId`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub version_id: Option<String>,
}

response_data! {
    /// Result of [`Cos::delete_multiple_object`]. Keys that did not exist
    /// count as deleted.
    pub struct DeleteMultipleObjectData {
        /// `Deleted`: always a list.
        pub deleted: Vec<DeletedObject>,
        /// `Error`: keys that could not be deleted; always a list.
        pub error: Vec<DeleteError>,
    }
}

pub(crate) fn build_delete_multiple_object(
    params: &DeleteMultipleObjectParams,
) -> Result<Request, CosError> {
    let target = bucket_target(&params.bucket, &params.region)?;
    if params.objects.is_empty() || params.objects.len() > MAX_KEYS {
        return Err(CosError::invalid_parameter(
            "Objects",
            format!(
                "Objects must hold 1 to {MAX_KEYS} keys, got {}",
                params.objects.len()
            ),
        ));
    }
    for object in &params.objects {
        validate::key(&object.key, true)
            .map_err(|e| CosError::invalid_parameter("Objects", e.message().to_string()))?;
        if object
            .key
            .chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Err(CosError::invalid_parameter(
                "Objects",
                format!(
                    "Key {:?} has a character an XML request cannot carry",
                    object.key
                ),
            ));
        }
    }
    let mut body = String::from("<Delete>");
    for object in &params.objects {
        body.push_str("<Object>");
        xml::push_element(&mut body, "Key", &object.key);
        xml::push_element(&mut body, "VersionId", &object.version_id);
        body.push_str("</Object>");
    }
    body.push_str(if params.quiet {
        "<Quiet>true</Quiet>"
    } else {
        "<Quiet>false</Quiet>"
    });
    body.push_str("</Delete>");
    let mut request = Request::new("POST", target);
    request.action = Some("delete");
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.xml_body(body);
    Ok(request)
}

impl Cos {
    /// Deletes up to 1000 objects in one request (Node's
    /// `deleteMultipleObject`).
    ///
    /// ```
    /// use cos_sdk::{DeleteMultipleObjectParams, ObjectToDelete};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("logs/1.log", "1");
    /// # doc.put("logs/2.log", "2");
    /// let data = cos.delete_multiple_object(
    ///     DeleteMultipleObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         objects: vec![
    ///             "logs/1.log".into(),
    ///             "logs/2.log".into(),
    ///             ObjectToDelete::from("logs/3.log"),
    ///         ],
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.deleted.len(), 3); // a missing key counts as deleted
    /// assert!(data.error.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_multiple_object<R>(
        &self,
        params: DeleteMultipleObjectParams,
        callback: impl FnOnce(Result<DeleteMultipleObjectData, CosError>) -> R,
    ) -> R {
        callback(self.delete_multiple_object_inner(params))
    }

    fn delete_multiple_object_inner(
        &self,
        params: DeleteMultipleObjectParams,
    ) -> Result<DeleteMultipleObjectData, CosError> {
        let mut response = self.execute(build_delete_multiple_object(&params)?)?;
        let meta = response.meta();
        response.xml("DeleteResult", |root| {
            let mut data = DeleteMultipleObjectData::from_meta(meta);
            data.deleted = xml::children(root, "Deleted")
                .map(|n| DeletedObject {
                    key: xml::text(n, "Key"),
                    version_id: xml::opt_text(n, "VersionId"),
                    delete_marker: xml::text(n, "DeleteMarker") == "true",
                    delete_marker_version_id: xml::opt_text(n, "DeleteMarkerVersionId"),
                })
                .collect();
            data.error = xml::children(root, "Error")
                .map(|n| DeleteError {
                    key: xml::text(n, "Key"),
                    code: xml::text(n, "Code"),
                    message: xml::text(n, "Message"),
                    version_id: xml::opt_text(n, "VersionId"),
                })
                .collect();
            Ok(data)
        })
    }
}
