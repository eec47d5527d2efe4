//! The XML of bucket configurations, declared once per type.
//!
//! `xml_struct!` declares a configuration type and how it maps to XML:
//! each field names its element, fields are written in declaration order
//! (Node's `json2xml` writes keys in the order of its params, which the
//! declaration follows) and read back from the same elements. Lists are
//! repeated elements; `"Outer/Inner"` names a list wrapped in one element
//! (`<OptionalFields><Field>…</Field></OptionalFields>`).

use roxmltree::Node;

use crate::error::CosError;
use crate::xml;

/// A value that is the content of one element.
pub(crate) trait XmlElement: Sized {
    fn write_content(&self, out: &mut String);
    fn read_content(node: Node<'_, '_>) -> Result<Self, CosError>;
}

/// A field: how it is written under its element name and read back from
/// the parent element.
pub(crate) trait XmlField: Sized {
    fn write_xml(&self, name: &str, out: &mut String);
    fn read_xml(parent: Node<'_, '_>, name: &str) -> Result<Self, CosError>;
    /// Not sent, and left out of serialized data.
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    fn is_absent(&self) -> bool;
}

fn open(name: &str, out: &mut String) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

fn close(name: &str, out: &mut String) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

impl XmlElement for String {
    fn write_content(&self, out: &mut String) {
        out.push_str(&xml::escape(self));
    }

    fn read_content(node: Node<'_, '_>) -> Result<Self, CosError> {
        Ok(xml::node_text(node))
    }
}

/// Numbers as element text.
macro_rules! xml_number {
    ($($ty:ty),*) => {$(
        impl XmlElement for $ty {
            fn write_content(&self, out: &mut String) {
                out.push_str(&self.to_string());
            }

            fn read_content(node: Node<'_, '_>) -> Result<Self, CosError> {
                let text = xml::node_text(node);
                text.trim().parse().map_err(|_| {
                    CosError::invalid_response(format!(
                        "<{}> is not a number: {text:?}",
                        node.tag_name().name()
                    ))
                })
            }
        }

        #[cfg(feature = "serde")]
        impl FromNodeJson for $ty {
            fn from_node_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::serde_text::deserialize(d)
            }
        }

        #[cfg(feature = "serde")]
        impl ToNodeJson for $ty {
            fn to_node_json<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )*};
}

xml_number!(u32, u64);

/// A string field is sent when it is not empty (the params rule).
impl XmlField for String {
    fn write_xml(&self, name: &str, out: &mut String) {
        if !self.is_empty() {
            open(name, out);
            self.write_content(out);
            close(name, out);
        }
    }

    fn read_xml(parent: Node<'_, '_>, name: &str) -> Result<Self, CosError> {
        Ok(xml::text(parent, name))
    }

    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

/// An optional element is sent when present, even empty (`<Filter></Filter>`).
impl<T: XmlElement> XmlField for Option<T> {
    fn write_xml(&self, name: &str, out: &mut String) {
        if let Some(value) = self {
            open(name, out);
            value.write_content(out);
            close(name, out);
        }
    }

    fn read_xml(parent: Node<'_, '_>, name: &str) -> Result<Self, CosError> {
        xml::child(parent, name).map(T::read_content).transpose()
    }

    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

/// Repeated elements, or with `"Outer/Inner"` repeated inside one wrapper.
impl<T: XmlElement> XmlField for Vec<T> {
    fn write_xml(&self, name: &str, out: &mut String) {
        let (outer, inner) = match name.split_once('/') {
            Some((outer, inner)) if !self.is_empty() => (Some(outer), inner),
            Some(_) => return,
            None => (None, name),
        };
        if let Some(outer) = outer {
            open(outer, out);
        }
        for item in self {
            open(inner, out);
            item.write_content(out);
            close(inner, out);
        }
        if let Some(outer) = outer {
            close(outer, out);
        }
    }

    fn read_xml(parent: Node<'_, '_>, name: &str) -> Result<Self, CosError> {
        let (parent, inner) = match name.split_once('/') {
            Some((outer, inner)) => match xml::child(parent, outer) {
                Some(node) => (node, inner),
                None => return Ok(Vec::new()),
            },
            None => (parent, name),
        };
        xml::children(parent, inner).map(T::read_content).collect()
    }

