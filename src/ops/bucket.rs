//! Bucket operations: PUT, HEAD, GET (list objects) and DELETE Bucket.

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::headers::Headers;
use crate::ops::fields::AclHeaders;
use crate::ops::{Encoding, Owner, bucket_target, read_common_prefix};
use crate::types::{EncodingType, StorageClass};
use crate::xml;
use crate::xml_stream::{self, Item};

/// Params of [`Cos::put_bucket`] (Node's `putBucket`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct PutBucketParams {
    /// `Bucket`: `name-appid`.
    pub bucket: String,
    /// `Region`, e.g. `ap-guangzhou`.
    pub region: String,
    /// `ACL` and `Grant*`: who may access what this request creates.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `BucketAZConfig`: `MAZ` for a multi-AZ bucket.
    #[cfg_attr(feature = "serde", serde(rename = "BucketAZConfig"))]
    pub bucket_az_config: String,
    /// `BucketArchConfig`: `OFS` for a hierarchical bucket.
    pub bucket_arch_config: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::put_bucket`].
    pub struct PutBucketData {
        /// `Location`: the bucket's host and `/`, without scheme.
        pub location: String,
    }
}

/// Params of [`Cos::head_bucket`] (Node's `headBucket`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct HeadBucketParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::head_bucket`]: the bucket exists and is accessible.
    pub struct HeadBucketData {}
}

/// Params of [`Cos::delete_bucket`] (Node's `deleteBucket`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DeleteBucketParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::delete_bucket`].
    pub struct DeleteBucketData {}
}

/// Params of [`Cos::get_bucket`] (Node's `getBucket`: list objects).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetBucketParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Prefix`: only keys starting with it (always sent, as Node does).
    pub prefix: String,
    /// `Delimiter`: roll keys up to `common_prefixes` at this character.
    pub delimiter: String,
    /// `Marker`: list keys after this one (paging).
    pub marker: String,
    /// `MaxKeys`: at most this many entries (COS allows 1–1000).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_keys: Option<u32>,
    /// `EncodingType`: `url` asks COS to percent-encode keys in the
    /// answer; the SDK decodes them again, so results hold real keys.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub encoding_type: Option<EncodingType>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

/// One entry of `Contents`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct ObjectSummary {
    /// `Key`.
    pub key: String,
    /// `LastModified`, ISO 8601.
    pub last_modified: String,
    /// `ETag`, with its quotes as COS sends it.
    #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
    pub etag: String,
    /// `Size` in bytes.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
    pub size: u64,
    /// `Owner`.
    pub owner: Owner,
    /// `StorageClass`.
    pub storage_class: StorageClass,
}

/// One entry of `CommonPrefixes`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct CommonPrefix {
    /// `Prefix`.
    pub prefix: String,
}

response_data! {
    /// Result of [`Cos::get_bucket`].
    pub struct GetBucketData {
        /// `Name` of the bucket.
        pub name: String,
        /// `Prefix` as echoed.
        pub prefix: String,
        /// `Marker` as echoed.
        pub marker: String,
        /// `MaxKeys` as applied.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub max_keys: u32,
        /// `Delimiter` as echoed, when one was given.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub delimiter: Option<String>,
        /// `IsTruncated`: more entries follow; continue from `next_marker`.
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub is_truncated: bool,
        /// `NextMarker`: the `marker` of the next page, when COS sends one
        /// (with a delimiter; otherwise continue after the last key).
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub next_marker: Option<String>,
        /// `EncodingType` as echoed, when one was asked for.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub encoding_type: Option<EncodingType>,
        /// `Contents`: the objects, always a list.
        pub contents: Vec<ObjectSummary>,
        /// `CommonPrefixes`, always a list.
        pub common_prefixes: Vec<CommonPrefix>,
    }
}

