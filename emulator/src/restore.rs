//! Archive restore (POST Object restore, COS doc 12633; HEAD's
//! `x-cos-restore`, doc 7745): objects of the archive storage classes cannot
//! be read until a restore makes a temporary copy readable for some days.
//!
//! The emulator keeps the archived object's bytes as they are and records
//! the restore on the object version: when it was asked for, when it is
//! ready (after the configured delay, the same for every tier) and when the
//! copy expires. Every decision is made from that record and the server
//! clock at request time, so nothing runs in the background.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::errors::CosError;
use crate::store::ObjectMeta;
use crate::timefmt::http_date;
use crate::xml::{child_text, children};

/// Storage classes whose objects need a restore before GET.
const ARCHIVE_CLASSES: [&str; 3] = ["ARCHIVE", "DEEP_ARCHIVE", "MAZ_ARCHIVE"];

/// Whether objects of `storage_class` are archived (need a restore).
pub(crate) fn is_archive(storage_class: &str) -> bool {
    ARCHIVE_CLASSES.contains(&storage_class)
}

/// A restore mode (`CASJobParameters/Tier`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tier {
    Expedited,
    Standard,
    Bulk,
}

impl Tier {
    /// Its name in requests.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Expedited => "Expedited",
            Tier::Standard => "Standard",
            Tier::Bulk => "Bulk",
        }
    }

    /// From its name (as sent, case-sensitive like COS's enumerations).
    pub fn from_name(name: &str) -> Option<Tier> {
        [Tier::Expedited, Tier::Standard, Tier::Bulk]
            .into_iter()
            .find(|t| t.name() == name)
    }

    /// Its byte in a journal record.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// From [`Tier::code`].
    pub fn from_code(code: u8) -> Option<Tier> {
        [Tier::Expedited, Tier::Standard, Tier::Bulk]
            .into_iter()
            .find(|t| t.code() == code)
    }
}

/// The restore recorded on an archived object version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Restore {
    pub tier: Tier,
    /// `Days` asked for.
    pub days: u32,
    /// When the restore was asked for (`x-cos-restore-status`'s request-date).
    pub requested: SystemTime,
    /// When the copy becomes readable.
    pub ready_at: SystemTime,
    /// When the copy is deleted again.
    pub expires: SystemTime,
}

/// Where a restore stands at a given time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status<'a> {
    /// None asked for, or the copy expired.
    None,
    Ongoing(&'a Restore),
    Restored(&'a Restore),
}

/// The state of `meta`'s restore at `now`.
pub(crate) fn status(meta: &ObjectMeta, now: SystemTime) -> Status<'_> {
    match &meta.restore {
        None => Status::None,
        Some(r) if now < r.ready_at => Status::Ongoing(r),
        Some(r) if now < r.expires => Status::Restored(r),
        Some(_) => Status::None,
    }
}

/// The end of a copy kept `days` from `from`: rounded up to the next
/// midnight in China Standard Time (16:00:00 GMT), as COS's `expiry-date`
/// values are (`Tue, 19 Nov 2019 16:00:00 GMT`).
pub(crate) fn expiry(from: SystemTime, days: u32) -> SystemTime {
    const DAY: u64 = 86_400;
    const CST: u64 = 8 * 3600;
    let end = crate::timefmt::unix_secs(from) + u64::from(days) * DAY;
    let local_days = (end + CST).div_ceil(DAY);
    UNIX_EPOCH + Duration::from_secs(local_days * DAY - CST)
}

/// `403 InvalidObjectState` for a read of an archived object whose restore
/// is not done (COS's error-code guide for GET Object).
pub(crate) fn check_readable(meta: &ObjectMeta, now: SystemTime) -> Result<(), CosError> {
    if !is_archive(&meta.storage_class) || matches!(status(meta, now), Status::Restored(_)) {
        return Ok(());
    }
    Err(CosError::new(
        403,
        "InvalidObjectState",
        "The operation is not valid for the object's storage class; restore the archived object first.",
    ))
}

