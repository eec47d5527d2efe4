//! Requests recorded from the official Node SDK 3.0.0 for the emulator side of
//! issue 15 (`spec/vectors/request-vectors-more.json`: SELECT, SSE-COS,
//! SSE-KMS, SSE-C, TrafficLimit), signed with the documentation key pair at
//! Date.now() = 1700000000000 ms, in the order they are replayed.

use super::node_vectors_more::NodeRequestMore;

/// (api, method, request target, headers as sent, body), as recorded.
pub(crate) const NODE_ISSUE15_REQUESTS: &[NodeRequestMore] = &[
    // #77: SSE-C: customer algorithm/key/key-MD5
    (
        "putObject",
        "PUT",
        "/dir/hello.txt",
        &[
            ("x-cos-server-side-encryption-customer-algorithm", "AES256"),
            (
                "x-cos-server-side-encryption-customer-key",
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ),
            (
                "x-cos-server-side-encryption-customer-key-md5",
                "hRasmdxgYDKV3nvbahU1MA==",
            ),
            ("content-length", "11"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-server-side-encryption-customer-algorithm;x-cos-server-side-encryption-customer-key;x-cos-server-side-encryption-customer-key-md5&q-url-param-list=&q-signature=35ec6ea2a13e62180e87a203e15b69a3f96a18f8",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "hello world",
    ),
    // #72: SSE-C headers on download
    (
        "getObject",
        "GET",
        "/dir/hello.txt",
        &[
            ("x-cos-server-side-encryption-customer-algorithm", "AES256"),
            (
                "x-cos-server-side-encryption-customer-key",
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ),
            (
                "x-cos-server-side-encryption-customer-key-md5",
                "hRasmdxgYDKV3nvbahU1MA==",
            ),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host;x-cos-server-side-encryption-customer-algorithm;x-cos-server-side-encryption-customer-key;x-cos-server-side-encryption-customer-key-md5&q-url-param-list=&q-signature=d4c47bbaaf01abea9d1482f0cecfec96dfbffb08",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    // #75: ServerSideEncryption AES256
    (
        "putObject",
        "PUT",
        "/dir/hello.txt",
        &[
            ("x-cos-server-side-encryption", "AES256"),
            ("content-length", "11"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-server-side-encryption&q-url-param-list=&q-signature=ad3e0987965b34d9cf20b7fc7b82c953219c211a",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "hello world",
    ),
    // #71: TrafficLimit -> x-cos-traffic-limit
    (
        "getObject",
        "GET",
        "/dir/hello.txt",
        &[
            ("x-cos-traffic-limit", "819200"),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host;x-cos-traffic-limit&q-url-param-list=&q-signature=e0578b9594603b3c18931b7426d8a8d05dadbacf",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    // #76: SSE-KMS: ServerSideEncryption cos/kms + SSEKMSKeyId + SSEContext
    (
        "putObject",
        "PUT",
        "/dir/hello.txt",
        &[
            ("x-cos-server-side-encryption", "cos/kms"),
            (
                "x-cos-server-side-encryption-cos-kms-key-id",
                "kms-key-0001",
            ),
            ("x-cos-server-side-encryption-context", "eyJhIjoiYiJ9"),
            ("content-length", "11"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-server-side-encryption;x-cos-server-side-encryption-context;x-cos-server-side-encryption-cos-kms-key-id&q-url-param-list=&q-signature=bda658592bda7ff849d0cdb66a6c33d51d4b825b",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "hello world",
    ),
    // #78: TrafficLimit + StorageClass + x-cos-meta-* given as a top-level param
    (
        "putObject",
        "PUT",
        "/dir/hello.txt",
        &[
            ("x-cos-meta-origin", "gen"),
            ("x-cos-storage-class", "STANDARD_IA"),
            ("x-cos-traffic-limit", "1048576"),
            ("content-length", "11"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host;x-cos-meta-origin;x-cos-storage-class;x-cos-traffic-limit&q-url-param-list=&q-signature=4bc373e0c12fcd68d9f5f867cce0a7d5738e44b6",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "hello world",
    ),
    // #80: ServerSideEncryption + StorageClass + ContentType on initiate
    (
        "multipartInit",
        "POST",
        "/big.zip?uploads=",
        &[
            ("content-type", "application/zip"),
            ("x-cos-storage-class", "ARCHIVE"),
            ("x-cos-server-side-encryption", "AES256"),
            ("cache-control", ""),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-type;host;x-cos-server-side-encryption;x-cos-storage-class&q-url-param-list=uploads&q-signature=b53443a33b7d4502030a3ecb844005e2082e4190",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    // #55: CSV + SQL, SelectType 2
    (
        "selectObjectContent",
        "POST",
        "/data/examplebucket.csv?select=&select-type=2",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "eelkvBNQ9ZCOQweNzd/y6Q=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "802"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=select;select-type&q-signature=7ec0904f03c4b6ad27d238dfd68c5ccc34b777ee",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<SelectRequest><Expression>Select s._1, s._2 from COSObject s where s._3 &gt; &apos;20&apos;</Expression><ExpressionType>SQL</ExpressionType><InputSerialization><CSV><FileHeaderInfo>IGNORE</FileHeaderInfo><RecordDelimiter>\\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter><QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter><Comments>#</Comments><AllowQuotedRecordDelimiter>FALSE</AllowQuotedRecordDelimiter></CSV></InputSerialization><OutputSerialization><CSV><QuoteFields>ASNEEDED</QuoteFields><RecordDelimiter>\\n</RecordDelimiter><FieldDelimiter>,</FieldDelimiter><QuoteCharacter>&quot;</QuoteCharacter><QuoteEscapeCharacter>&quot;</QuoteEscapeCharacter></CSV></OutputSerialization><RequestProgress><Enabled>FALSE</Enabled></RequestProgress></SelectRequest>",
    ),
    // #56: JSON DOCUMENT, stream variant
    (
        "selectObjectContentStream",
        "POST",
        "/data/examplebucket.json?select=&select-type=2",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "rpe0fcOpCQzVGTQj49XL5A=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "340"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=select;select-type&q-signature=4957609b10ca129e0f41d2e209b44d51688bf8bd",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<SelectRequest><Expression>Select * from COSObject</Expression><ExpressionType>SQL</ExpressionType><InputSerialization><JSON><Type>DOCUMENT</Type></JSON></InputSerialization><OutputSerialization><JSON><RecordDelimiter>\n</RecordDelimiter></JSON></OutputSerialization><RequestProgress><Enabled>TRUE</Enabled></RequestProgress></SelectRequest>",
    ),
];
