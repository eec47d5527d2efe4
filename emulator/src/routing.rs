//! Request routing (spec §1.4): which bucket, key and operation a request is for.

use crate::config::Sub;
use crate::encoding::decode;
use crate::errors::CosError;

/// Domain suffixes COS serves under, and `localhost`: `*.localhost` names
/// resolve to the loopback address (RFC 6761; curl and browsers do so without
/// DNS), so `{bucket}.cos.{region}.localhost:PORT` is a virtual-hosted URL a
/// browser or curl opens directly.
const SUFFIXES: [&str; 3] = ["myqcloud.com", "tencentcos.cn", "localhost"];
/// Labels that stand for the COS API in `{bucket}.{label}.{region}.{suffix}`.
const SERVICE_LABELS: [&str; 4] = ["cos", "cos-internal", "cosv6", "cos-cdc"];
/// The label of static website endpoints: `{bucket}.cos-website.{region}.{suffix}`.
const WEBSITE_LABEL: &str = "cos-website";

/// What the `Host` header names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HostKind {
    /// `service.cos.myqcloud.com` (all regions) or `cos.{region}.…` (one region).
    /// Non-root paths on these hosts are path-style.
    Service { region: Option<String> },
    /// `{bucket}.cos.{region}.{suffix}` or legacy `{bucket}.{region}.{suffix}`;
    /// also `{bucket}.localhost`. `region` is `None` for the global
    /// acceleration host and for `{bucket}.localhost`.
    Bucket {
        bucket: String,
        region: Option<String>,
    },
    /// `{bucket}.cos-website.{region}.{suffix}`: the bucket's static website
    /// (anonymous GET/HEAD served from its website configuration).
    Website { bucket: String, region: String },
    /// An IP address, `localhost` or any other name (`cos.localhost` too):
    /// path-style, region unknown.
    PathStyle,
}

/// Strips the port from a `Host` value and lower-cases it.
pub(crate) fn host_without_port(host: &str) -> String {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [v6]:port
        match rest.split_once(']') {
            Some((v6, _)) => v6,
            None => rest,
        }
    } else if host.matches(':').count() == 1 {
        host.split(':').next().unwrap_or(host)
    } else {
        host
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Classifies a `Host` value (port allowed).
pub(crate) fn classify_host(host: &str) -> HostKind {
    let name = host_without_port(host);
    if name.parse::<std::net::IpAddr>().is_ok() || name == "localhost" || name.is_empty() {
        return HostKind::PathStyle;
    }
    let Some(suffix) = SUFFIXES.iter().find(|s| name.ends_with(&format!(".{s}"))) else {
        return HostKind::PathStyle;
    };
    let front = &name[..name.len() - suffix.len() - 1];
    let labels: Vec<&str> = front.split('.').collect();
    match labels.as_slice() {
        ["service", label] if SERVICE_LABELS.contains(label) => HostKind::Service { region: None },
        [label, region] if SERVICE_LABELS.contains(label) => HostKind::Service {
            region: Some(region.to_string()),
        },
        [bucket, label, region] if *label == WEBSITE_LABEL => HostKind::Website {
            bucket: bucket.to_string(),
            region: region.to_string(),
        },
        [bucket, label, region] if SERVICE_LABELS.contains(label) => HostKind::Bucket {
            bucket: bucket.to_string(),
            region: (*region != "accelerate").then(|| region.to_string()),
        },
        [bucket, region] => HostKind::Bucket {
            bucket: bucket.to_string(),
            region: Some(region.to_string()),
        },
        // `{bucket}.localhost`, with no region: a short local name. A bare
        // service label (`cos.localhost`) stays path style.
        [bucket] if *suffix == "localhost" && !SERVICE_LABELS.contains(bucket) => {
            HostKind::Bucket {
                bucket: bucket.to_string(),
                region: None,
            }
        }
        _ => HostKind::PathStyle,
    }
}

/// The resource a request addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The service (bucket list), optionally filtered to one region.
    Service { region: Option<String> },
    /// A bucket (`key == None`) or an object in it.
    Bucket {
        bucket: String,
        region: Option<String>,
        key: Option<String>,
    },
}

