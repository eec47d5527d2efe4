//! Where signatures come from: permanent keys, temporary credentials from
//! the `get_authorization` callback (cached and refreshed once for all
//! threads), or a ready signature the callback computed.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::CosError;
use crate::headers::Headers;

/// What a [`CosOptions::get_authorization`](crate::CosOptions::get_authorization)
/// callback is asked for: the request about to be signed (Node's
/// `getAuthorization` options).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AuthorizationRequest {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Method`, upper case.
    pub method: String,
    /// `Key` (empty for bucket and service requests).
    pub key: String,
    /// `Pathname`: the decoded path that is signed.
    pub pathname: String,
    /// `Query`: the parameters that are signed.
    pub query: Vec<(String, String)>,
    /// `Headers`, `host` included.
    pub headers: Headers,
}

/// Temporary keys from STS (Node's `{TmpSecretId, TmpSecretKey,
/// SecurityToken, StartTime, ExpiredTime}`).
#[derive(Clone, PartialEq, Eq)]
pub struct TemporaryCredentials {
    /// `TmpSecretId`.
    pub tmp_secret_id: String,
    /// `TmpSecretKey`; never printed.
    pub tmp_secret_key: String,
    /// `SecurityToken` (Node also accepts `XCosSecurityToken`); never printed.
    pub security_token: String,
    /// `StartTime`, Unix seconds; signatures start here (default: now).
    pub start_time: Option<u64>,
    /// `ExpiredTime`, Unix seconds: the keys are refreshed 30 s before.
    pub expired_time: u64,
}

impl fmt::Debug for TemporaryCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TemporaryCredentials")
            .field("tmp_secret_id", &self.tmp_secret_id)
            .field("tmp_secret_key", &"<redacted>")
            .field("security_token", &"<redacted>")
            .field("start_time", &self.start_time)
            .field("expired_time", &self.expired_time)
            .finish()
    }
}

/// What a `get_authorization` callback answers; Node accepts both shapes.
///
/// [`Temporary`](Authorization::Temporary) keys are shown on
/// [`CosOptions::get_authorization`](crate::CosOptions::get_authorization).
/// A signing server that never hands out keys answers
/// [`Signed`](Authorization::Signed) for each request instead:
///
/// ```
/// use std::sync::Arc;
/// use cos_sdk::{
///     Authorization, Cos, CosOptions, GetAuthorizationOptions, HeadBucketParams,
///     get_authorization,
/// };
///
/// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
/// # let (secret_id, secret_key) =
/// #     (doc.emulator.secret_id().to_string(), doc.emulator.secret_key().to_string());
/// // What the signing server does with its keys, for each request:
/// let sign = move |request: &cos_sdk::AuthorizationRequest| {
///     get_authorization(&GetAuthorizationOptions {
///         secret_id: secret_id.clone(),
///         secret_key: secret_key.clone(),
///         method: request.method.clone(),
///         pathname: Some(request.pathname.clone()),
///         query: request.query.clone(),
///         headers: request.headers.clone(),
///         ..Default::default()
///     })
///     .map_err(|err| err.to_string())
/// };
/// let cos = Cos::new(CosOptions {
///     get_authorization: Some(Arc::new(move |request| {
///         Ok(Authorization::Signed {
///             authorization: sign(request)?,
///             security_token: String::new(),
///         })
///     })),
/// #   protocol: "http:".into(),
/// #   ip: doc.emulator.endpoint(),
///     ..Default::default()
/// })?;
/// cos.head_bucket(
///     HeadBucketParams {
///         bucket: "examplebucket-1250000000".into(),
///         region: "ap-guangzhou".into(),
///         ..Default::default()
///     },
///     |r| r,
/// )?;
/// # Ok::<(), cos_sdk::CosError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub enum Authorization {
    /// Temporary keys: the SDK signs with them and caches them until 30 s
    /// before `expired_time`.
    Temporary(TemporaryCredentials),
    /// A ready `Authorization` value (and token) for this one request, e.g.
    /// from a signing server that never hands out keys.
    Signed {
        /// The `Authorization` header value.
        authorization: String,
        /// Sent as `x-cos-security-token` when not empty; never printed.
        security_token: String,
    },
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Authorization::Temporary(credentials) => credentials.fmt(f),
            Authorization::Signed { .. } => f.write_str("Authorization::Signed(<redacted>)"),
        }
    }
}

/// The callback type of [`CosOptions::get_authorization`](crate::CosOptions::get_authorization).
/// It may be called from any thread (transfers sign on worker threads), and
/// is never called twice at once: other requests wait for its answer.
pub type GetAuthorization =
    Arc<dyn Fn(&AuthorizationRequest) -> Result<Authorization, String> + Send + Sync>;

/// How one request is signed. Keys borrow the client's own (copying them
/// for every request showed in the small-object benchmark).
pub(crate) enum Signer<'a> {
    Anonymous,
    Keys {
        secret_id: Cow<'a, str>,
        secret_key: Cow<'a, str>,
        security_token: Cow<'a, str>,
        /// A fixed window (temporary keys sign for their lifetime, as Node).
        key_time: Option<String>,
    },
    Ready {
        authorization: String,
        security_token: String,
    },
}

