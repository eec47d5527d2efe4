//! Bucket configurations over real sockets: each sub-resource's round trip
//! (the bodies are the official Node SDK's, from
//! `spec/vectors/request-vectors-more.json`), COS's answers when nothing is
//! set, validation errors, and persistence across a restart.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket, start_on};
use crate::{Emulator, EmulatorConfig};

/// A signed request with a correct `Content-MD5`.
pub(super) fn put_md5(c: &mut Client, query: &[(&str, &str)], body: &[u8]) -> Resp {
    let md5 = BASE64.encode(Md5::digest(body));
    c.call("PUT", "/", query, &[("Content-MD5", &md5)], body)
}

/// PUT `?{sub}` with `body`, expecting `200`.
pub(super) fn put_ok(c: &mut Client, sub: &str, body: &str) {
    let r = put_md5(c, &[(sub, "")], body.as_bytes());
    assert_eq!(r.status, 200, "PUT ?{sub}: {}\n{}", r.head, r.text());
}

fn get(c: &mut Client, sub: &str) -> Resp {
    c.call("GET", "/", &[(sub, "")], &[], b"")
}

/// The body without the XML declaration.
fn doc(r: &Resp) -> String {
    let text = r.text();
    match text.split_once("?>\n") {
        Some((_, rest)) => rest.to_string(),
        None => text,
    }
}

const LIFECYCLE: &str = "<LifecycleConfiguration><Rule><ID>archive-logs</ID><Status>Enabled</Status><Filter><Prefix>logs/</Prefix></Filter><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition></Rule><Rule><ID>expire-tmp</ID><Status>Enabled</Status><Filter><Prefix>tmp/</Prefix></Filter><Expiration><Days>7</Days></Expiration></Rule></LifecycleConfiguration>";
const REPLICATION: &str = "<ReplicationConfiguration><Role>qcs::cam::uin/100000000001:uin/100000000001</Role><Rule><ID>1</ID><Status>Enabled</Status><Prefix>sync/</Prefix><Destination><Bucket>qcs::cos:ap-chengdu::backup-1250000000</Bucket><StorageClass>Standard</StorageClass></Destination></Rule><Rule><ID>2</ID><Status>Disabled</Status><Prefix>img/</Prefix><Destination><Bucket>qcs::cos:ap-chengdu::backup-1250000000</Bucket></Destination></Rule></ReplicationConfiguration>";
pub(super) const WEBSITE: &str = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>error.html</Key></ErrorDocument><RoutingRules><RoutingRule><Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyWith>404.html</ReplaceKeyWith></Redirect></RoutingRule><RoutingRule><Condition><KeyPrefixEquals>docs/</KeyPrefixEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyPrefixWith>documents/</ReplaceKeyPrefixWith></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>";
const REFERER: &str = "<RefererConfiguration><Status>Enabled</Status><RefererType>White-List</RefererType><DomainList><Domain>*.qq.com</Domain><Domain>*.qcloud.com</Domain></DomainList><EmptyReferConfiguration>Allow</EmptyReferConfiguration></RefererConfiguration>";
const DOMAIN: &str = "<DomainConfiguration><DomainRule><Status>DISABLED</Status><Name>www.example.com</Name><Type>REST</Type></DomainRule><DomainRule><Status>ENABLED</Status><Name>static.example.com</Name><Type>WEBSITE</Type><ForcedReplacement>CNAME</ForcedReplacement></DomainRule></DomainConfiguration>";
const ORIGIN: &str = "<OriginConfiguration><OriginRule><OriginType>Mirror</OriginType><OriginCondition><HTTPStatusCode>404</HTTPStatusCode><Prefix></Prefix></OriginCondition><OriginParameter><Protocol>HTTP</Protocol><FollowQueryString>true</FollowQueryString><HttpHeader><NewHttpHeader><Header><Key>a</Key><Value>a</Value></Header></NewHttpHeader></HttpHeader><FollowRedirection>true</FollowRedirection><HttpRedirectCode>301</HttpRedirectCode><HttpRedirectCode>302</HttpRedirectCode></OriginParameter><OriginInfo><HostInfo><HostName>qq.com</HostName></HostInfo><FileInfo><PrefixConfiguration><Prefix>123/</Prefix></PrefixConfiguration><SuffixConfiguration><Suffix>.jpg</Suffix></SuffixConfiguration></FileInfo></OriginInfo><RulePriority>1</RulePriority></OriginRule></OriginConfiguration>";
pub(super) fn inventory(id: &str) -> String {
    format!(
        "<InventoryConfiguration><Id>{id}</Id><IsEnabled>true</IsEnabled><Destination><COSBucketDestination><Format>CSV</Format><AccountId>100000000001</AccountId><Bucket>qcs::cos:ap-guangzhou::bucket-logging-1250000000</Bucket><Prefix>inventory</Prefix><Encryption><SSE-COS></SSE-COS></Encryption></COSBucketDestination></Destination><Schedule><Frequency>Daily</Frequency></Schedule><Filter><Prefix>myPrefix</Prefix></Filter><IncludedObjectVersions>All</IncludedObjectVersions><OptionalFields><Field>Size</Field><Field>ETag</Field></OptionalFields></InventoryConfiguration>"
    )
}
pub(super) const ENCRYPTION: &str = "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>";

