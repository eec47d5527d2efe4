//! A started emulator and a client pointed at it, the way Node users point
//! their SDK at a mock: `Protocol: 'http:'`, `Ip: '127.0.0.1:PORT'`.

use std::sync::atomic::{AtomicUsize, Ordering};

use cos_emulator::Emulator;
use cos_sdk::{Cos, CosOptions, PutBucketParams};

pub const REGION: &str = "ap-guangzhou";

/// `$ty { bucket, region, fields… }` for a bucket in the test region: the
/// params of most calls, without the two lines every one repeats.
#[allow(unused_macros)] // shared with the fault suite, which does not use it
macro_rules! params {
    ($bucket:expr, $ty:ident { $($field:ident: $value:expr),* $(,)? }) => {
        $ty {
            bucket: $bucket.into(),
            region: $crate::common::REGION.into(),
            $($field: $value,)*
            ..Default::default()
        }
    };
}

pub struct Env {
    pub emulator: Emulator,
    pub cos: Cos,
}

impl Env {
    pub fn start() -> Env {
        let emulator = Emulator::start().expect("emulator starts");
        let cos = client(&emulator, emulator.secret_id(), emulator.secret_key());
        Env { emulator, cos }
    }

    /// A fresh, empty bucket with a unique name.
    pub fn bucket(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let bucket = format!(
            "test{}-{}",
            NEXT.fetch_add(1, Ordering::Relaxed),
            self.emulator.appid()
        );
        self.cos
            .put_bucket(
                PutBucketParams {
                    bucket: bucket.clone(),
                    region: REGION.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .expect("bucket created");
        bucket
    }
}

/// Sets a bucket's versioning status (`Enabled`, `Suspended`, or a value
/// COS refuses).
#[allow(dead_code)] // shared with the fault suite, which does not use it
pub fn set_versioning(
    cos: &Cos,
    bucket: &str,
    status: &str,
) -> Result<cos_sdk::PutBucketVersioningData, cos_sdk::CosError> {
    cos.put_bucket_versioning(
        cos_sdk::PutBucketVersioningParams {
            bucket: bucket.into(),
            region: REGION.into(),
            versioning_configuration: cos_sdk::VersioningConfiguration {
                status: status.into(),
            },
            ..Default::default()
        },
        |r| r,
    )
}

/// Stores `body` under `key`: most tests' setup.
#[allow(dead_code)] // shared with the fault suite, which does not use it
pub fn put(cos: &Cos, bucket: &str, key: &str, body: &str) -> cos_sdk::PutObjectData {
    cos.put_object(
        cos_sdk::PutObjectParams {
            bucket: bucket.into(),
            region: REGION.into(),
            key: key.into(),
            body: cos_sdk::Body::from(body),
            ..Default::default()
        },
        |r| r,
    )
    .expect("object stored")
}

/// A client for the emulator with the given keys.
pub fn client(emulator: &Emulator, secret_id: &str, secret_key: &str) -> Cos {
    Cos::new(CosOptions {
        secret_id: secret_id.into(),
        secret_key: secret_key.into(),
        protocol: "http:".into(),
        ip: emulator.endpoint(),
        ..Default::default()
    })
    .expect("client")
}

/// Hex MD5, the form COS uses in ETags.
#[allow(dead_code)] // shared with the fault suite, which does not use it
pub fn md5_hex(bytes: &[u8]) -> String {
    use md5::{Digest, Md5};
    Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Deterministic, non-repeating test content.
pub fn content(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ len as u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}
