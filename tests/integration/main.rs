//! Integration tests: the SDK against the emulator over real loopback
//! sockets. One test binary for the whole area keeps builds lean.

mod acl_cors_tagging;
mod common;
mod errors;
mod multipart;
mod objects;
mod service_and_buckets;
mod slice_upload;
