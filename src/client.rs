//! `Cos`: the client handle every operation hangs off.

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use crate::credentials::{AuthorizationRequest, CredentialCache, Signer};
use crate::error::CosError;
use crate::options::CosOptions;
use crate::transport::{Transport, TransportConfig};

/// A COS client: options plus one connection pool.
///
/// Cheap to clone (an `Arc` inside) and `Send + Sync`, so one client can
/// serve every thread of a program. Every operation is a method taking its
/// params and a callback that runs exactly once, on the calling thread,
/// before the method returns; the callback's value is returned, so `|r| r`
/// gives a plain `Result`.
///
/// ```
/// use cos_sdk::{Body, Cos, CosOptions, PutObjectParams};
///
/// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
/// # let (secret_id, secret_key) = (doc.emulator.secret_id(), doc.emulator.secret_key());
/// let cos = Cos::new(CosOptions {
///     secret_id: secret_id.into(), // e.g. std::env::var("COS_SECRET_ID")
///     secret_key: secret_key.into(),
/// #   protocol: "http:".into(),
/// #   ip: doc.emulator.endpoint(),
///     ..Default::default()
/// })?;
///
/// // One client for every thread: clones share the connection pool.
/// let worker = {
///     let cos = cos.clone();
///     std::thread::spawn(move || {
///         cos.put_object(
///             PutObjectParams {
///                 bucket: "examplebucket-1250000000".into(),
///                 region: "ap-guangzhou".into(),
///                 key: "hello.txt".into(),
///                 body: Body::from("hello"),
///                 ..Default::default()
///             },
///             |result| match result {
///                 Ok(data) => println!("stored, etag {}", data.etag),
///                 Err(err) => eprintln!("upload failed: {err}"),
///             },
///         )
///     })
/// };
/// worker.join().unwrap();
/// # Ok::<(), cos_sdk::CosError>(())
/// ```
#[derive(Clone)]
pub struct Cos {
    inner: Arc<Inner>,
}

struct Inner {
    options: CosOptions,
    transport: Transport,
    clock_offset_ms: AtomicI64,
    /// Threads for the parts of multi-part transfers, built on first use.
    pool: OnceLock<rayon::ThreadPool>,
    /// Threads for CPU-bound hashing, apart so transfers never starve it.
    hash_pool: OnceLock<rayon::ThreadPool>,
    /// Temporary keys from `get_authorization`, shared by every clone.
    credentials: CredentialCache,
    /// Queued transfers (`add_task`), shared by every clone.
    tasks: crate::transfer::tasks::TaskQueue,
}

