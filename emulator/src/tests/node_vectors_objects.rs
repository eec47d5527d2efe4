//! Requests recorded from the official Node SDK 3.0.0 for the object methods of
//! issue 15 (`spec/vectors/request-vectors-more.json`: listObjectVersions,
//! object tagging, appendObject, restoreObject and `VersionId` on getObjectAcl,
//! putObjectCopy and getObject), signed with the documentation key pair at
//! Date.now() = 1700000000000 ms, replayed raw by `node_object_requests_are_accepted`.

/// (api, method, request target, headers as sent, body, expected status, expected error code).
pub(crate) type NodeObjectRequest = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
    u16,
    &'static str,
);

/// The recorded requests, in recording order, with what the emulator answers
/// them after `node_object_requests_are_accepted`'s setup. The recorded
/// version id (`MTg0NDUxNTc1NjIzMTQ1MDAwODg`) is not one the emulator made,
/// so requests naming it get `404 NoSuchVersion`: routed, signed and
/// understood, like COS would answer them on that bucket.
pub(crate) const NODE_OBJECT_REQUESTS: &[NodeObjectRequest] = &[
    (
        "listObjectVersions",
        "GET",
        "/?versions=&prefix=dir%2F&delimiter=%2F&key-marker=dir%2Fhello.txt&version-id-marker=MTg0NDUxNTc1NjIzMTQ1MDAwODg&max-keys=100&encoding-type=url",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=delimiter;encoding-type;key-marker;max-keys;prefix;version-id-marker;versions&q-signature=8617c35077f8cc73e2a8234acc31064fbe9805ca",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        200,
        "",
    ),
    (
        "listObjectVersions",
        "GET",
        "/?versions=&prefix=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=prefix;versions&q-signature=9ef2a417ada204507d9beb778476790fb3b82190",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        200,
        "",
    ),
    (
        "putObjectTagging",
        "PUT",
        "/dir/hello.txt?tagging=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "NC8p2UZpzQ7CiGSHv1R11A=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "119"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=tagging&q-signature=cb1d5811dc3fbf913d54eb62074872f97bcf3054",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<Tagging><TagSet><Tag><Key>k1</Key><Value>v1</Value></Tag><Tag><Key>k2</Key><Value>v 2</Value></Tag></TagSet></Tagging>",
        200,
        "",
    ),
    (
        "putObjectTagging",
        "PUT",
        "/%E4%B8%AD%E6%96%87/%E6%96%87%E4%BB%B6%20%E5%90%8D%2B1.txt?tagging=&versionId=MTg0NDUxNTc1NjIzMTQ1MDAwODg",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "XpBFnHYscKJdPtxcJiFRSg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "81"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=tagging;versionid&q-signature=01ae3f8793920a296638ddd4fe2742e51f80a621",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<Tagging><TagSet><Tag><Key>project</Key><Value>x</Value></Tag></TagSet></Tagging>",
        404,
        "NoSuchVersion",
    ),
    (
        "getObjectTagging",
        "GET",
        "/dir/hello.txt?tagging=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=tagging&q-signature=d41b2fe7e1c997fe6bccf3853076127e2a739f15",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        200,
        "",
    ),
    (
        "getObjectTagging",
        "GET",
        "/%E4%B8%AD%E6%96%87/%E6%96%87%E4%BB%B6%20%E5%90%8D%2B1.txt?tagging=&versionId=MTg0NDUxNTc1NjIzMTQ1MDAwODg",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=tagging;versionid&q-signature=aed98ab383203ddd439942879cbfeb60e1a1ad48",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        404,
        "NoSuchVersion",
    ),
    (
        "deleteObjectTagging",
        "DELETE",
        "/dir/hello.txt?tagging=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=tagging&q-signature=11bd37055c6d9253461064bc51f15cccb4ce3f23",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        204,
        "",
    ),
    (
        "appendObject",
        "POST",
        "/logs/append-examplebucket.log?append=&position=0",
        &[
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "5"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=append;position&q-signature=acbedfad9b8407137089c4f6efb0bd58ca8d24d8",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "12345",
        200,
        "",
    ),
    (
        "appendObject",
        "POST",
        "/logs/append-examplebucket.log?append=&position=5",
        &[
            ("content-type", "text/plain"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "6"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-type;host&q-url-param-list=append;position&q-signature=a2f7bbe1144cd935f7c23fd3b7f97a4a9354ee1a",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "67890\n",
        200,
        "",
    ),
    (
        "restoreObject",
        "POST",
        "/archive/dir/hello.txt?restore=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "IgbT0fNU6CMOur6ERN0YSg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "106"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=restore&q-signature=eb6e3bf3129dc3c3387d980e0302b0ba6dc21e55",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<RestoreRequest><Days>1</Days><CASJobParameters><Tier>Expedited</Tier></CASJobParameters></RestoreRequest>",
        202,
        "",
    ),
    (
        "restoreObject",
        "POST",
        "/archive/dir/hello.txt?restore=&versionId=MTg0NDUxNTc1NjIzMTQ1MDAwODg",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "VA7Sesj7xtmhjwFtKt4H2A=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "101"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=restore;versionid&q-signature=828aeae3a2cac15b02b155c16d06745630b46a53",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<RestoreRequest><Days>3</Days><CASJobParameters><Tier>Bulk</Tier></CASJobParameters></RestoreRequest>",
        404,
        "NoSuchVersion",
    ),
    (
        "getObjectAcl",
        "GET",
        "/dir/hello.txt?acl=&versionId=MTg0NDUxNTc1NjIzMTQ1MDAwODg",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=acl;versionid&q-signature=a2d159d041610d973de064eb9da4fd2e32f442f6",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        404,
        "NoSuchVersion",
    ),
    (
        "putObjectCopy",
        "PUT",
        "/copy-dir/hello.txt?versionId=MTg0NDUxNTc1NjIzMTQ1MDAwODg",
        &[
            (
                "x-cos-copy-source",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/%E4%B8%AD%E6%96%87/%E6%96%87%E4%BB%B6%20%E5%90%8D%2B1.txt?versionId=MTg0NDUxNTc1NjIzMTQ1MDAwODg",
            ),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-copy-source&q-url-param-list=versionid&q-signature=adfdd0a7663cdc4eb493a01fa7e1e4123ae0ffbc",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        404,
        "NoSuchVersion",
    ),
    (
        "getObject",
        "GET",
        "/dir/hello.txt?versionId=MTg0NDUxNTc1NjIzMTQ1MDAwODg",
        &[
            ("range", "bytes=0-1"),
            ("if-none-match", "\"abc\""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host;if-none-match;range&q-url-param-list=versionid&q-signature=52c0b863f6711457c45b12fd71322eaca040ad2b",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
        404,
        "NoSuchVersion",
    ),
];

/// The official Node SDK's own requests for the object methods of issue 15
/// are accepted as sent: the emulator runs with the documentation keys and
/// its clock moved to the recording time; the objects they name exist (an
/// archived one for the restore), then each request is replayed raw and
/// answered as COS would.
#[test]
fn node_object_requests_are_accepted() {
    use super::{Client, assert_error};
    use crate::{Emulator, EmulatorConfig};
    const DOC_ID: &str = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
    const DOC_KEY: &str = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
    let emu = Emulator::start_with(EmulatorConfig {
        secret_id: DOC_ID.into(),
        secret_key: DOC_KEY.into(),
        restore_delay: std::time::Duration::ZERO,
        ..Default::default()
    })
    .unwrap();
    emu.set_clock_offset(1_700_000_100 - super::now() as i64);
    let key_time = "1700000000;1700000800";
    let mut c = Client::new(&emu);
    assert_eq!(c.call_at("PUT", "/", &[], &[], b"", key_time).status, 200);
    for (key, class) in [
        ("/dir/hello.txt", "STANDARD"),
        ("/中文/文件 名+1.txt", "STANDARD"),
        ("/archive/dir/hello.txt", "ARCHIVE"),
    ] {
        let r = c.call_at(
            "PUT",
            key,
            &[],
            &[("x-cos-storage-class", class)],
            b"hello",
            key_time,
        );
        assert_eq!(r.status, 200, "{}", r.text());
    }
    for (api, method, url, headers, body, status, code) in NODE_OBJECT_REQUESTS {
        let mut raw = format!("{method} {url} HTTP/1.1\r\n");
        for (name, value) in *headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        raw.push_str("\r\n");
        let mut bytes = raw.into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        c.send_raw(&bytes);
        let r = c.read_response(*method == "HEAD");
        if code.is_empty() {
            assert_eq!(r.status, *status, "{api} {method} {url}\n{}", r.text());
        } else {
            assert_error(&r, *status, code);
        }
    }
    // What they left.
    let r = c.call_at(
        "GET",
        "/logs/append-examplebucket.log",
        &[],
        &[],
        b"",
        key_time,
    );
    assert_eq!(r.body, b"1234567890\n");
    assert_eq!(r.header("x-cos-object-type"), Some("appendable"));
    let r = c.call_at(
        "GET",
        "/dir/hello.txt",
        &[("tagging", "")],
        &[],
        b"",
        key_time,
    );
    assert!(r.text().contains("<TagSet></TagSet>"), "{}", r.text());
    let r = c.call_at("HEAD", "/archive/dir/hello.txt", &[], &[], b"", key_time);
    assert!(
        r.header("x-cos-restore")
            .is_some_and(|v| v.starts_with("ongoing-request=\"false\"")),
        "{}",
        r.head
    );
}