/// A routed request target plus the decoded path used for signing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// What the request is for.
    pub target: Target,
    /// Fully percent-decoded request path (`/{bucket}/{key}` in path style).
    pub path: String,
    /// Whether the host is the bucket's website endpoint.
    pub website: bool,
}

/// Resolves the target of a request from its authority and raw path.
pub(crate) fn resolve(authority: &str, raw_path: &str) -> Result<Resolved, CosError> {
    let path = decode(raw_path).ok_or_else(CosError::invalid_uri)?;
    let path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    let region_hint = match classify_host(authority) {
        HostKind::Bucket { bucket, region } => {
            let key = Some(path[1..].to_string()).filter(|k| !k.is_empty());
            return Ok(Resolved {
                target: Target::Bucket {
                    bucket,
                    region,
                    key,
                },
                path,
                website: false,
            });
        }
        HostKind::Website { bucket, region } => {
            let key = Some(path[1..].to_string()).filter(|k| !k.is_empty());
            return Ok(Resolved {
                target: Target::Bucket {
                    bucket,
                    region: Some(region),
                    key,
                },
                path,
                website: true,
            });
        }
        HostKind::Service { region } => {
            if path == "/" {
                return Ok(Resolved {
                    target: Target::Service { region },
                    path,
                    website: false,
                });
            }
            region
        }
        HostKind::PathStyle => {
            if path == "/" {
                return Ok(Resolved {
                    target: Target::Service { region: None },
                    path,
                    website: false,
                });
            }
            None
        }
    };
    let rest = &path[1..];
    let (bucket, key) = match rest.split_once('/') {
        Some((b, k)) => (b, Some(k.to_string()).filter(|k| !k.is_empty())),
        None => (rest, None),
    };
    if bucket.is_empty() {
        return Err(CosError::invalid_uri());
    }
    let bucket = bucket.to_ascii_lowercase();
    Ok(Resolved {
        target: Target::Bucket {
            bucket,
            region: region_hint,
            key,
        },
        path,
        website: false,
    })
}

/// Every operation the router knows. Handlers not written yet answer
/// `501 NotImplemented`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    GetService,
    PutBucket,
    HeadBucket,
    GetBucket,
    DeleteBucket,
    GetBucketAcl,
    PutBucketAcl,
    PutBucketCors,
    GetBucketCors,
    DeleteBucketCors,
    GetBucketLocation,
    PutBucketTagging,
    GetBucketTagging,
    DeleteBucketTagging,
    ListMultipartUploads,
    /// `GET /?versions`.
    ListObjectVersions,
    DeleteMultipleObjects,
    PutObject,
    PutObjectCopy,
    HeadObject,
    GetObject,
    DeleteObject,
    OptionsObject,
    GetObjectAcl,
    PutObjectAcl,
    PutObjectTagging,
    GetObjectTagging,
    DeleteObjectTagging,
    /// `POST /{key}?append&position=N`.
    AppendObject,
    /// `POST /{key}?restore`.
    PostObjectRestore,
    InitiateMultipartUpload,
    /// `POST /{key}?select&select-type=2`.
    SelectObjectContent,
    UploadPart,
    UploadPartCopy,
    CompleteMultipartUpload,
    ListParts,
    AbortMultipartUpload,
    PutBucketPolicy,
    GetBucketPolicy,
    DeleteBucketPolicy,
    /// PUT of an XML configuration (`?lifecycle`, `?inventory&id=`, …).
    PutBucketConfig(Sub),
    /// GET of one (for inventory: one id).
    GetBucketConfig(Sub),
    /// DELETE of one.
    DeleteBucketConfig(Sub),
    /// `GET /?inventory` without an id.
    ListBucketInventory,
    /// GET/HEAD on the website endpoint.
    WebsiteGet,
}

/// Outcome of dispatching on method and sub-resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Dispatch {
    /// A known operation.
    Op(Operation),
    /// Known resource, method not allowed on it → 405.
    MethodNotAllowed,
    /// A sub-resource the emulator does not model → 501 (named).
    NotImplemented(String),
}

