//! End-to-end tests of ACL, CORS/OPTIONS, location, tagging, Delete Multiple
//! Objects and multipart upload, plus parsing of the documents these take.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};

use super::{BUCKET, Client, REGION, Resp, assert_error, create_bucket};
use crate::{Emulator, EmulatorConfig};

fn md5_b64(body: &[u8]) -> String {
    BASE64.encode(Md5::digest(body))
}

fn md5_hex(body: &[u8]) -> String {
    Md5::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn small_parts_emulator() -> Emulator {
    Emulator::start_with(EmulatorConfig {
        min_part_size: 5,
        ..Default::default()
    })
    .unwrap()
}

/// Sends `body` with a correct Content-MD5 (plus `headers`).
fn call_md5(
    c: &mut Client,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let md5 = md5_b64(body);
    let mut h = headers.to_vec();
    h.push(("Content-MD5", &md5));
    c.call(method, path, query, &h, body)
}

/// An unsigned request.
fn anon(
    c: &mut Client,
    method: &str,
    path: &str,
    query: &[(&str, &str)],
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let host = c.host.clone();
    let len = body.len().to_string();
    let mut h = headers.to_vec();
    h.push(("Host", &host));
    if (method != "GET" && method != "HEAD" && method != "OPTIONS") || !body.is_empty() {
        h.push(("Content-Length", &len));
    }
    c.raw_request(method, path, query, &h, body)
}

fn xml_all(r: &Resp, element: &str) -> Vec<String> {
    let text = r.text();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name(element))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

// ---------------------------------------------------------------- parsing

#[test]
fn parses_node_compact_and_pretty_documents() {
    use crate::acl::{ALL_USERS, Acl, Grantee, Permission};
    // Node SDK bodies (request-vectors.json).
    let acl = Acl::from_policy("<AccessControlPolicy><Owner><ID>qcs::cam::uin/1:uin/1</ID></Owner><AccessControlList><Grant><Grantee><ID>qcs::cam::uin/2:uin/2</ID></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>").unwrap();
    assert_eq!(acl.grants.len(), 1);
    assert_eq!(
        acl.grants[0].grantee,
        Grantee::User("qcs::cam::uin/2:uin/2".into())
    );
    let cors = crate::cors::CorsConfig::parse("<CORSConfiguration><CORSRule><MaxAgeSeconds>5</MaxAgeSeconds><AllowedOrigin>*</AllowedOrigin><AllowedHeader>*</AllowedHeader><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>").unwrap();
    assert_eq!(cors.rules[0].allowed_methods, vec!["GET", "PUT"]);
    assert_eq!(cors.rules[0].max_age_seconds, Some(5));
    let tags = crate::tagging::parse(
        "<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag></TagSet></Tagging>",
    )
    .unwrap();
    assert_eq!(tags, vec![("k1".to_string(), "v1".to_string())]);
    let (quiet, keys) = crate::handlers::delete::parse_delete(
        "<Delete><Object><Key>1.txt</Key></Object><Object><Key>中文/2.txt</Key></Object><Quiet>true</Quiet></Delete>",
    )
    .unwrap();
    assert!(quiet);
    assert_eq!(
        keys,
        vec![
            ("1.txt".to_string(), None),
            ("中文/2.txt".to_string(), None)
        ]
    );
    let parts = crate::handlers::multipart::parse_complete("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;abc&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;def&quot;</ETag></Part></CompleteMultipartUpload>").unwrap();
    assert_eq!(
        parts,
        vec![(1, "\"abc\"".to_string()), (2, "\"def\"".to_string())]
    );

    // Pretty-printed, with declarations and xsi attributes.
    let acl = Acl::from_policy(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy>
  <Owner>
    <ID>qcs::cam::uin/100000000001:uin/100000000001</ID>
    <DisplayName>100000000001</DisplayName>
  </Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>qcs::cam::uin/100000000001:uin/100000000011</ID>
        <DisplayName>100000000011</DisplayName>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">
        <URI>http://cam.qcloud.com/groups/global/AllUsers</URI>
      </Grantee>
      <Permission>READ</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>
"#,
    )
    .unwrap();
    assert_eq!(acl.grants.len(), 2);
    assert_eq!(acl.grants[1].grantee, Grantee::Group(ALL_USERS.into()));
    assert!(acl.allows_everyone(Permission::Read));
    assert!(!acl.allows_everyone(Permission::Write));
    assert_eq!(acl.canned_value(), "public-read");
    let cors = crate::cors::CorsConfig::parse(
        "<?xml version='1.0' encoding='utf-8' ?>\n<CORSConfiguration>\n  <CORSRule>\n    <ID>r1</ID>\n    <AllowedOrigin>http://*.qq.com</AllowedOrigin>\n    <AllowedMethod>PUT</AllowedMethod>\n    <AllowedHeader>x-cos-meta-test</AllowedHeader>\n  </CORSRule>\n  <ResponseVary>true</ResponseVary>\n</CORSConfiguration>\n",
    )
    .unwrap();
    assert_eq!(cors.rules[0].id.as_deref(), Some("r1"));
    assert_eq!(cors.rules[0].allowed_origins, vec!["http://*.qq.com"]);
    assert_eq!(cors.response_vary, Some(true));
    let tags = crate::tagging::parse("<?xml version=\"1.0\"?>\n<Tagging>\n <TagSet>\n  <Tag>\n   <Key>age</Key>\n   <Value>18</Value>\n  </Tag>\n  <Tag><Key>empty</Key><Value/></Tag>\n </TagSet>\n</Tagging>").unwrap();
    assert_eq!(
        tags,
        vec![
            ("age".to_string(), "18".to_string()),
            ("empty".to_string(), String::new())
        ]
    );
    let (quiet, keys) = crate::handlers::delete::parse_delete(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Delete>\n  <Quiet>false</Quiet>\n  <Object>\n    <Key> spaced key </Key>\n  </Object>\n  <Object><Key>a&amp;b</Key><VersionId>x</VersionId></Object>\n</Delete>",
    )
    .unwrap();
    assert!(!quiet);
    assert_eq!(
        keys,
        vec![
            (" spaced key ".to_string(), None),
            ("a&b".to_string(), Some("x".to_string()))
        ]
    );
    let parts = crate::handlers::multipart::parse_complete("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUpload>\n  <Part>\n    <PartNumber> 3 </PartNumber>\n    <ETag>\"39270a8ed4a2dbe6fdc9aee1ddb0a8f1\"</ETag>\n  </Part>\n</CompleteMultipartUpload>").unwrap();
    assert_eq!(
        parts,
        vec![(3, "\"39270a8ed4a2dbe6fdc9aee1ddb0a8f1\"".to_string())]
    );

    // Malformed.
    for bad in [
        "",
        "<AccessControlPolicy>",
        "<Other/>",
        "<AccessControlPolicy><Owner/></AccessControlPolicy>",
        "<AccessControlPolicy><AccessControlList><Grant><Grantee><ID>x</ID></Grantee><Permission>ALL</Permission></Grant></AccessControlList></AccessControlPolicy>",
    ] {
        assert_eq!(
            Acl::from_policy(bad).unwrap_err().code,
            "MalformedXML",
            "{bad}"
        );
    }
    assert_eq!(
        crate::handlers::multipart::parse_complete("<CompleteMultipartUpload/>")
            .unwrap_err()
            .code,
        "MalformedXML"
    );
    assert_eq!(
        crate::handlers::multipart::parse_complete("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>")
            .unwrap_err()
            .code,
        "MalformedXML"
    );
    // Grant headers.
    let headers = vec![
        ("x-cos-acl".to_string(), "public-read".to_string()),
        (
            "x-cos-grant-read".to_string(),
            "id=\"qcs::cam::uin/100:uin/100\", id=\"100000000011\",uin=\"7\"".to_string(),
        ),
        (
            "x-cos-grant-full-control".to_string(),
            "id=\"qcs::cam::anyone:anyone\"".to_string(),
        ),
    ];
    let acl = Acl::from_headers(&headers, &crate::acl::BUCKET_ACLS)
        .unwrap()
        .unwrap();
    let ids: Vec<_> = acl.grants.iter().map(|g| g.grantee.clone()).collect();
    assert_eq!(
        ids,
        vec![
            Grantee::User("qcs::cam::uin/100:uin/100".into()),
            Grantee::User("qcs::cam::uin/100000000011:uin/100000000011".into()),
            Grantee::User("qcs::cam::uin/7:uin/7".into()),
            Grantee::Group(ALL_USERS.into()),
        ]
    );
    let bad = vec![("x-cos-grant-read".to_string(), "nonsense".to_string())];
    assert_eq!(
        Acl::from_headers(&bad, &crate::acl::BUCKET_ACLS)
            .unwrap_err()
            .code,
        "InvalidArgument"
    );
    let bad = vec![("x-cos-acl".to_string(), "default".to_string())];
    assert_eq!(
        Acl::from_headers(&bad, &crate::acl::BUCKET_ACLS)
            .unwrap_err()
            .code,
        "InvalidArgument"
    );
}

#[test]
fn cors_matching_rules() {
    let cors = crate::cors::CorsConfig::parse(
        "<CORSConfiguration>\
         <CORSRule><ID>a</ID><AllowedOrigin>http://*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>x-cos-*</AllowedHeader></CORSRule>\
         <CORSRule><ID>b</ID><AllowedOrigin>https://exact.org</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule>\
         <CORSRule><ID>c</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod></CORSRule>\
         </CORSConfiguration>",
    )
    .unwrap();
    let id = |o: &str, m: &str, h: &[&str]| {
        let h: Vec<String> = h.iter().map(|s| s.to_string()).collect();
        cors.find(o, m, &h).and_then(|r| r.id.clone())
    };
    assert_eq!(id("http://a.example.com", "GET", &[]).as_deref(), Some("a"));
    assert_eq!(
        id("http://a.example.com", "GET", &["X-COS-Meta-A"]).as_deref(),
        Some("a")
    );
    assert_eq!(id("http://a.example.com", "GET", &["Authorization"]), None);
    assert_eq!(id("http://example.com", "GET", &[]), None);
    assert_eq!(id("http://a.example.com", "PUT", &[]), None);
    assert_eq!(
        id(
            "https://exact.org",
            "PUT",
            &["Authorization", "content-type"]
        )
        .as_deref(),
        Some("b")
    );
    assert_eq!(id("https://exact.org.evil", "PUT", &[]), None);
    assert_eq!(id("anything", "HEAD", &[]).as_deref(), Some("c"));
    assert_eq!(id("anything", "HEAD", &["x"]), None);
    for (body, code) in [
        ("<CORSConfiguration/>", "MalformedXML"),
        (
            "<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>",
            "MalformedXML",
        ),
        (
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>",
            "MalformedXML",
        ),
        (
            "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>",
            "InvalidArgument",
        ),
        (
            "<CORSConfiguration><CORSRule><AllowedOrigin>*a*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>",
            "InvalidArgument",
        ),
    ] {
        assert_eq!(
            crate::cors::CorsConfig::parse(body).unwrap_err().code,
            code,
            "{body}"
        );
    }
}

// ---------------------------------------------------------------- ACL

#[test]
fn bucket_and_object_acl() {
    let emu = Emulator::start().unwrap();
    let mut c = Client::new(&emu);
    assert_eq!(
        c.call("PUT", "/", &[], &[("x-cos-acl", "public-read")], b"")
            .status,
        200
    );
    let r = c.call("GET", "/", &[("acl", "")], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Content-Type"), Some("application/xml"));
    assert_eq!(r.header("x-cos-acl"), Some("public-read"));
    let owner = "qcs::cam::uin/100000000001:uin/100000000001";
    assert_eq!(r.xml("ID").as_deref(), Some(owner));
    assert_eq!(xml_all(&r, "Permission"), vec!["FULL_CONTROL", "READ"]);
    assert_eq!(
        xml_all(&r, "URI"),
        vec!["http://cam.qcloud.com/groups/global/AllUsers"]
    );
    assert!(
        r.text().contains("xsi:type=\"CanonicalUser\""),
        "{}",
        r.text()
    );

    // Headers (the Node SDK's request).
    let r = c.call(
        "PUT",
        "/",
        &[("acl", "")],
        &[
            ("x-cos-acl", "public-read-write"),
            ("x-cos-grant-read", "id=\"qcs::cam::uin/100:uin/100\""),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("acl", "")], &[], b"");
    assert_eq!(r.header("x-cos-acl"), Some("public-read-write"));
    assert_eq!(
        xml_all(&r, "Permission"),
        vec!["FULL_CONTROL", "READ", "WRITE", "READ"]
    );
    assert!(xml_all(&r, "ID").contains(&"qcs::cam::uin/100:uin/100".to_string()));
    assert_error(
        &c.call(
            "PUT",
            "/",
            &[("acl", "")],
            &[("x-cos-acl", "bucket-owner-read")],
            b"",
        ),
        400,
        "InvalidArgument",
    );
    assert_error(
        &c.call("PUT", "/", &[("acl", "")], &[], b""),
        400,
        "InvalidRequest",
    );

    // XML body: pretty-printed with xsi attributes, then private again.
    let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<AccessControlPolicy>
  <Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID></Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>qcs::cam::uin/100000000001:uin/100000000001</ID>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>qcs::cam::uin/100000000001:uin/100000000011</ID>
      </Grantee>
      <Permission>WRITE_ACP</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>"#;
    let r = call_md5(
        &mut c,
        "PUT",
        "/",
        &[("acl", "")],
        &[("Content-Type", "application/xml")],
        body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("acl", "")], &[], b"");
    assert_eq!(r.header("x-cos-acl"), Some("private"));
    assert_eq!(xml_all(&r, "Permission"), vec!["FULL_CONTROL", "WRITE_ACP"]);
    assert_eq!(
        xml_all(&r, "DisplayName"),
        vec!["100000000001", "100000000001", "100000000011"]
    );
    assert_error(
        &c.call(
            "PUT",
            "/",
            &[("acl", "")],
            &[("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")],
            body,
        ),
        400,
        "BadDigest",
    );
    assert_error(
        &c.call(
            "PUT",
            "/",
            &[("acl", "")],
            &[],
            b"<AccessControlPolicy><Acc",
        ),
        400,
        "MalformedXML",
    );

    // Object ACL.
    assert_error(
        &c.call("GET", "/nope", &[("acl", "")], &[], b""),
        404,
        "NoSuchKey",
    );
    assert_error(
        &c.call(
            "PUT",
            "/nope",
            &[("acl", "")],
            &[("x-cos-acl", "private")],
            b"",
        ),
        404,
        "NoSuchKey",
    );
    assert_eq!(c.call("PUT", "/o", &[], &[], b"x").status, 200);
    let r = c.call("GET", "/o", &[("acl", "")], &[], b"");
    assert_eq!(
        (r.status, r.header("x-cos-acl")),
        (200, Some("default")),
        "{}",
        r.text()
    );
    assert_eq!(xml_all(&r, "Permission"), vec!["FULL_CONTROL"]);
    let r = c.call(
        "PUT",
        "/o",
        &[("acl", "")],
        &[("x-cos-acl", "bucket-owner-full-control")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        c.call("GET", "/o", &[("acl", "")], &[], b"")
            .header("x-cos-acl"),
        Some("bucket-owner-full-control")
    );
    let r = c.call(
        "PUT",
        "/o2",
        &[],
        &[
            ("x-cos-acl", "public-read"),
            ("x-cos-grant-write-acp", "id=\"5\""),
        ],
        b"x",
    );
    assert_eq!(r.status, 200);
    let r = c.call("GET", "/o2", &[("acl", "")], &[], b"");
    assert_eq!(r.header("x-cos-acl"), Some("public-read"));
    assert_eq!(
        xml_all(&r, "Permission"),
        vec!["FULL_CONTROL", "READ", "WRITE_ACP"]
    );
    assert_error(
        &c.call("PUT", "/o3", &[], &[("x-cos-acl", "everyone")], b"x"),
        400,
        "InvalidArgument",
    );
    // Node SDK's compact body.
    let body = b"<AccessControlPolicy><Owner><ID>qcs::cam::uin/1:uin/1</ID></Owner><AccessControlList><Grant><Grantee><ID>qcs::cam::uin/2:uin/2</ID></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>";
    let r = call_md5(
        &mut c,
        "PUT",
        "/o2",
        &[("acl", "")],
        &[("Content-Type", "application/xml")],
        body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/o2", &[("acl", "")], &[], b"");
    assert_eq!(r.header("x-cos-acl"), Some("private"));
    // Exactly the grants sent: no owner FULL_CONTROL added (the Owner stays).
    assert_eq!(xml_all(&r, "ID"), vec![owner, "qcs::cam::uin/2:uin/2"]);
    emu.stop();
}

#[test]
fn anonymous_access_follows_acls() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    c.call("PUT", "/private.txt", &[], &[], b"secret");
    c.call(
        "PUT",
        "/public.txt",
        &[],
        &[("x-cos-acl", "public-read")],
        b"hello",
    );
    // Private bucket.
    let r = anon(&mut c, "GET", "/private.txt", &[], &[], b"");
    assert_error(&r, 403, "AccessDenied");
    let r = anon(&mut c, "GET", "/public.txt", &[], &[], b"");
    assert_eq!((r.status, r.text().as_str()), (200, "hello"));
    let r = anon(&mut c, "HEAD", "/public.txt", &[], &[], b"");
    assert_eq!(r.status, 200);
    assert_error(
        &anon(
            &mut c,
            "GET",
            "/public.txt",
            &[("response-content-type", "text/html")],
            &[],
            b"",
        ),
        403,
        "AccessDenied",
    );
    assert_error(
        &anon(&mut c, "GET", "/", &[], &[], b""),
        403,
        "AccessDenied",
    );
    assert_error(
        &anon(&mut c, "PUT", "/new.txt", &[], &[], b"x"),
        403,
        "AccessDenied",
    );
    assert_error(
        &anon(&mut c, "GET", "/", &[("acl", "")], &[], b""),
        403,
        "AccessDenied",
    );

    // Public-read bucket: list and default objects readable, writes not.
    let r = c.call(
        "PUT",
        "/",
        &[("acl", "")],
        &[("x-cos-acl", "public-read")],
        b"",
    );
    assert_eq!(r.status, 200);
    let r = anon(&mut c, "GET", "/", &[], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(xml_all(&r, "Key"), vec!["private.txt", "public.txt"]);
    let r = anon(&mut c, "GET", "/private.txt", &[], &[], b"");
    assert_eq!((r.status, r.text().as_str()), (200, "secret"));
    assert_error(
        &anon(&mut c, "GET", "/missing", &[], &[], b""),
        404,
        "NoSuchKey",
    );
    c.call(
        "PUT",
        "/private.txt",
        &[("acl", "")],
        &[("x-cos-acl", "private")],
        b"",
    );
    assert_error(
        &anon(&mut c, "GET", "/private.txt", &[], &[], b""),
        403,
        "AccessDenied",
    );
    assert_error(
        &anon(&mut c, "DELETE", "/public.txt", &[], &[], b""),
        403,
        "AccessDenied",
    );

    // Public-read-write bucket: anonymous PUT and DELETE.
    c.call(
        "PUT",
        "/",
        &[("acl", "")],
        &[("x-cos-acl", "public-read-write")],
        b"",
    );
    let r = anon(&mut c, "PUT", "/anon.txt", &[], &[], b"by anyone");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        c.call("GET", "/anon.txt", &[], &[], b"").text(),
        "by anyone"
    );
    let r = anon(&mut c, "DELETE", "/anon.txt", &[], &[], b"");
    assert_eq!(r.status, 204);
    // Still no anonymous ACL or bucket administration.
    assert_error(
        &anon(&mut c, "DELETE", "/", &[], &[], b""),
        403,
        "AccessDenied",
    );
    emu.stop();
}

// ---------------------------------------------------------------- CORS

#[test]
fn bucket_cors_and_options() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    assert_error(
        &c.call("GET", "/", &[("cors", "")], &[], b""),
        404,
        "NoSuchCORSConfiguration",
    );
    let preflight = [
        ("Origin", "https://qq.com"),
        ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Headers", "Authorization"),
    ];
    assert_error(
        &anon(&mut c, "OPTIONS", "/1.jpg", &[], &preflight, b""),
        403,
        "AccessForbidden",
    );
    let node_body = b"<CORSConfiguration><CORSRule><MaxAgeSeconds>5</MaxAgeSeconds><AllowedOrigin>*</AllowedOrigin><AllowedHeader>*</AllowedHeader><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>";
    assert_eq!(md5_b64(node_body), "eopnUnlJglGV2nUZMsQfmg==");
    // Content-MD5 rules.
    assert_error(
        &c.call("PUT", "/", &[("cors", "")], &[], node_body),
        400,
        "InvalidRequest",
    );
    assert_error(
        &c.call(
            "PUT",
            "/",
            &[("cors", "")],
            &[("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")],
            node_body,
        ),
        400,
        "BadDigest",
    );
    assert_error(
        &c.call(
            "PUT",
            "/",
            &[("cors", "")],
            &[("Content-MD5", "not base64!")],
            node_body,
        ),
        400,
        "InvalidDigest",
    );
    // Validation.
    for (body, code) in [
        (
            &b"<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>"[..],
            "MalformedXML",
        ),
        (
            &b"<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>COPY</AllowedMethod></CORSRule></CORSConfiguration>"[..],
            "InvalidArgument",
        ),
        (&b"<CORSConfiguration><CORSRule>"[..], "MalformedXML"),
    ] {
        assert_error(
            &call_md5(&mut c, "PUT", "/", &[("cors", "")], &[], body),
            400,
            code,
        );
    }
    let rule =
        "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>";
    let many = format!(
        "<CORSConfiguration>{}</CORSConfiguration>",
        rule.repeat(101)
    );
    assert_error(
        &call_md5(&mut c, "PUT", "/", &[("cors", "")], &[], many.as_bytes()),
        400,
        "InvalidArgument",
    );
    let exactly = format!(
        "<CORSConfiguration>{}</CORSConfiguration>",
        rule.repeat(100)
    );
    assert_eq!(
        call_md5(&mut c, "PUT", "/", &[("cors", "")], &[], exactly.as_bytes()).status,
        200
    );

    // The Node SDK's request, as sent.
    let r = c.call(
        "PUT",
        "/",
        &[("cors", "")],
        &[
            ("Content-Type", "application/xml"),
            ("Content-MD5", "eopnUnlJglGV2nUZMsQfmg=="),
        ],
        node_body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("cors", "")], &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("application/xml"));
    assert_eq!(
        r.text(),
        "<?xml version='1.0' encoding='utf-8' ?>\n<CORSConfiguration><CORSRule><MaxAgeSeconds>5</MaxAgeSeconds><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>"
    );
    let r = anon(&mut c, "OPTIONS", "/1.jpg", &[], &preflight, b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Access-Control-Allow-Origin"), Some("*"));
    assert_eq!(r.header("Access-Control-Allow-Methods"), Some("GET, PUT"));
    assert_eq!(
        r.header("Access-Control-Allow-Headers"),
        Some("Authorization")
    );
    assert_eq!(r.header("Access-Control-Expose-Headers"), Some("ETag"));
    assert_eq!(r.header("Access-Control-Max-Age"), Some("5"));
    assert!(r.header("x-cos-request-id").is_some());
    assert_eq!(r.header("Vary"), None);
    assert_error(
        &anon(
            &mut c,
            "OPTIONS",
            "/1.jpg",
            &[],
            &[
                ("Origin", "https://qq.com"),
                ("Access-Control-Request-Method", "DELETE"),
            ],
            b"",
        ),
        403,
        "AccessForbidden",
    );
    assert_error(
        &anon(
            &mut c,
            "OPTIONS",
            "/1.jpg",
            &[],
            &[("Access-Control-Request-Method", "GET")],
            b"",
        ),
        400,
        "InvalidRequest",
    );
    assert_error(
        &anon(
            &mut c,
            "OPTIONS",
            "/1.jpg",
            &[],
            &[("Origin", "https://qq.com")],
            b"",
        ),
        400,
        "InvalidRequest",
    );

    // Specific origins, header lists, ResponseVary, rules in order.
    let body = b"<?xml version='1.0' encoding='utf-8' ?>
<CORSConfiguration>
  <CORSRule>
    <ID>first</ID>
    <AllowedOrigin>http://*.example.com</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>x-cos-meta-test</AllowedHeader>
    <AllowedHeader>Content-Type</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <ExposeHeader>x-cos-request-id</ExposeHeader>
  </CORSRule>
  <CORSRule>
    <ID>second</ID>
    <AllowedOrigin>https://other.org</AllowedOrigin>
    <AllowedMethod>POST</AllowedMethod>
  </CORSRule>
  <ResponseVary>true</ResponseVary>
</CORSConfiguration>";
    assert_eq!(
        call_md5(&mut c, "PUT", "/", &[("cors", "")], &[], body).status,
        200
    );
    let r = c.call("GET", "/", &[("cors", "")], &[], b"");
    assert_eq!(xml_all(&r, "ID"), vec!["first", "second"]);
    assert_eq!(r.xml("ResponseVary").as_deref(), Some("true"));
    let r = anon(
        &mut c,
        "OPTIONS",
        "/",
        &[],
        &[
            ("Origin", "http://www.example.com"),
            ("Access-Control-Request-Method", "GET"),
            (
                "Access-Control-Request-Headers",
                "X-Cos-Meta-Test, content-type",
            ),
        ],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("Access-Control-Allow-Origin"),
        Some("http://www.example.com")
    );
    assert_eq!(r.header("Access-Control-Allow-Methods"), Some("GET, HEAD"));
    assert_eq!(
        r.header("Access-Control-Allow-Headers"),
        Some("X-Cos-Meta-Test, content-type")
    );
    assert_eq!(
        r.header("Access-Control-Expose-Headers"),
        Some("ETag, x-cos-request-id")
    );
    assert_eq!(r.header("Access-Control-Max-Age"), None);
    assert_eq!(r.header("Vary"), Some("Origin"));
    assert_error(
        &anon(
            &mut c,
            "OPTIONS",
            "/",
            &[],
            &[
                ("Origin", "http://www.example.com"),
                ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Headers", "Authorization"),
            ],
            b"",
        ),
        403,
        "AccessForbidden",
    );
    // Actual requests with a matching Origin get CORS headers, also on errors.
    c.call("PUT", "/k", &[], &[], b"v");
    let r = c.call("GET", "/k", &[], &[("Origin", "http://a.example.com")], b"");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Access-Control-Allow-Origin"),
        Some("http://a.example.com")
    );
    assert_eq!(
        r.header("Access-Control-Expose-Headers"),
        Some("ETag, x-cos-request-id")
    );
    let r = c.call(
        "GET",
        "/missing",
        &[],
        &[("Origin", "http://a.example.com")],
        b"",
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.header("Access-Control-Allow-Origin"),
        Some("http://a.example.com")
    );
    let r = c.call("GET", "/k", &[], &[("Origin", "http://evil.com")], b"");
    assert_eq!(r.header("Access-Control-Allow-Origin"), None);
    let r = c.call("GET", "/k", &[], &[], b"");
    assert_eq!(r.header("Access-Control-Allow-Origin"), None);

    let r = c.call("DELETE", "/", &[("cors", "")], &[], b"");
    assert_eq!(r.status, 204);
    assert_error(
        &c.call("GET", "/", &[("cors", "")], &[], b""),
        404,
        "NoSuchCORSConfiguration",
    );
    assert_error(
        &anon(&mut c, "OPTIONS", "/1.jpg", &[], &preflight, b""),
        403,
        "AccessForbidden",
    );
    emu.stop();
}