impl Cos {
    /// Checks the options and builds the connection pool (Node's `new
    /// COS({...})`). Invalid options give an error of kind
    /// [`InvalidParameter`](crate::ErrorKind::InvalidParameter) naming the
    /// option; nothing is sent until the first operation.
    ///
    /// ```
    /// use cos_sdk::{Cos, CosOptions, ErrorKind};
    ///
    /// let cos = Cos::new(CosOptions {
    ///     secret_id: "AKIDexample".into(),
    ///     secret_key: "example-secret".into(),
    ///     chunk_parallel_limit: 8,
    ///     ..Default::default()
    /// })?;
    /// assert_eq!(cos.options().chunk_size, 1024 * 1024); // Node's default
    ///
    /// let err = Cos::new(CosOptions { chunk_size: 1000, ..Default::default() }).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    /// assert_eq!(err.parameter(), Some("ChunkSize"));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn new(options: CosOptions) -> Result<Cos, CosError> {
        options.validate()?;
        let user_agent = if options.user_agent.is_empty() {
            concat!("cos-rust-sdk-v5/", env!("CARGO_PKG_VERSION")).to_string()
        } else {
            options.user_agent.clone()
        };
        let transport = Transport::new(&TransportConfig {
            timeout: options.timeout,
            connect_timeout: options.connect_timeout,
            read_timeout: options.read_timeout,
            keep_alive: options.keep_alive,
            proxy: &options.proxy,
            user_agent: &user_agent,
            idle_per_host: options
                .chunk_parallel_limit
                .max(options.copy_chunk_parallel_limit)
                .max(options.file_parallel_limit)
                .max(8),
        })?;
        Ok(Cos {
            inner: Arc::new(Inner {
                clock_offset_ms: AtomicI64::new(options.system_clock_offset),
                options,
                transport,
                pool: OnceLock::new(),
                hash_pool: OnceLock::new(),
                credentials: CredentialCache::default(),
                tasks: Default::default(),
            }),
        })
    }

    /// The options the client was built with.
    pub fn options(&self) -> &CosOptions {
        &self.inner.options
    }

    /// The offset (ms) currently added to the local clock when signing.
    pub(crate) fn clock_offset_ms(&self) -> i64 {
        self.inner.clock_offset_ms.load(Ordering::Relaxed)
    }

    pub(crate) fn credential_cache(&self) -> &CredentialCache {
        &self.inner.credentials
    }

    pub(crate) fn task_queue(&self) -> &crate::transfer::tasks::TaskQueue {
        &self.inner.tasks
    }

    /// How to sign a request: the `get_authorization` callback's keys
    /// (cached) or signature, else the configured keys, else nothing.
    /// `describe` is only called when the callback has to be asked.
    pub(crate) fn signer(
        &self,
        describe: impl FnOnce() -> AuthorizationRequest,
    ) -> Result<Signer<'_>, CosError> {
        let options = &self.inner.options;
        if let Some(callback) = &options.get_authorization {
            let now_ms =
                crate::auth::unix_millis(std::time::SystemTime::now()) + self.clock_offset_ms();
            let now_secs = u64::try_from(now_ms / 1000).unwrap_or(0);
            return self.inner.credentials.signer(callback, describe, now_secs);
        }
        if options.secret_id.is_empty() {
            return Ok(Signer::Anonymous);
        }
        Ok(Signer::Keys {
            secret_id: Cow::Borrowed(&options.secret_id),
            secret_key: Cow::Borrowed(&options.secret_key),
            security_token: Cow::Borrowed(&options.security_token),
            key_time: None,
        })
    }

    /// Adopts a corrected clock offset for every later signature.
    pub(crate) fn set_clock_offset_ms(&self, offset: i64) {
        self.inner.clock_offset_ms.store(offset, Ordering::Relaxed);
    }

    /// A tracker reporting at the configured `progress_interval`.
    pub(crate) fn progress_tracker(
        &self,
        callback: crate::OnProgress,
    ) -> crate::progress::ProgressTracker {
        crate::progress::ProgressTracker::new(callback, self.inner.options.progress_interval)
    }

    /// Threads of the shared transfer pool: the default part and copy
    /// parallelism. Parts of concurrent transfers queue for them one part
    /// at a time (see `transfer/engine.rs`).
    fn pool_size(&self) -> usize {
        let options = &self.inner.options;
        options
            .chunk_parallel_limit
            .max(options.copy_chunk_parallel_limit)
    }

    /// Threads worth using for CPU-bound hashing.
    fn hash_parallelism(&self) -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }

    /// Runs `f` on the client's transfer pool, or on a pool of its own when
    /// a call asks for more parts in flight than the shared pool has
    /// threads.
    pub(crate) fn with_pool<R>(
        &self,
        workers: usize,
        f: impl FnOnce(&rayon::ThreadPool) -> R,
    ) -> Result<R, CosError> {
        if workers > self.pool_size() {
            return Ok(f(&build_pool(workers, "cos-sdk-part")?));
        }
        Ok(f(shared_pool(
            &self.inner.pool,
            self.pool_size(),
            "cos-sdk-part",
        )?))
    }

    /// Runs `f` on the client's hashing pool, with its thread count.
    pub(crate) fn with_hash_pool<R>(
        &self,
        f: impl FnOnce(&rayon::ThreadPool, usize) -> R,
    ) -> Result<R, CosError> {
        let threads = self.hash_parallelism();
        Ok(f(
            shared_pool(&self.inner.hash_pool, threads, "cos-sdk-hash")?,
            threads,
        ))
    }

    /// Where resumable uploads keep their checkpoints: the `checkpoint_dir`
    /// option, else a private directory of the user's own (never a shared
    /// one another user could pre-create or plant links in).
    pub(crate) fn checkpoint_dir(&self) -> Result<std::path::PathBuf, CosError> {
        let failed = |dir: &std::path::Path, e| {
            CosError::io(
                format!(
                    "cannot use {} for checkpoints (set the CheckpointDir option to choose another)",
                    dir.display()
                ),
                e,
            )
        };
        if let Some(dir) = &self.inner.options.checkpoint_dir {
            std::fs::create_dir_all(dir).map_err(|e| failed(dir, e))?;
            return Ok(dir.clone());
        }
        let dir = crate::local_fs::default_checkpoint_dir();
        crate::local_fs::ensure_private_dir(&dir).map_err(|e| failed(&dir, e))?;
        Ok(dir)
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }
}