/// Query names that select a sub-resource (spec §1.3), besides the multipart ones.
const SUBRESOURCES: [&str; 27] = [
    "acl",
    "uploads",
    "policy",
    "cors",
    "delete",
    "versions",
    "location",
    "referer",
    "lifecycle",
    "versioning",
    "notification",
    "replication",
    "website",
    "logging",
    "tagging",
    "accelerate",
    "domain",
    "inventory",
    "origin",
    "object-lock",
    "live",
    "encryption",
    "intelligenttiering",
    "symlink",
    "restore",
    "append",
    "select",
];

/// Query parameters besides [`SUBRESOURCES`] that choose what a request does:
/// the multipart ones the router dispatches on, Append Object's position,
/// and the object version a request reads, changes or deletes.
const OTHER_SELECTORS: [&str; 4] = ["uploadId", "partNumber", "position", "versionId"];

/// Whether query parameter `name` selects the operation (or the upload and
/// part it acts on). A signed request must sign every such parameter it
/// carries (see `auth::verify`): otherwise a signature made for one operation
/// (a presigned PUT of an object) would also authorize another (`PUT ?acl`).
/// Case-sensitive, like [`dispatch`].
pub(crate) fn selects_operation(name: &str) -> bool {
    SUBRESOURCES.contains(&name) || OTHER_SELECTORS.contains(&name)
}

/// Picks the operation for `method` on `target`, given the decoded query names and
/// whether `x-cos-copy-source` is present.
pub(crate) fn dispatch(
    method: &str,
    resolved: &Resolved,
    query: &[(String, String)],
    copy_source: bool,
) -> Dispatch {
    dispatch_target(
        method,
        &resolved.target,
        resolved.website,
        query,
        copy_source,
    )
}