/// `x-cos-restore` (and `x-cos-restore-status` while ongoing) for HEAD and
/// GET, in doc 7745's forms: `ongoing-request="true"` with
/// `tier="expedited"; request-date="…"`, then `ongoing-request="false",
/// expiry-date="…"`.
pub(crate) fn headers(meta: &ObjectMeta, now: SystemTime) -> Vec<(String, String)> {
    match status(meta, now) {
        Status::None => Vec::new(),
        Status::Ongoing(r) => vec![
            ("x-cos-restore".into(), "ongoing-request=\"true\"".into()),
            (
                "x-cos-restore-status".into(),
                format!(
                    "tier=\"{}\"; request-date=\"{}\"",
                    r.tier.name().to_ascii_lowercase(),
                    http_date(r.requested)
                ),
            ),
        ],
        Status::Restored(r) => vec![(
            "x-cos-restore".into(),
            format!(
                "ongoing-request=\"false\", expiry-date=\"{}\"",
                http_date(r.expires)
            ),
        )],
    }
}

/// Parses a `RestoreRequest`: `Days` (a positive integer; missing →
/// `400 MalformedXML`, not one → `400 InvalidArgument`) and
/// `CASJobParameters/Tier` (`Expedited`, `Standard`, `Bulk`; absent →
/// `Standard`, COS's default mode; another value → `400 MalformedXML`).
pub(crate) fn parse_request(text: &str) -> Result<(u32, Tier), CosError> {
    let doc = crate::xml::parse_body(text, "RestoreRequest")?;
    let root = doc.root_element();
    let days = child_text(root, "Days").ok_or_else(CosError::malformed_xml)?;
    let days = days
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|d| *d >= 1)
        .ok_or_else(|| CosError::invalid_argument("Days must be a positive integer."))?;
    let tier = match children(root, "CASJobParameters").next() {
        None => Tier::Standard,
        Some(params) => match child_text(params, "Tier") {
            None => Tier::Standard,
            Some(t) => Tier::from_name(t.trim()).ok_or_else(CosError::malformed_xml)?,
        },
    };
    Ok((days, tier))
}

/// What a restore request did: `202` a new restore, `200` the expiry of a
/// restored copy extended (counted from now, doc 12633).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Started {
    New,
    Extended,
}

