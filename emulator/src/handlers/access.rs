//! Who may do what: the account's own keys may do anything; anonymous
//! requests and other CAM users (keys added with `Emulator::add_user`) get
//! what the bucket policy allows, unless a statement denies it, and
//! otherwise what the ACLs grant them. Hotlink protection (the referer
//! configuration) is checked first, for everyone it applies to.

use super::{existing_bucket, object_key};
use crate::acl::Permission;
use crate::auth::Principal;
use crate::config::policy::{self, Decision};
use crate::config::{Sub, referer};
use crate::errors::CosError;
use crate::routing::Operation;
use crate::server::Ctx;
use crate::store::Bucket;

/// Who made a request: `None` for the account owner (its permanent or
/// temporary keys), else `Some(None)` for an anonymous request and
/// `Some(Some(principal))` for another user.
fn caller(ctx: &Ctx<'_>) -> Option<Option<String>> {
    match ctx.principal {
        Principal::Anonymous => Some(None),
        Principal::Signed { secret_id } => ctx
            .state
            .credentials
            .get(secret_id)
            .and_then(|c| c.user)
            .map(Some),
    }
}

/// The action a policy names for `op` (`GetObject` in `name/cos:GetObject`).
pub(crate) fn action(op: Operation) -> String {
    use Operation::*;
    let name = match op {
        GetService => "GetService",
        PutBucket => "PutBucket",
        HeadBucket => "HeadBucket",
        GetBucket => "GetBucket",
        DeleteBucket => "DeleteBucket",
        GetBucketAcl => "GetBucketACL",
        PutBucketAcl => "PutBucketACL",
        PutBucketCors => "PutBucketCORS",
        GetBucketCors => "GetBucketCORS",
        DeleteBucketCors => "DeleteBucketCORS",
        GetBucketLocation => "GetBucketLocation",
        PutBucketTagging => "PutBucketTagging",
        GetBucketTagging => "GetBucketTagging",
        DeleteBucketTagging => "DeleteBucketTagging",
        ListMultipartUploads => "ListMultipartUploads",
        ListObjectVersions => "GetBucketObjectVersions",
        DeleteMultipleObjects => "DeleteMultipleObjects",
        PutObject => "PutObject",
        // COS's policy action for copies (doc 10881).
        PutObjectCopy => "PutObjectCopy",
        HeadObject => "HeadObject",
        // COS asks for cos:GetObject to SELECT (doc 32360).
        GetObject | WebsiteGet | SelectObjectContent => "GetObject",
        DeleteObject => "DeleteObject",
        OptionsObject => "OptionsObject",
        GetObjectAcl => "GetObjectACL",
        PutObjectAcl => "PutObjectACL",
        PutObjectTagging => "PutObjectTagging",
        AppendObject => "AppendObject",
        PostObjectRestore => "PostObjectRestore",
        GetObjectTagging => "GetObjectTagging",
        DeleteObjectTagging => "DeleteObjectTagging",
        InitiateMultipartUpload => "InitiateMultipartUpload",
        UploadPart => "UploadPart",
        UploadPartCopy => "UploadPartCopy",
        CompleteMultipartUpload => "CompleteMultipartUpload",
        ListParts => "ListParts",
        AbortMultipartUpload => "AbortMultipartUpload",
        PutBucketPolicy => "PutBucketPolicy",
        GetBucketPolicy => "GetBucketPolicy",
        DeleteBucketPolicy => "DeleteBucketPolicy",
        ListBucketInventory => "ListBucketInventoryConfigurations",
        PutBucketConfig(sub) => return format!("putbucket{}", sub.action().to_lowercase()),
        GetBucketConfig(sub) => return format!("getbucket{}", sub.action().to_lowercase()),
        DeleteBucketConfig(sub) => return format!("deletebucket{}", sub.action().to_lowercase()),
    };
    name.to_ascii_lowercase()
}

/// Operations hotlink protection applies to: downloads.
fn referer_checked(op: Operation) -> bool {
    matches!(
        op,
        Operation::GetObject | Operation::HeadObject | Operation::WebsiteGet
    )
}

/// `403 AccessDenied` for a referer the bucket's hotlink protection refuses.
pub(crate) fn check_referer(ctx: &Ctx<'_>, bucket: &Bucket) -> Result<(), CosError> {
    let Some(doc) = bucket.configs.get(Sub::Referer) else {
        return Ok(());
    };
    let signed = matches!(ctx.principal, Principal::Signed { .. });
    if referer::allows(doc, ctx.header("referer"), signed) {
        Ok(())
    } else {
        Err(CosError::access_denied_msg(
            "Access Denied. The Referer is not allowed by the bucket's hotlink protection.",
        ))
    }
}

/// Checks that the caller may run `op`, before its handler runs.
pub(crate) fn authorize(op: Operation, ctx: &Ctx<'_>) -> Result<(), CosError> {
    let who = caller(ctx);
    // The owner's requests are only subject to hotlink protection.
    if op == Operation::OptionsObject || (who.is_none() && !referer_checked(op)) {
        return Ok(());
    }
    let bucket = match existing_bucket(ctx) {
        Ok(b) => b,
        // The owner learns that the bucket is missing from the handler.
        Err(_) if who.is_none() => return Ok(()),
        Err(_) => return Err(CosError::access_denied()),
    };
    if referer_checked(op) {
        check_referer(ctx, &bucket)?;
    }
    let Some(who) = who else {
        return Ok(());
    };
    if op == Operation::WebsiteGet {
        // Each key the website serves is checked by its handler.
        return Ok(());
    }
    if allowed(ctx, &bucket, who.as_deref(), op, object_key(ctx)) {
        Ok(())
    } else {
        Err(CosError::access_denied())
    }
}

/// Whether `who` (`None`: anonymous) may run `op` on `key` of `bucket`
/// (`""` for bucket operations): a deny in the policy refuses, an allow
/// grants, otherwise the ACLs decide.
pub(crate) fn allowed(
    ctx: &Ctx<'_>,
    bucket: &Bucket,
    who: Option<&str>,
    op: Operation,
    key: &str,
) -> bool {
    if let Some(p) = &bucket.configs.policy {
        let resource = policy::resource(&bucket.region, &ctx.state.appid, &bucket.name, key);
        match p.evaluate(who, &action(op), &resource) {
            Decision::Deny => return false,
            Decision::Allow => return true,
            Decision::NoOpinion => {}
        }
    }
    acl_allows(ctx, bucket, who, op, key)
}

/// What the ACLs grant a caller that is not the owner (spec §3.12): GET/HEAD
/// Object when the object's effective ACL (its own, or the bucket's when it
/// has none / `default`) grants READ (a missing key: when the bucket does);
/// GET/HEAD Bucket with READ on the bucket; PUT/DELETE Object with WRITE on
/// the bucket. Grants count for everyone (AllUsers) and, for a signed
/// caller, also to signed users (AuthenticatedUsers) and to its own id.
fn acl_allows(ctx: &Ctx<'_>, bucket: &Bucket, who: Option<&str>, op: Operation, key: &str) -> bool {
    use Operation::*;
    match op {
        GetBucket | HeadBucket | ListObjectVersions => bucket.acl.allows(who, Permission::Read),
        PutObject | DeleteObject | AppendObject => bucket.acl.allows(who, Permission::Write),
        GetObject | HeadObject | WebsiteGet | SelectObjectContent => {
            match ctx.state.store.head_object(&bucket.name, key) {
                Ok(meta) if !meta.acl.inherits() => meta.acl.allows(who, Permission::Read),
                _ => bucket.acl.allows(who, Permission::Read),
            }
        }
        _ => false,
    }
}
