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
        pub struct $name {
            /// HTTP status of the answer (Node's `statusCode`).
            pub status_code: u16,
            /// Response headers, names lower-cased (Node's `headers`).
            pub headers: $crate::Headers,
            /// `x-cos-request-id` (Node's `RequestId`): quote it to Tencent support.
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
