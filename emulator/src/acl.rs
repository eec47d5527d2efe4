//! Access control lists (spec §3.12): canned ACLs, grant headers, the
//! `AccessControlPolicy` document, and what they allow anonymous callers.

use crate::errors::CosError;
use crate::xml::{XmlWriter, child_text, children};

/// Uin of the emulated account's owner, used in every Owner / Initiator element.
pub(crate) const OWNER_UIN: &str = "100000000001";

/// Canned ACLs allowed on buckets.
pub(crate) const BUCKET_ACLS: [&str; 4] = [
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
];

/// Canned ACLs allowed on objects.
pub(crate) const OBJECT_ACLS: [&str; 7] = [
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "default",
    "bucket-owner-read",
    "bucket-owner-full-control",
];

/// URI of the everyone group.
pub(crate) const ALL_USERS: &str = "http://cam.qcloud.com/groups/global/AllUsers";
/// URI of the signed-in users group.
pub(crate) const AUTHENTICATED_USERS: &str =
    "http://cam.qcloud.com/groups/global/AuthenticatedUsers";

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// `qcs::cam::uin/{owner}:uin/{owner}`.
pub(crate) fn owner_id() -> String {
    format!("qcs::cam::uin/{OWNER_UIN}:uin/{OWNER_UIN}")
}

/// Writes `<{element}><ID>owner</ID><DisplayName>uin</DisplayName></{element}>`.
pub(crate) fn write_owner(w: &mut XmlWriter, element: &str) {
    w.open(element)
        .elem("ID", &owner_id())
        .elem("DisplayName", OWNER_UIN)
        .close(element);
}

/// A permission of a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Permission {
    Read,
    Write,
    ReadAcp,
    WriteAcp,
    FullControl,
}

impl Permission {
    fn parse(s: &str) -> Option<Permission> {
        Some(match s.trim() {
            "READ" => Permission::Read,
            "WRITE" => Permission::Write,
            "READ_ACP" => Permission::ReadAcp,
            "WRITE_ACP" => Permission::WriteAcp,
            "FULL_CONTROL" => Permission::FullControl,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Permission::Read => "READ",
            Permission::Write => "WRITE",
            Permission::ReadAcp => "READ_ACP",
            Permission::WriteAcp => "WRITE_ACP",
            Permission::FullControl => "FULL_CONTROL",
        }
    }

    /// Whether this permission includes `other`.
    fn covers(self, other: Permission) -> bool {
        self == other || self == Permission::FullControl
    }
}

/// Who a grant is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Grantee {
    /// A CAM user, by full `qcs::cam::uin/…:uin/…` ID.
    User(String),
    /// A group, by URI.
    Group(String),
}

/// One grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Grant {
    pub grantee: Grantee,
    pub permission: Permission,
}

/// An ACL: a canned value (when set by `x-cos-acl`) plus explicit grants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Acl {
    /// Canned ACL, lower case; `None` means private (or a document without one).
    pub canned: Option<String>,
    /// Grants from `x-cos-grant-*` headers or an `AccessControlPolicy` body.
    pub grants: Vec<Grant>,
    /// Set from an `AccessControlPolicy` document: COS then answers exactly
    /// the grants sent, without adding the owner's FULL_CONTROL (the owner
    /// keeps full access all the same: its requests are never checked).
    pub explicit: bool,
}

/// Grant headers and the permission each gives.
const GRANT_HEADERS: [(&str, Permission); 5] = [
    ("x-cos-grant-read", Permission::Read),
    ("x-cos-grant-write", Permission::Write),
    ("x-cos-grant-read-acp", Permission::ReadAcp),
    ("x-cos-grant-write-acp", Permission::WriteAcp),
    ("x-cos-grant-full-control", Permission::FullControl),
];

