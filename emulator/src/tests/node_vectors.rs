//! Requests recorded from the official Node SDK 3.0.0 (`spec/vectors/request-vectors.json`),
//! signed with the documentation key pair at Date.now() = 1700000000000 ms.

/// (api, method, request target, headers as received).
pub(crate) type NodeRequest = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The recorded requests.
pub(crate) const NODE_REQUESTS: &[NodeRequest] = &[
    (
        "headObject",
        "HEAD",
        "/%E4%B8%AD%E6%96%87/%E6%96%87%E4%BB%B6%20%E5%90%8D%2B1.txt",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=&q-signature=96bb36bcca0aa5708af47f601b6915efbbb425ec",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getObject",
        "GET",
        "/a~b%21c%2Ad%28e%29f%27g.txt?response-content-type=text%2Fplain",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=response-content-type&q-signature=16172972534a731f9e9795b6b880e18ea87b2da0",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putObject",
        "PUT",
        "/dir/hello.txt",
        &[
            ("x-cos-meta-foo", "Bar"),
            ("content-length", "11"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-meta-foo&q-url-param-list=&q-signature=74f9ea63f628bf48596308eab50eff40ea5e8777",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putObject",
        "PUT",
        "/empty.bin",
        &[
            ("content-type", "application/octet-stream"),
            ("content-length", "0"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-type;host&q-url-param-list=&q-signature=a0bd054a7ec306e799aea5c1c6f4d2932fe68d3c",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "deleteObject",
        "DELETE",
        "/dir/hello.txt",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=&q-signature=450ffd07ccd205c94d38ebefcf8d1b8b73b10b63",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getBucket",
        "GET",
        "/?prefix=a%20b%2F&delimiter=%2F&max-keys=10",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=delimiter;max-keys;prefix&q-signature=c44abd3e5910acd6b43bff51673d091665149df9",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getBucketAcl",
        "GET",
        "/?acl=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=acl&q-signature=e4f383673db2bd6711cbdd29c95c4d56e97a5bc7",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "multipartInit",
        "POST",
        "/big.zip?uploads=",
        &[
            ("cache-control", ""),
            ("content-type", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=uploads&q-signature=fb915d24eea84cd5d45a3520ee96a7ca8c7bb58d",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "multipartUpload",
        "PUT",
        "/big.zip?partNumber=2&uploadId=UPID",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "10"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=partnumber;uploadid&q-signature=59307cd09a5d90740b76648e219506b3328315fd",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "multipartComplete",
        "POST",
        "/big.zip?uploadId=UPID",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "oyG/V+zUmXcur6j5d4nOVw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "185"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=uploadid&q-signature=ae10929e8c5034b09d013f39170b4d8b066f6e50",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getService",
        "GET",
        "/",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=&q-signature=0e352d3ff4b8bd1ad54ae75c861e4425127a1e7c",
            ),
            ("host", "service.cos.myqcloud.com"),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getService",
        "GET",
        "/",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=&q-signature=5a31448436f3b3cde4baee0f6f32b38050b39602",
            ),
            ("host", "cos.ap-guangzhou.myqcloud.com"),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putBucket",
        "PUT",
        "/",
        &[
            ("x-cos-acl", "private"),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-acl&q-url-param-list=&q-signature=7037f6d530104158529239b7fc090b7f43e57c28",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "headBucket",
        "HEAD",
        "/",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=&q-signature=a93470eec1a6a735650e019d539b1370dbb9c522",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "deleteBucket",
        "DELETE",
        "/",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=&q-signature=3f9483e4db9a50dbdc3e18e7d20b672800576d8d",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putBucketAcl",
        "PUT",
        "/?acl=",
        &[
            ("x-cos-acl", "public-read"),
            ("x-cos-grant-read", "id=\"qcs::cam::uin/100:uin/100\""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-acl;x-cos-grant-read&q-url-param-list=acl&q-signature=bd5218a2e18f0db363cfabb70f468f2a040a18bf",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putBucketCors",
        "PUT",
        "/?cors=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "eopnUnlJglGV2nUZMsQfmg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "257"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=cors&q-signature=65562321a5bc30686d1ffa5c9af3fea6ae20d730",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getBucketCors",
        "GET",
        "/?cors=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=cors&q-signature=0dedb30cacf1014f8a0a74756134342ae8873fa6",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "deleteBucketCors",
        "DELETE",
        "/?cors=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=cors&q-signature=623789e2b5f7170fdf714bfb1c92f73bd418213f",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getBucketLocation",
        "GET",
        "/?location=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=location&q-signature=4c81a4324237f3c0d73eab701fb7a19a8770c326",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putBucketTagging",
        "PUT",
        "/?tagging=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "+MhyBPFTuEtXiEQYzUp6pw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "77"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=tagging&q-signature=dbd2126450ebdd16ded8d4b4410a046d9803479b",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getBucketTagging",
        "GET",
        "/?tagging=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=tagging&q-signature=082194a3dbe849bf5a0262872a5f08895ef7aa18",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "deleteBucketTagging",
        "DELETE",
        "/?tagging=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=tagging&q-signature=09e605b2177b649cc7668a98d96d1556a56e9a04",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "optionsObject",
        "OPTIONS",
        "/1.jpg",
        &[
            ("origin", "https://qq.com"),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "Authorization"),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;origin&q-url-param-list=&q-signature=fa1c469911f84964daaa183924fed08fd43f8a16",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "getObjectAcl",
        "GET",
        "/1.jpg?acl=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=acl&q-signature=e438fbd0a6ddd0892adceaf85677a93c78f9dbfe",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putObjectAcl",
        "PUT",
        "/1.jpg?acl=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "9n9Cl6B9AlPdW1uY3Loq4w=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "220"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=acl&q-signature=6562f9f0a08e9b87c1deabc065032467f7da98bf",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "deleteMultipleObject",
        "POST",
        "/?delete=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "pngEWxThAd4UFeyN9+OTWQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "109"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=delete&q-signature=248bec3dbbfac9bb730d1e7cdbb9555fae7eb7af",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "putObjectCopy",
        "PUT",
        "/copy.txt",
        &[
            (
                "x-cos-copy-source",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/src%20dir/a.txt",
            ),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-copy-source&q-url-param-list=&q-signature=f80b3ddf27b3d3bf7ade44b8d91bcb39a7aebf42",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "multipartList",
        "GET",
        "/?uploads=&prefix=big",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=prefix;uploads&q-signature=a8ff9390ef5bb65f6e1cea5dc82db7e5ac51e104",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "multipartListPart",
        "GET",
        "/big.zip?uploadId=UPID",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=uploadid&q-signature=28ebf1bf8152bc25fbced6760994f0b28904130c",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
    (
        "multipartAbort",
        "DELETE",
        "/big.zip?uploadId=UPID",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=uploadid&q-signature=9d733c3c954d6f7b9f8432279bd8ce80ff9493da",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
    ),
];
