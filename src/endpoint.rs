//! Where a request goes: scheme, host and path from bucket, region and the
//! `Domain`/`ServiceDomain`/`Protocol`/`Ip` options (Node's `getUrl`).

use std::borrow::Cow;

use crate::encode::push_key_path;
use crate::options::CosOptions;

/// Regions from before the `cos.` host label (`{Bucket}.{Region}.myqcloud.com`).
const LEGACY_REGIONS: &[&str] = &[
    "cn-south",
    "cn-south-2",
    "cn-north",
    "cn-east",
    "cn-southwest",
    "sg",
];

/// What a request addresses.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// GET Service: all buckets, or one region's when `region` is not empty.
    Service { region: String },
    /// A bucket-level request.
    Bucket { bucket: String, region: String },
    /// An object (the key already validated and stripped).
    Object {
        bucket: String,
        region: String,
        key: String,
    },
    /// An explicit URL (Node's `request` with `Url`): scheme, host and the
    /// encoded path as given.
    Url {
        scheme: String,
        host: String,
        path: String,
    },
}

/// A resolved endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub scheme: Cow<'static, str>,
    /// The host (with port, if any) the request is addressed to: sent as
    /// `Host` and signed.
    pub host: String,
    /// The encoded request path, starting with `/`.
    pub path: String,
    /// The decoded path that is signed.
    pub signed_path: String,
}

impl Endpoint {
    /// The URL to connect to: the `Ip` option replaces the host, keeping the
    /// path (the `Host` header still names the real host).
    pub(crate) fn connect_url(&self, ip: &str, query: &str) -> String {
        let authority = if ip.is_empty() { &self.host } else { ip };
        let separator = if query.is_empty() { "" } else { "?" };
        concat(&[&self.scheme, "://", authority, &self.path, separator, query])
    }

    /// Node's `Location`: host and encoded path, no scheme.
    pub(crate) fn location(&self) -> String {
        concat(&[&self.host, &self.path])
    }
}

/// `parts` joined into one string allocated at its final size: every
/// request builds a few of these, and `format!` costs several times more.
fn concat(parts: &[&str]) -> String {
    let mut joined = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        joined.push_str(part);
    }
    joined
}

/// Resolves a target against the options.
pub(crate) fn resolve(options: &CosOptions, target: &Target) -> Endpoint {
    let default_scheme = options.scheme();
    match target {
        Target::Url { scheme, host, path } => Endpoint {
            scheme: Cow::Owned(scheme.clone()),
            host: host.clone(),
            path: path.clone(),
            signed_path: crate::encode::url_decode(path),
        },
        Target::Service { region } => {
            let host = if !options.service_domain.is_empty() {
                substitute(&options.service_domain, "", region)
            } else if region.is_empty() {
                "service.cos.myqcloud.com".to_string()
            } else {
                concat(&["cos.", region, ".myqcloud.com"])
            };
            build(default_scheme, host, "/".into(), "/".into())
        }
        Target::Bucket { bucket, region } if options.force_path_style => {
            let host = path_style_host(options, bucket, region);
            let path = concat(&["/", bucket, "/"]);
            build(default_scheme, host, path.clone(), path)
        }
        Target::Object {
            bucket,
            region,
            key,
        } if options.force_path_style => {
            let host = path_style_host(options, bucket, region);
            build(
                default_scheme,
                host,
                key_path(&["/", bucket, "/"], key),
                concat(&["/", bucket, "/", key]),
            )
        }
        Target::Bucket { bucket, region } => {
            let host = bucket_host(options, bucket, region);
            build(default_scheme, host, "/".into(), "/".into())
        }
        Target::Object {
            bucket,
            region,
            key,
        } => {
            let host = bucket_host(options, bucket, region);
            build(
                default_scheme,
                host,
                key_path(&["/"], key),
                concat(&["/", key]),
            )
        }
    }
}

/// The host of path-style requests: `Domain` (templates apply) or the
/// region's service host.
fn path_style_host(options: &CosOptions, bucket: &str, region: &str) -> String {
    if options.domain.is_empty() {
        concat(&["cos.", region, ".myqcloud.com"])
    } else {
        substitute(&options.domain, bucket, region)
    }
}

fn bucket_host(options: &CosOptions, bucket: &str, region: &str) -> String {
    let region = if options.use_accelerate {
        "accelerate"
    } else {
        region
    };
    if !options.domain.is_empty() {
        substitute(&options.domain, bucket, region)
    } else if LEGACY_REGIONS.contains(&region) {
        concat(&[bucket, ".", region, ".myqcloud.com"])
    } else {
        concat(&[bucket, ".cos.", region, ".myqcloud.com"])
    }
}

/// `prefix` joined, then the encoded `key` (see [`push_key_path`]).
fn key_path(prefix: &[&str], key: &str) -> String {
    // Room for a key that needs no escapes, as most do.
    let room = prefix.iter().map(|p| p.len()).sum::<usize>() + key.len();
    let mut path = String::with_capacity(room);
    path.extend(prefix.iter().copied());
    push_key_path(&mut path, key);
    path
}

