//! Temporary credentials (spec §2.8), as an STS would issue them: a
//! TmpSecretId / TmpSecretKey pair plus a SecurityToken, valid until an
//! expiry time. Issued by [`crate::Emulator::issue_temporary_credentials`] or
//! `POST /sts?lifetime=SECS`; checked by `auth::verify` (the token must come
//! with every request signed by the temporary SecretId; past the expiry time
//! such requests fail with `400 ExpiredToken`).

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::auth::{Credential, CredentialStore, Principal};
use crate::errors::CosError;
use crate::http::Response;
use crate::timefmt::iso8601;

/// Default lifetime of credentials issued by `POST /sts` (as COS STS: 30 minutes).
const DEFAULT_HTTP_LIFETIME_SECS: u64 = 1800;
/// Longest lifetime `POST /sts` accepts (36 hours).
const MAX_HTTP_LIFETIME_SECS: u64 = 129_600;

/// Temporary credentials issued by the emulator (what an STS `GetFederationToken`
/// returns). Requests signed with `tmp_secret_id` / `tmp_secret_key` must carry
/// `security_token` in `x-cos-security-token` (header or presigned-URL query
/// parameter, signed or not).
///
/// `Debug` shows the SecretId and the times only.
#[derive(Clone, PartialEq, Eq)]
pub struct TemporaryCredentials {
    /// Temporary SecretId (`AKID` + 32 hex digits).
    pub tmp_secret_id: String,
    /// Temporary SecretKey (32 hex digits).
    pub tmp_secret_key: String,
    /// Session token to send as `x-cos-security-token`; URL-safe characters only
    /// (base64url without padding), so it survives an unencoded query string.
    pub security_token: String,
    /// Issue time, Unix seconds of the emulator's clock (offset included).
    pub start_time: u64,
    /// Expiry, Unix seconds of the emulator's clock: requests made when the
    /// server time is later fail with `400 ExpiredToken`.
    pub expired_time: u64,
}

impl fmt::Debug for TemporaryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TemporaryCredentials")
            .field("tmp_secret_id", &self.tmp_secret_id)
            .field("start_time", &self.start_time)
            .field("expired_time", &self.expired_time)
            .finish_non_exhaustive()
    }
}

/// Mints temporary credentials and counts them.
#[derive(Debug, Default)]
pub(crate) struct Issuer {
    issued: AtomicU64,
    seed: std::collections::hash_map::RandomState,
}

impl Issuer {
    /// `n` pseudo-random bytes (not cryptographic; unique per emulator run).
    fn random_bytes(&self, n: usize, salt: u64) -> Vec<u8> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let mut out = Vec::with_capacity(n + 8);
        let mut i = 0u64;
        while out.len() < n {
            let mut h = self.seed.build_hasher();
            h.write_u64(salt);
            h.write_u64(nanos);
            h.write_u64(i);
            out.extend_from_slice(&h.finish().to_le_bytes());
            i += 1;
        }
        out.truncate(n);
        out
    }

    /// Issues credentials valid from `now` for `lifetime` (whole seconds) and
    /// registers them in `store`.
    pub fn issue(
        &self,
        store: &CredentialStore,
        now: u64,
        lifetime: Duration,
    ) -> TemporaryCredentials {
        let serial = self.issued.fetch_add(1, Ordering::SeqCst);
        let salt = serial.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let id = format!("AKID{}", crate::auth::hex(&self.random_bytes(16, salt)));
        let key = crate::auth::hex(&self.random_bytes(16, salt ^ 1));
        let token = URL_SAFE_NO_PAD.encode(self.random_bytes(96, salt ^ 2));
        let expired_time = now.saturating_add(lifetime.as_secs());
        store.insert(
            &id,
            Credential {
                secret_key: key.clone(),
                session_token: Some(token.clone()),
                expires_at: Some(expired_time),
                user: None,
            },
        );
        TemporaryCredentials {
            tmp_secret_id: id,
            tmp_secret_key: key,
            security_token: token,
            start_time: now,
            expired_time,
        }
    }

    /// How many credentials were issued.
    pub fn issued(&self) -> u64 {
        self.issued.load(Ordering::SeqCst)
    }
}

/// Whether a request is for the STS endpoint: `POST /sts` on any host.
pub(crate) fn is_sts_request(method: &str, path: &str) -> bool {
    method.eq_ignore_ascii_case("POST") && path == "/sts"
}

/// `POST /sts?lifetime=SECS`: requires a signature by a permanent key
/// (anonymous or temporary-key requests → `403 AccessDenied`); `lifetime`
/// 1–129600, default 1800 (else `400 InvalidArgument`). Answers JSON
/// `{"Credentials":{"TmpSecretId","TmpSecretKey","Token"},"StartTime",
/// "ExpiredTime","Expiration","RequestId"}`.
pub(crate) fn handle_http(
    state: &crate::server::State,
    query: &[(String, String)],
    principal: &Principal,
    request_id: &str,
) -> Result<Response, CosError> {
    let Principal::Signed { secret_id } = principal else {
        return Err(CosError::access_denied());
    };
    let permanent = state
        .credentials
        .get(secret_id)
        .is_some_and(|c| c.session_token.is_none());
    if !permanent {
        return Err(CosError::access_denied_msg(
            "Temporary credentials can only be issued to a permanent key.",
        ));
    }
    let lifetime = match query
        .iter()
        .find(|(n, _)| n == "lifetime")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
    {
        None => DEFAULT_HTTP_LIFETIME_SECS,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=MAX_HTTP_LIFETIME_SECS).contains(n))
            .ok_or_else(|| {
                CosError::invalid_argument(format!(
                    "lifetime must be a whole number of seconds, 1 to {MAX_HTTP_LIFETIME_SECS}."
                ))
            })?,
    };
    let creds = state.issue_temporary_credentials(Duration::from_secs(lifetime));
    let expiration = iso8601(
        std::time::UNIX_EPOCH + Duration::from_secs(creds.expired_time),
        false,
    );
    // Every value is hex, base64url, digits or an ISO date: nothing to escape.
    let json = format!(
        "{{\"Credentials\":{{\"TmpSecretId\":\"{}\",\"TmpSecretKey\":\"{}\",\"Token\":\"{}\"}},\
         \"StartTime\":{},\"ExpiredTime\":{},\"Expiration\":\"{expiration}\",\"RequestId\":\"{request_id}\"}}",
        creds.tmp_secret_id,
        creds.tmp_secret_key,
        creds.security_token,
        creds.start_time,
        creds.expired_time,
    );
    let mut response = Response::new(200);
    response.push_header("Content-Type", "application/json");
    response.body = crate::http::Body::Bytes(json.into_bytes());
    Ok(response)
}
