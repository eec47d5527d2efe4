//! A bounded load test: 8 threads x 200 mixed operations with about 5%
//! injected transient faults; zero data loss, zero unexpected errors.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use cos_emulator::{Fault, Match};
use cos_sdk::{Body, DeleteObjectParams, GetObjectParams, HeadObjectParams, PutObjectParams};

use crate::common::{Env, REGION, content};
use crate::fast_client;

#[test]
fn eight_threads_of_mixed_operations_under_transient_faults() {
    let env = Env::start();
    let bucket = env.bucket();
    let cos = fast_client(&env, |o| o.max_retries = 5);
    env.emulator
        .inject(Fault::status(503, "SlowDown").probability(0.025).seed(7));
    env.emulator.inject(
        Fault::reset_after(64)
            .on(Match::put_object())
            .probability(0.025)
            .seed(11),
    );
    env.emulator.inject(
        Fault::status(500, "InternalError")
            .on(Match::get_object())
            .probability(0.025)
            .seed(13),
    );

    let operations = AtomicU64::new(0);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for thread in 0..8 {
            let (cos, bucket, operations) = (&cos, &bucket, &operations);
            scope.spawn(move || {
                // What this thread believes is stored, checked as it goes.
                let mut expected: HashMap<String, Vec<u8>> = HashMap::new();
                for i in 0..200usize {
                    let key = format!("t{thread}/k{}", i % 20);
                    match i % 5 {
                        0 | 1 => {
                            let bytes = content(1000 + thread * 97 + i * 13);
                            cos.put_object(
                                PutObjectParams {
                                    bucket: bucket.clone(),
                                    region: REGION.into(),
                                    key: key.clone(),
                                    body: Body::from(bytes.clone()),
                                    ..Default::default()
                                },
                                |r| r,
                            )
                            .unwrap_or_else(|e| panic!("put {key}: {e}"));
                            expected.insert(key, bytes);
                        }
                        2 | 3 => {
                            let got = cos.get_object(
                                GetObjectParams {
                                    bucket: bucket.clone(),
                                    region: REGION.into(),
                                    key: key.clone(),
                                    ..Default::default()
                                },
                                |r| r,
                            );
                            match (expected.get(&key), got) {
                                (Some(bytes), Ok(data)) => assert_eq!(&data.body, bytes, "{key}"),
                                (None, Err(err)) => {
                                    assert_eq!(err.code(), "NoSuchKey", "{key}: {err}")
                                }
                                (Some(_), Err(err)) => panic!("lost {key}: {err}"),
                                (None, Ok(_)) => panic!("{key} exists but was never written"),
                            }
                        }
                        _ => {
                            cos.delete_object(
                                DeleteObjectParams {
                                    bucket: bucket.clone(),
                                    region: REGION.into(),
                                    key: key.clone(),
                                    ..Default::default()
                                },
                                |r| r,
                            )
                            .unwrap_or_else(|e| panic!("delete {key}: {e}"));
                            expected.remove(&key);
                            let gone = cos.head_object(
                                HeadObjectParams {
                                    bucket: bucket.clone(),
                                    region: REGION.into(),
                                    key: key.clone(),
                                    ..Default::default()
                                },
                                |r| r,
                            );
                            assert_eq!(gone.unwrap_err().status_code(), Some(404), "{key}");
                        }
                    }
                    operations.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let faults = env.emulator.faults_hit();
    let requests = env.emulator.request_log().len();
    println!(
        "load: {} operations, {requests} requests, {faults} injected faults ({:.1}%), 0 unexpected errors, 0 lost objects, {:.2} s",
        operations.load(Ordering::Relaxed),
        faults as f64 * 100.0 / requests.max(1) as f64,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(operations.load(Ordering::Relaxed), 1600);
    assert!(faults > 0, "the faults fired");
}
