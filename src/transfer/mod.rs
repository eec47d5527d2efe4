//! Multi-part transfer engines built on the single-request operations.

pub(crate) mod checkpoint;
pub(crate) mod slice_upload;
mod workers;
