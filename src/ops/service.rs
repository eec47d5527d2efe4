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
    }
}

pub(crate) fn build_get_service(params: &GetServiceParams) -> Result<Request, CosError> {
    if !params.region.is_empty() {
        validate::region(&params.region)?;
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
            Ok(data)
        })
    }
}