pub(crate) fn build_put_bucket(params: &PutBucketParams) -> Result<Request, CosError> {
    let mut request = Request::new("PUT", bucket_target(&params.bucket, &params.region)?);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    params.access.apply(&mut request);
    if !params.bucket_az_config.is_empty() || !params.bucket_arch_config.is_empty() {
        let mut body = String::from("<CreateBucketConfiguration>");
        for (name, value) in [
            ("BucketAZConfig", &params.bucket_az_config),
            ("BucketArchConfig", &params.bucket_arch_config),
        ] {
            if !value.is_empty() {
                body.push_str(&format!("<{name}>{}</{name}>", xml::escape(value)));
            }
        }
        body.push_str("</CreateBucketConfiguration>");
        request.xml_body(body);
    }
    Ok(request)
}

pub(crate) fn build_head_bucket(params: &HeadBucketParams) -> Result<Request, CosError> {
    let mut request = Request::new("HEAD", bucket_target(&params.bucket, &params.region)?);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    Ok(request)
}

pub(crate) fn build_delete_bucket(params: &DeleteBucketParams) -> Result<Request, CosError> {
    let mut request = Request::new("DELETE", bucket_target(&params.bucket, &params.region)?);
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    Ok(request)
}

pub(crate) fn build_get_bucket(params: &GetBucketParams) -> Result<Request, CosError> {
    let mut request = Request::new("GET", bucket_target(&params.bucket, &params.region)?);
    request.buffer_answer = true;
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    request.query("prefix", params.prefix.as_str());
    for (name, value) in [("delimiter", &params.delimiter), ("marker", &params.marker)] {
        if !value.is_empty() {
            request.query(name, value.as_str());
        }
    }
    if let Some(max_keys) = params.max_keys {
        request.query("max-keys", max_keys.to_string());
    }
    if let Some(encoding) = &params.encoding_type {
        request.query("encoding-type", encoding.as_str());
    }
    Ok(request)
}

impl GetBucketData {
    /// Where the next page starts (its `marker`), or `None` on the last
    /// page: COS's `NextMarker`, or the last key when COS leaves it out.
    pub fn next_page_marker(&self) -> Option<&str> {
        if !self.is_truncated {
            return None;
        }
        self.next_marker
            .as_deref()
            .or(self.contents.last().map(|o| o.key.as_str()))
    }
}

