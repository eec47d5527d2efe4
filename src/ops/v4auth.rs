//! Node's `getV4Auth`: the signature of COS's legacy JSON API (v4), still
//! used by some older tools and CDN token schemes.

use base64::Engine;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;

use crate::client::Cos;
use crate::error::CosError;

/// What JavaScript's `encodeURIComponent` leaves as it is.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Params of [`Cos::get_v4_auth`] (Node's `getV4Auth`).
#[derive(Debug, Clone, Default)]
pub struct GetV4AuthParams {
    /// `Bucket`: `name-appid`.
    pub bucket: String,
    /// `Key`: the object the signature is for (leading `/` ignored).
    pub key: String,
    /// `Expires`: seconds the signature stays valid (default 900).
    pub expires: Option<u64>,
}

/// The v4 signature at `now` (Unix seconds) with the nonce `random`: a
/// pure function, for tests; [`Cos::get_v4_auth`] passes the clock and a
/// random nonce.
pub fn get_v4_auth_at(
    secret_id: &str,
    secret_key: &str,
    params: &GetV4AuthParams,
    now: u64,
    random: u32,
) -> Result<String, CosError> {
    if secret_id.is_empty() || secret_key.is_empty() {
        return Err(CosError::invalid_parameter(
            "SecretId",
            "getV4Auth needs SecretId and SecretKey",
        ));
    }
    let (short_bucket, app_id) = params.bucket.rsplit_once('-').ok_or_else(|| {
        CosError::invalid_parameter(
            "Bucket",
            format!(
                "Bucket should be formatted as name-appid, got {:?}",
                params.bucket
            ),
        )
    })?;
    let expires = now + params.expires.unwrap_or(900);
    let key = utf8_percent_encode(params.key.trim_start_matches('/'), URI_COMPONENT)
        .to_string()
        .replace("%2F", "/");
    let plain = format!(
        "a={app_id}&b={short_bucket}&k={secret_id}&t={now}&e={expires}&r={random}&f=/{app_id}/{short_bucket}/{key}"
    );
    let mut mac = Hmac::<Sha1>::new_from_slice(secret_key.as_bytes())
        .map_err(|_| CosError::invalid_parameter("SecretKey", "unusable SecretKey"))?;
    mac.update(plain.as_bytes());
    let mut signed = mac.finalize().into_bytes().to_vec();
    signed.extend_from_slice(plain.as_bytes());
    Ok(base64::engine::general_purpose::STANDARD.encode(signed))
}

impl Cos {
    /// Signs for COS's legacy v4 API with this client's keys (Node's
    /// `getV4Auth`).
    ///
    /// ```
    /// use cos_sdk::GetV4AuthParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let sign = cos.get_v4_auth(GetV4AuthParams {
    ///     bucket: "examplebucket-1250000000".into(),
    ///     key: "dir/a.txt".into(),
    ///     ..Default::default()
    /// })?;
    /// assert!(!sign.is_empty());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_v4_auth(&self, params: GetV4AuthParams) -> Result<String, CosError> {
        use std::hash::{BuildHasher, Hasher};
        let now_ms =
            crate::auth::unix_millis(std::time::SystemTime::now()) + self.clock_offset_ms();
        // A fresh nonce per call: the hasher's random keys are seeded by
        // the operating system.
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish() as u32;
        let options = self.options();
        get_v4_auth_at(
            &options.secret_id,
            &options.secret_key,
            &params,
            u64::try_from(now_ms / 1000).unwrap_or(0),
            random,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_plain_text_nodes_way() {
        let params = GetV4AuthParams {
            bucket: "examplebucket-1250000000".into(),
            key: "/中文/a b+c.txt".into(),
            expires: Some(60),
        };
        let sign = get_v4_auth_at("AKIDtest", "secret", &params, 1_700_000_000, 42).unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(sign)
            .unwrap();
        let (mac, plain) = bytes.split_at(20);
        let plain = std::str::from_utf8(plain).unwrap();
        assert_eq!(
            plain,
            "a=1250000000&b=examplebucket&k=AKIDtest&t=1700000000&e=1700000060&r=42\
             &f=/1250000000/examplebucket/%E4%B8%AD%E6%96%87/a%20b%2Bc.txt"
        );
        let mut expected = Hmac::<Sha1>::new_from_slice(b"secret").unwrap();
        expected.update(plain.as_bytes());
        assert_eq!(mac, &expected.finalize().into_bytes()[..]);
        assert!(get_v4_auth_at("", "k", &params, 0, 0).is_err());
        let bad = GetV4AuthParams {
            bucket: "nobucketappid".into(),
            ..Default::default()
        };
        assert_eq!(
            get_v4_auth_at("id", "k", &bad, 0, 0)
                .unwrap_err()
                .parameter(),
            Some("Bucket")
        );
    }
}
