//! Bucket and object ACLs (Node's `getBucketAcl`, `putBucketAcl`,
//! `getObjectAcl`, `putObjectAcl`).

use crate::ops::fields::AclHeaders;
use crate::types::{Acl, Permission};
use roxmltree::Node;

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request, Response};
use crate::headers::Headers;
use crate::ops::{Owner, bucket_target, object_target};
use crate::xml;

/// The grantee of a [`Grant`]: an account (`id`) or a group (`uri`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct Grantee {
    /// `ID`, e.g. `qcs::cam::uin/100000000001:uin/100000000001`.
    #[cfg_attr(feature = "serde", serde(rename = "ID"))]
    pub id: String,
    /// `URI` of a group, e.g. `http://cam.qcloud.com/groups/global/AllUsers`.
    #[cfg_attr(feature = "serde", serde(rename = "URI"))]
    pub uri: String,
    /// `DisplayName`.
    pub display_name: String,
}

/// One entry of `Grants`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase")
)]
pub struct Grant {
    /// `Grantee`.
    pub grantee: Grantee,
    /// `Permission`.
    pub permission: Permission,
}

/// An ACL document, sent instead of the `x-cos-acl`/`x-cos-grant-*` headers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct AccessControlPolicy {
    /// `Owner`.
    pub owner: Owner,
    /// `Grants`.
    pub grants: Vec<Grant>,
}

/// Params of [`Cos::put_bucket_acl`] (Node's `putBucketAcl`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutBucketAclParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `ACL` and `Grant*`: the new ACL as headers.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `AccessControlPolicy`: a whole ACL document instead of headers.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub access_control_policy: Option<AccessControlPolicy>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::put_bucket_acl`].
    pub struct PutBucketAclData {}
}

/// Params of [`Cos::get_bucket_acl`] (Node's `getBucketAcl`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetBucketAclParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::get_bucket_acl`], decoded as Node does: the grant
    /// strings list non-owner, non-public grantees as `id="…"`.
    pub struct GetBucketAclData {
        /// `ACL`: `private`, `public-read` or `public-read-write`.
        #[cfg_attr(feature = "serde", serde(rename = "ACL"))]
        pub acl: Acl,
        /// `GrantFullControl`.
        pub grant_full_control: String,
        /// `GrantWrite`.
        pub grant_write: String,
        /// `GrantRead`.
        pub grant_read: String,
        /// `GrantReadAcp`.
        pub grant_read_acp: String,
        /// `GrantWriteAcp`.
        pub grant_write_acp: String,
        /// `Owner`.
        pub owner: Owner,
        /// `Grants`: the raw grant list.
        pub grants: Vec<Grant>,
    }
}

/// Params of [`Cos::put_object_acl`] (Node's `putObjectAcl`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutObjectAclParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `ACL` and `Grant*`: the new ACL as headers.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `AccessControlPolicy`: a whole ACL document instead of headers.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub access_control_policy: Option<AccessControlPolicy>,
    /// `VersionId`: a specific version (versioned buckets).
    pub version_id: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::put_object_acl`].
    pub struct PutObjectAclData {}
}

/// Params of [`Cos::get_object_acl`] (Node's `getObjectAcl`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetObjectAclParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `VersionId`: a specific version (versioned buckets).
    pub version_id: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::get_object_acl`], decoded as for buckets.
    pub struct GetObjectAclData {
        /// `ACL`: `private`, `public-read` or `public-read-write`.
        #[cfg_attr(feature = "serde", serde(rename = "ACL"))]
        pub acl: Acl,
        /// `GrantFullControl`.
        pub grant_full_control: String,
        /// `GrantRead`.
        pub grant_read: String,
        /// `GrantReadAcp`.
        pub grant_read_acp: String,
        /// `GrantWriteAcp`.
        pub grant_write_acp: String,
        /// `Owner`.
        pub owner: Owner,
        /// `Grants`: the raw grant list.
        pub grants: Vec<Grant>,
    }
}

/// Node's `uniqGrant`: trims and de-duplicates a comma-separated list.
fn unique_grants(value: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen.join(",")
}

/// Headers and body shared by both PUT ACL operations.
fn acl_request(request: &mut Request, access: &AclHeaders, policy: Option<&AccessControlPolicy>) {
    access.apply(request);
    let grant_names: Vec<String> = request
        .headers
        .iter()
        .filter(|(name, _)| name.starts_with("x-cos-grant-"))
        .map(|(name, _)| name.to_string())
        .collect();
    for name in grant_names {
        let value = unique_grants(request.headers.get(&name).unwrap_or_default());
        request.headers.insert(&name, value);
    }
    if let Some(policy) = policy {
        request.xml_body(policy_xml(policy));
    }
}