/// Temporary credentials shared by every clone of a client.
#[derive(Default)]
pub(crate) struct CredentialCache {
    current: Mutex<Option<TemporaryCredentials>>,
    /// The callback answered `Authorization::Signed` last time: it signs
    /// every request itself and needs no lock around it.
    signs_each_request: AtomicBool,
}

/// Seconds before expiry at which cached keys are replaced (Node's 30).
const REFRESH_MARGIN_SECS: u64 = 30;

impl CredentialCache {
    fn lock(&self) -> MutexGuard<'_, Option<TemporaryCredentials>> {
        // A callback that panicked leaves nothing half-written here.
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Forgets the cached keys (after COS said the token expired).
    pub(crate) fn invalidate(&self) -> bool {
        self.lock().take().is_some()
    }

    /// The signer for a request: cached keys while valid, else the
    /// callback's answer. The lock is held while the callback runs, so
    /// parallel requests refresh temporary keys once; a callback that signs
    /// each request itself (`Authorization::Signed`) is called without the
    /// lock from then on, so parallel parts never queue behind one another.
    pub(crate) fn signer(
        &self,
        callback: &GetAuthorization,
        request: impl FnOnce() -> AuthorizationRequest,
        now_secs: u64,
    ) -> Result<Signer<'static>, CosError> {
        if !self.signs_each_request.load(Ordering::Relaxed) {
            let mut current = self.lock();
            if let Some(credentials) = current.as_ref() {
                let fresh = now_secs + REFRESH_MARGIN_SECS < credentials.expired_time
                    && credentials
                        .start_time
                        .is_none_or(|start| start <= now_secs + REFRESH_MARGIN_SECS);
                if fresh {
                    return Ok(keys_of(credentials, now_secs));
                }
            }
            // Unless another thread learned, while this one waited, that
            // the callback signs each request: then it needs no lock.
            if !self.signs_each_request.load(Ordering::Relaxed) {
                *current = None;
                let answer = ask(callback, request)?;
                return self.adopt(answer, now_secs, &mut Some(current));
            }
        }
        let answer = ask(callback, request)?;
        self.adopt(answer, now_secs, &mut None)
    }

    /// Checks the callback's answer and turns it into a signer; temporary
    /// keys are cached (taking the lock if `guard` holds none).
    fn adopt<'a>(
        &'a self,
        answer: Authorization,
        now_secs: u64,
        guard: &mut Option<MutexGuard<'a, Option<TemporaryCredentials>>>,
    ) -> Result<Signer<'static>, CosError> {
        match answer {
            Authorization::Signed {
                authorization,
                security_token,
            } => {
                if !authorization.contains("q-sign-algorithm=")
                    || !authorization.contains("q-signature=")
                {
                    return Err(CosError::invalid_parameter(
                        "getAuthorization",
                        "getAuthorization callback params format error: not a COS Authorization string",
                    ));
                }
                self.signs_each_request.store(true, Ordering::Relaxed);
                Ok(Signer::Ready {
                    authorization,
                    security_token,
                })
            }
            Authorization::Temporary(credentials) => {
                for (value, name) in [
                    (&credentials.tmp_secret_id, "TmpSecretId"),
                    (&credentials.tmp_secret_key, "TmpSecretKey"),
                    (&credentials.security_token, "SecurityToken"),
                ] {
                    if value.is_empty() {
                        return Err(CosError::invalid_parameter(
                            "getAuthorization",
                            format!("getAuthorization callback params missing \"{name}\""),
                        ));
                    }
                }
                if credentials.expired_time <= now_secs {
                    return Err(CosError::credentials(format!(
                        "the get_authorization callback returned keys that expired at {} (now {now_secs})",
                        credentials.expired_time
                    )));
                }
                self.signs_each_request.store(false, Ordering::Relaxed);
                let signer = keys_of(&credentials, now_secs);
                let current = guard.get_or_insert_with(|| self.lock());
                **current = Some(credentials);
                Ok(signer)
            }
        }
    }
}

/// Calls the user's callback, turning its failure into a credentials error.
fn ask(
    callback: &GetAuthorization,
    request: impl FnOnce() -> AuthorizationRequest,
) -> Result<Authorization, CosError> {
    callback(&request()).map_err(|message| {
        CosError::credentials(format!("the get_authorization callback failed: {message}"))
    })
}

fn keys_of(credentials: &TemporaryCredentials, now_secs: u64) -> Signer<'static> {
    let start = credentials.start_time.unwrap_or(now_secs.saturating_sub(1));
    Signer::Keys {
        secret_id: Cow::Owned(credentials.tmp_secret_id.clone()),
        secret_key: Cow::Owned(credentials.tmp_secret_key.clone()),
        security_token: Cow::Owned(credentials.security_token.clone()),
        key_time: Some(format!("{start};{}", credentials.expired_time)),
    }
}
