//! Field groups that many operations take, declared once: the ACL headers
//! of a write and the attributes stored with an object.

use crate::execute::Request;
use crate::types::{Acl, StorageClass};

/// Who may do what with the bucket or object a request creates or changes:
/// Node's `ACL` and `Grant*` params, sent as `x-cos-acl` / `x-cos-grant-*`.
///
/// Grant values list grantees separated by commas, e.g.
/// `id="qcs::cam::uin/100000000001:uin/100000000001"`; the ACL operations
/// send a repeated grantee once, as Node does.
///
/// ```
/// use cos_sdk::{Acl, AclHeaders};
/// let access = AclHeaders {
///     acl: Some(Acl::PublicRead),
///     ..Default::default()
/// };
/// # assert_eq!(access.acl.unwrap(), "public-read");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct AclHeaders {
    /// `ACL` (`x-cos-acl`): a canned ACL.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "ACL", skip_serializing_if = "Option::is_none")
    )]
    pub acl: Option<Acl>,
    /// `GrantRead` (`x-cos-grant-read`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub grant_read: String,
    /// `GrantWrite` (`x-cos-grant-write`): write objects into a bucket.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub grant_write: String,
    /// `GrantReadAcp` (`x-cos-grant-read-acp`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub grant_read_acp: String,
    /// `GrantWriteAcp` (`x-cos-grant-write-acp`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub grant_write_acp: String,
    /// `GrantFullControl` (`x-cos-grant-full-control`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub grant_full_control: String,
}

impl AclHeaders {
    /// Sets the headers that are given.
    pub(crate) fn apply(&self, request: &mut Request) {
        if let Some(acl) = &self.acl {
            request.header("x-cos-acl", acl.as_str());
        }
        for (name, value) in [
            ("x-cos-grant-read", &self.grant_read),
            ("x-cos-grant-write", &self.grant_write),
            ("x-cos-grant-read-acp", &self.grant_read_acp),
            ("x-cos-grant-write-acp", &self.grant_write_acp),
            ("x-cos-grant-full-control", &self.grant_full_control),
        ] {
            request.header(name, value);
        }
    }
}

/// What is stored with an object and sent back when it is read: Node's
/// `CacheControl`, `ContentDisposition`, `ContentEncoding`, `ContentType`,
/// `Expires` and `StorageClass`. Metadata (`x-cos-meta-*`) goes in the
/// params' `headers`.
///
/// ```
/// use cos_sdk::{ObjectAttributes, StorageClass};
/// let attributes = ObjectAttributes {
///     content_type: "text/plain; charset=utf-8".into(),
///     storage_class: Some(StorageClass::StandardIa),
///     ..Default::default()
/// };
/// # assert_eq!(attributes.storage_class.unwrap(), "STANDARD_IA");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct ObjectAttributes {
    /// `CacheControl` (`Cache-Control`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub cache_control: String,
    /// `ContentDisposition` (`Content-Disposition`), e.g. `attachment; filename="a.txt"`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub content_disposition: String,
    /// `ContentEncoding` (`Content-Encoding`), e.g. `gzip` for a body
    /// compressed before upload; the SDK never decompresses downloads.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub content_encoding: String,
    /// `ContentType` (`Content-Type`); COS infers one from the key when empty.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub content_type: String,
    /// `Expires` (`Expires`): an HTTP date stored with the object.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub expires: String,
    /// `StorageClass` (`x-cos-storage-class`); COS's default is `STANDARD`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub storage_class: Option<StorageClass>,
}

impl ObjectAttributes {
    /// Sets the headers that are given.
    pub(crate) fn apply(&self, request: &mut Request) {
        request.header("cache-control", &self.cache_control);
        request.header("content-disposition", &self.content_disposition);
        request.header("content-encoding", &self.content_encoding);
        request.header("content-type", &self.content_type);
        request.header("expires", &self.expires);
        if let Some(class) = &self.storage_class {
            request.header("x-cos-storage-class", class.as_str());
        }
    }
}