#[test]
fn every_configuration_round_trips_in_cos_shape() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    // What COS answers before anything is set.
    let nothing = [
        ("lifecycle", "NoSuchLifecycleConfiguration"),
        ("replication", "ReplicationConfigurationnotFoundError"),
        ("website", "NoSuchWebsiteConfiguration"),
        ("referer", "NoSuchRefererConfiguration"),
        ("domain", "NoSuchDomainConfiguration"),
        ("origin", "NoSuchOriginConfiguration"),
        ("encryption", "NoSuchEncryptionConfiguration"),
    ];
    for (sub, code) in nothing {
        assert_error(&get(&mut c, sub), 404, code);
    }
    let r = c.call("GET", "/", &[("policy", "")], &[], b"");
    assert_error(&r, 404, "NoSuchPolicy");
    let r = c.call("GET", "/", &[("inventory", ""), ("id", "x")], &[], b"");
    assert_error(&r, 404, "NoSuchInventoryConfiguration");
    let r = get(&mut c, "versioning");
    assert_eq!(
        (r.status, doc(&r).as_str()),
        (200, "<VersioningConfiguration/>")
    );
    let r = get(&mut c, "logging");
    assert_eq!(
        (r.status, doc(&r).as_str()),
        (200, "<BucketLoggingStatus/>")
    );
    let r = get(&mut c, "accelerate");
    assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.head);
    let r = c.call("GET", "/", &[("inventory", "")], &[], b"");
    assert_eq!(
        doc(&r),
        "<ListInventoryConfigurationResult><IsTruncated>false</IsTruncated></ListInventoryConfigurationResult>"
    );

    // Lifecycle: COS answers ID, Filter, Status, then the actions.
    put_ok(&mut c, "lifecycle", LIFECYCLE);
    assert_eq!(
        doc(&get(&mut c, "lifecycle")),
        "<LifecycleConfiguration><Rule><ID>archive-logs</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition></Rule><Rule><ID>expire-tmp</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>7</Days></Expiration></Rule></LifecycleConfiguration>"
    );
    // Versioning, then replication (which needs it): Status, ID, Prefix, Destination.
    put_ok(
        &mut c,
        "versioning",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    );
    assert_eq!(
        doc(&get(&mut c, "versioning")),
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>"
    );
    put_ok(&mut c, "replication", REPLICATION);
    assert_eq!(
        doc(&get(&mut c, "replication")),
        "<ReplicationConfiguration><Role>qcs::cam::uin/100000000001:uin/100000000001</Role><Rule><Status>Enabled</Status><ID>1</ID><Prefix>sync/</Prefix><Destination><Bucket>qcs::cos:ap-chengdu::backup-1250000000</Bucket><StorageClass>Standard</StorageClass></Destination></Rule><Rule><Status>Disabled</Status><ID>2</ID><Prefix>img/</Prefix><Destination><Bucket>qcs::cos:ap-chengdu::backup-1250000000</Bucket></Destination></Rule></ReplicationConfiguration>"
    );
    put_ok(&mut c, "website", WEBSITE);
    assert_eq!(doc(&get(&mut c, "website")), WEBSITE);
    put_ok(&mut c, "referer", REFERER);
    assert_eq!(doc(&get(&mut c, "referer")), REFERER);
    put_ok(&mut c, "domain", DOMAIN);
    assert_eq!(doc(&get(&mut c, "domain")), DOMAIN);
    // Origin: RulePriority first.
    put_ok(&mut c, "origin", ORIGIN);
    let origin = doc(&get(&mut c, "origin"));
    assert!(
        origin.starts_with("<OriginConfiguration><OriginRule><RulePriority>1</RulePriority><OriginType>Mirror</OriginType><OriginCondition><HTTPStatusCode>404</HTTPStatusCode><Prefix/></OriginCondition>"),
        "{origin}"
    );
    // Logging into the bucket itself (it exists, same region).
    let logging = format!(
        "<BucketLoggingStatus><LoggingEnabled><TargetBucket>{BUCKET}</TargetBucket><TargetPrefix>logs/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>"
    );
    put_ok(&mut c, "logging", &logging);
    assert_eq!(doc(&get(&mut c, "logging")), logging);
    put_ok(
        &mut c,
        "logging",
        "<BucketLoggingStatus></BucketLoggingStatus>",
    );
    assert_eq!(doc(&get(&mut c, "logging")), "<BucketLoggingStatus/>");
    // Inventory, by id; IsEnabled answered True.
    let body = inventory("inventory_test");
    let r = put_md5(
        &mut c,
        &[("inventory", ""), ("id", "inventory_test")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call(
        "GET",
        "/",
        &[("inventory", ""), ("id", "inventory_test")],
        &[],
        b"",
    );
    assert_eq!(
        doc(&r),
        body.replace("<IsEnabled>true", "<IsEnabled>True")
            .replace("<SSE-COS></SSE-COS>", "<SSE-COS/>")
    );
    let r = c.call("GET", "/", &[("inventory", "")], &[], b"");
    assert!(doc(&r).ends_with("</InventoryConfiguration><IsTruncated>false</IsTruncated></ListInventoryConfigurationResult>"), "{}", r.text());
    // Accelerate: COS adds Type COS.
    put_ok(
        &mut c,
        "accelerate",
        "<AccelerateConfiguration><Status>Enabled</Status></AccelerateConfiguration>",
    );
    assert_eq!(
        doc(&get(&mut c, "accelerate")),
        "<AccelerateConfiguration><Status>Enabled</Status><Type>COS</Type></AccelerateConfiguration>"
    );
    put_ok(&mut c, "encryption", ENCRYPTION);
    assert_eq!(doc(&get(&mut c, "encryption")), ENCRYPTION);

    // DELETE → 204, then the 404 again.
    for (sub, code) in nothing.into_iter().filter(|(s, _)| *s != "referer") {
        let r = c.call("DELETE", "/", &[(sub, "")], &[], b"");
        assert_eq!(r.status, 204, "DELETE ?{sub}: {}", r.text());
        assert_error(&get(&mut c, sub), 404, code);
    }
    let r = c.call(
        "DELETE",
        "/",
        &[("inventory", ""), ("id", "inventory_test")],
        &[],
        b"",
    );
    assert_eq!(r.status, 204);
    let r = c.call(
        "GET",
        "/",
        &[("inventory", ""), ("id", "inventory_test")],
        &[],
        b"",
    );
    assert_error(&r, 404, "NoSuchInventoryConfiguration");
    // An empty PUT ?referer removes it (COS has no DELETE ?referer).
    let r = put_md5(&mut c, &[("referer", "")], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_error(&get(&mut c, "referer"), 404, "NoSuchRefererConfiguration");
    // Versioning, referer, logging and accelerate have no DELETE.
    for sub in ["versioning", "referer", "logging", "accelerate"] {
        let r = c.call("DELETE", "/", &[(sub, "")], &[], b"");
        assert_error(&r, 405, "MethodNotAllowed");
    }
    // Configurations of another bucket are its own; a missing bucket is 404.
    let mut other = Client::with_host(
        &emu,
        &format!("nobucket-1250000000.cos.{REGION}.myqcloud.com"),
    );
    assert_error(&get(&mut other, "lifecycle"), 404, "NoSuchBucket");
}

#[test]
fn policy_round_trip_and_errors() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    // Node's demo shape: lower-case keys.
    let policy = r#"{"version":"2.0","statement":[{"effect":"allow","principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"action":["name/cos:PutObject","name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]}]}"#;
    let r = put_md5(&mut c, &[("policy", "")], policy.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("policy", "")], &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(
        r.text(),
        r#"{"Statement":[{"Principal":{"qcs":["qcs::cam::uin/100000000001:uin/100000000011"]},"Effect":"allow","Action":["name/cos:PutObject","name/cos:GetObject"],"Resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"]}],"version":"2.0"}"#
    );
    let bad = [
        "not json",
        r#"{"Statement":[]}"#,
        r#"{"Statement":[{"Effect":"allow","Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Action":["name/cos:GetObject"],"Resource":["qcs::cos:ap-guangzhou:uid/1250000000:someoneelse-1250000000/*"]}]}"#,
    ];
    for body in bad {
        let r = put_md5(&mut c, &[("policy", "")], body.as_bytes());
        assert_error(&r, 400, "MalformedPolicy");
    }
    let r = c.call("DELETE", "/", &[("policy", "")], &[], b"");
    assert_eq!(r.status, 204);
    assert_error(
        &c.call("GET", "/", &[("policy", "")], &[], b""),
        404,
        "NoSuchPolicy",
    );
}

#[test]
fn configurations_are_validated_like_cos() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let put = |c: &mut Client, sub: &str, body: &str| put_md5(c, &[(sub, "")], body.as_bytes());
    // Not XML, or the wrong root → MalformedXML, for every kind.
    for sub in [
        "lifecycle",
        "versioning",
        "replication",
        "website",
        "referer",
        "domain",
        "origin",
        "logging",
        "accelerate",
        "encryption",
    ] {
        assert_error(&put(&mut c, sub, "<Nope>"), 400, "MalformedXML");
        assert_error(&put(&mut c, sub, "<Other/>"), 400, "MalformedXML");
    }
    // Lifecycle requires Content-MD5, like COS.
    let r = c.call("PUT", "/", &[("lifecycle", "")], &[], LIFECYCLE.as_bytes());
    assert_error(&r, 400, "InvalidRequest");
    // A rule without Status; a rule without any action; duplicate IDs; too many rules.
    let no_status = "<LifecycleConfiguration><Rule><ID>a</ID><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
    assert_error(&put(&mut c, "lifecycle", no_status), 400, "MalformedXML");
    let no_action =
        "<LifecycleConfiguration><Rule><Status>Enabled</Status></Rule></LifecycleConfiguration>";
    assert_error(&put(&mut c, "lifecycle", no_action), 400, "InvalidRequest");
    let rule = |id: usize| {
        format!(
            "<Rule><ID>{id}</ID><Status>Enabled</Status><Filter/><Expiration><Days>1</Days></Expiration></Rule>"
        )
    };
    let dup = format!(
        "<LifecycleConfiguration>{}{}</LifecycleConfiguration>",
        rule(1),
        rule(1)
    );
    assert_error(&put(&mut c, "lifecycle", &dup), 400, "InvalidArgument");
    let many: String = (0..1001).map(rule).collect();
    let many = format!("<LifecycleConfiguration>{many}</LifecycleConfiguration>");
    assert_error(&put(&mut c, "lifecycle", &many), 400, "InvalidArgument");
    let thousand: String = (0..1000).map(rule).collect();
    let r = put(
        &mut c,
        "lifecycle",
        &format!("<LifecycleConfiguration>{thousand}</LifecycleConfiguration>"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let bad_class = "<LifecycleConfiguration><Rule><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>GOLD</StorageClass></Transition></Rule></LifecycleConfiguration>";
    assert_error(&put(&mut c, "lifecycle", bad_class), 400, "MalformedXML");
    // Versioning status.
    let v = "<VersioningConfiguration><Status>On</Status></VersioningConfiguration>";
    assert_error(&put(&mut c, "versioning", v), 400, "MalformedXML");
    // Replication needs versioning Enabled.
    assert_error(
        &put(&mut c, "replication", REPLICATION),
        409,
        "InvalidBucketState",
    );
    put_ok(
        &mut c,
        "versioning",
        "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>",
    );
    assert_error(
        &put(&mut c, "replication", REPLICATION),
        409,
        "InvalidBucketState",
    );
    put_ok(
        &mut c,
        "versioning",
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    );
    let bad_dest = REPLICATION.replace("qcs::cos:ap-chengdu::backup-1250000000", "backup");
    assert_error(
        &put(&mut c, "replication", &bad_dest),
        400,
        "InvalidArgument",
    );
    put_ok(&mut c, "replication", REPLICATION);
    // ...and then versioning cannot be suspended.
    let suspend = "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>";
    assert_error(
        &put(&mut c, "versioning", suspend),
        409,
        "InvalidBucketState",
    );
    // Website: IndexDocument required; a redirect needs one condition.
    let w = "<WebsiteConfiguration><ErrorDocument><Key>e.html</Key></ErrorDocument></WebsiteConfiguration>";
    assert_error(&put(&mut c, "website", w), 400, "MalformedXML");
    let w = "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RoutingRules><RoutingRule><Condition><HttpErrorCodeReturnedEquals>200</HttpErrorCodeReturnedEquals></Condition><Redirect><ReplaceKeyWith>x</ReplaceKeyWith></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>";
    assert_error(&put(&mut c, "website", w), 400, "InvalidArgument");
    // Referer: type must be known, the list non-empty.
    let r = REFERER.replace("White-List", "Gray-List");
    assert_error(&put(&mut c, "referer", &r), 400, "MalformedXML");
    let r = "<RefererConfiguration><Status>Enabled</Status><RefererType>White-List</RefererType><DomainList></DomainList></RefererConfiguration>";
    assert_error(&put(&mut c, "referer", r), 400, "MalformedXML");
    // Domain: a name bound to another bucket → 409 DomainConflict.
    put_ok(&mut c, "domain", DOMAIN);
    let second = "second-1250000000";
    let mut c2 = Client::with_host(&emu, &format!("{second}.cos.{REGION}.myqcloud.com"));
    assert_eq!(c2.call("PUT", "/", &[], &[], b"").status, 200);
    assert_error(&put(&mut c2, "domain", DOMAIN), 409, "DomainConflict");
    // Logging: the target bucket must exist.
    let l = "<BucketLoggingStatus><LoggingEnabled><TargetBucket>missing-1250000000</TargetBucket><TargetPrefix>l/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>";
    assert_error(
        &put(&mut c, "logging", l),
        400,
        "InvalidTargetBucketForLogging",
    );
    // Inventory: id required and matching the body.
    let body = inventory("a");
    let r = put_md5(&mut c, &[("inventory", "")], body.as_bytes());
    assert_error(&r, 400, "InvalidArgument");
    let r = put_md5(&mut c, &[("inventory", ""), ("id", "b")], body.as_bytes());
    assert_error(&r, 400, "InvalidArgument");
    let bad = body.replace("Daily", "Hourly");
    let r = put_md5(&mut c, &[("inventory", ""), ("id", "a")], bad.as_bytes());
    assert_error(&r, 400, "MalformedXML");
    // Encryption: a known algorithm.
    let e = ENCRYPTION.replace("AES256", "ROT13");
    assert_error(&put(&mut c, "encryption", &e), 400, "MalformedXML");
    // A wrong Content-MD5 is refused before anything is stored.
    let r = c.call(
        "PUT",
        "/",
        &[("accelerate", "")],
        &[("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")],
        b"<AccelerateConfiguration><Status>Enabled</Status></AccelerateConfiguration>",
    );
    assert_error(&r, 400, "BadDigest");
    assert_eq!(get(&mut c, "accelerate").body.len(), 0);
    // Unsigned requests are refused.
    let host = c.host.clone();
    let r = c.raw_request("GET", "/", &[("lifecycle", "")], &[("Host", &host)], b"");
    assert_error(&r, 403, "AccessDenied");
}

#[test]
fn inventory_listing_pages_by_id() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    for i in 0..101 {
        let id = format!("inv{i:03}");
        let body = inventory(&id);
        let r = put_md5(&mut c, &[("inventory", ""), ("id", &id)], body.as_bytes());
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let r = c.call("GET", "/", &[("inventory", "")], &[], b"");
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("true"));
    assert_eq!(r.xml("NextContinuationToken").as_deref(), Some("inv099"));
    assert_eq!(r.text().matches("<InventoryConfiguration>").count(), 100);
    let r = c.call(
        "GET",
        "/",
        &[("inventory", ""), ("continuation-token", "inv099")],
        &[],
        b"",
    );
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("false"));
    assert_eq!(r.xml("ContinuationToken").as_deref(), Some("inv099"));
    assert_eq!(r.xml("Id").as_deref(), Some("inv100"));
    assert_eq!(r.text().matches("<InventoryConfiguration>").count(), 1);
}