// ---------------------------------------------------------------- location, tagging

#[test]
fn bucket_location_and_tagging() {
    let emu = Emulator::start().unwrap();
    let mut c = Client::new(&emu);
    let r = c.call(
        "PUT",
        "/",
        &[],
        &[("x-cos-tagging", "k1=v1&k%202=v%202")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("location", "")], &[], b"");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.text(),
        format!(
            "<?xml version='1.0' encoding='utf-8' ?>\n<LocationConstraint>{REGION}</LocationConstraint>"
        )
    );
    let r = c.call("GET", "/", &[("tagging", "")], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(xml_all(&r, "Key"), vec!["k1", "k 2"]);
    assert_eq!(xml_all(&r, "Value"), vec!["v1", "v 2"]);

    let node_body =
        b"<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag></TagSet></Tagging>";
    assert_eq!(md5_b64(node_body), "+MhyBPFTuEtXiEQYzUp6pw==");
    assert_error(
        &c.call("PUT", "/", &[("tagging", "")], &[], node_body),
        400,
        "InvalidRequest",
    );
    assert_error(
        &c.call(
            "PUT",
            "/",
            &[("tagging", "")],
            &[("Content-MD5", "+MhyBPFTuEtXiEQYzUp6pA==")],
            node_body,
        ),
        400,
        "BadDigest",
    );
    assert_error(
        &c.call(
            "PUT",
            "/",
            &[("tagging", "")],
            &[("Content-MD5", "abc")],
            node_body,
        ),
        400,
        "InvalidDigest",
    );
    let tag = |k: &str, v: &str| format!("<Tag><Key>{k}</Key><Value>{v}</Value></Tag>");
    let doc = |tags: String| format!("<Tagging><TagSet>{tags}</TagSet></Tagging>");
    let long_key = "k".repeat(129);
    let long_value = "v".repeat(257);
    for (body, code) in [
        (doc(tag("a", "1") + &tag("a", "2")), "InvalidTag"),
        (doc(tag("", "1")), "InvalidTag"),
        (doc(tag(&long_key, "1")), "InvalidTag"),
        (doc(tag("a", &long_value)), "InvalidTag"),
        (
            doc((0..51).map(|i| tag(&format!("k{i}"), "v")).collect()),
            "InvalidTag",
        ),
        ("<Tagging><TagSet><Tag>".to_string(), "MalformedXML"),
        ("<Tagging/>".to_string(), "MalformedXML"),
    ] {
        assert_error(
            &call_md5(&mut c, "PUT", "/", &[("tagging", "")], &[], body.as_bytes()),
            400,
            code,
        );
    }
    let fifty = doc((0..50).map(|i| tag(&format!("k{i}"), "v")).collect());
    assert_eq!(
        call_md5(
            &mut c,
            "PUT",
            "/",
            &[("tagging", "")],
            &[],
            fifty.as_bytes()
        )
        .status,
        200
    );
    let r = c.call(
        "PUT",
        "/",
        &[("tagging", "")],
        &[
            ("Content-Type", "application/xml"),
            ("Content-MD5", "+MhyBPFTuEtXiEQYzUp6pw=="),
        ],
        node_body,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("GET", "/", &[("tagging", "")], &[], b"");
    assert_eq!(
        r.text(),
        "<?xml version='1.0' encoding='utf-8' ?>\n<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag></TagSet></Tagging>"
    );
    assert_eq!(
        c.call("DELETE", "/", &[("tagging", "")], &[], b"").status,
        204
    );
    assert_error(
        &c.call("GET", "/", &[("tagging", "")], &[], b""),
        404,
        "NoSuchTagSet",
    );
    let mut other = Client::with_host(&emu, &format!("bad-1250000000.cos.{REGION}.myqcloud.com"));
    assert_error(
        &other.call("PUT", "/", &[], &[("x-cos-tagging", "a=1&a=2")], b""),
        400,
        "InvalidTag",
    );
    assert_error(
        &other.call("GET", "/", &[("location", "")], &[], b""),
        404,
        "NoSuchBucket",
    );
    emu.stop();
}

// ---------------------------------------------------------------- delete multiple

#[test]
fn delete_multiple_objects() {
    let emu = Emulator::start().unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    for k in ["1.txt", "中文/2.txt", "a&b<c>", "keep"] {
        assert_eq!(c.call("PUT", &format!("/{k}"), &[], &[], b"x").status, 200);
    }
    let body = "<Delete><Quiet>false</Quiet><Object><Key>a&amp;b&lt;c&gt;</Key></Object><Object><Key>absent</Key></Object><Object><Key></Key></Object><Object><Key>1.txt</Key></Object></Delete>";
    assert_error(
        &c.call("POST", "/", &[("delete", "")], &[], body.as_bytes()),
        400,
        "InvalidRequest",
    );
    assert_error(
        &c.call(
            "POST",
            "/",
            &[("delete", "")],
            &[("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")],
            body.as_bytes(),
        ),
        400,
        "BadDigest",
    );
    assert_error(
        &c.call(
            "POST",
            "/",
            &[("delete", "")],
            &[("Content-MD5", "%%%")],
            body.as_bytes(),
        ),
        400,
        "InvalidDigest",
    );
    let too_many = format!(
        "<Delete>{}</Delete>",
        "<Object><Key>x</Key></Object>".repeat(1001)
    );
    assert_error(
        &call_md5(
            &mut c,
            "POST",
            "/",
            &[("delete", "")],
            &[],
            too_many.as_bytes(),
        ),
        400,
        "MalformedXML",
    );
    assert_error(
        &call_md5(
            &mut c,
            "POST",
            "/",
            &[("delete", "")],
            &[],
            b"<Delete><Object>",
        ),
        400,
        "MalformedXML",
    );
    let r = call_md5(
        &mut c,
        "POST",
        "/",
        &[("delete", "")],
        &[("Content-Type", "application/xml")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Content-Type"), Some("application/xml"));
    let text = r.text();
    assert_eq!(
        text,
        "<?xml version='1.0' encoding='utf-8' ?>\n<DeleteResult><Deleted><Key>a&amp;b&lt;c&gt;</Key></Deleted><Deleted><Key>absent</Key></Deleted><Deleted><Key/></Deleted><Deleted><Key>1.txt</Key></Deleted></DeleteResult>"
    );
    assert_eq!(c.call("HEAD", "/a&b<c>", &[], &[], b"").status, 404);
    // The Node SDK's request (quiet): nothing listed but errors.
    let node = "<Delete><Object><Key>1.txt</Key></Object><Object><Key>中文/2.txt</Key></Object><Quiet>true</Quiet></Delete>";
    assert_eq!(md5_b64(node.as_bytes()), "pngEWxThAd4UFeyN9+OTWQ==");
    let r = c.call(
        "POST",
        "/",
        &[("delete", "")],
        &[
            ("Content-Type", "application/xml"),
            ("Content-MD5", "pngEWxThAd4UFeyN9+OTWQ=="),
        ],
        node.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.text(),
        "<?xml version='1.0' encoding='utf-8' ?>\n<DeleteResult></DeleteResult>"
    );
    let r = c.call("GET", "/", &[], &[], b"");
    assert_eq!(xml_all(&r, "Key"), vec!["keep"]);
    let exactly = format!(
        "<Delete><Quiet>true</Quiet>{}</Delete>",
        (0..1000)
            .map(|i| format!("<Object><Key>k{i}</Key></Object>"))
            .collect::<String>()
    );
    assert_eq!(
        call_md5(
            &mut c,
            "POST",
            "/",
            &[("delete", "")],
            &[],
            exactly.as_bytes()
        )
        .status,
        200
    );
    emu.stop();
}

// ---------------------------------------------------------------- multipart

fn initiate(c: &mut Client, key: &str, headers: &[(&str, &str)]) -> String {
    let r = c.call("POST", key, &[("uploads", "")], headers, b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("Content-Type"), Some("application/xml"));
    assert_eq!(r.xml("Bucket").as_deref(), Some(BUCKET));
    assert_eq!(r.xml("Key").as_deref(), Some(&key[1..]));
    r.xml("UploadId").unwrap()
}

fn put_part(c: &mut Client, key: &str, id: &str, n: u32, body: &[u8]) -> Resp {
    let n = n.to_string();
    c.call(
        "PUT",
        key,
        &[("partNumber", &n), ("uploadId", id)],
        &[],
        body,
    )
}

fn complete_body(parts: &[(u32, String)]) -> String {
    let mut s = String::from("<CompleteMultipartUpload>");
    for (n, etag) in parts {
        s.push_str(&format!(
            "<Part><PartNumber>{n}</PartNumber><ETag>{etag}</ETag></Part>"
        ));
    }
    s.push_str("</CompleteMultipartUpload>");
    s
}

fn parts_dir_entries(emu: &Emulator) -> usize {
    let dir = emu.temp_dir.as_ref().unwrap().path().join("parts");
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn multipart_spec_example_etag_and_crc() {
    let emu = Emulator::start_with(EmulatorConfig {
        min_part_size: 1,
        ..Default::default()
    })
    .unwrap();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let id = initiate(&mut c, "/hw.txt", &[]);
    let e1 = put_part(&mut c, "/hw.txt", &id, 1, b"hello ");
    let e2 = put_part(&mut c, "/hw.txt", &id, 2, b"world!");
    assert_eq!(
        e1.header("ETag").unwrap(),
        format!("\"{}\"", md5_hex(b"hello "))
    );
    let crc1 = crate::store::CRC64.checksum(b"hello ").to_string();
    assert_eq!(e1.header("x-cos-hash-crc64ecma"), Some(crc1.as_str()));
    let body = complete_body(&[
        (1, e1.header("ETag").unwrap().to_string()),
        (2, e2.header("ETag").unwrap().to_string()),
    ]);
    let r = c.call(
        "POST",
        "/hw.txt",
        &[("uploadId", &id)],
        &[],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.xml("ETag").as_deref(),
        Some("\"8ae2532e3bf1d4178d0aa9ca8a20f149-2\"")
    );
    assert!(
        r.text()
            .contains("<ETag>&quot;8ae2532e3bf1d4178d0aa9ca8a20f149-2&quot;</ETag>")
    );
    let crc = crate::store::CRC64.checksum(b"hello world!").to_string();
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    let r = c.call("GET", "/hw.txt", &[], &[], b"");
    assert_eq!(r.text(), "hello world!");
    assert_eq!(
        r.header("ETag"),
        Some("\"8ae2532e3bf1d4178d0aa9ca8a20f149-2\"")
    );
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    emu.stop();
}

#[test]
fn multipart_lifecycle_and_errors() {
    let emu = small_parts_emulator();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let key = "/dir/大 文件.bin";
    let id = initiate(
        &mut c,
        key,
        &[
            ("Content-Type", "video/mp4"),
            ("Cache-Control", "no-cache"),
            ("Content-Disposition", "attachment"),
            ("x-cos-meta-origin", "camera"),
            ("x-cos-storage-class", "STANDARD_IA"),
            ("x-cos-acl", "public-read"),
            ("x-cos-tagging", "a=1&b=2"),
        ],
    );
    assert!(id.len() >= 40, "{id}");
    let id2 = initiate(&mut c, key, &[]);
    assert_ne!(id, id2);

    // Part number and upload id validation.
    for n in ["0", "10001", "x", "-1"] {
        let r = c.call(
            "PUT",
            key,
            &[("partNumber", n), ("uploadId", &id)],
            &[],
            b"abc",
        );
        assert_error(&r, 400, "InvalidArgument");
    }
    assert_error(
        &put_part(&mut c, key, "nonexistent", 1, b"abc"),
        404,
        "NoSuchUpload",
    );
    assert_error(
        &put_part(&mut c, "/other-key", &id, 1, b"abc"),
        404,
        "NoSuchUpload",
    );
    let r = c.call(
        "PUT",
        key,
        &[("partNumber", "1"), ("uploadId", &id)],
        &[("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")],
        b"part-one",
    );
    assert_error(&r, 400, "BadDigest");
    let r = c.call(
        "PUT",
        key,
        &[("partNumber", "1"), ("uploadId", &id)],
        &[("Content-MD5", "xyz")],
        b"part-one",
    );
    assert_error(&r, 400, "InvalidDigest");
    assert_eq!(parts_dir_entries(&emu), 0, "failed parts leave no files");

    // Parts (out of order, one replaced, a gap at 4).
    let p = |i: u32| format!("part-{i}-").repeat(i as usize + 1).into_bytes();
    let md5 = md5_b64(&p(3));
    let r = c.call(
        "PUT",
        key,
        &[("partNumber", "3"), ("uploadId", &id)],
        &[("Content-MD5", &md5)],
        &p(3),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("ETag").unwrap(), format!("\"{}\"", md5_hex(&p(3))));
    assert_eq!(r.header("Content-Length"), Some("0"));
    put_part(&mut c, key, &id, 1, b"first version of part one");
    put_part(&mut c, key, &id, 2, &p(2));
    let r = put_part(&mut c, key, &id, 1, &p(1));
    assert_eq!(r.status, 200);
    put_part(&mut c, key, &id, 5, b"x");
    assert_eq!(parts_dir_entries(&emu), 4, "replaced part file removed");

    // List Parts with paging.
    let r = c.call(
        "GET",
        key,
        &[("uploadId", &id), ("max-parts", "2")],
        &[],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(xml_all(&r, "PartNumber"), vec!["1", "2"]);
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("true"));
    assert_eq!(r.xml("NextPartNumberMarker").as_deref(), Some("2"));
    assert_eq!(r.xml("MaxParts").as_deref(), Some("2"));
    assert_eq!(r.xml("StorageClass").as_deref(), Some("STANDARD_IA"));
    assert_eq!(r.xml("UploadId").as_deref(), Some(id.as_str()));
    assert_eq!(
        xml_all(&r, "ETag"),
        vec![
            format!("\"{}\"", md5_hex(&p(1))),
            format!("\"{}\"", md5_hex(&p(2)))
        ]
    );
    assert_eq!(
        xml_all(&r, "Size"),
        vec![p(1).len().to_string(), p(2).len().to_string()]
    );
    let text = r.text();
    assert!(text.contains("<Initiator><ID>qcs::cam::uin/100000000001:uin/100000000001</ID><DisplayName>100000000001</DisplayName></Initiator>"), "{text}");
    assert!(text.contains("<Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID>"));
    let r = c.call(
        "GET",
        key,
        &[
            ("uploadId", &id),
            ("part-number-marker", "2"),
            ("encoding-type", "url"),
        ],
        &[],
        b"",
    );
    assert_eq!(xml_all(&r, "PartNumber"), vec!["3", "5"]);
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("false"));
    assert_eq!(r.xml("PartNumberMarker").as_deref(), Some("2"));
    assert_eq!(r.xml("EncodingType").as_deref(), Some("url"));
    assert_eq!(
        r.xml("Key").as_deref(),
        Some("dir/%E5%A4%A7%20%E6%96%87%E4%BB%B6.bin")
    );
    assert_error(
        &c.call("GET", key, &[("uploadId", "nope")], &[], b""),
        404,
        "NoSuchUpload",
    );

    // Complete: validation order.
    let etag = |i: u32| format!("\"{}\"", md5_hex(&p(i)));
    let good = complete_body(&[(1, etag(1)), (2, etag(2)), (3, etag(3))]);
    assert_error(
        &c.call("POST", key, &[("uploadId", "nope")], &[], b"<broken"),
        404,
        "NoSuchUpload",
    );
    assert_error(
        &c.call("POST", key, &[("uploadId", &id)], &[], b"<broken"),
        400,
        "MalformedXML",
    );
    assert_error(
        &c.call(
            "POST",
            key,
            &[("uploadId", &id)],
            &[],
            b"<CompleteMultipartUpload></CompleteMultipartUpload>",
        ),
        400,
        "MalformedXML",
    );
    assert_error(
        &c.call(
            "POST",
            key,
            &[("uploadId", &id)],
            &[("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==")],
            good.as_bytes(),
        ),
        400,
        "BadDigest",
    );
    let small = format!("\"{}\"", md5_hex(b"x"));
    let cases = [
        (
            complete_body(&[(2, etag(2)), (1, etag(1))]),
            "InvalidPartOrder",
        ),
        (
            complete_body(&[(1, etag(1)), (1, etag(1))]),
            "InvalidPartOrder",
        ),
        (complete_body(&[(1, etag(1)), (4, etag(3))]), "InvalidPart"),
        (complete_body(&[(1, etag(1)), (2, etag(3))]), "InvalidPart"),
        // Part 6 is missing: InvalidPart is checked before EntityTooSmall.
        (
            complete_body(&[(1, etag(1)), (5, small.clone()), (6, "\"a\"".into())]),
            "InvalidPart",
        ),
    ];
    for (body, code) in &cases {
        assert_error(
            &c.call("POST", key, &[("uploadId", &id)], &[], body.as_bytes()),
            400,
            code,
        );
    }
    // With every part present, the small non-last part (1 byte) is refused;
    // ETags compare without quotes and case-insensitively.
    put_part(&mut c, key, &id, 6, b"tail");
    let too_small = complete_body(&[
        (1, etag(1)),
        (5, md5_hex(b"x").to_uppercase()),
        (6, format!("\"{}\"", md5_hex(b"tail"))),
    ]);
    assert_error(
        &c.call("POST", key, &[("uploadId", &id)], &[], too_small.as_bytes()),
        400,
        "EntityTooSmall",
    );
    // A small last part is fine (checked further below by completing 1 + 3).
    // Still there after the failures.
    assert_eq!(
        c.call("GET", key, &[("uploadId", &id)], &[], b"").status,
        200
    );

    // forbid-overwrite with an existing key.
    c.call("PUT", key, &[], &[], b"existing");
    assert_error(
        &call_md5(
            &mut c,
            "POST",
            key,
            &[("uploadId", &id)],
            &[("x-cos-forbid-overwrite", "true")],
            good.as_bytes(),
        ),
        409,
        "PathConflict",
    );

    // Success (pretty-printed body with Content-MD5); gaps allowed, unlisted discarded.
    let pretty = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUpload>\n  <Part>\n    <PartNumber>1</PartNumber>\n    <ETag>{}</ETag>\n  </Part>\n  <Part>\n    <PartNumber>3</PartNumber>\n    <ETag>{}</ETag>\n  </Part>\n</CompleteMultipartUpload>\n",
        etag(1).replace('"', "&quot;"),
        etag(3)
    );
    let r = call_md5(
        &mut c,
        "POST",
        key,
        &[("uploadId", &id)],
        &[("Content-Type", "application/xml")],
        pretty.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let expected: Vec<u8> = [p(1), p(3)].concat();
    let md5s: Vec<[u8; 16]> = [p(1), p(3)].iter().map(|b| Md5::digest(b).into()).collect();
    let want_etag = crate::multipart::multipart_etag(&md5s);
    assert!(r.text().starts_with("<?xml version='1.0' encoding='utf-8' ?>\n<CompleteMultipartUploadResult xmlns=\"http://www.qcloud.com/document/product/436/7751\"><Location>http://"), "{}", r.text());
    assert_eq!(
        r.xml("Location"),
        Some(format!(
            "http://{BUCKET}.cos.{REGION}.myqcloud.com/dir/%E5%A4%A7%20%E6%96%87%E4%BB%B6.bin"
        ))
    );
    assert_eq!(r.xml("Bucket").as_deref(), Some(BUCKET));
    assert_eq!(r.xml("Key").as_deref(), Some("dir/大 文件.bin"));
    assert_eq!(r.xml("ETag"), Some(format!("\"{want_etag}\"")));
    let crc = crate::store::CRC64.checksum(&expected).to_string();
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    assert_eq!(parts_dir_entries(&emu), 0, "all part files gone");

    // The object, with Initiate's attributes.
    let r = c.call("GET", key, &[], &[], b"");
    assert!(r.body == expected);
    assert_eq!(r.header("Content-Type"), Some("video/mp4"));
    assert_eq!(r.header("Cache-Control"), Some("no-cache"));
    assert_eq!(r.header("Content-Disposition"), Some("attachment"));
    assert_eq!(r.header("x-cos-meta-origin"), Some("camera"));
    assert_eq!(r.header("x-cos-storage-class"), Some("STANDARD_IA"));
    assert_eq!(r.header("x-cos-tagging-count"), Some("2"));
    assert_eq!(r.header("ETag"), Some(format!("\"{want_etag}\"").as_str()));
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    assert_eq!(anon(&mut c, "GET", key, &[], &[], b"").status, 200);
    let r = c.call("GET", key, &[("acl", "")], &[], b"");
    assert_eq!(r.header("x-cos-acl"), Some("public-read"));
    let r = c.call(
        "HEAD",
        key,
        &[],
        &[("If-Match", &format!("\"{want_etag}\""))],
        b"",
    );
    assert_eq!(r.status, 200);

    // The upload is gone.
    assert_error(
        &c.call("GET", key, &[("uploadId", &id)], &[], b""),
        404,
        "NoSuchUpload",
    );
    assert_error(&put_part(&mut c, key, &id, 1, b"late"), 404, "NoSuchUpload");
    assert_error(
        &c.call("POST", key, &[("uploadId", &id)], &[], good.as_bytes()),
        404,
        "NoSuchUpload",
    );

    // Abort.
    put_part(&mut c, key, &id2, 1, b"abc");
    assert_eq!(parts_dir_entries(&emu), 1);
    let r = c.call("DELETE", key, &[("uploadId", &id2)], &[], b"");
    assert_eq!((r.status, r.header("Content-Length")), (204, Some("0")));
    assert_eq!(parts_dir_entries(&emu), 0);
    assert_error(
        &c.call("DELETE", key, &[("uploadId", &id2)], &[], b""),
        404,
        "NoSuchUpload",
    );
    emu.stop();
}

#[test]
fn multipart_concurrent_parts() {
    let emu = small_parts_emulator();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let key = "/concurrent.bin";
    let id = initiate(&mut c, key, &[]);
    let part = |n: u32| -> Vec<u8> {
        (0..150_000u32)
            .map(|i| (i.wrapping_mul(31).wrapping_add(n * 7919) >> 3) as u8)
            .collect()
    };
    let etags: HashMap<u32, String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8u32)
            .map(|t| {
                let (emu, id, part) = (&emu, &id, &part);
                s.spawn(move || {
                    let mut c = Client::new(emu);
                    let mut out = Vec::new();
                    for n in (t * 4 + 1)..=(t * 4 + 4) {
                        let r = put_part(&mut c, key, id, n, &part(n));
                        assert_eq!(r.status, 200, "{}", r.text());
                        out.push((n, r.header("ETag").unwrap().to_string()));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert_eq!(etags.len(), 32);
    let listed: Vec<(u32, String)> = (1..=32).map(|n| (n, etags[&n].clone())).collect();
    let r = c.call(
        "GET",
        key,
        &[("uploadId", &id), ("max-parts", "1000")],
        &[],
        b"",
    );
    assert_eq!(xml_all(&r, "PartNumber").len(), 32);
    let body = complete_body(&listed);
    let r = call_md5(
        &mut c,
        "POST",
        key,
        &[("uploadId", &id)],
        &[],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let expected: Vec<u8> = (1..=32).flat_map(part).collect();
    let r = c.call("GET", key, &[], &[], b"");
    assert_eq!(r.body.len(), expected.len());
    assert!(r.body == expected);
    let crc = crate::store::CRC64.checksum(&expected).to_string();
    assert_eq!(r.header("x-cos-hash-crc64ecma"), Some(crc.as_str()));
    emu.stop();
}

#[test]
fn list_multipart_uploads_paging() {
    let emu = small_parts_emulator();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let r = c.call("GET", "/", &[("uploads", "")], &[], b"");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("false"));
    assert!(xml_all(&r, "Upload").is_empty());
    let mut ids: Vec<(String, String)> = Vec::new();
    for key in ["b/2", "a", "b/1", "a", "c d", "b/1"] {
        let id = initiate(
            &mut c,
            &format!("/{key}"),
            &[("x-cos-storage-class", "ARCHIVE")],
        );
        ids.push((key.to_string(), id));
    }
    // Expected order: by key, then initiation.
    let mut order: Vec<(String, String)> = ids.clone();
    order.sort_by(|a, b| a.0.cmp(&b.0));
    let r = c.call("GET", "/", &[("uploads", "")], &[], b"");
    assert_eq!(
        xml_all(&r, "Key"),
        order.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()
    );
    assert_eq!(
        xml_all(&r, "UploadId"),
        order.iter().map(|(_, i)| i.clone()).collect::<Vec<_>>()
    );
    assert_eq!(r.xml("StorageClass").as_deref(), Some("ARCHIVE"));
    assert_eq!(r.xml("MaxUploads").as_deref(), Some("1000"));
    assert!(r.xml("Initiated").unwrap().ends_with('Z'));
    assert!(
        r.text()
            .contains("<Initiator><ID>qcs::cam::uin/100000000001:uin/100000000001</ID>")
    );
    // Paging two at a time reproduces the full order.
    let mut seen = Vec::new();
    let (mut km, mut um) = (String::new(), String::new());
    loop {
        let r = c.call(
            "GET",
            "/",
            &[
                ("uploads", ""),
                ("max-uploads", "2"),
                ("key-marker", &km),
                ("upload-id-marker", &um),
            ],
            &[],
            b"",
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let keys = xml_all(&r, "Key");
        let uids = xml_all(&r, "UploadId");
        assert!(keys.len() <= 2);
        seen.extend(keys.into_iter().zip(uids));
        if r.xml("IsTruncated").as_deref() != Some("true") {
            assert!(r.xml("NextKeyMarker").is_none());
            break;
        }
        km = r.xml("NextKeyMarker").unwrap();
        um = r.xml("NextUploadIdMarker").unwrap();
        assert_eq!(&seen.last().unwrap().0, &km);
    }
    assert_eq!(seen, order);
    // key-marker alone: keys strictly greater.
    let r = c.call(
        "GET",
        "/",
        &[("uploads", ""), ("key-marker", "b/1")],
        &[],
        b"",
    );
    assert_eq!(xml_all(&r, "Key"), vec!["b/2", "c d"]);
    // Prefix and delimiter, url encoding.
    let r = c.call(
        "GET",
        "/",
        &[
            ("uploads", ""),
            ("delimiter", "/"),
            ("encoding-type", "url"),
        ],
        &[],
        b"",
    );
    assert_eq!(xml_all(&r, "Key"), vec!["a", "a", "c%20d"]);
    assert_eq!(xml_all(&r, "Prefix"), vec!["", "b/"]);
    assert_eq!(r.xml("EncodingType").as_deref(), Some("url"));
    let r = c.call(
        "GET",
        "/",
        &[("uploads", ""), ("delimiter", "/"), ("max-uploads", "2")],
        &[],
        b"",
    );
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("true"));
    assert_eq!(r.xml("NextKeyMarker").as_deref(), Some("a"));
    let r = c.call(
        "GET",
        "/",
        &[
            ("uploads", ""),
            ("delimiter", "/"),
            ("key-marker", "a"),
            ("max-uploads", "1"),
        ],
        &[],
        b"",
    );
    assert_eq!(xml_all(&r, "Prefix"), vec!["", "b/"]);
    assert_eq!(r.xml("NextKeyMarker").as_deref(), Some("b/"));
    let r = c.call(
        "GET",
        "/",
        &[("uploads", ""), ("delimiter", "/"), ("key-marker", "b/")],
        &[],
        b"",
    );
    assert_eq!(xml_all(&r, "Key"), vec!["c d"]);
    let r = c.call("GET", "/", &[("uploads", ""), ("prefix", "b/")], &[], b"");
    assert_eq!(xml_all(&r, "Key"), vec!["b/1", "b/1", "b/2"]);
    assert_error(
        &c.call(
            "GET",
            "/",
            &[("uploads", ""), ("max-uploads", "many")],
            &[],
            b"",
        ),
        400,
        "InvalidArgument",
    );
    // A page of 0 lists nothing and is not truncated (uploads and parts).
    let r = c.call(
        "GET",
        "/",
        &[("uploads", ""), ("max-uploads", "0")],
        &[],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(xml_all(&r, "Upload").is_empty(), "{}", r.text());
    assert_eq!(r.xml("MaxUploads").as_deref(), Some("0"));
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("false"));
    assert_eq!(r.xml("NextKeyMarker"), None, "{}", r.text());
    put_part(&mut c, "/a", &ids[1].1, 1, b"data");
    put_part(&mut c, "/a", &ids[1].1, 2, b"data");
    let r = c.call(
        "GET",
        "/a",
        &[("uploadId", &ids[1].1), ("max-parts", "0")],
        &[],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(xml_all(&r, "Part").is_empty(), "{}", r.text());
    assert_eq!(r.xml("MaxParts").as_deref(), Some("0"));
    assert_eq!(r.xml("IsTruncated").as_deref(), Some("false"));
    assert_eq!(r.xml("NextPartNumberMarker").as_deref(), Some("0"));

    // DELETE Bucket is not blocked by uploads, and their data goes with it.
    assert_eq!(parts_dir_entries(&emu), 2);
    assert_eq!(c.call("DELETE", "/", &[], &[], b"").status, 204);
    assert_eq!(parts_dir_entries(&emu), 0);
    create_bucket(&emu);
    let r = c.call("GET", "/", &[("uploads", "")], &[], b"");
    assert!(xml_all(&r, "Upload").is_empty(), "{}", r.text());
    emu.stop();
}

#[test]
fn node_sdk_multipart_requests_are_accepted() {
    // The Node SDK sends `content-type:` (empty) on Initiate and `uploadId=UPID`
    // with quoted, escaped ETags on Complete.
    let emu = small_parts_emulator();
    create_bucket(&emu);
    let mut c = Client::new(&emu);
    let r = c.call(
        "POST",
        "/big.zip",
        &[("uploads", "")],
        &[("cache-control", ""), ("content-type", "")],
        b"",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.xml("UploadId").unwrap();
    let r = put_part(&mut c, "/big.zip", &id, 2, b"0123456789");
    assert_eq!(r.status, 200);
    let etag = r.header("ETag").unwrap().replace('"', "&quot;");
    let body = format!(
        "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
    );
    let r = call_md5(
        &mut c,
        "POST",
        "/big.zip",
        &[("uploadId", &id)],
        &[("content-type", "application/xml")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = c.call("HEAD", "/big.zip", &[], &[], b"");
    // No type given at Initiate: inferred from the extension, as COS does.
    assert_eq!(r.header("Content-Type"), Some("application/zip"));
    assert_eq!(r.header("Content-Length"), Some("10"));
    emu.stop();
}
