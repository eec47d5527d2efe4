//! `CosOptions`: Node's constructor options, same names and defaults.

use crate::types::Protocol;
use std::fmt;
use std::time::Duration;

use crate::credentials::GetAuthorization;
use crate::error::CosError;
use crate::headers::Headers;

const MIB: u64 = 1024 * 1024;

/// Options of [`Cos::new`](crate::Cos::new), named after the Node SDK's
/// constructor options (`ChunkSize` → `chunk_size`) with the same defaults.
///
/// Leave `secret_id` and `secret_key` empty to send anonymous requests (for
/// public-read buckets). `Debug` never shows `secret_key` or
/// `security_token`.
///
/// ```
/// use cos_sdk::{Cos, CosOptions};
/// let cos = Cos::new(CosOptions {
///     secret_id: "AKIDexample".into(),
///     secret_key: "example-secret".into(),
///     timeout: Some(std::time::Duration::from_secs(30)),
///     ..Default::default()
/// })
/// .unwrap();
/// # drop(cos);
/// ```
#[derive(Clone)]
pub struct CosOptions {
    /// `SecretId` of a permanent or temporary key.
    pub secret_id: String,
    /// `SecretKey`; never printed.
    pub secret_key: String,
    /// `SecurityToken` of temporary credentials, sent as
    /// `x-cos-security-token` (unsigned, as Node does); never printed.
    pub security_token: String,
    /// `getAuthorization`: a callback that provides temporary keys (cached
    /// until 30 s before they expire, refreshed once for all threads) or a
    /// ready signature for each request. Takes precedence over
    /// `secret_id`/`secret_key`. See also [Temporary credentials and
    /// signed URLs](crate#temporary-credentials-and-signed-urls).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use cos_sdk::{Authorization, Cos, CosOptions, GetBucketParams, TemporaryCredentials};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let sts = doc.emulator.clone();
    /// # // The application's credential server (here: the emulator's STS).
    /// # let fetch_keys_from_my_server = move || {
    /// #     Ok::<_, String>(sts.issue_temporary_credentials(std::time::Duration::from_secs(1800)))
    /// # };
    /// let cos = Cos::new(CosOptions {
    ///     get_authorization: Some(Arc::new(move |request| {
    ///         println!("keys needed for {} {}", request.method, request.pathname);
    ///         // Your server calls Tencent Cloud STS and returns its answer;
    ///         // an `Err(String)` fails the request with a `Credentials` error.
    ///         let keys = fetch_keys_from_my_server()?;
    ///         Ok(Authorization::Temporary(TemporaryCredentials {
    ///             tmp_secret_id: keys.tmp_secret_id,
    ///             tmp_secret_key: keys.tmp_secret_key,
    ///             security_token: keys.security_token,
    ///             start_time: Some(keys.start_time),
    ///             expired_time: keys.expired_time,
    ///         }))
    ///     })),
    /// #   protocol: "http:".into(),
    /// #   ip: doc.emulator.endpoint(),
    ///     ..Default::default()
    /// })?;
    /// let list = || {
    ///     let params = GetBucketParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     };
    ///     cos.get_bucket(params, |r| r)
    /// };
    /// list()?;
    /// list()?; // the cached keys sign this one
    /// # assert_eq!(doc.emulator.temporary_credentials_issued(), 1);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub get_authorization: Option<GetAuthorization>,
    /// `FileParallelLimit` (default 3): files transferred at once by the
    /// multi-file transfer operations.
    pub file_parallel_limit: usize,
    /// `ChunkParallelLimit` (default 3): parts uploaded at once by the
    /// multipart transfer operations.
    pub chunk_parallel_limit: usize,
    /// `ChunkRetryTimes` (default 2): extra attempts for a failed part.
    pub chunk_retry_times: u32,
    /// `ChunkSize` (default 1 MiB, at least 1 MiB): multipart part size.
    pub chunk_size: u64,
    /// `SliceSize` (default 1 MiB): above it, file uploads go multipart.
    pub slice_size: u64,
    /// `CopyChunkParallelLimit` (default 20): parts copied at once.
    pub copy_chunk_parallel_limit: usize,
    /// `CopyChunkSize` (default 10 MiB, at least 1 MiB): copy part size.
    pub copy_chunk_size: u64,
    /// `CopySliceSize` (default 10 MiB): above it, copies go multipart.
    pub copy_slice_size: u64,
    /// `MaxPartNumber` (default 10000, at most 10000): part-count ceiling
    /// before the part size grows. Node clamps it to 1024 or more; lower
    /// values are allowed here, to exercise part-size growth cheaply.
    pub max_part_number: u32,
    /// `ProgressInterval` (default 1 s): how often progress callbacks fire.
    pub progress_interval: Duration,
    /// `Protocol` (default https); Node's `"http:"` converts with `.into()`.
    pub protocol: Protocol,
    /// `Domain`: bucket host template, e.g. `{Bucket}.cos.{Region}.myqcloud.com`
    /// or `cdn.example.com`; `{Bucket}`, `{BucketName}`, `{AppId}`,
    /// `{Region}` and the double-brace forms are substituted as in Node.
    pub domain: String,
    /// `ServiceDomain`: host template for `get_service`.
    pub service_domain: String,
    /// `Ip`: connect to this `ip[:port]` but keep the real `Host` (and
    /// signature), e.g. to reach an emulator or a fixed COS address.
    pub ip: String,
    /// `Proxy`: HTTP proxy URL, e.g. `http://127.0.0.1:8080`.
    pub proxy: String,
    /// `Timeout`: limit for a whole request, `None` for no limit (Node's 0).
    pub timeout: Option<Duration>,
    /// Limit for opening a connection (default 10 s).
    pub connect_timeout: Option<Duration>,
    /// Limit for a connection to stay silent while a request or answer is
    /// on its way (default 60 s): a stalled server never hangs a call.
    pub read_timeout: Option<Duration>,
    /// Retries after a network failure, timeout, 5xx, SlowDown or damaged
    /// data (default 3, Node's count). Bodies from bytes, files and
    /// seekable readers are sent again from the start; 4xx answers are
    /// never retried.
    pub max_retries: u32,
    /// First retry delay (default 100 ms); doubles each retry, with jitter.
    pub retry_base_delay: Duration,
    /// Longest retry delay (default 5 s).
    pub retry_max_delay: Duration,
    /// Check `x-cos-hash-crc64ecma` against the data on uploads, completed
    /// multipart uploads and whole downloads (default true).
    pub verify_crc: bool,
    /// `CorrectClockSkew` (default true): when COS rejects a signature's
    /// time and its clock is 30 s or more from ours, adopt its clock and
    /// retry once.
    pub correct_clock_skew: bool,
    /// `KeepAlive` (default true): reuse connections.
    pub keep_alive: bool,
    /// `UserAgent`; empty means `cos-rust-sdk-v5/<version>`.
    pub user_agent: String,
    /// `SystemClockOffset` in milliseconds, added to the local clock when
    /// signing.
    pub system_clock_offset: i64,
    /// `ForceSignHost` (default true): sign the `Host` header.
    pub force_sign_host: bool,
    /// `UseRawKey` (default false): keep a leading `/` of keys.
    pub use_raw_key: bool,
    /// `UseAccelerate` (default false): use the global acceleration host.
    pub use_accelerate: bool,
    /// `ForcePathStyle` (default false): address buckets as
    /// `cos.<Region>.myqcloud.com/<Bucket>/<Key>` (or `Domain`), for
    /// S3-compatible servers. Node 3.0.0 refuses this option; it works here.
    pub force_path_style: bool,
    /// `ObjectKeySimplifyCheck` (default true): refuse `get_object` keys that
    /// normalise to `/` (`/./`, `a/../`), which would read the bucket instead.
    pub object_key_simplify_check: bool,
    /// `UploadCheckContentMd5` (default false): send `Content-MD5` with
    /// in-memory upload bodies.
    pub upload_check_content_md5: bool,
    /// `Headers`: extra headers for every request.
    pub headers: Headers,
    /// Where `slice_upload_file` keeps its resume checkpoints (Node's
    /// `ConfCwd`). By default a private directory of the user's own, never
    /// a shared one: `$XDG_CACHE_HOME/cos-sdk/checkpoints` (or
    /// `~/.cache/…`) on Linux, `~/Library/Caches/cos-sdk/checkpoints` on
    /// macOS, `%LOCALAPPDATA%\cos-sdk\checkpoints` on Windows; created with
    /// mode 0700, and refused if another user owns it.
    pub checkpoint_dir: Option<std::path::PathBuf>,
}

