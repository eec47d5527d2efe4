//! Single-connection speed limits (`x-cos-traffic-limit`, doc 34072): PUT
//! Object, GET Object and Upload Part accept a limit in bit/s, as a header or
//! a query parameter, from 819200 (100 KB/s) to 838860800 (100 MB/s); any
//! other value is `400 InvalidArgument`. The emulator then paces the request
//! body (uploads) or the response body (downloads) to that rate, so pause,
//! resume and progress reporting can be tested at realistic speeds on
//! loopback.

use std::io::{self, Read, Write};
use std::thread;
use std::time::{Duration, Instant};

use crate::errors::CosError;
use crate::http::Framing;
use crate::routing::Operation;
use crate::server::{Ctx, RequestBody};

/// The header (and query parameter) naming the limit.
const HEADER: &str = "x-cos-traffic-limit";
/// Slowest limit COS accepts, in bit/s (100 KB/s).
pub(crate) const MIN_BITS: u64 = 819_200;
/// Fastest limit COS accepts, in bit/s (100 MB/s).
pub(crate) const MAX_BITS: u64 = 838_860_800;

/// The limit `op` runs under, in bit/s: `None` when none is asked for or the
/// operation is not one COS limits (those ignore the parameter, as COS does).
/// The header wins over the query parameter.
pub(crate) fn limit_for(op: Operation, ctx: &Ctx<'_>) -> Result<Option<u64>, CosError> {
    if !matches!(
        op,
        Operation::PutObject | Operation::GetObject | Operation::UploadPart
    ) {
        return Ok(None);
    }
    let Some(value) = ctx.header(HEADER).or_else(|| ctx.query_nonempty(HEADER)) else {
        return Ok(None);
    };
    parse(value).map(Some)
}

/// A limit value: decimal digits within [`MIN_BITS`, `MAX_BITS`].
fn parse(value: &str) -> Result<u64, CosError> {
    let value = value.trim();
    value
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| value.parse::<u64>().ok())
        .flatten()
        .filter(|v| (MIN_BITS..=MAX_BITS).contains(v))
        .ok_or_else(|| {
            CosError::invalid_argument(format!(
                "The x-cos-traffic-limit value {value} is invalid: a number of bit/s from \
                 {MIN_BITS} to {MAX_BITS}."
            ))
        })
}

/// Paces bytes to a rate: after `n` bytes it sleeps until `n / rate` seconds
/// have passed since the first byte.
#[derive(Debug)]
pub(crate) struct Throttle {
    /// Bytes per second.
    rate: u64,
    start: Instant,
    passed: u64,
}

impl Throttle {
    /// A pace of `bits_per_second` (≥ 8).
    pub fn new(bits_per_second: u64) -> Throttle {
        Throttle {
            rate: (bits_per_second / 8).max(1),
            start: Instant::now(),
            passed: 0,
        }
    }

    /// The most bytes moved at once: a twentieth of a second's worth (at
    /// least 1 KiB), so the pace is smooth and a stop is never far away.
    pub fn quantum(&self) -> usize {
        usize::try_from(self.rate / 20)
            .unwrap_or(usize::MAX)
            .max(1024)
    }

    /// Counts `n` bytes moved and sleeps until they are due.
    pub fn admit(&mut self, n: usize) {
        self.passed += n as u64;
        let due = Duration::from_secs_f64(self.passed as f64 / self.rate as f64);
        let elapsed = self.start.elapsed();
        if due > elapsed {
            thread::sleep(due - elapsed);
        }
    }
}

/// A request body read at a limited rate.
pub(crate) struct ThrottledBody<'a> {
    inner: &'a mut dyn RequestBody,
    throttle: Throttle,
}

impl<'a> ThrottledBody<'a> {
    /// `inner` read at `bits_per_second`.
    pub fn new(inner: &'a mut dyn RequestBody, bits_per_second: u64) -> Self {
        ThrottledBody {
            inner,
            throttle: Throttle::new(bits_per_second),
        }
    }
}

impl Read for ThrottledBody<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = buf.len().min(self.throttle.quantum());
        let n = self.inner.read(&mut buf[..want])?;
        self.throttle.admit(n);
        Ok(n)
    }
}

impl RequestBody for ThrottledBody<'_> {
    fn framing(&self) -> Framing {
        self.inner.framing()
    }
}

/// A writer limited to a rate (a response body under a limit).
pub(crate) struct ThrottledWriter<W> {
    inner: W,
    throttle: Throttle,
}

impl<W: Write> ThrottledWriter<W> {
    /// `inner` written at `bits_per_second`.
    pub fn new(inner: W, bits_per_second: u64) -> Self {
        ThrottledWriter {
            inner,
            throttle: Throttle::new(bits_per_second),
        }
    }
}

impl<W: Write> Write for ThrottledWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let want = buf.len().min(self.throttle.quantum());
        let n = self.inner.write(&buf[..want])?;
        self.throttle.admit(n);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(parse("819200").unwrap(), 819_200);
        assert_eq!(parse(" 838860800 ").unwrap(), 838_860_800);
        for bad in [
            "819199",
            "838860801",
            "",
            "1e6",
            "-819200",
            "+819200",
            "1048576.0",
        ] {
            assert_eq!(parse(bad).unwrap_err().code, "InvalidArgument", "{bad}");
        }
    }

    #[test]
    fn paces_writes() {
        // 819200 bit/s = 102400 B/s: 30 KiB take about 0.3 s.
        let mut w = ThrottledWriter::new(Vec::new(), MIN_BITS);
        let start = Instant::now();
        w.write_all(&[0u8; 30 * 1024]).unwrap();
        let took = start.elapsed();
        assert_eq!(w.inner.len(), 30 * 1024);
        assert!(took >= Duration::from_millis(250), "{took:?}");
        assert!(took < Duration::from_secs(2), "{took:?}");
    }
}
