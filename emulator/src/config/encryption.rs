//! Default server-side encryption (`PUT/GET/DELETE /?encryption`) and what
//! it makes objects report.

use super::tree::{Elem, one_of};
use crate::errors::CosError;

/// The response header naming an object's encryption.
pub(crate) const SSE_HEADER: &str = "x-cos-server-side-encryption";
/// The response header naming the KMS key of a `cos/kms` object.
pub(crate) const KMS_KEY_HEADER: &str = "x-cos-server-side-encryption-cos-kms-key-id";

/// Checks a `ServerSideEncryptionConfiguration`: exactly one `Rule` with
/// `ApplyServerSideEncryptionByDefault/SSEAlgorithm` `AES256`, `SM4` or
/// `KMS`; `KMSMasterKeyID` only with `KMS`.
pub(crate) fn validate(doc: &mut Elem) -> Result<(), CosError> {
    let rules: Vec<&Elem> = doc.all("Rule").collect();
    if rules.len() != 1 {
        return Err(CosError::malformed_xml());
    }
    let apply = rules[0].required_child("ApplyServerSideEncryptionByDefault")?;
    let algorithm = apply.required("SSEAlgorithm")?;
    one_of("SSEAlgorithm", algorithm, &["AES256", "SM4", "KMS"])?;
    if algorithm != "KMS" && apply.child("KMSMasterKeyID").is_some() {
        return Err(CosError::invalid_argument(
            "KMSMasterKeyID is only allowed with SSEAlgorithm KMS.",
        ));
    }
    Ok(())
}

/// The headers an object written under `doc` reports: `AES256` / `SM4`, or
/// `cos/kms` with the key id when one is configured.
pub(crate) fn object_headers(doc: &Elem) -> Vec<(String, String)> {
    let Some(apply) = doc
        .child("Rule")
        .and_then(|r| r.child("ApplyServerSideEncryptionByDefault"))
    else {
        return Vec::new();
    };
    match apply.text_of("SSEAlgorithm") {
        Some("KMS") => {
            let mut h = vec![(SSE_HEADER.to_string(), "cos/kms".to_string())];
            if let Some(key) = apply.text_of("KMSMasterKeyID").filter(|k| !k.is_empty()) {
                h.push((KMS_KEY_HEADER.to_string(), key.to_string()));
            }
            h
        }
        Some(alg) => vec![(SSE_HEADER.to_string(), alg.to_string())],
        None => Vec::new(),
    }
}
