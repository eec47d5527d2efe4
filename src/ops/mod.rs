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

    /// Takes a field of an `<Owner>` / `<Initiator>`.
    pub(crate) fn read(&mut self, name: &str, text: &str) {
        match name {
            "ID" => self.id = text.into(),
            "DisplayName" => self.display_name = text.into(),
            _ => {}
        }
    }

    pub(crate) fn parse(node: Option<Node<'_, '_>>) -> Owner {
        let mut owner = Owner::default();
        for child in node
            .iter()
            .flat_map(|n| n.children().filter(Node::is_element))
        {
            owner.read(child.tag_name().name(), &xml::node_text(child));
        }
        owner
    }
}

/// Takes a streamed listing's `<CommonPrefixes><Prefix>` items; true when
/// `item` was one of them.
pub(crate) fn read_common_prefix(
    prefixes: &mut Vec<bucket::CommonPrefix>,
    item: &crate::xml_stream::Item<'_>,
) -> bool {
    use crate::xml_stream::Item;
    match *item {
        Item::Open {
            depth: 1,
            name: "CommonPrefixes",
        } => prefixes.push(bucket::CommonPrefix::default()),
        Item::Leaf {
            depth: 2,
            parent: "CommonPrefixes",
            name: "Prefix",
            text,
        } => {
            if let Some(common) = prefixes.last_mut() {
                common.prefix = text.into();
            }
        }
        _ => return false,
    }
    true
}

/// A streamed listing's `EncodingType`: with `url`, its keys, prefixes and
/// markers come percent-encoded. Known only once the whole answer is read
/// (COS may put it last), so the fields are decoded afterwards.
#[derive(Default)]
pub(crate) struct Encoding(Option<crate::types::EncodingType>);

impl Encoding {
    /// Takes `EncodingType` under whichever of COS's spellings the answer
    /// uses (an empty element, as COS sends when none was asked for, counts
    /// as absent).
    pub(crate) fn read(&mut self, name: &str, text: &str) {
        if matches!(name, "EncodingType" | "Encoding-Type" | "Encoding-type")
            && !text.is_empty()
            && self.0.is_none()
        {
            self.0 = Some(text.into());
        }
    }

    /// Decodes `texts` if the answer is URL-encoded.
    pub(crate) fn decode<'a>(&self, texts: impl IntoIterator<Item = &'a mut String>) {
        if self.0 == Some(crate::types::EncodingType::Url) {
            for text in texts {
                *text = crate::encode::url_decode(text);
            }
        }
    }

    pub(crate) fn into_type(self) -> Option<crate::types::EncodingType> {
        self.0
    }
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
