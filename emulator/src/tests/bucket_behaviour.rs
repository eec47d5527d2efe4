//! What bucket configurations do, over real sockets: the bucket policy for
//! anonymous callers and other users, hotlink protection, the website
//! endpoint, default encryption, and GET Service's filters.

use super::configs::{ENCRYPTION, put_md5, put_ok};
use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket};
use crate::Emulator;

/// An unsigned request to `c`'s host.
fn anon(c: &mut Client, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
    let host = c.host.clone();
    let mut h = headers.to_vec();
    h.push(("Host", &host));
    c.raw_request(method, path, &[], &h, b"")
}

fn put_object(c: &mut Client, key: &str, body: &str, headers: &[(&str, &str)]) -> Resp {
    let r = c.call("PUT", key, &[], headers, body.as_bytes());
    assert_eq!(r.status, 200, "PUT {key}: {}", r.text());
    r
}

fn put_policy(c: &mut Client, policy: &str) {
    let r = put_md5(c, &[("policy", "")], policy.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
}

const RES: &str = "qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000";

#[test]
fn policy_opens_a_prefix_to_anyone_and_deny_wins() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    for key in ["/public/a.txt", "/public/secret.txt", "/private/b.txt"] {
        put_object(&mut c, key, "data", &[]);
    }
    // Before: private bucket, everything is refused to anonymous callers.
    assert_error(
        &anon(&mut c, "GET", "/public/a.txt", &[]),
        403,
        "AccessDenied",
    );
    put_policy(
        &mut c,
        &format!(
            r#"{{"Statement":[
              {{"Principal":{{"qcs":["qcs::cam::anyone:anyone"]}},"Effect":"Allow","Action":["name/cos:GetObject","name/cos:HeadObject"],"Resource":["{RES}/public/*"]}},
              {{"Principal":{{"qcs":["qcs::cam::anyone:anyone"]}},"Effect":"Deny","Action":["name/cos:*"],"Resource":["{RES}/public/secret*"]}}]}}"#
        ),
    );
    let r = anon(&mut c, "GET", "/public/a.txt", &[]);
    assert_eq!((r.status, r.text().as_str()), (200, "data"));
    assert_eq!(anon(&mut c, "HEAD", "/public/a.txt", &[]).status, 200);
    // A missing key under the open prefix is a 404, not a 403.
    assert_error(&anon(&mut c, "GET", "/public/none", &[]), 404, "NoSuchKey");
    assert_error(
        &anon(&mut c, "GET", "/private/b.txt", &[]),
        403,
        "AccessDenied",
    );
    assert_error(
        &anon(&mut c, "PUT", "/public/new", &[("Content-Length", "0")]),
        403,
        "AccessDenied",
    );
    // An explicit deny wins, even over a public-read object ACL.
    let r = c.call(
        "PUT",
        "/public/secret.txt",
        &[("acl", "")],
        &[("x-cos-acl", "public-read")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_error(
        &anon(&mut c, "GET", "/public/secret.txt", &[]),
        403,
        "AccessDenied",
    );
    // The owner is not subject to the policy.
    assert_eq!(
        c.call("GET", "/public/secret.txt", &[], &[], b"").status,
        200
    );
    // Without the policy, the prefix is closed again.
    assert_eq!(
        c.call("DELETE", "/", &[("policy", "")], &[], b"").status,
        204
    );
    assert_error(
        &anon(&mut c, "GET", "/public/a.txt", &[]),
        403,
        "AccessDenied",
    );
}

#[test]
fn policy_for_another_account() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let sub = "qcs::cam::uin/100000000001:uin/100000000011";
    emu.add_user(
        sub,
        "AKIDothersubuser000000000000000000",
        "othersubuserkey00000000000000000",
    );
    emu.add_user(
        "100000000099",
        "AKIDstranger00000000000000000000000",
        "strangerkey000000000000000000000",
    );
    let mut owner = Client::new(&emu);
    put_object(&mut owner, "/docs/a.txt", "a", &[]);
    let mut user = Client::new(&emu);
    user.id = "AKIDothersubuser000000000000000000".into();
    user.key = "othersubuserkey00000000000000000".into();
    let mut stranger = Client::new(&emu);
    stranger.id = "AKIDstranger00000000000000000000000".into();
    stranger.key = "strangerkey000000000000000000000".into();
    // Valid signatures, but no grant yet.
    assert_error(
        &user.call("GET", "/docs/a.txt", &[], &[], b""),
        403,
        "AccessDenied",
    );
    assert_error(&user.call("GET", "/", &[], &[], b""), 403, "AccessDenied");
    put_policy(
        &mut owner,
        &format!(
            r#"{{"version":"2.0","statement":[{{"effect":"allow","principal":{{"qcs":["{sub}"]}},"action":["name/cos:GetObject","name/cos:PutObject","name/cos:GetBucket"],"resource":["{RES}/*"]}}]}}"#
        ),
    );
    assert_eq!(user.call("GET", "/docs/a.txt", &[], &[], b"").status, 200);
    assert_eq!(user.call("GET", "/", &[], &[], b"").status, 200);
    assert_eq!(user.call("PUT", "/docs/b.txt", &[], &[], b"b").status, 200);
    assert_error(
        &user.call("DELETE", "/docs/a.txt", &[], &[], b""),
        403,
        "AccessDenied",
    );
    assert_error(
        &user.call("GET", "/", &[("policy", "")], &[], b""),
        403,
        "AccessDenied",
    );
    // Another account is not named.
    assert_error(
        &stranger.call("GET", "/docs/a.txt", &[], &[], b""),
        403,
        "AccessDenied",
    );
    // ACL grants to a user count too.
    let r = owner.call(
        "PUT",
        "/docs/a.txt",
        &[("acl", "")],
        &[("x-cos-grant-read", "id=\"100000000099\"")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        stranger.call("GET", "/docs/a.txt", &[], &[], b"").status,
        200
    );
}

#[test]
fn referer_lists_are_enforced() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    put_object(&mut c, "/img.png", "png", &[("x-cos-acl", "public-read")]);
    assert_eq!(anon(&mut c, "GET", "/img.png", &[]).status, 200);
    put_ok(
        &mut c,
        "referer",
        "<RefererConfiguration><Status>Enabled</Status><RefererType>White-List</RefererType><DomainList><Domain>*.qq.com</Domain></DomainList><EmptyReferConfiguration>Deny</EmptyReferConfiguration></RefererConfiguration>",
    );
    assert_error(&anon(&mut c, "GET", "/img.png", &[]), 403, "AccessDenied");
    let ok = anon(
        &mut c,
        "GET",
        "/img.png",
        &[("Referer", "https://www.qq.com/page")],
    );
    assert_eq!(ok.status, 200);
    let bad = anon(
        &mut c,
        "GET",
        "/img.png",
        &[("Referer", "https://evil.example/")],
    );
    assert_error(&bad, 403, "AccessDenied");
    // Signed requests are not checked unless VerifySignatureURL is Enabled.
    assert_eq!(c.call("GET", "/img.png", &[], &[], b"").status, 200);
    put_ok(
        &mut c,
        "referer",
        "<RefererConfiguration><Status>Enabled</Status><RefererType>White-List</RefererType><DomainList><Domain>*.qq.com</Domain></DomainList><EmptyReferConfiguration>Deny</EmptyReferConfiguration><VerifySignatureURL>Enabled</VerifySignatureURL></RefererConfiguration>",
    );
    assert_error(
        &c.call("GET", "/img.png", &[], &[], b""),
        403,
        "AccessDenied",
    );
    // A black list refuses its domains and lets the empty referer through.
    put_ok(
        &mut c,
        "referer",
        "<RefererConfiguration><Status>Enabled</Status><RefererType>Black-List</RefererType><DomainList><Domain>bad.example.com</Domain></DomainList><EmptyReferConfiguration>Allow</EmptyReferConfiguration></RefererConfiguration>",
    );
    assert_eq!(anon(&mut c, "GET", "/img.png", &[]).status, 200);
    let bad = anon(
        &mut c,
        "GET",
        "/img.png",
        &[("Referer", "http://bad.example.com/x")],
    );
    assert_error(&bad, 403, "AccessDenied");
    assert_eq!(
        anon(
            &mut c,
            "GET",
            "/img.png",
            &[("Referer", "http://good.example.com/x")]
        )
        .status,
        200
    );
    // Disabled: nothing is checked.
    put_ok(
        &mut c,
        "referer",
        "<RefererConfiguration><Status>Disabled</Status><RefererType>Black-List</RefererType><DomainList><Domain>bad.example.com</Domain></DomainList></RefererConfiguration>",
    );
    let r = anon(
        &mut c,
        "GET",
        "/img.png",
        &[("Referer", "http://bad.example.com/x")],
    );
    assert_eq!(r.status, 200);
}

