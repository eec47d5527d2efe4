//! `response_data!`: declares a `…Data` struct with the fields every answer
//! carries (Node's `statusCode`, `headers`, `RequestId`).

macro_rules! response_data {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        #[non_exhaustive]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(rename_all = "PascalCase", default)
        )]
        pub struct $name {
            /// HTTP status of the answer (Node's `statusCode`).
            #[cfg_attr(feature = "serde", serde(rename = "statusCode"))]
            pub status_code: u16,
            /// Response headers, names lower-cased (Node's `headers`).
            #[cfg_attr(feature = "serde", serde(rename = "headers"))]
            pub headers: $crate::Headers,
            /// `x-cos-request-id` (Node's `RequestId`): quote it to Tencent support.
            #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
            pub request_id: Option<String>,
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl $crate::execute::FromMeta for $name {
            fn from_meta(meta: $crate::execute::Meta) -> Self {
                $name {
                    status_code: meta.status_code,
                    headers: meta.headers,
                    request_id: meta.request_id,
                    ..Default::default()
                }
            }
        }
    };
}

/// `bucket_params!`: declares the params of bucket operations (each its
/// own type, as each Node method has its own params): bucket, region,
/// headers, cancel and the operation's own fields, and lets the shared
/// request builder read them.
macro_rules! bucket_params {
    ($(
        $(#[$meta:meta])* $name:ident
        $({ $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty, )* })?;
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(rename_all = "PascalCase", default)
        )]
        pub struct $name {
            /// `Bucket`.
            pub bucket: String,
            /// `Region`.
            pub region: String,
            /// `Headers`: extra request headers.
            pub headers: $crate::Headers,
            /// Cancels the request from another thread.
            #[cfg_attr(feature = "serde", serde(skip))]
            pub cancel: Option<$crate::CancelToken>,
            $($( $(#[$field_meta])* pub $field: $ty, )*)?
        }

        impl $crate::ops::BucketOnly for $name {
            fn bucket_request(
                &self,
                method: &'static str,
                action: &'static str,
            ) -> Result<$crate::execute::Request, $crate::CosError> {
                let target = $crate::ops::bucket_target(&self.bucket, &self.region)?;
                let mut request = $crate::execute::Request::new(method, target);
                request.action = Some(action);
                request.headers = self.headers.clone();
                request.cancel = self.cancel.clone();
                Ok(request)
            }
        }
    )*};
}

/// `object_params!`: declares the params of an operation on an object's
/// sub-resource (`?tagging`, `?restore`, …): the object and version plus
/// the operation's own fields, and the request builder they share.
macro_rules! object_params {
    ($(
        $(#[$meta:meta])* $name:ident $action:literal
        { $( $(#[$fm:meta])* pub $f:ident : $t:ty, )* }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        #[cfg_attr(
            feature = "serde",
            derive(serde::Serialize, serde::Deserialize),
            serde(rename_all = "PascalCase", default)
        )]
        pub struct $name {
            /// `Bucket`.
            pub bucket: String,
            /// `Region`.
            pub region: String,
            /// `Key`.
            pub key: String,
            /// `VersionId`: a specific version (versioned buckets).
            pub version_id: String,
            $( $(#[$fm])* pub $f: $t, )*
            /// `Headers`: extra request headers.
            pub headers: $crate::Headers,
            /// Cancels the request from another thread.
            #[cfg_attr(feature = "serde", serde(skip))]
            pub cancel: Option<$crate::CancelToken>,
        }

        impl $name {
            pub(crate) fn request(
                &self,
                options: &$crate::CosOptions,
                method: &'static str,
            ) -> Result<$crate::execute::Request, $crate::CosError> {
                let target =
                    $crate::ops::object_target(options, &self.bucket, &self.region, &self.key)?;
                let mut request = $crate::execute::Request::new(method, target);
                request.action = Some($action);
                request.headers = self.headers.clone();
                request.cancel = self.cancel.clone();
                if !self.version_id.is_empty() {
                    request.query("versionId", self.version_id.as_str());
                }
                Ok(request)
            }
        }
    )*};
}
