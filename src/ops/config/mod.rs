//! Bucket configurations (Node's `putBucketPolicy` … `deleteBucketEncryption`):
//! one document per sub-resource, put, read and deleted the same way.

#[macro_use]
pub(crate) mod codec;
pub(crate) mod domain;
pub(crate) mod encryption;
pub(crate) mod lifecycle;
pub(crate) mod logging;
pub(crate) mod policy;
pub(crate) mod versioning;
pub(crate) mod website;

use codec::XmlElement;

use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Meta, Request};

/// A PUT of a configuration document (`Content-MD5` included, as Node
/// sends it and COS requires for some).
pub(crate) fn config_request(
    request: Result<Request, CosError>,
    root: &str,
    config: &impl XmlElement,
) -> Result<Request, CosError> {
    let mut request = request?;
    request.xml_body(codec::document(root, config));
    Ok(request)
}

impl Cos {
    /// A request whose answer is only its status and headers.
    pub(crate) fn answer<D: FromMeta>(
        &self,
        request: Result<Request, CosError>,
    ) -> Result<D, CosError> {
        Ok(D::from_meta(self.execute(request?)?.meta()))
    }

    /// GET of a configuration document, read into `T` and moved into the
    /// answer by `fill`. `absent` is the 404 code COS gives when none is
    /// set, which Node reports as a success with an empty configuration;
    /// an empty body reads as an empty configuration too.
    pub(crate) fn read_config<T: XmlElement + Default, D: FromMeta>(
        &self,
        request: Result<Request, CosError>,
        root: &str,
        absent: Option<&str>,
        fill: impl FnOnce(T, &mut D),
    ) -> Result<D, CosError> {
        let (meta, config) = match self.execute(request?) {
            Ok(mut response) => {
                let text = response.text()?;
                let config = if text.trim().is_empty() {
                    T::default()
                } else {
                    crate::xml::parse_root(&text, root, T::read_content)
                        .map_err(|e| response.fail(e))?
                };
                (response.meta(), config)
            }
            Err(err) if err.status_code() == Some(404) && Some(err.code()) == absent => {
                (Meta::of_error(&err), T::default())
            }
            Err(err) => return Err(err),
        };
        let mut data = D::from_meta(meta);
        fill(config, &mut data);
        Ok(data)
    }
}
