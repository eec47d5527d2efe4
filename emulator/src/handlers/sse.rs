//! Server-side encryption as requests see it: SSE-COS (`AES256`, `SM4`),
//! SSE-KMS (`cos/kms` with a key id and an encryption context) and SSE-C
//! (a key the customer sends with every request). Nothing is encrypted: what
//! is modelled is what clients can observe — the headers an object reports
//! and, for SSE-C, that the same key must come back to read it.
//!
//! An SSE-C object keeps the algorithm and the key's MD5 among its stored
//! headers (never the key), which is also what GET and HEAD echo.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use crate::config::Sub;
use crate::config::encryption::{self, KMS_KEY_HEADER, SSE_HEADER};
use crate::errors::CosError;
use crate::server::Ctx;
use crate::store::Bucket;

/// The SSE-C algorithm header (request and answer).
pub(crate) const CUSTOMER_ALGORITHM: &str = "x-cos-server-side-encryption-customer-algorithm";
/// The SSE-C key header (request only; never stored or answered).
const CUSTOMER_KEY: &str = "x-cos-server-side-encryption-customer-key";
/// The SSE-C key digest header, as COS spells it in answers.
pub(crate) const CUSTOMER_KEY_MD5: &str = "x-cos-server-side-encryption-customer-key-MD5";
/// The SSE-KMS encryption context (base64 of a JSON object).
pub(crate) const KMS_CONTEXT: &str = "x-cos-server-side-encryption-context";
/// Prefix of the SSE-C headers that unlock a copy's source.
const COPY_SOURCE: &str = "x-cos-copy-source-";

