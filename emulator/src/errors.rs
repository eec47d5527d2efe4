//! COS service errors (spec §3.4, §7): status, code and message.

use std::fmt;

/// An error answered to the client as `<Error>` XML (or status only for HEAD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CosError {
    /// HTTP status code.
    pub status: u16,
    /// COS error code (`NoSuchKey`, …).
    pub code: &'static str,
    /// Human-readable message.
    pub message: String,
    /// Extra response headers (e.g. `Content-Range` on 416).
    pub headers: Vec<(&'static str, String)>,
}

impl fmt::Display for CosError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.message)
    }
}

impl CosError {
    /// Builds an error from its parts.
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        CosError {
            status,
            code,
            message: message.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a response header to the error.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn access_denied() -> Self {
        Self::new(403, "AccessDenied", "Access Denied.")
    }
    pub fn access_denied_msg(message: impl Into<String>) -> Self {
        Self::new(403, "AccessDenied", message)
    }
    pub fn request_expired() -> Self {
        Self::new(403, "AccessDenied", "Request has expired")
    }
    pub fn time_too_skewed() -> Self {
        Self::new(
            403,
            "RequestTimeTooSkewed",
            "The difference between the request time and the server's time is too large.",
        )
    }
    pub fn invalid_access_key_id() -> Self {
        Self::new(
            403,
            "InvalidAccessKeyId",
            "The Access Key Id you provided does not exist in our records.",
        )
    }
    pub fn signature_does_not_match() -> Self {
        Self::new(
            403,
            "SignatureDoesNotMatch",
            "The Signature you specified is invalid.",
        )
    }
    pub fn expired_token() -> Self {
        Self::new(400, "ExpiredToken", "The provided token has expired.")
    }
    pub fn no_such_bucket() -> Self {
        Self::new(404, "NoSuchBucket", "The specified bucket does not exist.")
    }
    pub fn no_such_key() -> Self {
        Self::new(404, "NoSuchKey", "The specified key does not exist.")
    }
    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
        )
    }
    pub fn not_implemented(what: &str) -> Self {
        Self::new(
            501,
            "NotImplemented",
            format!(
                "A header or query you provided implies functionality that is not implemented ({what})."
            ),
        )
    }
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(400, "InvalidArgument", message)
    }
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(400, "InvalidRequest", message)
    }
    pub fn invalid_uri() -> Self {
        Self::new(400, "InvalidURI", "Could not parse the specified URI.")
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }
    pub fn invalid_bucket_name() -> Self {
        Self::new(
            400,
            "InvalidBucketName",
            "The specified bucket is not valid.",
        )
    }
    pub fn bucket_already_exists() -> Self {
        Self::new(
            409,
            "BucketAlreadyExists",
            "The requested bucket name is not available.",
        )
    }
    pub fn bucket_not_empty() -> Self {
        Self::new(
            409,
            "BucketNotEmpty",
            "The bucket you tried to delete is not empty.",
        )
    }
    pub fn too_many_buckets() -> Self {
        Self::new(
            400,
            "TooManyBuckets",
            "You have attempted to create more buckets than allowed.",
        )
    }
    pub fn malformed_xml() -> Self {
        Self::new(
            400,
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema.",
        )
    }
    pub fn missing_content_length() -> Self {
        Self::new(
            411,
            "MissingContentLength",
            "You must provide the Content-Length HTTP header.",
        )
    }
    pub fn incomplete_body() -> Self {
        Self::new(
            400,
            "IncompleteBody",
            "You did not provide the number of bytes specified by the Content-Length HTTP header.",
        )
    }
    pub fn entity_too_large() -> Self {
        Self::new(
            400,
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed object size.",
        )
    }
    pub fn invalid_digest() -> Self {
        Self::new(
            400,
            "InvalidDigest",
            "The Content-MD5 you specified is not valid.",
        )
    }
    pub fn bad_digest() -> Self {
        Self::new(
            400,
            "BadDigest",
            "The Content-MD5 you specified did not match what we received.",
        )
    }
    pub fn key_too_long() -> Self {
        Self::new(400, "KeyTooLong", "Your key is too long.")
    }
    pub fn not_supported_storage_class() -> Self {
        Self::new(
            400,
            "NotSupportedStorageClass",
            "The storage class you specified is not supported.",
        )
    }
    pub fn path_conflict() -> Self {
        Self::new(
            409,
            "PathConflict",
            "The object already exists and x-cos-forbid-overwrite is true.",
        )
    }
    pub fn precondition_failed() -> Self {
        Self::new(
            412,
            "PreconditionFailed",
            "At least one of the preconditions you specified did not hold.",
        )
    }
    pub fn invalid_range() -> Self {
        Self::new(
            416,
            "InvalidRange",
            "The requested range is not satisfiable.",
        )
    }
    pub fn request_timeout() -> Self {
        Self::new(
            400,
            "RequestTimeout",
            "Your socket connection to the server was not read from or written to within the timeout period.",
        )
    }
    pub fn internal(detail: impl fmt::Display) -> Self {
        Self::new(
            500,
            "InternalError",
            format!("We encountered an internal error. Please try again. ({detail})"),
        )
    }
}
