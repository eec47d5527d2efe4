//! COS's enumerated values (ACLs, storage classes, permissions, …) as
//! enums that still take any string.
//!
//! Each is `#[non_exhaustive]` with an `Other(String)` escape and
//! `From<&str>`, for two reasons: COS adds values (new storage classes
//! appear every few years) and a value this version does not know must
//! pass through untouched, both ways; and code ported from Node, where
//! they are strings, stays a one-word change (`"STANDARD_IA".into()`).

/// Declares a string enum: the variants with their wire text, plus
/// `Other(String)`, the conversions and the comparisons with `&str`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// A value this version does not name, sent and read verbatim.
            Other(String),
        }

        impl $name {
            /// The text COS sends and expects.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $( $text => $name::$variant, )*
                    other => $name::Other(other.to_string()),
                }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                match $name::from(text.as_str()) {
                    $name::Other(_) => $name::Other(text),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok($name::from(text))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name::from)
            }
        }
    };
}

string_enum! {
    /// A canned ACL (`x-cos-acl`, Node's `ACL`).
    ///
    /// ```
    /// use cos_sdk::Acl;
    /// assert_eq!(Acl::from("public-read"), Acl::PublicRead);
    /// assert_eq!(Acl::PublicRead, "public-read");
    /// ```
    pub enum Acl {
        /// `private`: only the owner (and grants) may read and write.
        Private = "private",
        /// `public-read`: anyone may read.
        PublicRead = "public-read",
        /// `public-read-write`: anyone may read and write (buckets).
        PublicReadWrite = "public-read-write",
        /// `authenticated-read`: any signed-in Tencent Cloud account may read.
        AuthenticatedRead = "authenticated-read",
        /// `default`: an object follows its bucket's ACL.
        Default = "default",
    }
}

string_enum! {
    /// A storage class (`x-cos-storage-class`, Node's `StorageClass`).
    ///
    /// Archive classes must be restored before they can be read.
    #[derive(Default)]
    pub enum StorageClass {
        /// `STANDARD`, COS's default.
        #[default]
        Standard = "STANDARD",
        /// `STANDARD_IA`: infrequent access.
        StandardIa = "STANDARD_IA",
        /// `INTELLIGENT_TIERING`.
        IntelligentTiering = "INTELLIGENT_TIERING",
        /// `ARCHIVE`.
        Archive = "ARCHIVE",
        /// `DEEP_ARCHIVE`.
        DeepArchive = "DEEP_ARCHIVE",
        /// `MAZ_STANDARD`: stored across availability zones.
        MazStandard = "MAZ_STANDARD",
        /// `MAZ_STANDARD_IA`.
        MazStandardIa = "MAZ_STANDARD_IA",
        /// `MAZ_INTELLIGENT_TIERING`.
        MazIntelligentTiering = "MAZ_INTELLIGENT_TIERING",
        /// `MAZ_ARCHIVE`.
        MazArchive = "MAZ_ARCHIVE",
    }
}

impl Default for Acl {
    /// What an ACL without public grants amounts to (and what Node's
    /// `decodeAcl` falls back to). Not [`Acl::Default`], the `default` value
    /// an object uses to follow its bucket.
    fn default() -> Self {
        Acl::Private
    }
}

string_enum! {
    /// What a [`Grant`](crate::Grant) allows (`Permission`).
    pub enum Permission {
        /// `READ`: read objects / list the bucket.
        Read = "READ",
        /// `WRITE`: write objects (buckets).
        Write = "WRITE",
        /// `READ_ACP`: read the ACL.
        ReadAcp = "READ_ACP",
        /// `WRITE_ACP`: change the ACL.
        WriteAcp = "WRITE_ACP",
        /// `FULL_CONTROL`: all of the above.
        FullControl = "FULL_CONTROL",
    }
}

string_enum! {
    /// Whether a copy keeps the source's metadata (`x-cos-metadata-directive`).
    pub enum MetadataDirective {
        /// `Copy`, the default: the new object keeps the source's metadata.
        Copy = "Copy",
        /// `Replaced`: the new object takes this request's headers.
        Replaced = "Replaced",
    }
}

string_enum! {
    /// How COS encodes keys in a listing (`encoding-type`, Node's `EncodingType`).
    pub enum EncodingType {
        /// `url`: keys are percent-encoded by COS, so any byte survives XML;
        /// the SDK decodes them again.
        Url = "url",
    }
}

string_enum! {
    /// The scheme requests use (Node's `Protocol`); `http:` and `https:`
    /// (Node's spelling, with the colon) are accepted too.
    #[derive(Default)]
    pub enum Protocol {
        /// `https`, the default.
        #[default]
        Https = "https",
        /// `http`: plain text, for emulators and proxies on loopback.
        Http = "http",
    }
}

impl Protocol {
    /// The URL scheme, or `None` for a value that is not one.
    pub(crate) fn scheme(&self) -> Option<&'static str> {
        match self {
            Protocol::Https => Some("https"),
            Protocol::Http => Some("http"),
            Protocol::Other(text) => match text.as_str() {
                "https:" | "" => Some("https"),
                "http:" => Some("http"),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_map_to_variants_and_others_pass_through() {
        assert_eq!(StorageClass::from("STANDARD_IA"), StorageClass::StandardIa);
        assert_eq!(StorageClass::StandardIa.as_str(), "STANDARD_IA");
        let future = StorageClass::from("COLD_STORAGE_2030");
        assert_eq!(future, StorageClass::Other("COLD_STORAGE_2030".into()));
        assert_eq!(future.to_string(), "COLD_STORAGE_2030");
        assert_eq!(Acl::from(String::from("default")), Acl::Default);
        assert_eq!(Permission::FullControl, "FULL_CONTROL");
        assert_eq!("Replaced".parse(), Ok(MetadataDirective::Replaced));
    }

    #[test]
    fn protocol_takes_node_spellings() {
        for (text, scheme) in [
            ("http", Some("http")),
            ("http:", Some("http")),
            ("https", Some("https")),
            ("https:", Some("https")),
            ("ftp", None),
        ] {
            assert_eq!(Protocol::from(text).scheme(), scheme, "{text}");
        }
    }
}