#[test]
fn configurations_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let start = || start_on(dir.path());
    let subs = [
        "lifecycle",
        "versioning",
        "website",
        "referer",
        "encryption",
    ];
    let before: Vec<String> = {
        let emu = start();
        create_bucket(&emu);
        let mut c = Client::new(&emu);
        put_ok(&mut c, "lifecycle", LIFECYCLE);
        put_ok(
            &mut c,
            "versioning",
            "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
        );
        put_ok(&mut c, "website", WEBSITE);
        put_ok(&mut c, "referer", REFERER);
        put_ok(&mut c, "encryption", ENCRYPTION);
        let body = inventory("keep");
        put_md5(
            &mut c,
            &[("inventory", ""), ("id", "keep")],
            body.as_bytes(),
        );
        let policy = r#"{"Statement":[{"Principal":{"qcs":["qcs::cam::anyone:anyone"]},"Effect":"Allow","Action":["name/cos:GetObject"],"Resource":["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/public/*"]}]}"#;
        put_md5(&mut c, &[("policy", "")], policy.as_bytes());
        let mut all: Vec<String> = subs.iter().map(|s| get(&mut c, s).text()).collect();
        all.push(c.call("GET", "/", &[("policy", "")], &[], b"").text());
        all.push(c.call("GET", "/", &[("inventory", "")], &[], b"").text());
        emu.stop();
        all
    };
    let emu = start();
    let mut c = Client::new(&emu);
    let mut after: Vec<String> = subs.iter().map(|s| get(&mut c, s).text()).collect();
    after.push(c.call("GET", "/", &[("policy", "")], &[], b"").text());
    after.push(c.call("GET", "/", &[("inventory", "")], &[], b"").text());
    assert_eq!(after, before);
    assert!(before[0].contains("<ID>archive-logs</ID>"), "{}", before[0]);
}