/// The body Node's `json2xml` builds for an `AccessControlPolicy`.
fn policy_xml(policy: &AccessControlPolicy) -> String {
    let mut out = String::from("<AccessControlPolicy><Owner>");
    xml::push_element(&mut out, "ID", &policy.owner.id);
    xml::push_element(&mut out, "DisplayName", &policy.owner.display_name);
    out.push_str("</Owner><AccessControlList>");
    for grant in &policy.grants {
        out.push_str("<Grant><Grantee>");
        xml::push_element(&mut out, "ID", &grant.grantee.id);
        xml::push_element(&mut out, "URI", &grant.grantee.uri);
        xml::push_element(&mut out, "DisplayName", &grant.grantee.display_name);
        out.push_str("</Grantee>");
        xml::push_element(&mut out, "Permission", grant.permission.as_str());
        out.push_str("</Grant>");
    }
    out.push_str("</AccessControlList></AccessControlPolicy>");
    out
}

/// The decoded ACL: Node's `decodeAcl`.
struct Decoded {
    acl: Acl,
    full_control: String,
    write: String,
    read: String,
    read_acp: String,
    write_acp: String,
    owner: Owner,
    grants: Vec<Grant>,
}

/// Moves a [`Decoded`] ACL into an answer's fields, plus any fields only
/// that answer has (buckets: `grant_write`).
macro_rules! fill_acl {
    ($data:ident, $decoded:expr $(, $field:ident = $from:ident)*) => {{
        let d = $decoded;
        $data.acl = d.acl;
        $data.grant_full_control = d.full_control;
        $data.grant_read = d.read;
        $data.grant_read_acp = d.read_acp;
        $data.grant_write_acp = d.write_acp;
        $data.owner = d.owner;
        $data.grants = d.grants;
        $( $data.$field = d.$from; )*
    }};
}

const ALL_USERS: &str = "http://cam.qcloud.com/groups/global/AllUsers";

fn decode(response: &mut Response) -> Result<Decoded, CosError> {
    let acl_header = response
        .headers
        .get("x-cos-acl")
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    response.xml("AccessControlPolicy", |root| {
        decode_policy(root, acl_header)
    })
}

fn decode_policy(
    root: roxmltree::Node<'_, '_>,
    acl_header: Option<String>,
) -> Result<Decoded, CosError> {
    let owner = Owner::parse(xml::child(root, "Owner"));
    let grants: Vec<Grant> = xml::child(root, "AccessControlList")
        .map(|list| xml::children(list, "Grant").map(parse_grant).collect())
        .unwrap_or_default();
    let mut lists: [Vec<String>; 5] = Default::default();
    let (mut public_read, mut public_write, mut public_full) = (false, false, false);
    for grant in &grants {
        let public =
            grant.grantee.id == "qcs::cam::anyone:anyone" || grant.grantee.uri == ALL_USERS;
        if public {
            match grant.permission {
                Permission::Read => public_read = true,
                Permission::Write => public_write = true,
                Permission::FullControl => public_full = true,
                _ => {}
            }
        } else if grant.grantee.id != owner.id {
            let slot = match grant.permission {
                Permission::FullControl => 0,
                Permission::Write => 1,
                Permission::Read => 2,
                Permission::ReadAcp => 3,
                Permission::WriteAcp => 4,
                _ => continue,
            };
            lists[slot].push(format!("id=\"{}\"", grant.grantee.id));
        }
    }
    let acl = match acl_header {
        Some(header) => Acl::from(header),
        None if public_full || (public_read && public_write) => Acl::PublicReadWrite,
        None if public_read => Acl::PublicRead,
        None => Acl::Private,
    };
    let [full_control, write, read, read_acp, write_acp] =
        lists.map(|l| unique_grants(&l.join(",")));
    Ok(Decoded {
        acl,
        full_control,
        write,
        read,
        read_acp,
        write_acp,
        owner,
        grants,
    })
}

fn parse_grant(node: Node<'_, '_>) -> Grant {
    let grantee = xml::child(node, "Grantee");
    Grant {
        grantee: grantee
            .map(|g| Grantee {
                id: xml::text(g, "ID"),
                uri: xml::text(g, "URI"),
                display_name: xml::text(g, "DisplayName"),
            })
            .unwrap_or_default(),
        permission: Permission::from(xml::text(node, "Permission")),
    }
}

pub(crate) fn build_put_bucket_acl(params: &PutBucketAclParams) -> Result<Request, CosError> {
    let mut request = Request::new("PUT", bucket_target(&params.bucket, &params.region)?);
    request.action = Some("acl");
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    acl_request(
        &mut request,
        &params.access,
        params.access_control_policy.as_ref(),
    );
    Ok(request)
}

pub(crate) fn build_get_bucket_acl(params: &GetBucketAclParams) -> Result<Request, CosError> {
    let mut request = Request::new("GET", bucket_target(&params.bucket, &params.region)?);
    request.action = Some("acl");
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    Ok(request)
}