/// Normalises a grantee ID: a bare uin `U` becomes `qcs::cam::uin/U:uin/U`;
/// `qcs::cam::anyone:anyone` is the AllUsers group.
fn grantee_from_id(id: &str) -> Result<Grantee, CosError> {
    let id = id.trim();
    if id.is_empty() {
        return Err(CosError::invalid_argument("Empty grantee id."));
    }
    if id == "qcs::cam::anyone:anyone" || id == "anyone" {
        return Ok(Grantee::Group(ALL_USERS.to_string()));
    }
    if id.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Grantee::User(format!("qcs::cam::uin/{id}:uin/{id}")));
    }
    Ok(Grantee::User(id.to_string()))
}

/// Parses one grant header value: `id="…"`, `uin="…"` or `uri="…"`, comma-separated.
fn parse_grant_header(value: &str, permission: Permission) -> Result<Vec<Grant>, CosError> {
    let mut out = Vec::new();
    for part in value.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let bad = || CosError::invalid_argument(format!("Invalid grant header value: {part}"));
        let (kind, v) = part.split_once('=').ok_or_else(bad)?;
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v);
        let grantee = match kind.trim().to_ascii_lowercase().as_str() {
            "id" | "uin" => grantee_from_id(v)?,
            "uri" => Grantee::Group(v.to_string()),
            _ => return Err(bad()),
        };
        out.push(Grant {
            grantee,
            permission,
        });
    }
    Ok(out)
}

impl Acl {
    /// The ACL set by `x-cos-acl` / `x-cos-grant-*` headers (`headers` as
    /// received), or `None` when none of them is present. `allowed` lists the
    /// accepted canned values.
    pub fn from_headers(
        headers: &[(String, String)],
        allowed: &[&str],
    ) -> Result<Option<Acl>, CosError> {
        let get = |name: &str| {
            headers
                .iter()
                .find(|(n, v)| n.eq_ignore_ascii_case(name) && !v.is_empty())
                .map(|(_, v)| v.as_str())
        };
        let mut acl = Acl::default();
        let mut any = false;
        if let Some(v) = get("x-cos-acl") {
            let v = v.trim().to_ascii_lowercase();
            if !allowed.contains(&v.as_str()) {
                return Err(CosError::invalid_argument(format!(
                    "Invalid x-cos-acl value: {v}"
                )));
            }
            acl.canned = Some(v);
            any = true;
        }
        for (name, permission) in GRANT_HEADERS {
            if let Some(v) = get(name) {
                acl.grants.extend(parse_grant_header(v, permission)?);
                any = true;
            }
        }
        Ok(any.then_some(acl))
    }

    /// Parses an `AccessControlPolicy` document (compact or pretty-printed,
    /// with or without `xsi:type` attributes).
    pub fn from_policy(text: &str) -> Result<Acl, CosError> {
        let doc = crate::xml::parse_body(text, "AccessControlPolicy")?;
        let root = doc.root_element();
        let list = children(root, "AccessControlList")
            .next()
            .ok_or_else(CosError::malformed_xml)?;
        let mut acl = Acl {
            explicit: true,
            ..Acl::default()
        };
        for grant in children(list, "Grant") {
            let grantee = children(grant, "Grantee")
                .next()
                .ok_or_else(CosError::malformed_xml)?;
            let permission = child_text(grant, "Permission")
                .and_then(|p| Permission::parse(&p))
                .ok_or_else(CosError::malformed_xml)?;
            let grantee = match (child_text(grantee, "ID"), child_text(grantee, "URI")) {
                (Some(id), _) if !id.trim().is_empty() => {
                    grantee_from_id(&id).map_err(|_| CosError::malformed_xml())?
                }
                (_, Some(uri)) if !uri.trim().is_empty() => Grantee::Group(uri.trim().to_string()),
                _ => return Err(CosError::malformed_xml()),
            };
            acl.grants.push(Grant {
                grantee,
                permission,
            });
        }
        Ok(acl)
    }

