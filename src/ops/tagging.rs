//! Bucket tagging (Node's `putBucketTagging`, `getBucketTagging`,
//! `deleteBucketTagging`) and location (`getBucketLocation`).

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::headers::Headers;
use crate::ops::object_tagging::TaggingDocument;
use crate::ops::{BucketOnly, bucket_target};
use crate::xml;

/// One tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct Tag {
    /// `Key`.
    pub key: String,
    /// `Value`.
    pub value: String,
}

/// Params of [`Cos::put_bucket_tagging`] (Node's `putBucketTagging`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutBucketTaggingParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Tags`: replaces all tags (at most 50, keys unique).
    pub tags: Vec<Tag>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::put_bucket_tagging`].
    pub struct PutBucketTaggingData {}
}

bucket_params! {
    /// Params of [`Cos::get_bucket_tagging`] (Node's `getBucketTagging`).
    GetBucketTaggingParams;
    /// Params of [`Cos::delete_bucket_tagging`] (Node's `deleteBucketTagging`).
    DeleteBucketTaggingParams;
    /// Params of [`Cos::get_bucket_location`] (Node's `getBucketLocation`).
    GetBucketLocationParams;
}

response_data! {
    /// Result of [`Cos::get_bucket_tagging`]. A bucket without tags gives
    /// empty `tags` and status 404, as in Node.
    pub struct GetBucketTaggingData {
        /// `Tags`.
        pub tags: Vec<Tag>,
    }
}

response_data! {
    /// Result of [`Cos::delete_bucket_tagging`].
    pub struct DeleteBucketTaggingData {}
}

response_data! {
    /// Result of [`Cos::get_bucket_location`].
    pub struct GetBucketLocationData {
        /// `LocationConstraint`: the bucket's region.
        pub location_constraint: String,
    }
}

/// The `<Tagging>` document of bucket and object tags (`<TagSet>` always
/// written, empty or not, as COS requires).
pub(crate) fn tagging_xml(tags: &[Tag]) -> String {
    let mut out = String::from("<Tagging><TagSet>");
    for tag in tags {
        out.push_str("<Tag>");
        xml::push_element(&mut out, "Key", &tag.key);
        xml::push_element(&mut out, "Value", &tag.value);
        out.push_str("</Tag>");
    }
    out.push_str("</TagSet></Tagging>");
    out
}

pub(crate) fn build_put_bucket_tagging(
    params: &PutBucketTaggingParams,
) -> Result<Request, CosError> {
    let mut request = Request::new("PUT", bucket_target(&params.bucket, &params.region)?);
    request.action = Some("tagging");
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.xml_body(tagging_xml(&params.tags));
    Ok(request)
}

impl Cos {
    /// Replaces a bucket's tags (Node's `putBucketTagging`).
    ///
    /// ```
    /// use cos_sdk::{PutBucketTaggingParams, Tag};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_bucket_tagging(
    ///     PutBucketTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         tags: vec![Tag { key: "team".into(), value: "media".into() }],
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_tagging<R>(
        &self,
        params: PutBucketTaggingParams,
        callback: impl FnOnce(Result<PutBucketTaggingData, CosError>) -> R,
    ) -> R {
        callback(
            build_put_bucket_tagging(&params)
                .and_then(|r| self.execute(r))
                .map(|r| PutBucketTaggingData::from_meta(r.meta())),
        )
    }

    /// Reads a bucket's tags (Node's `getBucketTagging`).
    ///
    /// ```
    /// use cos_sdk::{GetBucketTaggingParams, PutBucketTaggingParams, Tag};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # cos.put_bucket_tagging(
    /// #     PutBucketTaggingParams {
    /// #         bucket: "examplebucket-1250000000".into(),
    /// #         region: "ap-guangzhou".into(),
    /// #         tags: vec![Tag { key: "team".into(), value: "media".into() }],
    /// #         ..Default::default()
    /// #     },
    /// #     |r| r,
    /// # )?;
    /// let data = cos.get_bucket_tagging(
    ///     GetBucketTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.tags, [Tag { key: "team".into(), value: "media".into() }]);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_tagging<R>(
        &self,
        params: GetBucketTaggingParams,
        callback: impl FnOnce(Result<GetBucketTaggingData, CosError>) -> R,
    ) -> R {
        callback(self.get_bucket_tagging_inner(params))
    }

    fn get_bucket_tagging_inner(
        &self,
        params: GetBucketTaggingParams,
    ) -> Result<GetBucketTaggingData, CosError> {
        self.read_config(
            params.bucket_request("GET", "tagging"),
            "Tagging",
            Some("NoSuchTagSet"),
            |document: TaggingDocument, data: &mut GetBucketTaggingData| data.tags = document.tags,
        )
    }

    /// Removes a bucket's tags (Node's `deleteBucketTagging`).
    ///
    /// ```
    /// use cos_sdk::{DeleteBucketTaggingParams, GetBucketTaggingParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.delete_bucket_tagging(
    ///     DeleteBucketTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// // No tags read as an empty list, as in Node.
    /// let data = cos.get_bucket_tagging(
    ///     GetBucketTaggingParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert!(data.tags.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket_tagging<R>(
        &self,
        params: DeleteBucketTaggingParams,
        callback: impl FnOnce(Result<DeleteBucketTaggingData, CosError>) -> R,
    ) -> R {
        callback(
            params
                .bucket_request("DELETE", "tagging")
                .and_then(|r| self.execute(r))
                .map(|r| DeleteBucketTaggingData::from_meta(r.meta())),
        )
    }

    /// Reads the region a bucket lives in (Node's `getBucketLocation`).
    ///
    /// ```
    /// use cos_sdk::GetBucketLocationParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_location(
    ///     GetBucketLocationParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.location_constraint, "ap-guangzhou");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_location<R>(
        &self,
        params: GetBucketLocationParams,
        callback: impl FnOnce(Result<GetBucketLocationData, CosError>) -> R,
    ) -> R {
        callback(self.get_bucket_location_inner(params))
    }

    fn get_bucket_location_inner(
        &self,
        params: GetBucketLocationParams,
    ) -> Result<GetBucketLocationData, CosError> {
        let mut response = self.execute(params.bucket_request("GET", "location")?)?;
        let meta = response.meta();
        response.xml("LocationConstraint", |root| {
            let mut data = GetBucketLocationData::from_meta(meta);
            data.location_constraint = xml::node_text(root);
            Ok(data)
        })
    }
}