impl fmt::Debug for Cos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cos")
            .field("options", &self.inner.options)
            .finish()
    }
}

/// The pool in `cell`, built with `threads` threads on first use.
fn shared_pool<'a>(
    cell: &'a OnceLock<rayon::ThreadPool>,
    threads: usize,
    name: &'static str,
) -> Result<&'a rayon::ThreadPool, CosError> {
    if let Some(pool) = cell.get() {
        return Ok(pool);
    }
    let pool = build_pool(threads, name)?;
    // Another thread may have won the race: either pool will do.
    Ok(cell.get_or_init(|| pool))
}

fn build_pool(threads: usize, name: &'static str) -> Result<rayon::ThreadPool, CosError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{name}-{i}"))
        .build()
        .map_err(|e| {
            CosError::io(
                "cannot start worker threads",
                std::io::Error::other(e.to_string()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_options_name_the_option() {
        let cases: Vec<(CosOptions, &str)> = vec![
            (
                CosOptions {
                    chunk_size: 1024,
                    ..Default::default()
                },
                "ChunkSize",
            ),
            (
                CosOptions {
                    protocol: "ftp".into(),
                    ..Default::default()
                },
                "Protocol",
            ),
            (
                CosOptions {
                    secret_id: "AKID".into(),
                    ..Default::default()
                },
                "SecretKey",
            ),
            (
                CosOptions {
                    secret_id: "AKID ".into(),
                    secret_key: "k".into(),
                    ..Default::default()
                },
                "SecretId",
            ),
            (
                CosOptions {
                    chunk_parallel_limit: 0,
                    ..Default::default()
                },
                "ChunkParallelLimit",
            ),
            (
                CosOptions {
                    max_part_number: 0,
                    ..Default::default()
                },
                "MaxPartNumber",
            ),
            (
                CosOptions {
                    proxy: "::not a url::".into(),
                    ..Default::default()
                },
                "Proxy",
            ),
        ];
        for (options, name) in cases {
            let err = Cos::new(options).unwrap_err();
            assert_eq!(err.parameter(), Some(name), "{err}");
        }
    }

    #[test]
    fn debug_hides_secrets() {
        let cos = Cos::new(CosOptions {
            secret_id: "AKIDpublic".into(),
            secret_key: "TOPSECRETKEY".into(),
            security_token: "TOKENVALUE".into(),
            ..Default::default()
        })
        .unwrap();
        let shown = format!("{cos:?}");
        assert!(shown.contains("AKIDpublic"));
        let proxied = CosOptions {
            proxy: "http://user:PROXYPASS@proxy:3128".into(),
            ..Default::default()
        };
        let shown_proxy = format!("{proxied:?}");
        assert!(!shown_proxy.contains("PROXYPASS") && shown_proxy.contains("proxy:3128"));
        assert!(!shown.contains("TOPSECRETKEY") && !shown.contains("TOKENVALUE"));
    }

    #[test]
    fn client_is_shareable() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Cos>();
    }
}
