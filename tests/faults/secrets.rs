//! Nothing the SDK prints shows a secret key, security token or signature.

use cos_emulator::{Fault, Match};
use cos_sdk::{Body, Cos, CosOptions, GetAuthorizationOptions, GetBucketParams, PutObjectParams};

use crate::common::{Env, REGION, client};

const SECRET: &str = "TOP-SECRET-KEY-0123456789";
const TOKEN: &str = "SECURITY-TOKEN-abcdef";

#[test]
fn options_errors_and_requests_never_show_secrets() {
    let env = Env::start();
    let bucket = env.bucket();
    let mut shown = Vec::new();

    let options = CosOptions {
        secret_id: "AKIDvisible".into(),
        secret_key: SECRET.into(),
        security_token: TOKEN.into(),
        ..Default::default()
    };
    shown.push(format!("{options:?}"));
    shown.push(format!("{:?}", Cos::new(options).unwrap()));
    shown.push(format!(
        "{:?}",
        GetAuthorizationOptions {
            secret_id: "AKIDvisible".into(),
            secret_key: SECRET.into(),
            ..Default::default()
        }
    ));

    // Errors of every kind, from a client holding the secret and a token.
    let wrong = client(&env.emulator, env.emulator.secret_id(), SECRET);
    let wrong = Cos::new(CosOptions {
        security_token: TOKEN.into(),
        max_retries: 0,
        ..wrong.options().clone()
    })
    .unwrap();
    let list = |cos: &Cos, bucket: &str| {
        cos.get_bucket(
            GetBucketParams {
                bucket: bucket.into(),
                region: REGION.into(),
                ..Default::default()
            },
            |r| r,
        )
    };
    let service = list(&wrong, &bucket).unwrap_err();
    assert_eq!(service.code(), "SignatureDoesNotMatch");
    let invalid = list(&wrong, "Bad Bucket").unwrap_err();
    env.emulator.inject(Fault::reset_after(0).on(Match::any()));
    let network = list(&wrong, &bucket).unwrap_err();
    env.emulator.clear_faults();
    let io = wrong
        .put_object(
            PutObjectParams {
                bucket: bucket.clone(),
                region: REGION.into(),
                key: "k".into(),
                body: Body::from_file("/no/such"),
                ..Default::default()
            },
            |r| r,
        )
        .unwrap_err();
    for err in [&service, &invalid, &network, &io] {
        shown.push(format!("{err}"));
        shown.push(format!("{err:?}"));
        shown.push(format!("{:?}", err.headers()));
    }

    // What the emulator received must carry the signature; what we print must not.
    let logged = env.emulator.request_log();
    let signature = logged
        .iter()
        .find_map(|r| r.header("authorization"))
        .and_then(|a| a.split("q-signature=").nth(1))
        .expect("a signed request reached the server")
        .to_string();

    for text in &shown {
        assert!(!text.contains(SECRET), "secret key shown: {text}");
        assert!(!text.contains(TOKEN), "token shown: {text}");
        assert!(!text.contains(&signature), "signature shown: {text}");
        assert!(!text.contains("q-signature"), "signature shown: {text}");
    }
}
