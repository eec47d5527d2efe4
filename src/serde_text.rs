//! Numbers and booleans that Node's `data` holds as XML text (`"MaxKeys":
//! "1000"`, `"IsTruncated": "false"`): written as strings, so the JSON is
//! Node's, and read from either strings or plain JSON values.

use std::fmt::{self, Display};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

pub(crate) fn serialize<T: Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: FromStr,
    D: Deserializer<'de>,
{
    d.deserialize_any(Text(PhantomData))
}

/// The same for an optional value; `None` is left out by the field's
/// `skip_serializing_if`.
pub(crate) mod option {
    use super::*;

    pub(crate) fn serialize<T: Display, S: Serializer>(
        value: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => s.collect_str(value),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr,
        D: Deserializer<'de>,
    {
        super::deserialize(d).map(Some)
    }
}

struct Text<T>(PhantomData<T>);

impl<T: FromStr> Text<T> {
    fn parse<E: de::Error>(text: &str) -> Result<T, E> {
        // Strings as they are; numbers with surrounding space allowed.
        text.parse()
            .or_else(|_| text.trim().parse())
            .map_err(|_| E::custom(format!("not a valid value: {text:?}")))
    }
}

impl<T: FromStr> Visitor<'_> for Text<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or boolean, or its text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Self::parse(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::parse(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::parse(&v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Self::parse(&v.to_string())
    }
}

/// Query parameters as Node writes them: an object of names to values
/// (numbers allowed), kept in order as pairs.
pub(crate) mod query {
    use super::*;
    use serde::ser::SerializeMap;

    pub(crate) fn serialize<S: Serializer>(
        pairs: &[(String, String)],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(pairs.len()))?;
        for (name, value) in pairs {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<(String, String)>, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = Vec<(String, String)>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of query parameters")
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    let value: Scalar = map.next_value()?;
                    pairs.push((name, value.0));
                }
                Ok(pairs)
            }
        }
        d.deserialize_map(Pairs)
    }

    /// A value of any scalar JSON type, as its text.
    struct Scalar(String);

    impl<'de> serde::Deserialize<'de> for Scalar {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::deserialize::<String, D>(d).map(Scalar)
        }
    }
}
