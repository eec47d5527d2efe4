//! Listing object versions (Node's `listObjectVersions`): every version
//! and delete marker of a versioned bucket, newest first per key.

use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::ops::bucket::CommonPrefix;
use crate::ops::{BucketOnly, Encoding, Owner, read_common_prefix};
use crate::types::{EncodingType, StorageClass};
use crate::xml_stream::{self, Item};

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

pub(crate) fn parse_versions(
    text: &str,
    data: &mut ListObjectVersionsData,
) -> Result<(), CosError> {
    let mut encoding = Encoding::default();
    // Which list the entry being read belongs to.
    let mut in_version = false;
    xml_stream::read(text, "ListVersionsResult", |item| {
        if read_common_prefix(&mut data.common_prefixes, &item) {
            return Ok(());
        }
        match item {
            Item::Open { depth: 1, name } => {
                in_version = name == "Version";
                match name {
                    "Version" => data.versions.push(ObjectVersion::default()),
                    "DeleteMarker" => data.delete_markers.push(DeleteMarkerEntry::default()),
                    _ => {}
                }
            }
            Item::Leaf {
                depth: 1,
                name,
                text,
                ..
            } => match name {
                "Name" => data.name = text.into(),
                "Prefix" => data.prefix = text.into(),
                "KeyMarker" => data.key_marker = text.into(),
                "VersionIdMarker" => data.version_id_marker = text.into(),
                "MaxKeys" => data.max_keys = xml_stream::number(name, text)?,
                "Delimiter" => data.delimiter = Some(text.into()),
                "IsTruncated" => data.is_truncated = text == "true",
                "NextKeyMarker" => data.next_key_marker = Some(text.into()),
                "NextVersionIdMarker" => data.next_version_id_marker = Some(text.into()),
                _ => encoding.read(name, text),
            },
            Item::Leaf {
                depth: 2,
                parent: "Version",
                name,
                text,
            } => {
                if let Some(version) = data.versions.last_mut() {
                    match name {
                        "Key" => version.key = text.into(),
                        "VersionId" => version.version_id = text.into(),
                        "IsLatest" => version.is_latest = text == "true",
                        "LastModified" => version.last_modified = text.into(),
                        "ETag" => version.etag = text.into(),
                        "Size" => version.size = xml_stream::number(name, text)?,
                        "StorageClass" => version.storage_class = StorageClass::from(text),
                        _ => {}
                    }
                }
            }
            Item::Leaf {
                depth: 2,
                parent: "DeleteMarker",
                name,
                text,
            } => {
                if let Some(marker) = data.delete_markers.last_mut() {
                    match name {
                        "Key" => marker.key = text.into(),
                        "VersionId" => marker.version_id = text.into(),
                        "IsLatest" => marker.is_latest = text == "true",
                        "LastModified" => marker.last_modified = text.into(),
                        _ => {}
                    }
                }
            }
            Item::Leaf {
                depth: 3,
                parent: "Owner",
                name,
                text,
            } => {
                let owner = match in_version {
                    true => data.versions.last_mut().map(|v| &mut v.owner),
                    false => data.delete_markers.last_mut().map(|m| &mut m.owner),
                };
                if let Some(owner) = owner {
                    owner.read(name, text);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    encoding.decode(
        [&mut data.prefix, &mut data.key_marker]
            .into_iter()
            .chain(data.delimiter.as_mut())
            .chain(data.next_key_marker.as_mut())
            .chain(data.versions.iter_mut().map(|v| &mut v.key))
            .chain(data.delete_markers.iter_mut().map(|m| &mut m.key))
            .chain(data.common_prefixes.iter_mut().map(|c| &mut c.prefix)),
    );
    data.encoding_type = encoding.into_type();
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
        let text = response.text()?;
        let mut data = ListObjectVersionsData::from_meta(response.meta());
        parse_versions(&text, &mut data).map_err(|e| response.fail(e))?;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_delete_markers_keep_their_own_fields() {
        let text = "<ListVersionsResult><Name>b-1</Name><Prefix/><KeyMarker/><VersionIdMarker/><MaxKeys>3</MaxKeys><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker><NextVersionIdMarker>v3</NextVersionIdMarker><DeleteMarker><Key>k</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest><Owner><ID>m</ID></Owner></DeleteMarker><Version><Key>k</Key><VersionId>v2</VersionId><IsLatest>false</IsLatest><ETag>&quot;e&quot;</ETag><Size>3</Size><Owner><ID>a</ID></Owner></Version><DeleteMarker><Key>j</Key><Owner><ID>n</ID></Owner></DeleteMarker><CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes></ListVersionsResult>";
        let mut data = ListObjectVersionsData::default();
        parse_versions(text, &mut data).unwrap();
        assert_eq!(data.max_keys, 3);
        assert_eq!(data.next_version_id_marker.as_deref(), Some("v3"));
        assert_eq!(data.delimiter, None);
        let markers: Vec<_> = data
            .delete_markers
            .iter()
            .map(|m| (&*m.key, &*m.owner.id))
            .collect();
        assert_eq!(markers, [("k", "m"), ("j", "n")]);
        assert!(data.delete_markers[0].is_latest);
        assert_eq!(data.versions.len(), 1);
        assert_eq!(data.versions[0].etag, "\"e\"");
        assert_eq!(data.versions[0].size, 3);
        assert_eq!(data.versions[0].owner.id, "a");
        assert_eq!(data.common_prefixes[0].prefix, "d/");
    }
}