    fn is_absent(&self) -> bool {
        false
    }
}

/// Writes `<root>…</root>` for a configuration type.
pub(crate) fn document<T: XmlElement>(root: &str, value: &T) -> String {
    let mut out = String::new();
    open(root, &mut out);
    value.write_content(&mut out);
    close(root, &mut out);
    out
}

/// Declares a configuration type: a struct with Node's field names (serde:
/// PascalCase, exceptions renamed on the field) and its XML mapping.
macro_rules! xml_struct {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty => $xml:literal, )*
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(rename_all = "PascalCase", default)
        )]
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[cfg_attr(
                    feature = "serde",
                    serde(
                        skip_serializing_if = "crate::ops::config::codec::XmlField::is_absent",
                        serialize_with = "crate::ops::config::codec::to_node_json",
                        deserialize_with = "crate::ops::config::codec::node_json"
                    )
                )]
                pub $field: $ty,
            )*
        }

        impl crate::ops::config::codec::XmlElement for $name {
            fn write_content(&self, _out: &mut String) {
                $( crate::ops::config::codec::XmlField::write_xml(&self.$field, $xml, _out); )*
            }

            fn read_content(
                _node: roxmltree::Node<'_, '_>,
            ) -> Result<Self, crate::error::CosError> {
                Ok($name {
                    $( $field: crate::ops::config::codec::XmlField::read_xml(_node, $xml)?, )*
                })
            }
        }

        #[cfg(feature = "serde")]
        impl crate::ops::config::codec::ToNodeJson for $name {
            fn to_node_json<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(self, s)
            }
        }

        #[cfg(feature = "serde")]
        impl crate::ops::config::codec::FromNodeJson for $name {
            fn from_node_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <Self as serde::Deserialize>::deserialize(d)
            }
        }

        /// A nested configuration is always sent.
        impl crate::ops::config::codec::XmlField for $name {
            fn write_xml(&self, name: &str, out: &mut String) {
                out.push('<');
                out.push_str(name);
                out.push('>');
                crate::ops::config::codec::XmlElement::write_content(self, out);
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }

            fn read_xml(
                parent: roxmltree::Node<'_, '_>,
                name: &str,
            ) -> Result<Self, crate::error::CosError> {
                match crate::xml::child(parent, name) {
                    Some(node) => crate::ops::config::codec::XmlElement::read_content(node),
                    None => Ok(Self::default()),
                }
            }

            fn is_absent(&self) -> bool {
                false
            }
        }
    )*};
}

impl XmlElement for crate::types::StorageClass {
    fn write_content(&self, out: &mut String) {
        out.push_str(&xml::escape(self.as_str()));
    }

    fn read_content(node: Node<'_, '_>) -> Result<Self, CosError> {
        Ok(Self::from(xml::node_text(node)))
    }
}

impl XmlElement for crate::Tag {
    fn write_content(&self, out: &mut String) {
        self.key.write_xml("Key", out);
        self.value.write_xml("Value", out);
    }

    fn read_content(node: Node<'_, '_>) -> Result<Self, CosError> {
        Ok(crate::Tag {
            key: xml::text(node, "Key"),
            value: xml::text(node, "Value"),
        })
    }
}

/// Reading the JSON Node users write: numbers as numbers or strings, a
/// single item where a list is expected (Node's `json2xml` takes both).
#[cfg(feature = "serde")]
pub(crate) trait FromNodeJson: Sized {
    fn from_node_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// `deserialize_with` of every configuration field.
#[cfg(feature = "serde")]
pub(crate) fn node_json<'de, D: serde::Deserializer<'de>, T: FromNodeJson>(
    d: D,
) -> Result<T, D::Error> {
    T::from_node_json(d)
}

#[cfg(feature = "serde")]
impl FromNodeJson for String {
    fn from_node_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::serde_text::deserialize(d)
    }
}

#[cfg(feature = "serde")]
impl<T: FromNodeJson> FromNodeJson for Option<T> {
    fn from_node_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::from_node_json(d).map(Some)
    }
}

#[cfg(feature = "serde")]
impl<T: serde::de::DeserializeOwned> FromNodeJson for Vec<T> {
    fn from_node_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum OneOrMany<T> {
            Many(Vec<T>),
            One(T),
        }
        Ok(
            match <OneOrMany<T> as serde::Deserialize>::deserialize(d)? {
                OneOrMany::Many(items) => items,
                OneOrMany::One(item) => vec![item],
            },
        )
    }
}

#[cfg(feature = "serde")]
impl FromNodeJson for crate::types::StorageClass {
    fn from_node_json<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Self as serde::Deserialize>::deserialize(d)
    }
}

/// Writing JSON as Node prints configurations: numbers as the XML text
/// they were (`"Days": "30"`).
#[cfg(feature = "serde")]
pub(crate) trait ToNodeJson {
    fn to_node_json<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

/// `serialize_with` of every configuration field.
#[cfg(feature = "serde")]
pub(crate) fn to_node_json<S: serde::Serializer, T: ToNodeJson>(
    value: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    value.to_node_json(s)
}

#[cfg(feature = "serde")]
impl<T: ToNodeJson> ToNodeJson for Option<T> {
    fn to_node_json<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.to_node_json(s),
            None => s.serialize_none(),
        }
    }
}

/// Everything else serializes as itself.
#[cfg(feature = "serde")]
macro_rules! to_node_json_as_itself {
    ($($ty:ty),*) => {$(
        impl ToNodeJson for $ty {
            fn to_node_json<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(self, s)
            }
        }
    )*};
}

#[cfg(feature = "serde")]
to_node_json_as_itself!(String, crate::types::StorageClass);

#[cfg(feature = "serde")]
impl<T: serde::Serialize> ToNodeJson for Vec<T> {
    fn to_node_json<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(self, s)
    }
}
