//! End-to-end checks of uploads: the bytes sent are hashed as they go, and
//! the answer's ETag and CRC-64 must match them.

use std::io::Read;

use md5::{Digest, Md5};

use crate::cancel::CancelToken;
use crate::crc64::Crc64;
use crate::error::CosError;
use crate::headers::Headers;
use crate::progress::BodyProgress;

/// Watches the body bytes of one request as they are sent, across
/// attempts: hashes each attempt (for the ETag and CRC-64 checks) and
/// reports progress without ever going backwards or counting a retried
/// byte twice.
#[derive(Default)]
pub(crate) struct Tap<'a> {
    /// Upload progress, started with the body's length.
    pub progress: Option<&'a mut dyn BodyProgress>,
    check: Check,
    md5: Option<Md5>,
    crc: Option<Crc64>,
    started: bool,
    sent: u64,
    high_water: u64,
}

/// What the answer to an upload is checked against.
#[derive(Default)]
enum Check {
    #[default]
    Nothing,
    /// The MD5 and CRC-64 of the bytes as they are sent.
    WhatWasSent,
    /// Digests the caller computed before sending (hex MD5 when it
    /// computed one, CRC-64).
    Known(Option<String>, u64),
}

impl<'a> Tap<'a> {
    /// A tap that checks the ETag and CRC-64 of what was sent and reports
    /// progress when asked to.
    pub(crate) fn verifying(progress: Option<&'a mut dyn BodyProgress>) -> Self {
        Tap {
            progress,
            check: Check::WhatWasSent,
            ..Tap::default()
        }
    }

    /// A tap that only reports progress (the answer's ETag is not this
    /// body's: appends).
    pub(crate) fn progress_only(progress: Option<&'a mut dyn BodyProgress>) -> Self {
        Tap {
            progress,
            ..Tap::default()
        }
    }

    /// A tap that checks the answer against digests already computed.
    pub(crate) fn expecting(
        md5_hex: Option<String>,
        crc: u64,
        progress: &'a mut dyn BodyProgress,
    ) -> Self {
        Tap {
            progress: Some(progress),
            check: Check::Known(md5_hex, crc),
            ..Tap::default()
        }
    }

    /// A new attempt starts sending `length` bytes.
    pub(super) fn begin(&mut self, length: u64) {
        if !self.started {
            self.started = true;
            if let Some(progress) = self.progress.as_mut() {
                progress.start(length);
            }
        }
        self.sent = 0;
        if let Check::WhatWasSent = self.check {
            self.md5 = Some(Md5::new());
            self.crc = Some(Crc64::new());
        }
    }

    fn observe(&mut self, bytes: &[u8]) {
        if let Some(md5) = self.md5.as_mut() {
            md5.update(bytes);
        }
        if let Some(crc) = self.crc.as_mut() {
            crc.update(bytes);
        }
        self.sent += bytes.len() as u64;
        if self.sent > self.high_water {
            if let Some(progress) = self.progress.as_mut() {
                progress.advance(self.sent - self.high_water);
            }
            self.high_water = self.sent;
        }
    }

    /// Checks the answer against what this attempt sent.
    pub(super) fn verify(&mut self, headers: &Headers, verify_crc: bool) -> Result<(), CosError> {
        let (md5, crc) = match &self.check {
            Check::Nothing => return Ok(()),
            Check::Known(md5, crc) => (md5.clone(), *crc),
            Check::WhatWasSent => {
                let (Some(md5), Some(crc)) = (self.md5.take(), self.crc.take()) else {
                    return Ok(());
                };
                (Some(crate::encode::hex(&md5.finalize())), crc.finish())
            }
        };
        if let Some(md5) = md5 {
            check_etag(headers.get("etag").unwrap_or_default(), &md5)?;
        }
        if let Some(reported) = headers.get("x-cos-hash-crc64ecma").filter(|_| verify_crc) {
            check_crc(reported, crc)?;
        }
        Ok(())
    }
}

pub(super) struct TapReader<'a, 'b> {
    pub(super) inner: &'a mut (dyn Read + Send),
    pub(super) tap: &'a mut Tap<'b>,
    pub(super) cancel: Option<&'a CancelToken>,
}

impl Read for TapReader<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.is_some_and(CancelToken::is_cancelled) {
            // Not `Interrupted`, which readers retry.
            return Err(std::io::Error::other("cancelled"));
        }
        let n = self.inner.read(buf)?;
        self.tap.observe(&buf[..n]);
        Ok(n)
    }
}

/// Compares COS's `x-cos-hash-crc64ecma` with the CRC-64 of the data.
pub(crate) fn check_crc(reported: &str, computed: u64) -> Result<(), CosError> {
    if reported.trim().parse::<u64>().ok() == Some(computed) {
        Ok(())
    } else {
        Err(CosError::integrity(
            "CRC64Mismatch",
            format!("COS reports CRC-64 {reported} but the data has {computed}"),
        ))
    }
}

/// Compares an ETag COS returned with the MD5 of what was sent. ETags that
/// are not a plain MD5 (encrypted objects) cannot be checked and pass.
pub(crate) fn check_etag(etag: &str, sent_md5: &str) -> Result<(), CosError> {
    let bare = etag.trim_matches('"');
    let is_md5 = bare.len() == 32 && bare.bytes().all(|b| b.is_ascii_hexdigit());
    if is_md5 && !bare.eq_ignore_ascii_case(sent_md5) {
        return Err(CosError::integrity(
            "ETagMismatch",
            format!("COS stored ETag {etag} but the bytes sent have MD5 {sent_md5}"),
        ));
    }
    Ok(())
}