/// Largest `system_clock_offset` accepted: ten years, far beyond any real
/// skew and far from overflowing a signing time.
const MAX_CLOCK_OFFSET_MS: u64 = 10 * 366 * 24 * 3600 * 1000;

impl Default for CosOptions {
    fn default() -> Self {
        CosOptions {
            secret_id: String::new(),
            secret_key: String::new(),
            security_token: String::new(),
            get_authorization: None,
            file_parallel_limit: 3,
            chunk_parallel_limit: 3,
            chunk_retry_times: 2,
            chunk_size: MIB,
            slice_size: MIB,
            copy_chunk_parallel_limit: 20,
            copy_chunk_size: 10 * MIB,
            copy_slice_size: 10 * MIB,
            max_part_number: 10_000,
            progress_interval: Duration::from_millis(1000),
            protocol: Protocol::Https,
            domain: String::new(),
            service_domain: String::new(),
            ip: String::new(),
            proxy: String::new(),
            timeout: None,
            connect_timeout: Some(Duration::from_secs(10)),
            read_timeout: Some(Duration::from_secs(60)),
            max_retries: 3,
            retry_base_delay: Duration::from_millis(100),
            retry_max_delay: Duration::from_secs(5),
            verify_crc: true,
            correct_clock_skew: true,
            keep_alive: true,
            user_agent: String::new(),
            system_clock_offset: 0,
            force_sign_host: true,
            use_raw_key: false,
            use_accelerate: false,
            force_path_style: false,
            object_key_simplify_check: true,
            upload_check_content_md5: false,
            headers: Headers::new(),
            checkpoint_dir: None,
        }
    }
}

