// The hidden setup of the SDK's doc examples: one expression, which every
// example `include!`s in its first hidden lines, so that it runs against the
// embedded emulator as a doctest (`cargo test --doc`):
//
//     /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
//     /// # let cos = doc.cos.clone();
//
// It starts an emulator, builds a client for it the way
// tests/integration/common.rs does (`protocol: "http:"`, `ip:` the emulator's
// address, the emulator's keys; upload checkpoints in a temporary directory)
// and creates the bucket `examplebucket-{appid}` in `ap-guangzhou`. The
// emulator's APPID is 1250000000, so the visible code uses the names a COS
// user would: `examplebucket-1250000000`. Everything is dropped (the
// emulator stopped, its files and the example's local files removed) when
// the example ends. Helpers: `doc.put(key, body)` stores an object,
// `doc.file(name, len)` writes a local file into `doc.dir`, `doc.fetch(…)`
// sends a request as any HTTP client would (for signed URLs).
//
// This file is not a test target of its own: cargo only builds
// `tests/*.rs` and `tests/*/main.rs`.
{
    /// What an example needs besides its visible code.
    struct Doc {
        /// Shared, so a `get_authorization` callback can hold it.
        emulator: std::sync::Arc<cos_emulator::Emulator>,
        /// A client for the emulator with its permanent keys.
        cos: cos_sdk::Cos,
        /// `examplebucket-1250000000`, created.
        bucket: String,
        /// A directory for the example's local files.
        dir: tempfile::TempDir,
    }

    impl Doc {
        /// Stores an object in the bucket.
        fn put(&self, key: &str, body: impl Into<cos_sdk::Body>) {
            self.cos
                .put_object(
                    cos_sdk::PutObjectParams {
                        bucket: self.bucket.clone(),
                        region: "ap-guangzhou".into(),
                        key: key.into(),
                        body: body.into(),
                        ..Default::default()
                    },
                    |r| r,
                )
                .expect("object stored");
        }

        /// A path in the example's directory (nothing is created).
        fn path(&self, name: &str) -> std::path::PathBuf {
            self.dir.path().join(name)
        }

        /// A local file of `len` bytes in the example's directory.
        fn file(&self, name: &str, len: usize) -> std::path::PathBuf {
            let path = self.path(name);
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            std::fs::write(&path, bytes).expect("local file written");
            path
        }

        /// Sends a request to a URL the way any HTTP client would (`curl`),
        /// connecting to the emulator as the `ip` option does: the answer's
        /// status and body.
        fn fetch(&self, method: &str, url: &str, headers: &[(&str, &str)]) -> (u16, Vec<u8>) {
            use std::io::{Read, Write};
            let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {host}\r\n");
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("content-length: 0\r\nconnection: close\r\n\r\n");
            let mut stream =
                std::net::TcpStream::connect(self.emulator.addr()).expect("emulator reachable");
            stream.write_all(head.as_bytes()).expect("request sent");
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).expect("answer read");
            let split = answer
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .expect("an HTTP answer");
            let status = String::from_utf8_lossy(&answer[9..12]).parse().expect("a status");
            (status, answer[split + 4..].to_vec())
        }
    }

    let emulator = cos_emulator::Emulator::start().expect("emulator starts");
    let dir = tempfile::tempdir().expect("temporary directory");
    let cos = cos_sdk::Cos::new(cos_sdk::CosOptions {
        secret_id: emulator.secret_id().into(),
        secret_key: emulator.secret_key().into(),
        protocol: "http:".into(),
        ip: emulator.endpoint(),
        // Resume checkpoints of interrupted uploads go with the example's
        // files, not into the user's cache directory.
        checkpoint_dir: Some(dir.path().join("checkpoints")),
        ..Default::default()
    })
    .expect("client");
    let bucket = format!("examplebucket-{}", emulator.appid());
    cos.put_bucket(
        cos_sdk::PutBucketParams {
            bucket: bucket.clone(),
            region: "ap-guangzhou".into(),
            ..Default::default()
        },
        |r| r,
    )
    .expect("bucket created");
    Doc {
        emulator: std::sync::Arc::new(emulator),
        cos,
        bucket,
        dir,
    }
}
