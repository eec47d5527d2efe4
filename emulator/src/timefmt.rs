//! Time formatting: RFC 1123 (HTTP headers) and ISO 8601 (XML bodies).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch (0 for times before it).
pub(crate) fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `t` truncated to whole seconds (HTTP dates have one-second resolution).
pub(crate) fn truncate_to_secs(t: SystemTime) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(unix_secs(t))
}

/// RFC 1123 date in GMT, e.g. `Thu, 16 May 2019 06:45:51 GMT`.
pub(crate) fn http_date(t: SystemTime) -> String {
    httpdate::fmt_http_date(t)
}

/// Parses an HTTP date (RFC 1123, RFC 850 or asctime); `None` when unparseable.
pub(crate) fn parse_http_date(s: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(s.trim()).ok()
}

/// ISO 8601 UTC timestamp: `2019-05-24T11:20:10Z`, or with `millis`
/// `2020-12-10T03:37:30.000Z`.
pub(crate) fn iso8601(t: SystemTime, millis: bool) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    let (h, m, s) = (rem / 3600, (rem / 60) % 60, rem % 60);
    if millis {
        format!(
            "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{:03}Z",
            d.subsec_millis()
        )
    } else {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    }
}

/// Howard Hinnant's `civil_from_days`: days since 1970-01-01 → (year, month, day).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let t = UNIX_EPOCH + Duration::from_millis(1_607_571_450_123);
        assert_eq!(iso8601(t, true), "2020-12-10T03:37:30.123Z");
        assert_eq!(iso8601(t, false), "2020-12-10T03:37:30Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_557_989_151);
        assert_eq!(http_date(t), "Thu, 16 May 2019 06:45:51 GMT");
        assert_eq!(parse_http_date("Thu, 16 May 2019 06:45:51 GMT"), Some(t));
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(
            iso8601(UNIX_EPOCH + Duration::from_secs(951_782_400), false),
            "2000-02-29T00:00:00Z"
        );
    }
}