    /// Every grant in effect: the owner's FULL_CONTROL, the canned ACL's group
    /// grants, then the explicit grants (duplicates dropped). For a document
    /// set with an `AccessControlPolicy`, exactly its grants.
    pub fn effective_grants(&self) -> Vec<Grant> {
        if self.explicit {
            return self.grants.clone();
        }
        let group = |uri: &str, permission| Grant {
            grantee: Grantee::Group(uri.to_string()),
            permission,
        };
        let mut out = vec![Grant {
            grantee: Grantee::User(owner_id()),
            permission: Permission::FullControl,
        }];
        match self.canned.as_deref() {
            Some("public-read") => out.push(group(ALL_USERS, Permission::Read)),
            Some("public-read-write") => {
                out.push(group(ALL_USERS, Permission::Read));
                out.push(group(ALL_USERS, Permission::Write));
            }
            Some("authenticated-read") => out.push(group(AUTHENTICATED_USERS, Permission::Read)),
            _ => {}
        }
        for g in &self.grants {
            if !out.contains(g) {
                out.push(g.clone());
            }
        }
        out
    }

    /// Whether everyone has `permission`.
    pub fn allows_everyone(&self, permission: Permission) -> bool {
        self.effective_grants().iter().any(|g| {
            g.grantee == Grantee::Group(ALL_USERS.to_string()) && g.permission.covers(permission)
        })
    }

    /// Whether the ACL gives `permission` to a caller that is not the owner:
    /// `who` `None` for an anonymous one (only AllUsers grants count), else
    /// its CAM id (AllUsers, AuthenticatedUsers and grants to exactly that
    /// id count: the owner's own grant does not extend to its sub-users,
    /// who need a grant or a policy of their own, as under CAM).
    pub fn allows(&self, who: Option<&str>, permission: Permission) -> bool {
        let Some(who) = who else {
            return self.allows_everyone(permission);
        };
        self.effective_grants().iter().any(|g| {
            g.permission.covers(permission)
                && match &g.grantee {
                    Grantee::Group(uri) => uri == ALL_USERS || uri == AUTHENTICATED_USERS,
                    Grantee::User(id) => id == who,
                }
        })
    }

    /// Whether the object ACL defers to the bucket's (`default`, or nothing set).
    pub fn inherits(&self) -> bool {
        !self.explicit
            && self.grants.is_empty()
            && matches!(self.canned.as_deref(), None | Some("default"))
    }

    /// The canned value for the `x-cos-acl` response header: the one set, else
    /// derived from the group grants.
    pub fn canned_value(&self) -> String {
        if let Some(c) = &self.canned {
            return c.clone();
        }
        let grants = self.effective_grants();
        let has = |uri: &str, p: Permission| {
            grants
                .iter()
                .any(|g| g.grantee == Grantee::Group(uri.to_string()) && g.permission.covers(p))
        };
        if has(ALL_USERS, Permission::Read) && has(ALL_USERS, Permission::Write) {
            "public-read-write".into()
        } else if has(ALL_USERS, Permission::Read) {
            "public-read".into()
        } else if has(AUTHENTICATED_USERS, Permission::Read) {
            "authenticated-read".into()
        } else {
            "private".into()
        }
    }

    /// The `AccessControlPolicy` document.
    pub fn to_policy(&self) -> Vec<u8> {
        let mut w = XmlWriter::new();
        w.open("AccessControlPolicy");
        write_owner(&mut w, "Owner");
        w.open("AccessControlList");
        for g in self.effective_grants() {
            w.open("Grant");
            match &g.grantee {
                Grantee::User(id) => {
                    w.open_attrs(
                        "Grantee",
                        &[("xmlns:xsi", XSI), ("xsi:type", "CanonicalUser")],
                    )
                    .elem("ID", id)
                    .elem("DisplayName", display_name(id))
                    .close("Grantee");
                }
                Grantee::Group(uri) => {
                    w.open_attrs("Grantee", &[("xmlns:xsi", XSI), ("xsi:type", "Group")])
                        .elem("URI", uri)
                        .close("Grantee");
                }
            }
            w.elem("Permission", g.permission.as_str()).close("Grant");
        }
        w.close("AccessControlList").close("AccessControlPolicy");
        w.finish()
    }
}

/// Display name of a CAM ID: the sub-account uin (`…:uin/{sub}` → `sub`).
fn display_name(id: &str) -> &str {
    id.rsplit("uin/").next().unwrap_or(id)
}