pub(crate) fn build_put_object_acl(
    options: &crate::CosOptions,
    params: &PutObjectAclParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    let mut request = Request::new("PUT", target);
    request.action = Some("acl");
    if !params.version_id.is_empty() {
        request.query("versionId", params.version_id.as_str());
    }
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    acl_request(
        &mut request,
        &params.access,
        params.access_control_policy.as_ref(),
    );
    Ok(request)
}

pub(crate) fn build_get_object_acl(
    options: &crate::CosOptions,
    params: &GetObjectAclParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    let mut request = Request::new("GET", target);
    request.action = Some("acl");
    if !params.version_id.is_empty() {
        request.query("versionId", params.version_id.as_str());
    }
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    Ok(request)
}

impl Cos {
    /// Sets a bucket's ACL from headers or a whole document (Node's
    /// `putBucketAcl`). The new ACL replaces the old one.
    ///
    /// ```
    /// use cos_sdk::{AclHeaders, GetBucketAclParams, PutBucketAclParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_bucket_acl(
    ///     PutBucketAclParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         access: AclHeaders {
    ///             acl: Some("public-read".into()),
    ///             grant_full_control: "id=\"qcs::cam::uin/100000000011:uin/100000000011\"".into(),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let acl = cos.get_bucket_acl(
    ///     GetBucketAclParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(acl.acl, "public-read");
    /// assert!(acl.grant_full_control.contains("100000000011"));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket_acl<R>(
        &self,
        params: PutBucketAclParams,
        callback: impl FnOnce(Result<PutBucketAclData, CosError>) -> R,
    ) -> R {
        callback(
            build_put_bucket_acl(&params)
                .and_then(|r| self.execute(r))
                .map(|r| PutBucketAclData::from_meta(r.meta())),
        )
    }

    /// Reads a bucket's ACL (Node's `getBucketAcl`).
    ///
    /// ```
    /// use cos_sdk::GetBucketAclParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_bucket_acl(
    ///     GetBucketAclParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.acl, "private"); // a new bucket's
    /// for grant in &data.grants {
    ///     println!("{} may {}", grant.grantee.id, grant.permission);
    /// }
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket_acl<R>(
        &self,
        params: GetBucketAclParams,
        callback: impl FnOnce(Result<GetBucketAclData, CosError>) -> R,
    ) -> R {
        callback(self.get_bucket_acl_inner(params))
    }

    fn get_bucket_acl_inner(
        &self,
        params: GetBucketAclParams,
    ) -> Result<GetBucketAclData, CosError> {
        let mut response = self.execute(build_get_bucket_acl(&params)?)?;
        let decoded = decode(&mut response)?;
        let mut data = GetBucketAclData::from_meta(response.meta());
        fill_acl!(data, decoded, grant_write = write);
        Ok(data)
    }

    /// Sets an object's ACL (Node's `putObjectAcl`).
    ///
    /// ```
    /// use cos_sdk::{AclHeaders, GetObjectAclParams, PutObjectAclParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("public/logo.png", "png");
    /// cos.put_object_acl(
    ///     PutObjectAclParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "public/logo.png".into(),
    ///         access: AclHeaders {
    ///             acl: Some("public-read".into()),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let acl = cos.get_object_acl(
    ///     GetObjectAclParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "public/logo.png".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(acl.acl, "public-read");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_object_acl<R>(
        &self,
        params: PutObjectAclParams,
        callback: impl FnOnce(Result<PutObjectAclData, CosError>) -> R,
    ) -> R {
        callback(
            build_put_object_acl(self.options(), &params)
                .and_then(|r| self.execute(r))
                .map(|r| PutObjectAclData::from_meta(r.meta())),
        )
    }

    /// Reads an object's ACL (Node's `getObjectAcl`).
    ///
    /// ```
    /// use cos_sdk::GetObjectAclParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("hello.txt", "hello");
    /// let data = cos.get_object_acl(
    ///     GetObjectAclParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "hello.txt".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.acl, "default"); // no ACL of its own: the bucket's applies
    /// assert!(!data.owner.id.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_object_acl<R>(
        &self,
        params: GetObjectAclParams,
        callback: impl FnOnce(Result<GetObjectAclData, CosError>) -> R,
    ) -> R {
        callback(self.get_object_acl_inner(params))
    }

    fn get_object_acl_inner(
        &self,
        params: GetObjectAclParams,
    ) -> Result<GetObjectAclData, CosError> {
        let mut response = self.execute(build_get_object_acl(self.options(), &params)?)?;
        let decoded = decode(&mut response)?;
        let mut data = GetObjectAclData::from_meta(response.meta());
        fill_acl!(data, decoded);
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_are_deduplicated_like_node() {
        assert_eq!(
            unique_grants("id=\"1\", id=\"2\",id=\"1\""),
            "id=\"1\",id=\"2\""
        );
    }
}