/// Applies a restore of `days` at `tier` to `meta` at `now`, ready after
/// `delay`: `405 RestoreNonArchiveObject` for an object that is not
/// archived, `409 RestoreAlreadyInProgress` while one is ongoing, `400
/// InvalidArgument` for `Expedited` on `DEEP_ARCHIVE` (which has only
/// Standard and Bulk, doc 12633; the code is the emulator's choice).
pub(crate) fn apply(
    meta: &mut ObjectMeta,
    days: u32,
    tier: Tier,
    now: SystemTime,
    delay: Duration,
) -> Result<Started, CosError> {
    if !is_archive(&meta.storage_class) {
        return Err(CosError::new(
            405,
            "RestoreNonArchiveObject",
            "The object is not archived; only ARCHIVE and DEEP_ARCHIVE objects can be restored.",
        ));
    }
    if tier == Tier::Expedited && meta.storage_class == "DEEP_ARCHIVE" {
        return Err(CosError::invalid_argument(
            "DEEP_ARCHIVE objects are restored with the Standard or Bulk tier.",
        ));
    }
    let restored = match status(meta, now) {
        Status::Ongoing(_) => {
            return Err(CosError::new(
                409,
                "RestoreAlreadyInProgress",
                "Object restore is already in progress.",
            ));
        }
        Status::Restored(r) => Some(r.clone()),
        Status::None => None,
    };
    Ok(match restored {
        Some(r) => {
            meta.restore = Some(Restore {
                days,
                expires: expiry(now, days),
                ..r
            });
            Started::Extended
        }
        None => {
            let ready_at = now + delay;
            meta.restore = Some(Restore {
                tier,
                days,
                requested: now,
                ready_at,
                expires: expiry(ready_at, days),
            });
            Started::New
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archived(class: &str) -> ObjectMeta {
        ObjectMeta {
            size: 1,
            etag: String::new(),
            crc64: 0,
            last_modified: UNIX_EPOCH,
            content_type: String::new(),
            headers: vec![],
            user_meta: vec![],
            storage_class: class.into(),
            acl: Default::default(),
            tags: vec![],
            file: Default::default(),
            version_id: None,
            appendable: false,
            restore: None,
        }
    }

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn expiry_is_the_next_china_midnight() {
        // Mon, 18 Nov 2019 09:34:50 GMT + 1 day → Tue, 19 Nov 2019 16:00:00 GMT.
        assert_eq!(
            http_date(expiry(at(1_574_069_690), 1)),
            "Tue, 19 Nov 2019 16:00:00 GMT"
        );
        // Exactly on a midnight stays there.
        assert_eq!(
            http_date(expiry(at(1_574_179_200 - 86_400), 1)),
            "Tue, 19 Nov 2019 16:00:00 GMT"
        );
    }

    #[test]
    fn restore_lifecycle() {
        let delay = Duration::from_secs(10);
        let mut m = archived("ARCHIVE");
        assert_eq!(
            check_readable(&m, at(0)).unwrap_err().code,
            "InvalidObjectState"
        );
        assert!(headers(&m, at(0)).is_empty());
        assert_eq!(
            apply(&mut m, 2, Tier::Bulk, at(100), delay).unwrap(),
            Started::New
        );
        assert_eq!(
            apply(&mut m, 2, Tier::Bulk, at(105), delay)
                .unwrap_err()
                .code,
            "RestoreAlreadyInProgress"
        );
        let h = headers(&m, at(105));
        assert_eq!(h[0].1, "ongoing-request=\"true\"");
        assert_eq!(
            h[1].1,
            "tier=\"bulk\"; request-date=\"Thu, 01 Jan 1970 00:01:40 GMT\""
        );
        assert!(check_readable(&m, at(105)).is_err());
        assert!(check_readable(&m, at(110)).is_ok());
        assert!(
            headers(&m, at(110))[0]
                .1
                .starts_with("ongoing-request=\"false\", expiry-date=\"")
        );
        let first = m.restore.clone().unwrap().expires;
        assert_eq!(
            apply(&mut m, 5, Tier::Standard, at(200_000), delay).unwrap(),
            Started::Extended
        );
        let r = m.restore.clone().unwrap();
        assert!(r.expires > first && r.tier == Tier::Bulk);
        // Expired: archived again, and a new restore starts over.
        assert!(check_readable(&m, r.expires).is_err());
        assert_eq!(
            apply(&mut m, 1, Tier::Standard, r.expires, delay).unwrap(),
            Started::New
        );
        let mut deep = archived("DEEP_ARCHIVE");
        assert_eq!(
            apply(&mut deep, 1, Tier::Expedited, at(0), delay)
                .unwrap_err()
                .code,
            "InvalidArgument"
        );
        let mut normal = archived("STANDARD");
        assert!(check_readable(&normal, at(0)).is_ok());
        let e = apply(&mut normal, 1, Tier::Standard, at(0), delay).unwrap_err();
        assert_eq!((e.status, e.code), (405, "RestoreNonArchiveObject"));
    }

    #[test]
    fn requests() {
        let ok = |s: &str| parse_request(s).unwrap();
        assert_eq!(
            ok(
                "<RestoreRequest><Days>1</Days><CASJobParameters><Tier>Expedited</Tier></CASJobParameters></RestoreRequest>"
            ),
            (1, Tier::Expedited)
        );
        assert_eq!(
            ok("<RestoreRequest><Days> 3 </Days></RestoreRequest>"),
            (3, Tier::Standard)
        );
        for (bad, code) in [
            ("<RestoreRequest/>", "MalformedXML"),
            ("<Other><Days>1</Days></Other>", "MalformedXML"),
            (
                "<RestoreRequest><Days>0</Days></RestoreRequest>",
                "InvalidArgument",
            ),
            (
                "<RestoreRequest><Days>x</Days></RestoreRequest>",
                "InvalidArgument",
            ),
            (
                "<RestoreRequest><Days>1</Days><CASJobParameters><Tier>Fast</Tier></CASJobParameters></RestoreRequest>",
                "MalformedXML",
            ),
        ] {
            assert_eq!(parse_request(bad).unwrap_err().code, code, "{bad}");
        }
        assert_eq!(Tier::from_code(Tier::Bulk.code()), Some(Tier::Bulk));
    }
}