#[test]
fn website_endpoint_serves_index_error_documents_and_redirects() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let mut site = Client::with_host(&emu, &format!("{BUCKET}.cos-website.{REGION}.myqcloud.com"));
    // No website configuration yet.
    assert_error(
        &anon(&mut site, "GET", "/", &[]),
        404,
        "NoSuchWebsiteConfiguration",
    );
    let public = [("x-cos-acl", "public-read"), ("Content-Type", "text/html")];
    put_object(&mut c, "/index.html", "home", &public);
    put_object(&mut c, "/blog/index.html", "blog", &public);
    put_object(&mut c, "/error.html", "oops", &public);
    put_object(&mut c, "/private.html", "secret", &[]);
    put_ok(
        &mut c,
        "website",
        "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>error.html</Key></ErrorDocument><RoutingRules><RoutingRule><Condition><KeyPrefixEquals>old/</KeyPrefixEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyPrefixWith>blog/</ReplaceKeyPrefixWith><HttpRedirectCode>302</HttpRedirectCode></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>",
    );
    let r = anon(&mut site, "GET", "/", &[]);
    assert_eq!((r.status, r.text().as_str()), (200, "home"));
    assert_eq!(r.header("Content-Type"), Some("text/html"));
    let r = anon(&mut site, "GET", "/blog/", &[]);
    assert_eq!((r.status, r.text().as_str()), (200, "blog"));
    let r = anon(&mut site, "GET", "/blog", &[]);
    assert_eq!((r.status, r.header("Location")), (302, Some("/blog/")));
    let r = anon(&mut site, "GET", "/old/post.html", &[]);
    let host = site.host.clone();
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("Location"),
        Some(format!("https://{host}/blog/post.html").as_str())
    );
    // Missing: the error document, with the original status.
    let r = anon(&mut site, "GET", "/nothing.html", &[]);
    assert_eq!((r.status, r.text().as_str()), (404, "oops"));
    // Not public: 403, with the error document too.
    let r = anon(&mut site, "GET", "/private.html", &[]);
    assert_eq!((r.status, r.text().as_str()), (403, "oops"));
    // HEAD works; other methods do not.
    assert_eq!(anon(&mut site, "HEAD", "/", &[]).status, 200);
    let r = site.raw_request(
        "PUT",
        "/x",
        &[],
        &[("Host", &host), ("Content-Length", "0")],
        b"",
    );
    assert_error(&r, 405, "MethodNotAllowed");
    // A 404 routing rule wins over the error document.
    put_ok(&mut c, "website", super::configs::WEBSITE);
    let r = anon(&mut site, "GET", "/nothing.html", &[]);
    assert_eq!(r.status, 301);
    assert_eq!(
        r.header("Location"),
        Some(format!("https://{host}/404.html").as_str())
    );
    // The same under .localhost, as for the API hosts.
    let mut local = Client::with_host(
        &emu,
        &format!("{BUCKET}.cos-website.{REGION}.localhost:9000"),
    );
    let r = anon(&mut local, "GET", "/", &[]);
    assert_eq!((r.status, r.text().as_str()), (200, "home"));
    // Redirect everything.
    put_ok(
        &mut c,
        "website",
        "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RedirectAllRequestsTo><Protocol>https</Protocol></RedirectAllRequestsTo></WebsiteConfiguration>",
    );
    let r = anon(&mut site, "GET", "/a/b.html", &[]);
    assert_eq!(
        (r.status, r.header("Location")),
        (301, Some(format!("https://{host}/a/b.html").as_str()))
    );
    // The API host is not the website: GET / there is a listing.
    assert_eq!(
        c.call("GET", "/", &[], &[], b"").xml("Name").as_deref(),
        Some(BUCKET)
    );
}

