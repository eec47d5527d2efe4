//! Object tags (Node's `putObjectTagging`, `getObjectTagging`,
//! `deleteObjectTagging`): up to 10 key-value pairs per object (or
//! version), usable in lifecycle filters and policies.

use crate::Tag;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::Request;
use crate::ops::tagging::tagging_xml;
use crate::options::CosOptions;

xml_struct! {
    /// `<Tagging>` as read back (bucket and object tags alike).
    pub struct TaggingDocument {
        /// `TagSet`'s `Tag`s.
        pub tags: Vec<Tag> => "TagSet/Tag",
    }
}

object_params! {
    /// Params of [`Cos::put_object_tagging`] (Node's `putObjectTagging`).
    PutObjectTaggingParams "tagging" {
        /// `Tags`: replaces all of the object's tags (at most 10, keys unique).
        pub tags: Vec<Tag>,
    }
    /// Params of [`Cos::get_object_tagging`] (Node's `getObjectTagging`).
    GetObjectTaggingParams "tagging" {}
    /// Params of [`Cos::delete_object_tagging`] (Node's `deleteObjectTagging`).
    DeleteObjectTaggingParams "tagging" {}
}

response_data! {
    /// Result of [`Cos::put_object_tagging`].
    pub struct PutObjectTaggingData {}
}

response_data! {
    /// Result of [`Cos::get_object_tagging`]. An object without tags gives
    /// empty `tags` (status 404 when COS says `NoSuchTagSet`), as in Node.
    pub struct GetObjectTaggingData {
        /// `Tags`.
        pub tags: Vec<Tag>,
        /// `VersionId` the tags belong to, on versioned buckets.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub version_id: Option<String>,
    }
}

response_data! {
    /// Result of [`Cos::delete_object_tagging`].
    pub struct DeleteObjectTaggingData {}
}

pub(crate) fn build_put_object_tagging(
    options: &CosOptions,
    params: &PutObjectTaggingParams,
) -> Result<Request, CosError> {
    let mut request = params.request(options, "PUT")?;
    request.xml_body(tagging_xml(&params.tags));
    Ok(request)
}

impl Cos {
    /// Replaces an object's tags (Node's `putObjectTagging`).
    ///
    /// ```
    /// use cos_sdk::{GetObjectTaggingParams, PutObjectTaggingParams, Tag};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("report.pdf", "%PDF");
    /// let tags = vec![Tag { key: "team".into(), value: "finance".into() }];
    /// cos.put_object_tagging(
    ///     PutObjectTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "report.pdf".into(),
    ///         tags: tags.clone(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.get_object_tagging(
    ///     GetObjectTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "report.pdf".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.tags, tags);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_object_tagging<R>(
        &self,
        params: PutObjectTaggingParams,
        callback: impl FnOnce(Result<PutObjectTaggingData, CosError>) -> R,
    ) -> R {
        callback(self.answer(build_put_object_tagging(self.options(), &params)))
    }

    /// Reads an object's tags (Node's `getObjectTagging`).
    ///
    /// ```
    /// use cos_sdk::GetObjectTaggingParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("plain.txt", "no tags");
    /// let data = cos.get_object_tagging(
    ///     GetObjectTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "plain.txt".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.tags.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_object_tagging<R>(
        &self,
        params: GetObjectTaggingParams,
        callback: impl FnOnce(Result<GetObjectTaggingData, CosError>) -> R,
    ) -> R {
        callback(self.read_config(
            params.request(self.options(), "GET"),
            "Tagging",
            Some("NoSuchTagSet"),
            |document: TaggingDocument, data: &mut GetObjectTaggingData| {
                data.tags = document.tags;
                data.version_id = data.headers.get("x-cos-version-id").map(str::to_string);
            },
        ))
    }

    /// Removes all of an object's tags (Node's `deleteObjectTagging`).
    ///
    /// ```
    /// use cos_sdk::DeleteObjectTaggingParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("report.pdf", "%PDF");
    /// let data = cos.delete_object_tagging(
    ///     DeleteObjectTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "report.pdf".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_object_tagging<R>(
        &self,
        params: DeleteObjectTaggingParams,
        callback: impl FnOnce(Result<DeleteObjectTaggingData, CosError>) -> R,
    ) -> R {
        callback(self.answer(params.request(self.options(), "DELETE")))
    }
}
