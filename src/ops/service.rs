//! GET Service: list buckets.

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::endpoint::Target;
use crate::error::CosError;
use crate::execute::{FromMeta, Request};
use crate::headers::Headers;
use crate::ops::Owner;
use crate::{validate, xml};

/// Params of [`Cos::get_service`] (Node's `getService`).
#[derive(Debug, Clone, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct GetServiceParams {
    /// `Region`: list only this region's buckets (asks
    /// `cos.<Region>.myqcloud.com`); empty lists all regions.
    pub region: String,
    /// `TagKey`: only buckets with this tag (with `tag_value`).
    pub tag_key: String,
    /// `TagValue`.
    pub tag_value: String,
    /// `CreateTime`: Unix seconds to compare creation times with (see
    /// `create_range`).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub create_time: Option<u64>,
    /// `CreateRange`: `lt`, `gt`, `lte` or `gte` (created before/after
    /// `create_time`).
    pub create_range: String,
    /// `Marker`: list buckets after this name (paging).
    pub marker: String,
    /// `MaxKeys`: at most this many buckets per page.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub max_keys: Option<u32>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

/// One entry of `Buckets`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
#[non_exhaustive]
pub struct BucketSummary {
    /// `Name`: full bucket name, `name-appid`.
    pub name: String,
    /// `Location`: region.
    pub location: String,
    /// `CreationDate`, ISO 8601.
    pub creation_date: String,
    /// `BucketType`.
    pub bucket_type: String,
}

response_data! {
    /// Result of [`Cos::get_service`].
    pub struct GetServiceData {
        /// `Owner` of the buckets.
        pub owner: Owner,
        /// `Buckets`, always a list.
        pub buckets: Vec<BucketSummary>,
        /// `IsTruncated`: more buckets follow (when paging with `max_keys`).
        #[cfg_attr(feature = "serde", serde(with = "crate::serde_text"))]
        pub is_truncated: bool,
        /// `NextMarker`: the `marker` of the next page, when truncated.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub next_marker: Option<String>,
    }
}

pub(crate) fn build_get_service(params: &GetServiceParams) -> Result<Request, CosError> {
    if !params.region.is_empty() {
        validate::region(&params.region)?;
    }
    if !matches!(
        params.create_range.as_str(),
        "" | "lt" | "gt" | "lte" | "gte"
    ) {
        return Err(CosError::invalid_parameter(
            "CreateRange",
            format!(
                "CreateRange must be lt, gt, lte or gte, got {:?}",
                params.create_range
            ),
        ));
    }
    let mut request = Request::new(
        "GET",
        Target::Service {
            region: params.region.clone(),
        },
    );
    request.buffer_answer = true;
    request.headers = params.headers.clone();
    request.cancel = params.cancel.clone();
    let numbers = [
        params.create_time.map(|t| t.to_string()),
        params.max_keys.map(|n| n.to_string()),
    ];
    let [create_time, max_keys] = numbers.map(Option::unwrap_or_default);
    for (name, value) in [
        ("tagkey", &params.tag_key),
        ("tagvalue", &params.tag_value),
        ("create-time", &create_time),
        ("range", &params.create_range),
        ("marker", &params.marker),
        ("max-keys", &max_keys),
    ] {
        if !value.is_empty() {
            request.query(name, value.as_str());
        }
    }
    Ok(request)
}

impl Cos {
    /// Lists the account's buckets (Node's `getService`).
    ///
    /// ```
    /// use cos_sdk::GetServiceParams;
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let data = cos.get_service(GetServiceParams::default(), |r| r)?;
    /// let names: Vec<&str> = data.buckets.iter().map(|b| b.name.as_str()).collect();
    /// assert_eq!(names, ["examplebucket-1250000000"]);
    /// assert_eq!(data.buckets[0].location, "ap-guangzhou");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_service<R>(
        &self,
        params: GetServiceParams,
        callback: impl FnOnce(Result<GetServiceData, CosError>) -> R,
    ) -> R {
        callback(self.get_service_inner(&params))
    }

    fn get_service_inner(&self, params: &GetServiceParams) -> Result<GetServiceData, CosError> {
        let mut response = self.execute(build_get_service(params)?)?;
        let meta = response.meta();
        response.xml("ListAllMyBucketsResult", |root| {
            let mut data = GetServiceData::from_meta(meta);
            data.owner = Owner::parse(xml::child(root, "Owner"));
            if let Some(buckets) = xml::child(root, "Buckets") {
                data.buckets = xml::children(buckets, "Bucket")
                    .map(|b| BucketSummary {
                        name: xml::text(b, "Name"),
                        location: xml::text(b, "Location"),
                        creation_date: xml::text(b, "CreationDate"),
                        bucket_type: xml::text(b, "BucketType"),
                    })
                    .collect();
            }
            data.is_truncated = xml::text(root, "IsTruncated") == "true";
            data.next_marker = xml::opt_text(root, "NextMarker").filter(|m| !m.is_empty());
            Ok(data)
        })
    }
}
