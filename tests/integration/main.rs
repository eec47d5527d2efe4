//! Integration tests: the SDK against the emulator over real loopback
//! sockets. One test binary for the whole area keeps builds lean.

#[macro_use]
mod common;

mod acl_cors_tagging;
mod auth_and_endpoints;
mod bucket_configs;
mod cancel;
mod copies;
mod errors;
mod hostile_input;
mod local_files;
mod multipart;
mod node_api;
mod node_json;
mod object_features;
mod objects;
mod send_sync;
mod service_and_buckets;
mod slice_upload;
mod tasks;
mod transfer_manager;
