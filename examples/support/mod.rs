//! Shared by the examples: a client for real COS when `COS_SECRET_ID`,
//! `COS_SECRET_KEY`, `COS_BUCKET` and `COS_REGION` are set, otherwise for an
//! embedded emulator with a fresh bucket.

use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use cos_emulator::Emulator;
use cos_sdk::{Cos, CosOptions, DeleteBucketParams, PutBucketParams};

/// Where an example runs.
pub struct Target {
    pub cos: Cos,
    pub bucket: String,
    pub region: String,
    /// A unique key prefix, so runs against a real bucket never collide.
    pub prefix: String,
    /// The emulator, when there are no credentials; kept alive for the run.
    pub emulator: Option<Emulator>,
}

/// Connects to real COS or starts the emulator and creates `name-appid`.
#[allow(dead_code)] // each example is its own crate; some use `connect_with`
pub fn connect(name: &str) -> Result<Target, Box<dyn Error>> {
    connect_with(name, |_| {})
}

/// [`connect`], with `tune` adjusting the client's options either way.
#[allow(dead_code)] // see `connect`
pub fn connect_with(
    name: &str,
    tune: impl FnOnce(&mut CosOptions),
) -> Result<Target, Box<dyn Error>> {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let prefix = format!("cos-sdk-example/{name}/{stamp}/");
    let var = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    const NAMES: [&str; 4] = [
        "COS_SECRET_ID",
        "COS_SECRET_KEY",
        "COS_BUCKET",
        "COS_REGION",
    ];
    let missing: Vec<&str> = NAMES.into_iter().filter(|n| var(n).is_none()).collect();
    // Some but not all set: a mistake to name, not a reason to quietly
    // fall back to the emulator.
    if !missing.is_empty() && missing.len() < NAMES.len() {
        return Err(format!(
            "only some COS variables are set; also set {} (or unset all four to use the \
             embedded emulator)",
            missing.join(", ")
        )
        .into());
    }
    if let (Some(id), Some(key), Some(bucket), Some(region)) = (
        var("COS_SECRET_ID"),
        var("COS_SECRET_KEY"),
        var("COS_BUCKET"),
        var("COS_REGION"),
    ) {
        println!("Using real COS: bucket {bucket} in {region}");
        let mut options = CosOptions {
            secret_id: id,
            secret_key: key,
            ..Default::default()
        };
        tune(&mut options);
        let cos = Cos::new(options)?;
        return Ok(Target {
            cos,
            bucket,
            region,
            prefix,
            emulator: None,
        });
    }
    let emulator = Emulator::start()?;
    println!(
        "No COS credentials set (COS_SECRET_ID, COS_SECRET_KEY, COS_BUCKET, COS_REGION): \
         using the embedded emulator at {}",
        emulator.url()
    );
    let mut options = CosOptions {
        secret_id: emulator.secret_id().into(),
        secret_key: emulator.secret_key().into(),
        // Plain HTTP to the emulator's address; requests keep the real COS
        // host name and signature, as they would in production.
        protocol: "http".into(),
        ip: emulator.endpoint(),
        ..Default::default()
    };
    tune(&mut options);
    let cos = Cos::new(options)?;
    let bucket = format!("{name}-{}", emulator.appid());
    let region = "ap-guangzhou".to_string();
    cos.put_bucket(
        PutBucketParams {
            bucket: bucket.clone(),
            region: region.clone(),
            ..Default::default()
        },
        |r| r,
    )?;
    println!("Created bucket {bucket} in {region}");
    Ok(Target {
        cos,
        bucket,
        region,
        prefix,
        emulator: Some(emulator),
    })
}

impl Target {
    /// Deletes the bucket the example created (emulator only; a real
    /// bucket is left as it was found).
    pub fn finish(self) -> Result<(), Box<dyn Error>> {
        if self.emulator.is_some() {
            self.cos.delete_bucket(
                DeleteBucketParams {
                    bucket: self.bucket.clone(),
                    region: self.region.clone(),
                    ..Default::default()
                },
                |r| r,
            )?;
            println!("Deleted bucket {}", self.bucket);
        }
        Ok(())
    }
}