/// The official Node SDK's own requests for every configuration method
/// (recorded bit for bit, signed with the documentation keys at
/// 1700000000) are accepted as sent: the emulator runs with those keys and
/// its clock moved to the recording time, and each request is replayed raw.
#[test]
fn node_sdk_configuration_requests_are_accepted() {
    const DOC_ID: &str = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
    const DOC_KEY: &str = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
    let emu = Emulator::start_with(EmulatorConfig {
        secret_id: DOC_ID.into(),
        secret_key: DOC_KEY.into(),
        ..Default::default()
    })
    .unwrap();
    emu.set_clock_offset(1_700_000_100 - super::now() as i64);
    let key_time = "1700000000;1700000800";
    let mut c = Client::new(&emu);
    assert_eq!(c.call_at("PUT", "/", &[], &[], b"", key_time).status, 200);
    // The logging vector's target bucket.
    let mut target = Client::with_host(
        &emu,
        &format!("bucket-logging-1250000000.cos.{REGION}.myqcloud.com"),
    );
    assert_eq!(
        target.call_at("PUT", "/", &[], &[], b"", key_time).status,
        200
    );
    let enable_versioning = |c: &mut Client| {
        let body = b"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
        let md5 = BASE64.encode(Md5::digest(body));
        let r = c.call_at(
            "PUT",
            "/",
            &[("versioning", "")],
            &[("Content-MD5", &md5)],
            body,
            key_time,
        );
        assert_eq!(r.status, 200, "{}", r.text());
    };
    for (api, method, url, headers, body) in super::node_vectors_more::NODE_CONFIG_REQUESTS {
        if *api == "putBucketReplication" {
            // The recording suspends versioning just before; COS needs it on.
            enable_versioning(&mut c);
        }
        let mut raw = format!("{method} {url} HTTP/1.1\r\n");
        for (name, value) in *headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str("\r\n");
        let mut bytes = raw.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        c.send_raw(&bytes);
        let r = c.read_response(*method == "HEAD");
        let expected = match *method {
            "DELETE" => 204,
            _ => 200,
        };
        assert_eq!(r.status, expected, "{api} {method} {url}\n{}", r.text());
    }
    // What they left, in COS's shapes.
    let r = c.call_at("GET", "/", &[("accelerate", "")], &[], b"", key_time);
    assert_eq!(
        doc(&r),
        "<AccelerateConfiguration><Status>Suspended</Status><Type>COS</Type></AccelerateConfiguration>"
    );
    let r = c.call_at("GET", "/", &[("referer", "")], &[], b"", key_time);
    assert_eq!(r.xml("RefererType").as_deref(), Some("Black-List"));
    let r = c.call_at("GET", "/", &[("cors", "")], &[], b"", key_time);
    assert_eq!(
        r.xml("ResponseVary").as_deref(),
        Some("true"),
        "{}",
        r.text()
    );
    let r = c.call_at("GET", "/", &[("tagging", "")], &[], b"", key_time);
    assert_eq!(r.status, 200, "{}", r.text());
}