/// Whether a stored header is one of the encryption headers (a copy with
/// `x-cos-metadata-directive: Copy` must not carry them over: encryption is
/// the destination's).
pub(crate) fn is_sse_header(name: &str) -> bool {
    [
        SSE_HEADER,
        KMS_KEY_HEADER,
        KMS_CONTEXT,
        CUSTOMER_ALGORITHM,
        CUSTOMER_KEY_MD5,
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

/// The encryption headers an object written by this request gets, stored and
/// echoed by the write's answer: SSE-C when its headers are sent; else
/// `x-cos-server-side-encryption` as sent (`AES256`, `SM4`, or `cos/kms` with
/// its key id and context); else the bucket's default encryption; else none.
/// Bad values → `400 InvalidArgument`.
pub(crate) fn write_headers(
    ctx: &Ctx<'_>,
    bucket: &Bucket,
) -> Result<Vec<(String, String)>, CosError> {
    let customer = customer_key(ctx, "")?;
    let requested = ctx.header(SSE_HEADER).map(str::trim);
    if let Some(md5) = customer {
        if requested.is_some() {
            return Err(CosError::invalid_argument(
                "Server-side encryption with a customer key cannot be combined with \
                 x-cos-server-side-encryption.",
            ));
        }
        return Ok(vec![
            (CUSTOMER_ALGORITHM.to_string(), "AES256".to_string()),
            (CUSTOMER_KEY_MD5.to_string(), md5),
        ]);
    }
    let Some(value) = requested else {
        return Ok(bucket
            .configs
            .get(Sub::Encryption)
            .map(encryption::object_headers)
            .unwrap_or_default());
    };
    let mut out = vec![(SSE_HEADER.to_string(), value.to_string())];
    match value {
        "AES256" | "SM4" => {}
        "cos/kms" => {
            if let Some(key) = ctx.header(KMS_KEY_HEADER) {
                out.push((KMS_KEY_HEADER.to_string(), key.to_string()));
            }
            if let Some(context) = ctx.header(KMS_CONTEXT) {
                check_context(context)?;
                out.push((KMS_CONTEXT.to_string(), context.to_string()));
            }
        }
        _ => {
            return Err(CosError::invalid_argument(format!(
                "The encryption method {value} is not supported; one of AES256, SM4, cos/kms."
            )));
        }
    }
    Ok(out)
}

/// An encryption context must be base64 of a JSON object.
fn check_context(context: &str) -> Result<(), CosError> {
    let ok = BASE64
        .decode(context.trim())
        .ok()
        .and_then(|raw| serde_json::from_slice::<serde_json::Value>(&raw).ok())
        .is_some_and(|v| v.is_object());
    if ok {
        Ok(())
    } else {
        Err(CosError::invalid_argument(
            "x-cos-server-side-encryption-context must be the base64 of a JSON object.",
        ))
    }
}

/// The SSE-C headers of a request (names prefixed by `prefix`): `None` when
/// none of the three is sent, else the key's MD5 (base64) once checked — all
/// three present, algorithm `AES256`, the key base64 of 32 bytes, its MD5 the
/// one given. Anything else → `400 InvalidArgument` (S3's messages: COS
/// documents no others).
fn customer_key(ctx: &Ctx<'_>, prefix: &str) -> Result<Option<String>, CosError> {
    let get = |name: &str| ctx.header(&format!("{prefix}{name}")).map(str::trim);
    let (algorithm, key, md5) = (
        get(CUSTOMER_ALGORITHM),
        get(CUSTOMER_KEY),
        get(CUSTOMER_KEY_MD5),
    );
    if algorithm.is_none() && key.is_none() && md5.is_none() {
        return Ok(None);
    }
    let (Some(algorithm), Some(key), Some(md5)) = (algorithm, key, md5) else {
        return Err(CosError::invalid_argument(format!(
            "Requests specifying server-side encryption with customer provided keys must provide \
             {prefix}{CUSTOMER_ALGORITHM}, {prefix}{CUSTOMER_KEY} and {prefix}{CUSTOMER_KEY_MD5}."
        )));
    };
    if algorithm != "AES256" {
        return Err(CosError::invalid_argument(
            "The encryption algorithm specified is not valid; it must be AES256.",
        ));
    }
    let raw = BASE64
        .decode(key)
        .ok()
        .filter(|k| k.len() == 32)
        .ok_or_else(|| {
            CosError::invalid_argument(
                "The secret key was invalid for the specified algorithm: it must be the base64 \
                 of 32 bytes.",
            )
        })?;
    let actual = BASE64.encode(Md5::digest(&raw));
    if actual != md5 {
        return Err(CosError::invalid_argument(
            "The calculated MD5 hash of the key did not match the hash that was provided.",
        ));
    }
    Ok(Some(actual))
}

/// The stored key MD5 of an SSE-C object (`None` for any other object).
fn stored_key_md5(stored: &[(String, String)]) -> Option<&str> {
    stored
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(CUSTOMER_KEY_MD5))
        .map(|(_, v)| v.as_str())
}

/// Checks that a read of an object stored with `stored` headers (GET, HEAD,
/// SELECT) carries the key it needs: an SSE-C object without the SSE-C
/// headers → `400 SsecDecryptHeaderInvalid`, with another key → `403
/// AccessDenied`; SSE-C headers on an object that is not SSE-C → `400
/// SSEHeaderNotAllowed` (codes of COS's table; README "Server-side
/// encryption" says why these).
pub(crate) fn check_read(ctx: &Ctx<'_>, stored: &[(String, String)]) -> Result<(), CosError> {
    check_key(stored_key_md5(stored), customer_key(ctx, "")?, "")
}

/// [`check_read`] for the source of a copy, whose key comes in the
/// `x-cos-copy-source-server-side-encryption-customer-*` headers.
pub(crate) fn check_copy_source(
    ctx: &Ctx<'_>,
    stored: &[(String, String)],
) -> Result<(), CosError> {
    check_key(
        stored_key_md5(stored),
        customer_key(ctx, COPY_SOURCE)?,
        COPY_SOURCE,
    )
}

/// Checks an Upload Part of an upload initiated with `stored` headers: an
/// SSE-C upload's parts carry the same key (`400 InvalidRequest` otherwise,
/// as S3 answers), the others none (`400 SSEHeaderNotAllowed`). Returns the
/// encryption headers the part's answer echoes.
pub(crate) fn check_part(
    ctx: &Ctx<'_>,
    stored: &[(String, String)],
) -> Result<Vec<(String, String)>, CosError> {
    let given = customer_key(ctx, "")?;
    match (stored_key_md5(stored), given) {
        (Some(_), None) => {
            return Err(CosError::invalid_request(
                "The multipart upload initiate requested encryption with a customer key: every \
                 part must carry the same SSE-C headers.",
            ));
        }
        (Some(expected), Some(given)) if expected != given => {
            return Err(CosError::invalid_request(
                "The provided encryption parameters did not match the ones used originally.",
            ));
        }
        (None, Some(_)) => return Err(not_allowed("")),
        _ => {}
    }
    Ok(stored
        .iter()
        .filter(|(n, _)| is_sse_header(n))
        .cloned()
        .collect())
}

fn check_key(stored: Option<&str>, given: Option<String>, prefix: &str) -> Result<(), CosError> {
    match (stored, given) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(CosError::new(
            400,
            "SsecDecryptHeaderInvalid",
            format!(
                "The object was stored with server-side encryption with a customer key: the \
                 request must carry the same key in the {prefix}{CUSTOMER_ALGORITHM}, \
                 {prefix}{CUSTOMER_KEY} and {prefix}{CUSTOMER_KEY_MD5} headers."
            ),
        )),
        (Some(expected), Some(given)) if expected != given => Err(CosError::access_denied_msg(
            "The SSE-C key given is not the key the object was stored with.",
        )),
        (Some(_), Some(_)) => Ok(()),
        (None, Some(_)) => Err(not_allowed(prefix)),
    }
}

fn not_allowed(prefix: &str) -> CosError {
    CosError::new(
        400,
        "SSEHeaderNotAllowed",
        format!(
            "The object is not encrypted with a customer key: the {prefix}{CUSTOMER_ALGORITHM} \
             headers do not apply to it."
        ),
    )
}