impl CosOptions {
    /// Rejects values Node would silently clamp or misuse, naming the option.
    pub(crate) fn validate(&self) -> Result<(), CosError> {
        let check = |ok: bool, name: &'static str, message: &str| {
            if ok {
                Ok(())
            } else {
                Err(CosError::invalid_parameter(name, message))
            }
        };
        check(
            self.secret_id.is_empty() == self.secret_key.is_empty(),
            if self.secret_id.is_empty() {
                "SecretId"
            } else {
                "SecretKey"
            },
            "SecretId and SecretKey must be given together (or both left empty for anonymous access)",
        )?;
        check(
            !self.secret_id.chars().any(char::is_whitespace),
            "SecretId",
            "SecretId contains whitespace; check for a stray space or newline",
        )?;
        check(
            !self.secret_key.chars().any(char::is_whitespace),
            "SecretKey",
            "SecretKey contains whitespace; check for a stray space or newline",
        )?;
        check(
            self.secret_id.bytes().all(|b| b.is_ascii_graphic()),
            "SecretId",
            "SecretId must be printable ASCII, as COS issues them",
        )?;
        check(
            self.system_clock_offset.unsigned_abs() <= MAX_CLOCK_OFFSET_MS,
            "SystemClockOffset",
            "SystemClockOffset must be within ±10 years (in milliseconds)",
        )?;
        crate::validate::header("UserAgent", "user-agent", &self.user_agent)?;
        crate::validate::header(
            "SecurityToken",
            "x-cos-security-token",
            &self.security_token,
        )?;
        crate::validate::headers("Headers", self.headers.iter())?;
        check(
            self.file_parallel_limit >= 1,
            "FileParallelLimit",
            "FileParallelLimit must be at least 1",
        )?;
        check(
            (1..=256).contains(&self.chunk_parallel_limit),
            "ChunkParallelLimit",
            "ChunkParallelLimit must be between 1 and 256",
        )?;
        check(
            self.copy_chunk_parallel_limit >= 1,
            "CopyChunkParallelLimit",
            "CopyChunkParallelLimit must be at least 1",
        )?;
        check(
            self.chunk_size >= MIB,
            "ChunkSize",
            "ChunkSize must be at least 1 MiB (1048576)",
        )?;
        check(
            self.copy_chunk_size >= MIB,
            "CopyChunkSize",
            "CopyChunkSize must be at least 1 MiB (1048576)",
        )?;
        check(
            (1..=10_000).contains(&self.max_part_number),
            "MaxPartNumber",
            "MaxPartNumber must be between 1 and 10000",
        )?;
        check(
            self.protocol.scheme().is_some(),
            "Protocol",
            "Protocol must be http or https (with or without the colon)",
        )?;
        check(
            !self.domain.chars().any(char::is_whitespace),
            "Domain",
            "Domain must not contain whitespace",
        )?;
        check(
            self.ip.is_empty() || !self.ip.contains('/'),
            "Ip",
            "Ip must be an address with an optional port, like 127.0.0.1:9000",
        )?;
        Ok(())
    }

    /// `http` or `https`.
    pub(crate) fn scheme(&self) -> &'static str {
        self.protocol.scheme().unwrap_or("https")
    }
}

