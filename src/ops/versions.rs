//! Listing object versions (Node's `listObjectVersions`): every version
//! and delete marker of a versioned bucket, newest first per key.

use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::ops::bucket::CommonPrefix;
use crate::ops::{BucketOnly, Owner, number};
use crate::types::{EncodingType, StorageClass};
use crate::xml;

bucket_params! {
    /// Params of [`Cos::list_object_versions`] (Node's `listObjectVersions`).
    ListObjectVersionsParams {
        /// `Prefix`: only keys starting with it (always sent, as Node).
        pub prefix: String,
        /// `Delimiter`: roll keys up to `common_prefixes` at this character.
        pub delimiter: String,
        /// `KeyMarker`: list after this key (paging, with `version_id_marker`).
        pub key_marker: String,
        /// `VersionIdMarker`: list after this version of `key_marker`.
        pub version_id_marker: String,
        /// `MaxKeys`: at most this many entries (1–1000).
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub max_keys: Option<u32>,
        /// `EncodingType`: `url` has COS percent-encode keys; they are
        /// decoded again here (Node leaves them encoded).
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub encoding_type: Option<EncodingType>,
    };
}

/// One entry of `Versions`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct ObjectVersion {
    /// `Key`.
    pub key: String,
    /// `VersionId` (`null` for a version written before versioning or
    /// while it was suspended).
    pub version_id: String,
    /// `IsLatest`: the current version of the key.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub is_latest: bool,
    /// `LastModified`, ISO 8601.
    pub last_modified: String,
    /// `ETag`, quoted.
    #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
    pub etag: String,
    /// `Size` in bytes.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub size: u64,
    /// `StorageClass`.
    pub storage_class: StorageClass,
    /// `Owner`.
    pub owner: Owner,
}

/// One entry of `DeleteMarkers`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct DeleteMarkerEntry {
    /// `Key`.
    pub key: String,
    /// `VersionId` of the marker.
    pub version_id: String,
    /// `IsLatest`: the marker hides the key (a GET answers 404).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub is_latest: bool,
    /// `LastModified`, ISO 8601.
    pub last_modified: String,
    /// `Owner`.
    pub owner: Owner,
}

response_data! {
    /// Result of [`Cos::list_object_versions`].
    pub struct ListObjectVersionsData {
        /// `Name` of the bucket.
        pub name: String,
        /// `Prefix` as echoed.
        pub prefix: String,
        /// `KeyMarker` as echoed.
        pub key_marker: String,
        /// `VersionIdMarker` as echoed.
        pub version_id_marker: String,
        /// `MaxKeys` as applied.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub max_keys: u32,
        /// `Delimiter` as echoed, when one was given.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub delimiter: Option<String>,
        /// `IsTruncated`: more follow; continue from the next markers.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub is_truncated: bool,
        /// `NextKeyMarker`, when truncated.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub next_key_marker: Option<String>,
        /// `NextVersionIdMarker`, when truncated.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub next_version_id_marker: Option<String>,
        /// `EncodingType` as echoed, when one was asked for.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub encoding_type: Option<EncodingType>,
        /// `CommonPrefixes`: always a list (Node leaves a single one an object).
        pub common_prefixes: Vec<CommonPrefix>,
        /// `DeleteMarkers`: always a list.
        pub delete_markers: Vec<DeleteMarkerEntry>,
        /// `Versions`: always a list.
        pub versions: Vec<ObjectVersion>,
    }
}

pub(crate) fn build_list_object_versions(
    params: &ListObjectVersionsParams,
) -> Result<Request, CosError> {
    let mut request = params.bucket_request("GET", "versions")?;
    request.query("prefix", params.prefix.as_str());
    for (name, value) in [
        ("delimiter", &params.delimiter),
        ("key-marker", &params.key_marker),
        ("version-id-marker", &params.version_id_marker),
    ] {
        if !value.is_empty() {
            request.query(name, value.as_str());
        }
    }
    if let Some(max_keys) = params.max_keys {
        request.query("max-keys", max_keys.to_string());
    }
    if let Some(encoding) = &params.encoding_type {
        request.query("encoding-type", encoding.as_str());
    }
    Ok(request)
}

fn parse_versions(
    root: roxmltree::Node<'_, '_>,
    data: &mut ListObjectVersionsData,
) -> Result<(), CosError> {
    data.encoding_type = super::encoding_type(root);
    let decode = super::key_decoder(data.encoding_type.as_ref());
    data.name = xml::text(root, "Name");
    data.prefix = decode(xml::text(root, "Prefix"));
    data.key_marker = decode(xml::text(root, "KeyMarker"));
    data.version_id_marker = xml::text(root, "VersionIdMarker");
    data.max_keys = number(root, "MaxKeys")?;
    data.delimiter = xml::opt_text(root, "Delimiter").map(decode);
    data.is_truncated = xml::text(root, "IsTruncated") == "true";
    data.next_key_marker = xml::opt_text(root, "NextKeyMarker").map(decode);
    data.next_version_id_marker = xml::opt_text(root, "NextVersionIdMarker");
    data.common_prefixes = super::common_prefixes(root, decode);
    data.delete_markers = xml::children(root, "DeleteMarker")
        .map(|n| DeleteMarkerEntry {
            key: decode(xml::text(n, "Key")),
            version_id: xml::text(n, "VersionId"),
            is_latest: xml::text(n, "IsLatest") == "true",
            last_modified: xml::text(n, "LastModified"),
            owner: Owner::parse(xml::child(n, "Owner")),
        })
        .collect();
    let mut versions = Vec::new();
    for n in xml::children(root, "Version") {
        versions.push(ObjectVersion {
            key: decode(xml::text(n, "Key")),
            version_id: xml::text(n, "VersionId"),
            is_latest: xml::text(n, "IsLatest") == "true",
            last_modified: xml::text(n, "LastModified"),
            etag: xml::text(n, "ETag"),
            size: number(n, "Size")?,
            storage_class: StorageClass::from(xml::text(n, "StorageClass")),
            owner: Owner::parse(xml::child(n, "Owner")),
        });
    }
    data.versions = versions;
    Ok(())
}

impl Cos {
    /// Lists the versions and delete markers of a bucket's objects (Node's
    /// `listObjectVersions`), a page at a time.
    ///
    /// ```
    /// use cos_sdk::{
    ///     Body, DeleteObjectParams, ListObjectVersionsParams, PutBucketVersioningParams,
    ///     PutObjectParams, VersioningConfiguration,
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
    /// for text in ["v1", "v2"] {
    ///     cos.put_object(
    ///         PutObjectParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: "notes.txt".into(),
    ///             body: Body::from(text),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )?;
    /// }
    /// cos.delete_object(
    ///     DeleteObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "notes.txt".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.list_object_versions(
    ///     ListObjectVersionsParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.versions.len(), 2); // both writes are kept
    /// assert!(data.delete_markers[0].is_latest); // the delete hides them
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn list_object_versions<R>(
        &self,
        params: ListObjectVersionsParams,
        callback: impl FnOnce(Result<ListObjectVersionsData, CosError>) -> R,
    ) -> R {
        callback(self.list_object_versions_inner(&params))
    }

    fn list_object_versions_inner(
        &self,
        params: &ListObjectVersionsParams,
    ) -> Result<ListObjectVersionsData, CosError> {
        let mut response = self.execute(build_list_object_versions(params)?)?;
        let meta = response.meta();
        response.xml("ListVersionsResult", |root| {
            let mut data = ListObjectVersionsData::from_meta(meta);
            parse_versions(root, &mut data)?;
            Ok(data)
        })
    }
}