/// [`dispatch`] on a target; `website` for the website endpoint.
fn dispatch_target(
    method: &str,
    target: &Target,
    website: bool,
    query: &[(String, String)],
    copy_source: bool,
) -> Dispatch {
    use Operation::*;
    let has = |name: &str| query.iter().any(|(n, _)| n == name);
    let m = method.to_ascii_uppercase();
    let op = |o: Operation| Dispatch::Op(o);
    if website {
        return match m.as_str() {
            "GET" | "HEAD" => op(WebsiteGet),
            _ => Dispatch::MethodNotAllowed,
        };
    }
    if m == "OPTIONS" {
        return match target {
            Target::Service { .. } => Dispatch::MethodNotAllowed,
            Target::Bucket { .. } => op(OptionsObject),
        };
    }
    let key = match target {
        Target::Service { .. } => {
            return if m == "GET" {
                op(GetService)
            } else {
                Dispatch::MethodNotAllowed
            };
        }
        Target::Bucket { key, .. } => key.is_some(),
    };
    let sub = SUBRESOURCES.iter().find(|s| has(s)).copied();
    if key {
        if has("uploadId") {
            return match m.as_str() {
                "PUT" if has("partNumber") => op(if copy_source {
                    UploadPartCopy
                } else {
                    UploadPart
                }),
                "POST" => op(CompleteMultipartUpload),
                "GET" => op(ListParts),
                "DELETE" => op(AbortMultipartUpload),
                _ => Dispatch::MethodNotAllowed,
            };
        }
        match sub {
            None => match m.as_str() {
                "PUT" => op(if copy_source {
                    PutObjectCopy
                } else {
                    PutObject
                }),
                "HEAD" => op(HeadObject),
                "GET" => op(GetObject),
                "DELETE" => op(DeleteObject),
                "POST" => Dispatch::NotImplemented("POST Object".into()),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("acl") => match m.as_str() {
                "GET" => op(GetObjectAcl),
                "PUT" => op(PutObjectAcl),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("uploads") => match m.as_str() {
                "POST" => op(InitiateMultipartUpload),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("select") => match m.as_str() {
                "POST" => op(SelectObjectContent),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("restore") => match m.as_str() {
                "POST" => op(PostObjectRestore),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("append") => match m.as_str() {
                "POST" => op(AppendObject),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("tagging") => match m.as_str() {
                "PUT" => op(PutObjectTagging),
                "GET" => op(GetObjectTagging),
                "DELETE" => op(DeleteObjectTagging),
                _ => Dispatch::MethodNotAllowed,
            },
            Some(other) => Dispatch::NotImplemented(other.to_string()),
        }
    } else {
        match sub {
            None => match m.as_str() {
                "PUT" => op(PutBucket),
                "HEAD" => op(HeadBucket),
                "GET" => op(GetBucket),
                "DELETE" => op(DeleteBucket),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("acl") => match m.as_str() {
                "GET" => op(GetBucketAcl),
                "PUT" => op(PutBucketAcl),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("cors") => match m.as_str() {
                "PUT" => op(PutBucketCors),
                "GET" => op(GetBucketCors),
                "DELETE" => op(DeleteBucketCors),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("location") => match m.as_str() {
                "GET" => op(GetBucketLocation),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("tagging") => match m.as_str() {
                "PUT" => op(PutBucketTagging),
                "GET" => op(GetBucketTagging),
                "DELETE" => op(DeleteBucketTagging),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("uploads") => match m.as_str() {
                "GET" => op(ListMultipartUploads),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("versions") => match m.as_str() {
                "GET" => op(ListObjectVersions),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("delete") => match m.as_str() {
                "POST" => op(DeleteMultipleObjects),
                _ => Dispatch::MethodNotAllowed,
            },
            Some("policy") => match m.as_str() {
                "PUT" => op(PutBucketPolicy),
                "GET" => op(GetBucketPolicy),
                "DELETE" => op(DeleteBucketPolicy),
                _ => Dispatch::MethodNotAllowed,
            },
            Some(name) => match Sub::from_name(name) {
                None => Dispatch::NotImplemented(name.to_string()),
                Some(sub) => match m.as_str() {
                    "GET" if sub == Sub::Inventory && !has("id") => op(ListBucketInventory),
                    "PUT" => op(PutBucketConfig(sub)),
                    "GET" => op(GetBucketConfig(sub)),
                    "DELETE" if sub.deletable() => op(DeleteBucketConfig(sub)),
                    _ => Dispatch::MethodNotAllowed,
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(b: &str, r: Option<&str>, k: Option<&str>) -> Target {
        Target::Bucket {
            bucket: b.into(),
            region: r.map(Into::into),
            key: k.map(Into::into),
        }
    }

    #[test]
    fn host_forms() {
        let r = resolve(
            "examplebucket-1250000000.cos.ap-beijing.myqcloud.com:8080",
            "/a%2Fb/c%20d",
        )
        .unwrap();
        assert_eq!(
            r.target,
            bucket(
                "examplebucket-1250000000",
                Some("ap-beijing"),
                Some("a/b/c d")
            )
        );
        assert_eq!(r.path, "/a/b/c d");
        let r = resolve("Examplebucket-1250000000.COS.ap-beijing.tencentcos.cn", "/").unwrap();
        assert_eq!(
            r.target,
            bucket("examplebucket-1250000000", Some("ap-beijing"), None)
        );
        let r = resolve("b-1250000000.cn-south.myqcloud.com", "/k").unwrap();
        assert_eq!(
            r.target,
            bucket("b-1250000000", Some("cn-south"), Some("k"))
        );
        let r = resolve("b-1250000000.cos.accelerate.myqcloud.com", "/k").unwrap();
        assert_eq!(r.target, bucket("b-1250000000", None, Some("k")));
        assert_eq!(
            resolve("service.cos.myqcloud.com", "/").unwrap().target,
            Target::Service { region: None }
        );
        assert_eq!(
            resolve("cos.ap-guangzhou.myqcloud.com", "/")
                .unwrap()
                .target,
            Target::Service {
                region: Some("ap-guangzhou".into())
            }
        );
        let r = resolve("cos.ap-guangzhou.myqcloud.com", "/b-1250000000/x/y").unwrap();
        assert_eq!(
            r.target,
            bucket("b-1250000000", Some("ap-guangzhou"), Some("x/y"))
        );
        assert_eq!(r.path, "/b-1250000000/x/y");
        for host in [
            "127.0.0.1:9000",
            "localhost",
            "[::1]:80",
            "my-emulator:9000",
            "",
        ] {
            let r = resolve(host, "/b-1250000000/%E4%B8%AD%2F1.txt").unwrap();
            assert_eq!(
                r.target,
                bucket("b-1250000000", None, Some("中/1.txt")),
                "{host}"
            );
            assert_eq!(r.path, "/b-1250000000/中/1.txt");
            assert_eq!(
                resolve(host, "/").unwrap().target,
                Target::Service { region: None }
            );
            assert_eq!(
                resolve(host, "/b-1250000000/").unwrap().target,
                bucket("b-1250000000", None, None)
            );
            assert_eq!(
                resolve(host, "/b-1250000000").unwrap().target,
                bucket("b-1250000000", None, None)
            );
        }
        assert_eq!(resolve("127.0.0.1", "/%FF").unwrap_err().code, "InvalidURI");
    }

    #[test]
    fn localhost_hosts() {
        let r = resolve(
            "examplebucket-1250000000.cos.ap-guangzhou.localhost:9000",
            "/a%20b",
        )
        .unwrap();
        assert_eq!(
            r.target,
            bucket(
                "examplebucket-1250000000",
                Some("ap-guangzhou"),
                Some("a b")
            )
        );
        assert_eq!(r.path, "/a b");
        for host in ["b-1250000000.localhost:9000", "B-1250000000.LOCALHOST."] {
            assert_eq!(
                resolve(host, "/k").unwrap().target,
                bucket("b-1250000000", None, Some("k")),
                "{host}"
            );
        }
        assert_eq!(
            resolve("b-1250000000.ap-beijing.localhost", "/")
                .unwrap()
                .target,
            bucket("b-1250000000", Some("ap-beijing"), None)
        );
        assert_eq!(
            resolve("cos.ap-beijing.localhost:1", "/").unwrap().target,
            Target::Service {
                region: Some("ap-beijing".into())
            }
        );
        assert_eq!(
            resolve("service.cos.localhost", "/").unwrap().target,
            Target::Service { region: None }
        );
        for host in ["localhost:9000", "cos.localhost:9000", "a.b.c.d.localhost"] {
            assert_eq!(
                resolve(host, "/b-1250000000/k").unwrap().target,
                bucket("b-1250000000", None, Some("k")),
                "{host}"
            );
        }
    }

    #[test]
    fn absolute_form_routes_on_url_host() {
        let head = crate::http::read_head(&mut std::io::Cursor::new(
            b"GET http://b-1250000000.cos.ap-chengdu.myqcloud.com/k%3F1?acl HTTP/1.1\r\nHost: b-1250000000.cos.ap-chengdu.myqcloud.com\r\n\r\n".to_vec(),
        ))
        .unwrap();
        let r = resolve(&head.authority, &head.raw_path).unwrap();
        assert_eq!(
            r.target,
            bucket("b-1250000000", Some("ap-chengdu"), Some("k?1"))
        );
    }

    #[test]
    fn dispatch_table() {
        use Operation::*;
        let dispatch = |m: &str, t: &Target, q: &[(String, String)], c: bool| {
            dispatch_target(m, t, false, q, c)
        };
        let q = |names: &[&str]| {
            names
                .iter()
                .map(|n| (n.to_string(), String::new()))
                .collect::<Vec<_>>()
        };
        let b = bucket("b-1", None, None);
        let o = bucket("b-1", None, Some("k"));
        let s = Target::Service { region: None };
        assert_eq!(dispatch("GET", &s, &[], false), Dispatch::Op(GetService));
        assert_eq!(dispatch("PUT", &s, &[], false), Dispatch::MethodNotAllowed);
        assert_eq!(dispatch("PUT", &b, &[], false), Dispatch::Op(PutBucket));
        assert_eq!(
            dispatch("GET", &b, &q(&["prefix"]), false),
            Dispatch::Op(GetBucket)
        );
        assert_eq!(dispatch("POST", &b, &[], false), Dispatch::MethodNotAllowed);
        assert_eq!(
            dispatch("GET", &b, &q(&["acl"]), false),
            Dispatch::Op(GetBucketAcl)
        );
        assert_eq!(
            dispatch("DELETE", &b, &q(&["acl"]), false),
            Dispatch::MethodNotAllowed
        );
        assert_eq!(
            dispatch("POST", &b, &q(&["delete"]), false),
            Dispatch::Op(DeleteMultipleObjects)
        );
        assert_eq!(
            dispatch("GET", &b, &q(&["lifecycle"]), false),
            Dispatch::Op(GetBucketConfig(Sub::Lifecycle))
        );
        assert_eq!(
            dispatch("DELETE", &b, &q(&["versioning"]), false),
            Dispatch::MethodNotAllowed
        );
        assert_eq!(
            dispatch("GET", &b, &q(&["inventory"]), false),
            Dispatch::Op(ListBucketInventory)
        );
        assert_eq!(
            dispatch("GET", &b, &q(&["inventory", "id"]), false),
            Dispatch::Op(GetBucketConfig(Sub::Inventory))
        );
        assert_eq!(
            dispatch("PUT", &b, &q(&["policy"]), false),
            Dispatch::Op(PutBucketPolicy)
        );
        assert_eq!(
            dispatch("GET", &b, &q(&["notification"]), false),
            Dispatch::NotImplemented("notification".into())
        );
        assert_eq!(
            dispatch_target("GET", &b, true, &q(&["acl"]), false),
            Dispatch::Op(WebsiteGet)
        );
        assert_eq!(
            dispatch_target("PUT", &o, true, &[], false),
            Dispatch::MethodNotAllowed
        );
        assert_eq!(dispatch("PUT", &o, &[], false), Dispatch::Op(PutObject));
        assert_eq!(dispatch("PUT", &o, &[], true), Dispatch::Op(PutObjectCopy));
        assert_eq!(
            dispatch("PUT", &o, &q(&["partNumber", "uploadId"]), false),
            Dispatch::Op(UploadPart)
        );
        assert_eq!(
            dispatch("PUT", &o, &q(&["partNumber", "uploadId"]), true),
            Dispatch::Op(UploadPartCopy)
        );
        assert_eq!(
            dispatch("POST", &o, &q(&["uploads"]), false),
            Dispatch::Op(InitiateMultipartUpload)
        );
        assert_eq!(
            dispatch("DELETE", &o, &q(&["uploadId"]), false),
            Dispatch::Op(AbortMultipartUpload)
        );
        assert_eq!(
            dispatch("POST", &o, &q(&["select", "select-type"]), false),
            Dispatch::Op(SelectObjectContent)
        );
        assert_eq!(
            dispatch("GET", &o, &q(&["select"]), false),
            Dispatch::MethodNotAllowed
        );
        assert_eq!(
            dispatch("OPTIONS", &o, &[], false),
            Dispatch::Op(OptionsObject)
        );
        assert_eq!(
            dispatch("PATCH", &o, &[], false),
            Dispatch::MethodNotAllowed
        );
        assert_eq!(
            dispatch("GET", &o, &q(&["versionId"]), false),
            Dispatch::Op(GetObject)
        );
        assert_eq!(
            dispatch("DELETE", &o, &q(&["tagging", "versionId"]), false),
            Dispatch::Op(DeleteObjectTagging)
        );
        assert_eq!(
            dispatch("POST", &o, &q(&["tagging"]), false),
            Dispatch::MethodNotAllowed
        );
        assert_eq!(
            dispatch("POST", &o, &q(&["append", "position"]), false),
            Dispatch::Op(AppendObject)
        );
        assert_eq!(
            dispatch("PUT", &o, &q(&["append", "position"]), false),
            Dispatch::MethodNotAllowed
        );
        assert_eq!(
            dispatch("POST", &o, &q(&["restore", "versionId"]), false),
            Dispatch::Op(PostObjectRestore)
        );
        assert_eq!(
            dispatch("GET", &b, &q(&["versions", "prefix"]), false),
            Dispatch::Op(ListObjectVersions)
        );
        assert_eq!(
            dispatch("DELETE", &b, &q(&["versions"]), false),
            Dispatch::MethodNotAllowed
        );
    }
}