#[test]
fn default_encryption_is_reported_on_objects() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let plain = put_object(&mut c, "/before.txt", "x", &[]);
    assert_eq!(plain.header("x-cos-server-side-encryption"), None);
    put_ok(&mut c, "encryption", ENCRYPTION);
    let r = put_object(&mut c, "/after.txt", "y", &[]);
    assert_eq!(r.header("x-cos-server-side-encryption"), Some("AES256"));
    for method in ["HEAD", "GET"] {
        let r = c.call(method, "/after.txt", &[], &[], b"");
        assert_eq!(
            r.header("x-cos-server-side-encryption"),
            Some("AES256"),
            "{method}"
        );
        let r = c.call(method, "/before.txt", &[], &[], b"");
        assert_eq!(r.header("x-cos-server-side-encryption"), None, "{method}");
    }
    // Multipart uploads and copies made while it is set are encrypted too.
    let r = c.call("POST", "/mp.bin", &[("uploads", "")], &[], b"");
    assert_eq!(r.header("x-cos-server-side-encryption"), Some("AES256"));
    let src = format!("{BUCKET}.cos.{REGION}.myqcloud.com/before.txt");
    let r = c.call("PUT", "/copy.txt", &[], &[("x-cos-copy-source", &src)], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("x-cos-server-side-encryption"), Some("AES256"));
    let r = c.call("HEAD", "/copy.txt", &[], &[], b"");
    assert_eq!(r.header("x-cos-server-side-encryption"), Some("AES256"));
    // Off again: new objects are plain; a requested SSE is kept either way.
    assert_eq!(
        c.call("DELETE", "/", &[("encryption", "")], &[], b"")
            .status,
        204
    );
    assert_eq!(
        put_object(&mut c, "/later.txt", "z", &[]).header("x-cos-server-side-encryption"),
        None
    );
    let r = put_object(
        &mut c,
        "/asked.txt",
        "z",
        &[("x-cos-server-side-encryption", "AES256")],
    );
    assert_eq!(r.header("x-cos-server-side-encryption"), Some("AES256"));
    let r = c.call(
        "PUT",
        "/bad.txt",
        &[],
        &[("x-cos-server-side-encryption", "DES")],
        b"z",
    );
    assert_error(&r, 400, "InvalidArgument");
    // KMS reports its key.
    put_ok(
        &mut c,
        "encryption",
        "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>kms-key-0001</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>",
    );
    let r = put_object(&mut c, "/kms.txt", "k", &[]);
    assert_eq!(r.header("x-cos-server-side-encryption"), Some("cos/kms"));
    assert_eq!(
        r.header("x-cos-server-side-encryption-cos-kms-key-id"),
        Some("kms-key-0001")
    );
}

