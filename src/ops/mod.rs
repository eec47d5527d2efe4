//! One small request builder and response parser per documented operation.

pub(crate) mod acl;
pub(crate) mod append;
pub(crate) mod batch;
pub(crate) mod bucket;
#[macro_use]
pub(crate) mod config;
pub(crate) mod copy;
pub(crate) mod cors;
pub(crate) mod fields;
pub(crate) mod multipart;
pub(crate) mod object;
pub(crate) mod object_tagging;
pub(crate) mod request;
pub(crate) mod restore;
pub(crate) mod select;
pub(crate) mod service;
pub(crate) mod stream;
pub(crate) mod tagging;
pub(crate) mod url;
pub(crate) mod v4auth;
pub(crate) mod versions;

use roxmltree::Node;

use crate::error::CosError;
use crate::xml;

/// `<Owner>` / `<Initiator>`: an account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct Owner {
    /// `ID`.
    #[cfg_attr(feature = "serde", serde(rename = "ID"))]
    pub id: String,
    /// `DisplayName`.
    pub display_name: String,
}

impl Owner {
    /// An account, to name in an [`AccessControlPolicy`](crate::AccessControlPolicy)
    /// (the struct is `#[non_exhaustive]`, so it is built here).
    pub fn new(id: impl Into<String>, display_name: impl Into<String>) -> Owner {
        Owner {
            id: id.into(),
            display_name: display_name.into(),
        }
    }

    pub(crate) fn parse(node: Option<Node<'_, '_>>) -> Owner {
        let mut owner = Owner::default();
        if let Some(node) = node {
            // Cannot fail: the closure never returns an error.
            let _ = xml::each_child(node, |name, child| {
                match name {
                    "ID" => owner.id = xml::node_text(child),
                    "DisplayName" => owner.display_name = xml::node_text(child),
                    _ => {}
                }
                Ok(())
            });
        }
        owner
    }
}

/// `EncodingType`, whichever of COS's spellings the answer uses (an empty
/// element, as COS sends when none was asked for, counts as absent).
pub(crate) fn encoding_type(node: Node<'_, '_>) -> Option<crate::types::EncodingType> {
    ["EncodingType", "Encoding-Type", "Encoding-type"]
        .iter()
        .find_map(|name| xml::opt_text(node, name))
        .filter(|text| !text.is_empty())
        .map(crate::types::EncodingType::from)
}

/// A listing's key decoder: keys (and markers, prefixes) come
/// percent-encoded when the answer says `EncodingType` `url`.
pub(crate) fn key_decoder(
    encoding: Option<&crate::types::EncodingType>,
) -> impl Fn(String) -> String + Copy {
    let encoded = encoding == Some(&crate::types::EncodingType::Url);
    move |s: String| {
        if encoded {
            crate::encode::url_decode(&s)
        } else {
            s
        }
    }
}

/// A listing's `CommonPrefixes`, decoded.
pub(crate) fn common_prefixes(
    root: Node<'_, '_>,
    decode: impl Fn(String) -> String,
) -> Vec<bucket::CommonPrefix> {
    xml::children(root, "CommonPrefixes")
        .map(|n| bucket::CommonPrefix {
            prefix: decode(xml::text(n, "Prefix")),
        })
        .collect()
}

/// Parses a numeric element; a garbled number is a bad response, not a 0.
pub(crate) fn number<T: std::str::FromStr + Default>(
    node: Node<'_, '_>,
    name: &str,
) -> Result<T, CosError> {
    match xml::child(node, name) {
        Some(child) => number_of(child),
        None => Ok(T::default()),
    }
}

/// The number an element holds, read in place (listings hold thousands).
pub(crate) fn number_of<T: std::str::FromStr + Default>(node: Node<'_, '_>) -> Result<T, CosError> {
    let text = node.text().unwrap_or("").trim();
    if text.is_empty() {
        return Ok(T::default());
    }
    text.parse().map_err(|_| {
        CosError::invalid_response(format!(
            "<{}> is not a number: {text:?}",
            node.tag_name().name()
        ))
    })
}

/// Params of the operations that need only the bucket: they share one
/// request builder.
pub(crate) trait BucketOnly {
    /// `method` on the bucket's `action` sub-resource (`?cors`, …).
    fn bucket_request(
        &self,
        method: &'static str,
        action: &'static str,
    ) -> Result<crate::execute::Request, CosError>;
}

/// Validates bucket and region and addresses the bucket.
pub(crate) fn bucket_target(
    bucket: &str,
    region: &str,
) -> Result<crate::endpoint::Target, CosError> {
    crate::validate::bucket(bucket)?;
    crate::validate::region(region)?;
    Ok(crate::endpoint::Target::Bucket {
        bucket: bucket.to_string(),
        region: region.to_string(),
    })
}

/// Validates bucket, region and key and addresses the object.
pub(crate) fn object_target(
    options: &crate::CosOptions,
    bucket: &str,
    region: &str,
    key: &str,
) -> Result<crate::endpoint::Target, CosError> {
    crate::validate::bucket(bucket)?;
    crate::validate::region(region)?;
    let key = crate::validate::key(key, options.use_raw_key)?;
    Ok(crate::endpoint::Target::Object {
        bucket: bucket.to_string(),
        region: region.to_string(),
        key,
    })
}
