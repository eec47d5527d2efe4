//! Field groups that many operations take, declared once: the ACL headers
//! of a write and the attributes stored with an object.

use crate::error::CosError;
use crate::execute::Request;
use crate::headers::Headers;
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
/// `Expires`, `StorageClass` and `Tagging`. Metadata (`x-cos-meta-*`) goes in the
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
    /// `Tagging` (`x-cos-tagging`): the object's tags, URL-encoded pairs
    /// such as `team=storage&env=prod` (at most 10).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "String::is_empty"))]
    pub tagging: String,
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
        request.header("x-cos-tagging", &self.tagging);
    }
}

/// Server-side encryption of an object: Node's `ServerSideEncryption`
/// (SSE-COS `AES256`, SSE-KMS `cos/kms` with `SSEKMSKeyId` and
/// `SSEContext`) and the customer-key fields of SSE-C, whose key must be
/// sent again to read the object.
///
/// ```
/// use cos_sdk::EncryptionHeaders;
/// // SSE-C with your own 32-byte key: the SDK fills the algorithm and key MD5.
/// let sse_c = EncryptionHeaders::customer_key(&[7u8; 32]);
/// assert_eq!(sse_c.sse_customer_algorithm, "AES256");
/// assert!(!format!("{sse_c:?}").contains(&sse_c.sse_customer_key)); // never printed
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default)
)]
pub struct EncryptionHeaders {
    /// `ServerSideEncryption` (`x-cos-server-side-encryption`): `AES256`
    /// (SSE-COS) or `cos/kms` (SSE-KMS).
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "ServerSideEncryption",
            skip_serializing_if = "String::is_empty"
        )
    )]
    pub server_side_encryption: String,
    /// `SSECustomerAlgorithm`: `AES256` with SSE-C.
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "SSECustomerAlgorithm",
            skip_serializing_if = "String::is_empty"
        )
    )]
    pub sse_customer_algorithm: String,
    /// `SSECustomerKey`: base64 of the 32-byte key. A secret: never shown
    /// by `Debug`, written as `<redacted>` when serialized.
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "SSECustomerKey",
            skip_serializing_if = "String::is_empty",
            serialize_with = "redacted"
        )
    )]
    pub sse_customer_key: String,
    /// `SSECustomerKeyMD5`: base64 MD5 of the key.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "SSECustomerKeyMD5", skip_serializing_if = "String::is_empty")
    )]
    pub sse_customer_key_md5: String,
    /// `SSEKMSKeyId`: the KMS key, with `cos/kms` (empty: COS's default key).
    #[cfg_attr(
        feature = "serde",
        serde(rename = "SSEKMSKeyId", skip_serializing_if = "String::is_empty")
    )]
    pub sse_kms_key_id: String,
    /// `SSEContext`: base64 JSON encryption context, with `cos/kms`.
    #[cfg_attr(
        feature = "serde",
        serde(rename = "SSEContext", skip_serializing_if = "String::is_empty")
    )]
    pub sse_context: String,
}

#[cfg(feature = "serde")]
fn redacted<S: serde::Serializer>(_: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("<redacted>")
}

impl EncryptionHeaders {
    /// SSE-C with `key`: algorithm `AES256`, the key and its MD5 in base64.
    pub fn customer_key(key: &[u8; 32]) -> Self {
        use base64::Engine;
        EncryptionHeaders {
            sse_customer_algorithm: "AES256".into(),
            sse_customer_key: base64::engine::general_purpose::STANDARD.encode(key),
            sse_customer_key_md5: crate::execute::content_md5(key),
            ..Default::default()
        }
    }

    /// SSE-COS: COS encrypts with its own keys.
    pub fn cos() -> Self {
        EncryptionHeaders {
            server_side_encryption: "AES256".into(),
            ..Default::default()
        }
    }

    /// Sets the headers that are given.
    pub(crate) fn apply(&self, request: &mut Request) {
        self.apply_to(&mut request.headers);
    }

    /// The same on a header map (for transfers that build many requests).
    pub(crate) fn apply_to(&self, headers: &mut Headers) {
        for (name, value) in [
            ("x-cos-server-side-encryption", &self.server_side_encryption),
            (
                "x-cos-server-side-encryption-customer-algorithm",
                &self.sse_customer_algorithm,
            ),
            (
                "x-cos-server-side-encryption-customer-key",
                &self.sse_customer_key,
            ),
            (
                "x-cos-server-side-encryption-customer-key-md5",
                &self.sse_customer_key_md5,
            ),
            (
                "x-cos-server-side-encryption-cos-kms-key-id",
                &self.sse_kms_key_id,
            ),
            ("x-cos-server-side-encryption-context", &self.sse_context),
        ] {
            if !value.is_empty() {
                headers.insert(name, value.as_str());
            }
        }
    }

    /// Only the SSE-C fields: reads and part uploads repeat the customer
    /// key, never the encryption choice itself.
    pub(crate) fn customer_only(&self) -> Self {
        EncryptionHeaders {
            sse_customer_algorithm: self.sse_customer_algorithm.clone(),
            sse_customer_key: self.sse_customer_key.clone(),
            sse_customer_key_md5: self.sse_customer_key_md5.clone(),
            ..Default::default()
        }
    }
}

impl std::fmt::Debug for EncryptionHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key = if self.sse_customer_key.is_empty() {
            ""
        } else {
            "<redacted>"
        };
        f.debug_struct("EncryptionHeaders")
            .field("server_side_encryption", &self.server_side_encryption)
            .field("sse_customer_algorithm", &self.sse_customer_algorithm)
            .field("sse_customer_key", &key)
            .field("sse_customer_key_md5", &self.sse_customer_key_md5)
            .field("sse_kms_key_id", &self.sse_kms_key_id)
            .field("sse_context", &self.sse_context)
            .finish()
    }
}

/// `TrafficLimit` (`x-cos-traffic-limit`): COS throttles the transfer to
/// this many bits per second, within COS's range.
pub(crate) fn traffic_limit(request: &mut Request, limit: Option<u64>) -> Result<(), CosError> {
    traffic_limit_to(&mut request.headers, limit)
}

/// The same on a header map.
pub(crate) fn traffic_limit_to(headers: &mut Headers, limit: Option<u64>) -> Result<(), CosError> {
    const RANGE: std::ops::RangeInclusive<u64> = 819_200..=838_860_800;
    if let Some(limit) = limit {
        if !RANGE.contains(&limit) {
            return Err(CosError::invalid_parameter(
                "TrafficLimit",
                format!(
                    "TrafficLimit must be between 819200 and 838860800 bit/s (100 KB/s to 100 MB/s), got {limit}"
                ),
            ));
        }
        headers.insert("x-cos-traffic-limit", limit.to_string());
    }
    Ok(())
}