/// A proxy URL without its `user:password@`.
fn redact_userinfo(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, _)), Some(at)) => format!("{scheme}://<redacted>@{}", &url[at + 1..]),
        (None, Some(at)) => format!("<redacted>@{}", &url[at + 1..]),
        _ => url.to_string(),
    }
}

impl fmt::Debug for CosOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |s: &str| if s.is_empty() { "" } else { "<redacted>" };
        f.debug_struct("CosOptions")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &redacted(&self.secret_key))
            .field("security_token", &redacted(&self.security_token))
            .field(
                "get_authorization",
                &self.get_authorization.as_ref().map(|_| "<callback>"),
            )
            .field("file_parallel_limit", &self.file_parallel_limit)
            .field("chunk_parallel_limit", &self.chunk_parallel_limit)
            .field("chunk_retry_times", &self.chunk_retry_times)
            .field("chunk_size", &self.chunk_size)
            .field("slice_size", &self.slice_size)
            .field("copy_chunk_parallel_limit", &self.copy_chunk_parallel_limit)
            .field("copy_chunk_size", &self.copy_chunk_size)
            .field("copy_slice_size", &self.copy_slice_size)
            .field("max_part_number", &self.max_part_number)
            .field("progress_interval", &self.progress_interval)
            .field("protocol", &self.protocol)
            .field("domain", &self.domain)
            .field("service_domain", &self.service_domain)
            .field("ip", &self.ip)
            .field("proxy", &redact_userinfo(&self.proxy))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("max_retries", &self.max_retries)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("retry_max_delay", &self.retry_max_delay)
            .field("verify_crc", &self.verify_crc)
            .field("correct_clock_skew", &self.correct_clock_skew)
            .field("keep_alive", &self.keep_alive)
            .field("user_agent", &self.user_agent)
            .field("system_clock_offset", &self.system_clock_offset)
            .field("force_sign_host", &self.force_sign_host)
            .field("use_raw_key", &self.use_raw_key)
            .field("use_accelerate", &self.use_accelerate)
            .field("force_path_style", &self.force_path_style)
            .field("object_key_simplify_check", &self.object_key_simplify_check)
            .field("upload_check_content_md5", &self.upload_check_content_md5)
            .field("headers", &self.headers)
            .field("checkpoint_dir", &self.checkpoint_dir)
            .finish()
    }
}