/// Splits an optional scheme off a host template result and assembles the
/// endpoint. A domain may carry its own scheme (`http://cdn.example.com`).
/// `path` (encoded) and `signed_path` start with `/`.
fn build(
    default_scheme: &'static str,
    host: String,
    path: String,
    signed_path: String,
) -> Endpoint {
    if !host.contains('/') {
        // A bare host, as nearly always: kept as it is.
        return Endpoint {
            scheme: Cow::Borrowed(default_scheme),
            host,
            path,
            signed_path,
        };
    }
    let (scheme, rest) = match host.split_once("://") {
        Some((scheme, rest)) => (Cow::Owned(scheme.to_ascii_lowercase()), rest),
        None => (Cow::Borrowed(default_scheme), host.as_str()),
    };
    let rest = rest.trim_end_matches('/');
    let (host, base_path) = match rest.split_once('/') {
        Some((host, base)) => (host, concat(&["/", base])),
        None => (rest, String::new()),
    };
    Endpoint {
        scheme,
        host: host.to_string(),
        path: concat(&[&base_path, &path]),
        signed_path: concat(&[&base_path, &signed_path]),
    }
}

/// Node's template substitution: `{Bucket}` is the full name, `{BucketName}`
/// and `{{Bucket}}` the short name, `{AppId}`/`{{AppId}}`, `{Region}`/
/// `{{Region}}`; any other `{…}` is removed.
fn substitute(template: &str, bucket: &str, region: &str) -> String {
    let (short, appid) = match bucket.rsplit_once('-') {
        Some((short, appid)) if appid.bytes().all(|b| b.is_ascii_digit()) => (short, appid),
        _ => (bucket, ""),
    };
    let mut out = String::with_capacity(template.len() + bucket.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let double = after.starts_with("{{");
        let (inner_start, closing) = if double { (2, "}}") } else { (1, "}") };
        let Some(close) = after[inner_start..].find(closing) else {
            out.push_str(after);
            return out;
        };
        let name = &after[inner_start..inner_start + close];
        out.push_str(match (double, name) {
            (false, "Bucket") => bucket,
            (false, "BucketName") | (true, "Bucket") => short,
            (_, "AppId") => appid,
            (_, "Region") => region,
            _ => "",
        });
        rest = &after[inner_start + close + closing.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(key: &str) -> Target {
        Target::Object {
            bucket: "examplebucket-1250000000".into(),
            region: "ap-guangzhou".into(),
            key: key.into(),
        }
    }

    #[test]
    fn default_hosts() {
        let options = CosOptions::default();
        let e = resolve(&options, &object("dir/中 文.txt"));
        assert_eq!(
            e.host,
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com"
        );
        assert_eq!(e.path, "/dir/%E4%B8%AD%20%E6%96%87.txt");
        assert_eq!(e.signed_path, "/dir/中 文.txt");
        assert_eq!(
            e.location(),
            "examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/dir/%E4%B8%AD%20%E6%96%87.txt"
        );
        assert_eq!(
            e.connect_url("", ""),
            format!("https://{}{}", e.host, e.path)
        );
        assert_eq!(
            e.connect_url("127.0.0.1:9000", "acl="),
            "https://127.0.0.1:9000/dir/%E4%B8%AD%20%E6%96%87.txt?acl="
        );
        let service = resolve(
            &options,
            &Target::Service {
                region: String::new(),
            },
        );
        assert_eq!(service.host, "service.cos.myqcloud.com");
        let regional = resolve(
            &options,
            &Target::Service {
                region: "ap-guangzhou".into(),
            },
        );
        assert_eq!(regional.host, "cos.ap-guangzhou.myqcloud.com");
    }

    #[test]
    fn legacy_and_accelerate_hosts() {
        let mut options = CosOptions::default();
        let legacy = Target::Bucket {
            bucket: "b-1".into(),
            region: "cn-south".into(),
        };
        assert_eq!(resolve(&options, &legacy).host, "b-1.cn-south.myqcloud.com");
        options.use_accelerate = true;
        assert_eq!(
            resolve(&options, &object("k")).host,
            "examplebucket-1250000000.cos.accelerate.myqcloud.com"
        );
    }

    #[test]
    fn path_style() {
        let options = CosOptions {
            force_path_style: true,
            ..Default::default()
        };
        let e = resolve(&options, &object("a b/c"));
        assert_eq!(e.host, "cos.ap-guangzhou.myqcloud.com");
        assert_eq!(e.path, "/examplebucket-1250000000/a%20b/c");
        assert_eq!(e.signed_path, "/examplebucket-1250000000/a b/c");
        let bucket = Target::Bucket {
            bucket: "b-1".into(),
            region: "ap-beijing".into(),
        };
        let e = resolve(
            &CosOptions {
                domain: "http://127.0.0.1:9000".into(),
                ..options
            },
            &bucket,
        );
        assert_eq!(
            (&*e.scheme, e.host.as_str(), e.path.as_str()),
            ("http", "127.0.0.1:9000", "/b-1/")
        );
    }

    #[test]
    fn domain_templates() {
        let options = CosOptions {
            domain: "http://{{Bucket}}-{{AppId}}.cos.{{Region}}.xxx.com/".into(),
            protocol: "https:".into(),
            ..Default::default()
        };
        let e = resolve(&options, &object("a b"));
        assert_eq!(e.scheme, "http");
        assert_eq!(e.host, "examplebucket-1250000000.cos.ap-guangzhou.xxx.com");
        assert_eq!(e.path, "/a%20b");
        assert_eq!(
            substitute("{BucketName}.{Unknown}x.{AppId}", "b-12", "r"),
            "b.x.12"
        );
        assert_eq!(substitute("{Bucket", "b-12", "r"), "{Bucket");
    }
}