#[test]
fn get_service_filters_and_pages() {
    let emu = Emulator::start().unwrap();
    let mut made = Vec::new();
    for (name, region, tags) in [
        ("alpha-1250000000", "ap-guangzhou", "team=a"),
        ("beta-1250000000", "ap-beijing", "team=b"),
        ("gamma-1250000000", "ap-guangzhou", "team=a&env=prod"),
    ] {
        let mut c = Client::with_host(&emu, &format!("{name}.cos.{region}.myqcloud.com"));
        let r = c.call("PUT", "/", &[], &[("x-cos-tagging", tags)], b"");
        assert_eq!(r.status, 200, "{}", r.text());
        made.push(name);
    }
    let names = |r: &Resp| -> Vec<String> {
        let text = r.text();
        let doc = roxmltree::Document::parse(&text).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("Name"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect()
    };
    let mut svc = Client::with_host(&emu, "service.cos.myqcloud.com");
    let r = svc.call("GET", "/", &[], &[], b"");
    assert_eq!(names(&r), made);
    assert_eq!(
        r.xml("IsTruncated"),
        None,
        "no paging elements unless asked"
    );
    let r = svc.call(
        "GET",
        "/",
        &[("tagkey", "team"), ("tagvalue", "a")],
        &[],
        b"",
    );
    assert_eq!(names(&r), ["alpha-1250000000", "gamma-1250000000"]);
    let r = svc.call("GET", "/", &[("tagkey", "env")], &[], b"");
    assert_eq!(names(&r), ["gamma-1250000000"]);
    let now = super::now();
    let later = (now + 3600).to_string();
    let r = svc.call(
        "GET",
        "/",
        &[("create-time", &later), ("range", "lt")],
        &[],
        b"",
    );
    assert_eq!(names(&r).len(), 3);
    let r = svc.call(
        "GET",
        "/",
        &[("create-time", &later), ("range", "gte")],
        &[],
        b"",
    );
    assert!(names(&r).is_empty());
    let r = svc.call("GET", "/", &[("create-time", &later)], &[], b"");
    assert_error(&r, 400, "InvalidArgument");
    // Paging: marker + max-keys.
    let r = svc.call("GET", "/", &[("max-keys", "2")], &[], b"");
    assert_eq!(names(&r), ["alpha-1250000000", "beta-1250000000"]);
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("true"));
    assert_eq!(r.xml("NextMarker").as_deref(), Some("beta-1250000000"));
    let r = svc.call(
        "GET",
        "/",
        &[("marker", "beta-1250000000"), ("max-keys", "2")],
        &[],
        b"",
    );
    assert_eq!(names(&r), ["gamma-1250000000"]);
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("false"));
    assert_eq!(r.xml("Marker").as_deref(), Some("beta-1250000000"));
    // The one-region host lists that region only.
    let mut bj = Client::with_host(&emu, "cos.ap-beijing.myqcloud.com");
    assert_eq!(
        names(&bj.call("GET", "/", &[], &[], b"")),
        ["beta-1250000000"]
    );
    let mut gz = Client::with_host(&emu, "cos.ap-guangzhou.myqcloud.com");
    let r = gz.call(
        "GET",
        "/",
        &[("marker", "alpha-1250000000"), ("max-keys", "1")],
        &[],
        b"",
    );
    assert_eq!(names(&r), ["gamma-1250000000"]);
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("false"));
}