impl Cos {
    /// Creates a bucket (Node's `putBucket`).
    ///
    /// ```
    /// use cos_sdk::{AclHeaders, PutBucketParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.put_bucket(
    ///     PutBucketParams {
    ///         bucket: "photos-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         access: AclHeaders {
    ///             acl: Some("private".into()),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.location, "photos-1250000000.cos.ap-guangzhou.myqcloud.com/");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn put_bucket<R>(
        &self,
        params: PutBucketParams,
        callback: impl FnOnce(Result<PutBucketData, CosError>) -> R,
    ) -> R {
        callback(self.put_bucket_inner(params))
    }

    fn put_bucket_inner(&self, params: PutBucketParams) -> Result<PutBucketData, CosError> {
        let response = self.execute(build_put_bucket(&params)?)?;
        let mut data = PutBucketData::from_meta(response.meta());
        data.location = response.endpoint.location();
        Ok(data)
    }

    /// Checks that a bucket exists and is accessible (Node's `headBucket`).
    /// A missing bucket is an error with status 404.
    ///
    /// ```
    /// use cos_sdk::HeadBucketParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.head_bucket(
    ///     HeadBucketParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    ///
    /// let err = cos
    ///     .head_bucket(
    ///         HeadBucketParams {
    ///             bucket: "nosuchbucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )
    ///     .unwrap_err();
    /// assert!(err.is_not_found());
    /// assert_eq!(err.code(), "NoSuchBucket"); // the code COS implies for a HEAD
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn head_bucket<R>(
        &self,
        params: HeadBucketParams,
        callback: impl FnOnce(Result<HeadBucketData, CosError>) -> R,
    ) -> R {
        callback(
            build_head_bucket(&params)
                .and_then(|request| self.execute(request))
                .map(|response| HeadBucketData::from_meta(response.meta())),
        )
    }

    /// Deletes an empty bucket (Node's `deleteBucket`).
    ///
    /// ```
    /// use cos_sdk::{DeleteBucketParams, PutBucketParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// cos.put_bucket(
    ///     PutBucketParams {
    ///         bucket: "scratch-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// let data = cos.delete_bucket(
    ///     DeleteBucketParams {
    ///         bucket: "scratch-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.status_code, 204);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn delete_bucket<R>(
        &self,
        params: DeleteBucketParams,
        callback: impl FnOnce(Result<DeleteBucketData, CosError>) -> R,
    ) -> R {
        callback(
            build_delete_bucket(&params)
                .and_then(|request| self.execute(request))
                .map(|response| DeleteBucketData::from_meta(response.meta())),
        )
    }

    /// Lists objects, one page of up to 1000 entries (Node's `getBucket`).
    ///
    /// ```
    /// use cos_sdk::GetBucketParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # for key in ["photos/2024/a.jpg", "photos/2024/b.jpg", "photos/c.jpg", "readme.txt"] {
    /// #     doc.put(key, "x");
    /// # }
    /// // One directory level: keys under `photos/`, subdirectories rolled up.
    /// let listing = cos.get_bucket(
    ///     GetBucketParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         prefix: "photos/".into(),
    ///         delimiter: "/".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(listing.contents[0].key, "photos/c.jpg");
    /// assert_eq!(listing.common_prefixes[0].prefix, "photos/2024/");
    ///
    /// // Every key, page by page (`max_keys` up to 1000).
    /// let mut keys = Vec::new();
    /// let mut marker = String::new();
    /// loop {
    ///     let page = cos.get_bucket(
    ///         GetBucketParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             marker: marker.clone(),
    ///             max_keys: Some(2),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )?;
    ///     keys.extend(page.contents.iter().map(|object| object.key.clone()));
    ///     match page.next_page_marker() {
    ///         Some(next) => marker = next.to_string(),
    ///         None => break,
    ///     }
    /// }
    /// assert_eq!(keys.len(), 4);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_bucket<R>(
        &self,
        params: GetBucketParams,
        callback: impl FnOnce(Result<GetBucketData, CosError>) -> R,
    ) -> R {
        callback(self.get_bucket_inner(&params))
    }

    fn get_bucket_inner(&self, params: &GetBucketParams) -> Result<GetBucketData, CosError> {
        let mut response = self.execute(build_get_bucket(params)?)?;
        let text = response.text()?;
        let parsed = parse_list_bucket(&text).map_err(|e| response.fail(e))?;
        let mut data = GetBucketData::from_meta(response.meta());
        data.name = parsed.name;
        data.prefix = parsed.prefix;
        data.marker = parsed.marker;
        data.max_keys = parsed.max_keys;
        data.delimiter = parsed.delimiter;
        data.is_truncated = parsed.is_truncated;
        data.next_marker = parsed.next_marker;
        data.encoding_type = parsed.encoding_type;
        data.contents = parsed.contents;
        data.common_prefixes = parsed.common_prefixes;
        Ok(data)
    }
}

