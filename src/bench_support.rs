//! Thin wrappers that let `benches/` time crate-internal code paths exactly
//! as the SDK runs them. Hidden from the docs and not part of the API: they
//! may change or go away in any release. Each one only forwards to the
//! function named in its doc; none adds work of its own beyond what is said.

use crate::error::CosError;
use crate::headers::Headers;

/// What [`sign`] computed: the `Authorization` value and the intermediate
/// strings of COS doc 7778 (so a bench can size its baseline on them).
pub struct Signed {
    /// The `Authorization` header value.
    pub authorization: String,
    /// `HttpString`, the SHA-1 input.
    pub http_string: String,
    /// `StringToSign`, the second HMAC's message.
    pub string_to_sign: String,
    /// `SignKey`, the second HMAC's key (hex of the first HMAC).
    pub sign_key: String,
}

/// `auth::sign`: the signature every request computes in
/// `execute::sign_prepared` (no header copy, no clock read).
pub fn sign(
    secret_id: &str,
    secret_key: &str,
    key_time: &str,
    method: &str,
    pathname: &str,
    query: &[(String, String)],
    headers: &Headers,
) -> Signed {
    let signature = crate::auth::sign(&crate::auth::SignInput {
        secret_id,
        secret_key,
        key_time,
        method,
        pathname,
        query,
        headers,
        extra_header: None,
        skip_host: false,
    });
    Signed {
        authorization: signature.authorization,
        http_string: signature.http_string,
        string_to_sign: signature.string_to_sign,
        sign_key: String::from_utf8_lossy(&signature.sign_key).into_owned(),
    }
}

/// `ops::bucket::parse_list_bucket` (the `get_bucket` parser); returns the
/// number of `<Contents>` entries.
pub fn parse_list_bucket(text: &str) -> Result<usize, CosError> {
    crate::ops::bucket::parse_list_bucket(text).map(|data| data.contents.len())
}

/// `ops::multipart::parse_list_parts` (the `multipart_list_part` parser);
/// returns the number of `<Part>` entries.
pub fn parse_list_parts(text: &str) -> Result<usize, CosError> {
    let mut data = crate::MultipartListPartData::default();
    crate::ops::multipart::parse_list_parts(text, &mut data)?;
    Ok(data.part.len())
}

/// `crc64::checksum`: the CRC-64 of a whole part, as `slice_upload_file`
/// computes it for each part it reads.
pub fn crc64(bytes: &[u8]) -> u64 {
    crate::crc64::checksum(bytes)
}

/// `crc64::Crc64` fed `chunk` bytes at a time, as downloads and streamed
/// uploads compute it (64 KiB reads in `get_object`).
pub fn crc64_streamed(bytes: &[u8], chunk: usize) -> u64 {
    let mut crc = crate::crc64::Crc64::new();
    for piece in bytes.chunks(chunk.max(1)) {
        crc.update(piece);
    }
    crc.finish()
}

/// `crc64::combine`: the CRC-64 of `A ++ B` from those of `A` and `B`, as
/// `slice_upload_file` builds the whole object's CRC from its parts.
pub fn crc64_combine(crc_a: u64, crc_b: u64, len_b: u64) -> u64 {
    crate::crc64::combine(crc_a, crc_b, len_b)
}

/// Hex MD5 of a whole part, as `slice_upload_file` computes it
/// (`Md5::digest` of the part buffer, then hex for the ETag check).
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    crate::encode::hex(&Md5::digest(bytes))
}

/// `execute::content_md5`: base64 MD5, the `Content-MD5` of XML bodies.
pub fn content_md5(bytes: &[u8]) -> String {
    crate::execute::content_md5(bytes)
}
