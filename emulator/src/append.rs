//! Append Object's rules (COS doc 7741): which objects may be appended to,
//! at which position, and the errors COS answers otherwise.
//!
//! An object written by Append Object is "appendable"; every other write
//! makes a "normal" one (also over an appendable object). An append names the
//! position it writes at, which must be the current length: 0 creates the
//! object. COS's error table (doc 7730) names the position error
//! `AppendPositionErr` (409); the Node SDK's canned answers use OSS's
//! `PositionNotEqualToLength`, which COS does not send.

use crate::errors::CosError;
use crate::store::ObjectMeta;

/// Largest appendable object (5 GB, doc 7741).
pub(crate) const MAX_APPENDABLE_SIZE: u64 = 5 * 1024 * 1024 * 1024;

/// `409 AppendPositionErr`, with the length to append at next in
/// `x-cos-next-append-position` (so a client can resume).
pub(crate) fn position_error(length: u64) -> CosError {
    CosError::new(
        409,
        "AppendPositionErr",
        "Position not equal object length.",
    )
    .with_header("x-cos-next-append-position", length.to_string())
}

/// `409 ObjectNotAppendable`, with doc 7741's message.
pub(crate) fn not_appendable() -> CosError {
    CosError::new(
        409,
        "ObjectNotAppendable",
        "The operation is not valid for the current state of the object.",
    )
}

/// Whether an append at `position` may go on top of `current` (the key's
/// current object, if any): a normal object is `409 ObjectNotAppendable`, a
/// position other than its length (0 for a new object) `409
/// AppendPositionErr`.
pub(crate) fn check(current: Option<&ObjectMeta>, position: u64) -> Result<(), CosError> {
    match current {
        Some(m) if !m.appendable => Err(not_appendable()),
        Some(m) if m.size != position => Err(position_error(m.size)),
        None if position != 0 => Err(position_error(0)),
        _ => Ok(()),
    }
}

/// The `position` parameter: a non-negative integer, else `400
/// InvalidArgument` (doc 7741: also when it is missing).
pub(crate) fn parse_position(value: Option<&str>) -> Result<u64, CosError> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            CosError::invalid_argument("The position parameter must be a non-negative integer.")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_object_types() {
        assert_eq!(parse_position(Some("0")).unwrap(), 0);
        assert_eq!(parse_position(Some(" 5 ")).unwrap(), 5);
        for bad in [
            None,
            Some(""),
            Some("-1"),
            Some("1.5"),
            Some("x"),
            Some("99999999999999999999999"),
        ] {
            assert_eq!(
                parse_position(bad).unwrap_err().code,
                "InvalidArgument",
                "{bad:?}"
            );
        }
        assert!(check(None, 0).is_ok());
        let e = check(None, 3).unwrap_err();
        assert_eq!((e.status, e.code), (409, "AppendPositionErr"));
        assert_eq!(
            e.headers,
            vec![("x-cos-next-append-position", "0".to_string())]
        );
    }
}
