//! Append upload (Node's `appendObject`): an appendable object grows by
//! each call, for logs and streams written piece by piece.

use crate::body::Body;
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request, Tap};
use crate::headers::Headers;
use crate::ops::fields::{AclHeaders, ObjectAttributes, traffic_limit};
use crate::ops::object_target;
use crate::options::CosOptions;
use crate::progress::{BodyProgress, OnProgress};

/// Params of [`Cos::append_object`] (Node's `appendObject`).
#[derive(Debug, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct AppendObjectParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `Position`: where this piece goes: 0 creates the object, then the
    /// object's current length (the previous answer's
    /// `next_append_position`).
    pub position: u64,
    /// `Body`: the piece.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub body: Body,
    /// `ContentType`, `CacheControl`, … stored with the object (on the
    /// first append).
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub attributes: ObjectAttributes,
    /// `ACL` and `Grant*` of the new object (on the first append).
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub access: AclHeaders,
    /// `ContentMD5`: base64 MD5 of this piece, checked by COS.
    #[cfg_attr(feature = "serde", serde(rename = "ContentMD5"))]
    pub content_md5: String,
    /// `TrafficLimit` (bits per second, 819200 to 838860800).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub traffic_limit: Option<u64>,
    /// `Headers`: extra headers, e.g. `x-cos-meta-*`.
    pub headers: Headers,
    /// `onProgress` of this piece.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_progress: Option<OnProgress>,
    /// Cancels the request from another thread, its body mid-way included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::append_object`] (Node returns only status and
    /// headers; the next position is read out of them here).
    pub struct AppendObjectData {
        /// `x-cos-next-append-position`: the object's length now, the
        /// `position` of the next piece.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub next_append_position: Option<u64>,
    }
}

pub(crate) fn build_append_object(
    options: &CosOptions,
    params: AppendObjectParams,
) -> Result<Request, CosError> {
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    let mut request = Request::new("POST", target);
    request.action = Some("append");
    request.query("position", params.position.to_string());
    request.headers = params.headers;
    params.attributes.apply(&mut request);
    params.access.apply(&mut request);
    request.header("content-md5", &params.content_md5);
    traffic_limit(&mut request, params.traffic_limit)?;
    request.body = Some(params.body);
    request.cancel = params.cancel;
    Ok(request)
}

impl Cos {
    /// Appends a piece to an appendable object (Node's `appendObject`).
    /// A `position` other than the object's length fails with
    /// `AppendPositionErr` (COS's code; Node's canned answer says
    /// `PositionNotEqualToLength`), so two writers never interleave
    /// silently; appending to a normal object fails with
    /// `ObjectNotAppendable`. Not retried (see above): on a network error,
    /// read the object's length to learn whether the piece landed.
    ///
    /// ```
    /// use cos_sdk::{AppendObjectParams, Body, GetObjectParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// let mut position = 0;
    /// for line in ["first line\n", "second line\n"] {
    ///     let data = cos.append_object(
    ///         AppendObjectParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: "logs/app.log".into(),
    ///             position,
    ///             body: Body::from(line),
    ///             ..Default::default()
    ///         },
    ///         |r| r,
    ///     )?;
    ///     position = data.next_append_position.unwrap();
    /// }
    /// let log = cos.get_object(
    ///     GetObjectParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "logs/app.log".into(),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(log.body, b"first line\nsecond line\n");
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn append_object<R>(
        &self,
        params: AppendObjectParams,
        callback: impl FnOnce(Result<AppendObjectData, CosError>) -> R,
    ) -> R {
        callback(self.append_object_inner(params))
    }

    fn append_object_inner(
        &self,
        mut params: AppendObjectParams,
    ) -> Result<AppendObjectData, CosError> {
        let mut progress = params.on_progress.take().map(|p| self.progress_tracker(p));
        let mut request = build_append_object(self.options(), params)?;
        // Not retried: if the piece landed but the answer was lost, a
        // retry would fail with AppendPositionErr (or, after another
        // writer, append twice); the caller decides from the object's length.
        request.retries = Some(0);
        let mut tap = Tap::progress_only(progress.as_mut().map(|p| p as &mut dyn BodyProgress));
        let response = self.execute_tapped(request, &mut tap)?;
        let mut data = AppendObjectData::from_meta(response.meta());
        data.next_append_position = response
            .headers
            .get("x-cos-next-append-position")
            .and_then(|v| v.trim().parse().ok());
        Ok(data)
    }
}
