//! Requests recorded from the official Node SDK 3.0.0 for the bucket configuration
//! methods and GET Service filters of issue 14 (`spec/vectors/request-vectors-more.json`),
//! signed with the documentation key pair at Date.now() = 1700000000000 ms.

/// (api, method, request target, headers as sent, body).
pub(crate) type NodeRequestMore = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

/// The recorded requests, in recording order.
pub(crate) const NODE_CONFIG_REQUESTS: &[NodeRequestMore] = &[
    (
        "putBucketPolicy",
        "PUT",
        "/?policy=",
        &[
            ("content-type", "application/json"),
            ("content-md5", "nkLqstWUIfFFSozcEF0v+w=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "307"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=policy&q-signature=ee34b656ca9159658b4ab481929945fc68dbc816",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"principal\":{\"qcs\":[\"qcs::cam::uin/100000000001:uin/100000000011\"]},\"action\":[\"name/cos:PutObject\",\"name/cos:GetObject\",\"name/cos:HeadObject\",\"name/cos:InitiateMultipartUpload\"],\"resource\":[\"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*\"]}]}",
    ),
    (
        "putBucketPolicy",
        "PUT",
        "/?policy=",
        &[
            ("content-type", "application/json"),
            ("content-md5", "JWWLWGwtQvWgzlaQTn5ffg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "251"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=policy&q-signature=def32b34e52b7ea34a114819b593c92a8a26c70e",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "{\"Statement\":[{\"Principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"Effect\":\"Allow\",\"Action\":[\"name/cos:GetObject\"],\"Resource\":[\"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/public/*\"],\"Condition\":{\"ip_equal\":{\"qcs:ip\":[\"10.0.0.0/8\"]}}}]}",
    ),
    (
        "putBucketPolicy",
        "PUT",
        "/?policy=",
        &[
            ("content-type", "application/json"),
            ("content-md5", "JWWLWGwtQvWgzlaQTn5ffg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "251"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=policy&q-signature=def32b34e52b7ea34a114819b593c92a8a26c70e",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "{\"Statement\":[{\"Principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"Effect\":\"Allow\",\"Action\":[\"name/cos:GetObject\"],\"Resource\":[\"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/public/*\"],\"Condition\":{\"ip_equal\":{\"qcs:ip\":[\"10.0.0.0/8\"]}}}]}",
    ),
    (
        "getBucketPolicy",
        "GET",
        "/?policy=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=policy&q-signature=a45f4d1d8c27315d3b81b1f6fd7ea70e7b467c79",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketPolicy",
        "DELETE",
        "/?policy=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=policy&q-signature=bdcf03ff6a8553103eca51c68dba51777b2ef697",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketLifecycle",
        "PUT",
        "/?lifecycle=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "MiEchK9mmxLL3H+flGAyvQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "359"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=lifecycle&q-signature=5fd993f38aef3cb803692794bdf1f0c700694172",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<LifecycleConfiguration><Rule><ID>archive-logs</ID><Status>Enabled</Status><Filter><Prefix>logs/</Prefix></Filter><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition></Rule><Rule><ID>expire-tmp</ID><Status>Enabled</Status><Filter><Prefix>tmp/</Prefix></Filter><Expiration><Days>7</Days></Expiration></Rule></LifecycleConfiguration>",
    ),
    (
        "putBucketLifecycle",
        "PUT",
        "/?lifecycle=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "PvE5wAP/t1QEPCWW0XE9zw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "634"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=lifecycle&q-signature=bcadffd1558c5d542d909a6c900b3bbfcfe9b2e5",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<LifecycleConfiguration><Rule><ID>1</ID><Status>Enabled</Status><Filter></Filter><Transition><Days>30</Days><StorageClass>STANDARD_IA</StorageClass></Transition></Rule><Rule><ID>2</ID><Status>Enabled</Status><Filter><Prefix>dir/</Prefix></Filter><Transition><Days>180</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule><Rule><ID>3</ID><Status>Enabled</Status><Filter></Filter><Expiration><Days>180</Days></Expiration></Rule><Rule><ID>4</ID><Status>Enabled</Status><Filter></Filter><AbortIncompleteMultipartUpload><DaysAfterInitiation>30</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>",
    ),
    (
        "putBucketLifecycle",
        "PUT",
        "/?lifecycle=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "AG+dXfPR+gkSftdsB/0pAw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "422"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=lifecycle&q-signature=97dd45adb8c1792714499744000af20382dd7a14",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<LifecycleConfiguration><Rule><ID>tagged</ID><Status>Disabled</Status><Filter><And><Prefix>docs/</Prefix><Tag><Key>type</Key><Value>draft</Value></Tag></And></Filter><NoncurrentVersionTransition><NoncurrentDays>10</NoncurrentDays><StorageClass>ARCHIVE</StorageClass></NoncurrentVersionTransition><NoncurrentVersionExpiration><NoncurrentDays>60</NoncurrentDays></NoncurrentVersionExpiration></Rule></LifecycleConfiguration>",
    ),
    (
        "getBucketLifecycle",
        "GET",
        "/?lifecycle=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=lifecycle&q-signature=f2e437f94b437f7ef414f1c7504245e50205e6d3",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketLifecycle",
        "DELETE",
        "/?lifecycle=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=lifecycle&q-signature=e880f9438c567be3f06f07d4c1999d23e5b851e3",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketVersioning",
        "PUT",
        "/?versioning=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "8qj8HSeDu3APPMQZVG06WQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "75"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=versioning&q-signature=2e0951458f8ec997f126c2f6cc38b5865b08911a",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
    ),
    (
        "putBucketVersioning",
        "PUT",
        "/?versioning=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "hxXDWuCDWB72Be0LG4XniQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "77"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=versioning&q-signature=30cd7656b65a58b2002e20136ce7c5d9086f2886",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>",
    ),
    (
        "getBucketVersioning",
        "GET",
        "/?versioning=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=versioning&q-signature=39d52b2d546671d18a58ee1a3142b67c71f393f1",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketReplication",
        "PUT",
        "/?replication=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "Ko/COcE7cUdomach5sJwhg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "448"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=replication&q-signature=ee4b19848eab7b472bde99b1e9ddae9b71b2d175",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<ReplicationConfiguration><Role>qcs::cam::uin/100000000001:uin/100000000001</Role><Rule><ID>1</ID><Status>Enabled</Status><Prefix>sync/</Prefix><Destination><Bucket>qcs::cos:ap-chengdu::backup-1250000000</Bucket><StorageClass>Standard</StorageClass></Destination></Rule><Rule><ID>2</ID><Status>Disabled</Status><Prefix>img/</Prefix><Destination><Bucket>qcs::cos:ap-chengdu::backup-1250000000</Bucket></Destination></Rule></ReplicationConfiguration>",
    ),
    (
        "getBucketReplication",
        "GET",
        "/?replication=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=replication&q-signature=44603ae960f2d9b177f65acdf6d619d664c085b4",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketReplication",
        "DELETE",
        "/?replication=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=replication&q-signature=13ded2631e84b6baed23e463995756a14cd4ca93",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketWebsite",
        "PUT",
        "/?website=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "C2dn3fHG35V5T/ZIjlp50w=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "756"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=website&q-signature=19579e4014c51f4c96a7878fea7c20eda6825e5a",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><ErrorDocument><Key>error.html</Key></ErrorDocument><RoutingRules><RoutingRule><Condition><HttpErrorCodeReturnedEquals>404</HttpErrorCodeReturnedEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyWith>404.html</ReplaceKeyWith></Redirect></RoutingRule><RoutingRule><Condition><KeyPrefixEquals>docs/</KeyPrefixEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyPrefixWith>documents/</ReplaceKeyPrefixWith></Redirect></RoutingRule><RoutingRule><Condition><KeyPrefixEquals>img/</KeyPrefixEquals></Condition><Redirect><Protocol>https</Protocol><ReplaceKeyWith>picture.jpg</ReplaceKeyWith></Redirect></RoutingRule></RoutingRules></WebsiteConfiguration>",
    ),
    (
        "putBucketWebsite",
        "PUT",
        "/?website=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "qpSiwDlcC+EsALSpCBGocw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "176"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=website&q-signature=b762cde5296ff5113c7665bbad4d8c75a4c47891",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RedirectAllRequestsTo><Protocol>https</Protocol></RedirectAllRequestsTo></WebsiteConfiguration>",
    ),
    (
        "getBucketWebsite",
        "GET",
        "/?website=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=website&q-signature=193d90165745fe2d45ba341bc9a79759cf02a15c",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketWebsite",
        "DELETE",
        "/?website=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=website&q-signature=e4a84dbeac04171bc5b5f92e13eea28356559fbf",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketReferer",
        "PUT",
        "/?referer=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "kOz7g54LMJZjxKs070V9jQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "241"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=referer&q-signature=576359e4404a8b11b603cac1683f358125ae9f86",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<RefererConfiguration><Status>Enabled</Status><RefererType>White-List</RefererType><DomainList><Domain>*.qq.com</Domain><Domain>*.qcloud.com</Domain></DomainList><EmptyReferConfiguration>Allow</EmptyReferConfiguration></RefererConfiguration>",
    ),
    (
        "putBucketReferer",
        "PUT",
        "/?referer=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "2uT7RSuVIzrTrbsfiO1hlw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "218"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=referer&q-signature=06f4d8520a60341862e139d18730c965538363a4",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<RefererConfiguration><Status>Enabled</Status><RefererType>Black-List</RefererType><DomainList><Domain>bad.example.com</Domain></DomainList><EmptyReferConfiguration>Deny</EmptyReferConfiguration></RefererConfiguration>",
    ),
    (
        "getBucketReferer",
        "GET",
        "/?referer=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=referer&q-signature=1b1e3335e88eedc13a4cff2e09ad5d6cc644936d",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketDomain",
        "PUT",
        "/?domain=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "w/b4uoPSQ/LY6nmyOgS1Ng=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "282"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=domain&q-signature=1153f6ced4001aaaa732c1904509f7534ed0fa38",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<DomainConfiguration><DomainRule><Status>DISABLED</Status><Name>www.example.com</Name><Type>REST</Type></DomainRule><DomainRule><Status>ENABLED</Status><Name>static.example.com</Name><Type>WEBSITE</Type><ForcedReplacement>CNAME</ForcedReplacement></DomainRule></DomainConfiguration>",
    ),
    (
        "getBucketDomain",
        "GET",
        "/?domain=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=domain&q-signature=3d1584f705778a5c893d0f6721ef474461eee57c",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketDomain",
        "DELETE",
        "/?domain=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=domain&q-signature=66daddba378e008a34d40cb34f524ba38bd44723",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketOrigin",
        "PUT",
        "/?origin=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "PTG4EM+nA+8Kxa0aTrjJzg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "766"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=origin&q-signature=5bd2a958cf68262de5faa0f827e3c60cea396af7",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<OriginConfiguration><OriginRule><OriginType>Mirror</OriginType><OriginCondition><HTTPStatusCode>404</HTTPStatusCode><Prefix></Prefix></OriginCondition><OriginParameter><Protocol>HTTP</Protocol><FollowQueryString>true</FollowQueryString><HttpHeader><NewHttpHeader><Header><Key>a</Key><Value>a</Value></Header></NewHttpHeader></HttpHeader><FollowRedirection>true</FollowRedirection><HttpRedirectCode>301</HttpRedirectCode><HttpRedirectCode>302</HttpRedirectCode></OriginParameter><OriginInfo><HostInfo><HostName>qq.com</HostName></HostInfo><FileInfo><PrefixConfiguration><Prefix>123/</Prefix></PrefixConfiguration><SuffixConfiguration><Suffix>.jpg</Suffix></SuffixConfiguration></FileInfo></OriginInfo><RulePriority>1</RulePriority></OriginRule></OriginConfiguration>",
    ),
    (
        "getBucketOrigin",
        "GET",
        "/?origin=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=origin&q-signature=dc16f1de8716ab1ef8f80e56ca8d30d43e617328",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketOrigin",
        "DELETE",
        "/?origin=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=origin&q-signature=1312596d3f914a7e57996759a4e9fa793f4ccea1",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketLogging",
        "PUT",
        "/?logging=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "a/1D2n6AaZNSHWSevhErpQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "167"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=logging&q-signature=80b5c1f0bb6e4ad52365bd1d6fb0bd7bd4811394",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<BucketLoggingStatus><LoggingEnabled><TargetBucket>bucket-logging-1250000000</TargetBucket><TargetPrefix>logging/</TargetPrefix></LoggingEnabled></BucketLoggingStatus>",
    ),
    (
        "putBucketLogging",
        "PUT",
        "/?logging=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "5lsneQpMoe/nAzwO1gWWEw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "43"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=logging&q-signature=50f5d2d8da322b68866c3c06ffce32d51d77f7e2",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<BucketLoggingStatus></BucketLoggingStatus>",
    ),
    (
        "getBucketLogging",
        "GET",
        "/?logging=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=logging&q-signature=cd995e2fc1a0cf0e813f6514dc7fcee5455bc429",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketInventory",
        "PUT",
        "/?inventory=&id=inventory_test",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "RqLpiRWGPpi4svuYQ+9PQQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "699"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=id;inventory&q-signature=8fe4c7e566ce19d8c8b74e07706a67f943a03f2d",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<InventoryConfiguration><Id>inventory_test</Id><IsEnabled>true</IsEnabled><Destination><COSBucketDestination><Format>CSV</Format><AccountId>100000000001</AccountId><Bucket>qcs::cos:ap-guangzhou::bucket-logging-1250000000</Bucket><Prefix>inventory</Prefix><Encryption><SSE-COS></SSE-COS></Encryption></COSBucketDestination></Destination><Schedule><Frequency>Daily</Frequency></Schedule><Filter><Prefix>myPrefix</Prefix></Filter><IncludedObjectVersions>All</IncludedObjectVersions><OptionalFields><Field>Size</Field><Field>LastModifiedDate</Field><Field>ETag</Field><Field>StorageClass</Field><Field>IsMultipartUploaded</Field><Field>ReplicationStatus</Field></OptionalFields></InventoryConfiguration>",
    ),
    (
        "getBucketInventory",
        "GET",
        "/?inventory=&id=inventory_test",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=id;inventory&q-signature=dca83698d6addbbbba71c78c03ae15a44c5db3ac",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "listBucketInventory",
        "GET",
        "/?inventory=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=inventory&q-signature=2738443d3bcb1d30d19c9971ae9f051cf2485e03",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "listBucketInventory",
        "GET",
        "/?inventory=&continuation-token=1618310519000",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=continuation-token;inventory&q-signature=a4c81b8f1f6bc1f563bd0c9c5c6ddd9557d94037",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketInventory",
        "DELETE",
        "/?inventory=&id=inventory_test",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=id;inventory&q-signature=5d99280f78536e77b41ffb312a2a49a61a9b36a9",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketAccelerate",
        "PUT",
        "/?accelerate=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "id0oJ9kcPXTHAFEhecJf3g=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "75"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=accelerate&q-signature=80541af1ddde2e973fd9f02b618f54cb9b24905f",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<AccelerateConfiguration><Status>Enabled</Status></AccelerateConfiguration>",
    ),
    (
        "putBucketAccelerate",
        "PUT",
        "/?accelerate=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "5bE3ppsbnDWpH94TQT8ZCQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "77"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=accelerate&q-signature=ff5340c3d15f4b7cd11729226ef15eeef6312036",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<AccelerateConfiguration><Status>Suspended</Status></AccelerateConfiguration>",
    ),
    (
        "getBucketAccelerate",
        "GET",
        "/?accelerate=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=accelerate&q-signature=ba2210bced84177de17eb10a1c5c493de2b61126",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketEncryption",
        "PUT",
        "/?encryption=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "6vzSAkrj6gUU1ZdQlOJRWQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "192"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=encryption&q-signature=bbdfae27395931bcd8d21880412195ab9caae54b",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>",
    ),
    (
        "putBucketEncryption",
        "PUT",
        "/?encryption=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "MOziJtBEH3yIhJmnc9OBjg=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "234"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=encryption&q-signature=c2ac89494d2c05a9de10c8a251f2b7bfb1d13147",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>kms-key-0001</KMSMasterKeyID></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>",
    ),
    (
        "getBucketEncryption",
        "GET",
        "/?encryption=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=encryption&q-signature=e0bc3d71c560001d2860bc16c650913ae80475ea",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "deleteBucketEncryption",
        "DELETE",
        "/?encryption=",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;host&q-url-param-list=encryption&q-signature=ac5afc45e57c0c91e49528b8540bccde29ab325b",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "getService",
        "GET",
        "/?tagkey=k1&tagvalue=v1",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=tagkey;tagvalue&q-signature=c7e792ac3650e2c2c52af48f9cc6647080dce4ce",
            ),
            ("host", "service.cos.myqcloud.com"),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "getService",
        "GET",
        "/?create-time=1642662645&range=lt&max-keys=20",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=create-time;max-keys;range&q-signature=a637e486a9750db59bbf191a165a9cda9cd5986a",
            ),
            ("host", "service.cos.myqcloud.com"),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "getService",
        "GET",
        "/?marker=examplebucket-1250000000&max-keys=2",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=marker;max-keys&q-signature=7d88a2b7677455475c7a01cfbe4956b5aadc0a9d",
            ),
            ("host", "cos.ap-guangzhou.myqcloud.com"),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "getService",
        "GET",
        "/?tagkey=team&tagvalue=a%20b&create-time=1700000000&range=gte&marker=m&max-keys=1000",
        &[
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=host&q-url-param-list=create-time;marker;max-keys;range;tagkey;tagvalue&q-signature=dad5a94dbc280f4c9c01d5af0f4d3480fdc36821",
            ),
            ("host", "cos.ap-guangzhou.myqcloud.com"),
            ("connection", "keep-alive"),
        ],
        "",
    ),
    (
        "putBucketCors",
        "PUT",
        "/?cors=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "8N19EeG1LJCE9ksA1Ptc6A=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "510"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=cors&q-signature=f3fe383cb528555e8b372d48cb19de9bebc09374",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<CORSConfiguration><CORSRule><AllowedOrigin>https://a.example.com</AllowedOrigin><AllowedOrigin>https://b.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><ExposeHeader>Content-Length</ExposeHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule><CORSRule><ID>upload</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod></CORSRule><ResponseVary>true</ResponseVary></CORSConfiguration>",
    ),
    (
        "putBucketTagging",
        "PUT",
        "/?tagging=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "aX6Qz04VhklKqSyGw8i/bQ=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "128"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=tagging&q-signature=b97bc1442866164d5d91d68185cced7670c2ac14",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<Tagging><TagSet><Tag><Key>env</Key><Value>prod</Value></Tag><Tag><Key>team</Key><Value>storage</Value></Tag></TagSet></Tagging>",
    ),
    (
        "putBucketTagging",
        "PUT",
        "/?tagging=",
        &[
            ("content-type", "application/xml"),
            ("content-md5", "ygxpoiUw4ExsUsHRCTjifw=="),
            ("user-agent", "cos-nodejs-sdk-v5-3.0.0"),
            ("content-length", "75"),
            (
                "authorization",
                "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=1699999999;1700000899&q-key-time=1699999999;1700000899&q-header-list=content-length;content-md5;content-type;host&q-url-param-list=tagging&q-signature=0df0409675d627024616bb922ce1534425e35d98",
            ),
            (
                "host",
                "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com",
            ),
            ("connection", "keep-alive"),
        ],
        "<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>",
    ),
];