pub(crate) fn parse_list_bucket(text: &str) -> Result<GetBucketData, CosError> {
    let mut data = GetBucketData::default();
    let mut encoding = Encoding::default();
    xml_stream::read(text, "ListBucketResult", |item| {
        if read_common_prefix(&mut data.common_prefixes, &item) {
            return Ok(());
        }
        match item {
            Item::Open {
                depth: 1,
                name: "Contents",
            } => data.contents.push(ObjectSummary::default()),
            Item::Leaf {
                depth: 1,
                name,
                text,
                ..
            } => match name {
                "Name" => data.name = text.into(),
                "Prefix" => data.prefix = text.into(),
                "Marker" => data.marker = text.into(),
                "MaxKeys" => data.max_keys = xml_stream::number(name, text)?,
                "Delimiter" => data.delimiter = Some(text.into()),
                "IsTruncated" => data.is_truncated = text == "true",
                "NextMarker" => data.next_marker = Some(text.into()),
                _ => encoding.read(name, text),
            },
            Item::Leaf {
                depth: 2,
                parent: "Contents",
                name,
                text,
            } => {
                if let Some(entry) = data.contents.last_mut() {
                    match name {
                        "Key" => entry.key = text.into(),
                        "LastModified" => entry.last_modified = text.into(),
                        "ETag" => entry.etag = text.into(),
                        "Size" => entry.size = xml_stream::number(name, text)?,
                        "StorageClass" => entry.storage_class = StorageClass::from(text),
                        _ => {}
                    }
                }
            }
            Item::Leaf {
                depth: 3,
                parent: "Owner",
                name,
                text,
            } => {
                if let Some(entry) = data.contents.last_mut() {
                    entry.owner.read(name, text);
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    encoding.decode(
        [&mut data.prefix, &mut data.marker]
            .into_iter()
            .chain(data.delimiter.as_mut())
            .chain(data.next_marker.as_mut())
            .chain(data.contents.iter_mut().map(|c| &mut c.key))
            .chain(data.common_prefixes.iter_mut().map(|c| &mut c.prefix)),
    );
    data.encoding_type = encoding.into_type();
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_url_encoded_listing() {
        let text = r#"<?xml version='1.0' encoding='utf-8' ?>
<ListBucketResult>
  <Name>examplebucket-1250000000</Name>
  <EncodingType>url</EncodingType>
  <Prefix>%E7%85%A7%E7%89%87/</Prefix>
  <Marker/>
  <MaxKeys>2</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <NextMarker>%E7%85%A7%E7%89%87/Tencent%20Cloud.jpg</NextMarker>
  <CommonPrefixes><Prefix>%E7%85%A7%E7%89%87/2020/</Prefix></CommonPrefixes>
  <Contents>
    <Key>%E7%85%A7%E7%89%87/Tencent%20Cloud.jpg</Key>
    <LastModified>2020-12-10T03:37:30.000Z</LastModified>
    <ETag>&quot;ee8de918d05640145b18f70f4c3aa602&quot;</ETag>
    <Size>1048576</Size>
    <Owner><ID>1250000000</ID><DisplayName>1250000000</DisplayName></Owner>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
</ListBucketResult>"#;
        let data = parse_list_bucket(text).unwrap();
        assert_eq!(data.prefix, "照片/");
        assert!(data.is_truncated);
        assert_eq!(data.next_marker.as_deref(), Some("照片/Tencent Cloud.jpg"));
        assert_eq!(data.common_prefixes[0].prefix, "照片/2020/");
        assert_eq!(data.contents[0].key, "照片/Tencent Cloud.jpg");
        assert_eq!(
            data.contents[0].etag,
            "\"ee8de918d05640145b18f70f4c3aa602\""
        );
        assert_eq!(data.contents[0].size, 1_048_576);
        assert_eq!(data.contents[0].owner.id, "1250000000");
    }

    #[test]
    fn garbled_numbers_are_errors() {
        let text =
            "<ListBucketResult><Contents><Key>a</Key><Size>x1</Size></Contents></ListBucketResult>";
        assert_eq!(parse_list_bucket(text).unwrap_err().code(), "EBADRESPONSE");
    }

    #[test]
    fn a_cut_listing_is_an_error_not_a_shorter_one() {
        let text = "<ListBucketResult><Contents><Key>a</Key></Contents><Contents><Key>b";
        assert_eq!(parse_list_bucket(text).unwrap_err().code(), "EBADRESPONSE");
        let other = "<Error><Code>AccessDenied</Code></Error>";
        assert!(
            parse_list_bucket(other)
                .unwrap_err()
                .to_string()
                .contains("expected <ListBucketResult>")
        );
    }

    #[test]
    fn keys_are_decoded_whereever_encoding_type_stands() {
        // EncodingType last, a key split by a CDATA section and a reference,
        // and elements COS may add later ignored at every depth.
        let text = "<ListBucketResult><Prefix>a%2F</Prefix><Contents><Key>x%20<![CDATA[y]]>&#37;41</Key><Owner><ID>1</ID><New>n</New></Owner><New/></Contents><New><Key>z</Key></New><Encoding-Type>url</Encoding-Type></ListBucketResult>";
        let data = parse_list_bucket(text).unwrap();
        assert_eq!(data.prefix, "a/");
        assert_eq!(data.contents.len(), 1);
        assert_eq!(data.contents[0].key, "x yA");
        assert_eq!(data.contents[0].owner.id, "1");
        assert_eq!(data.encoding_type, Some(EncodingType::Url));
    }
}
