//! The binary event stream SELECT answers with (doc 32360, the framing S3
//! Select uses too): a series of messages, each
//!
//! ```text
//! total length u32 BE | headers length u32 BE | CRC32 of those 8 bytes
//! headers | payload | CRC32 of everything before it
//! ```
//!
//! Each header is `name length u8 | name | type u8 (7 = string) | value
//! length u16 BE | value`. Every integer is big-endian; both checksums are
//! the CRC-32 of gzip (ISO-HDLC), from the `crc` crate the emulator already
//! uses for CRC-64. Header orders follow what COS sends (the recorded frames
//! of `node-responses-more.json`).

use crc::{CRC_32_ISO_HDLC, Crc};

const CRC32: Crc<u32> = Crc::<u32>::new(&CRC_32_ISO_HDLC);
/// Type byte of a string header value.
const STRING: u8 = 7;
/// Longest header value the u16 length can carry.
const MAX_VALUE: usize = u16::MAX as usize;

/// One message: `headers` (names of at most 255 bytes; longer values are cut
/// at a character boundary) and `payload`.
pub(crate) fn message(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let mut head = Vec::new();
    for (name, value) in headers {
        let name = &name.as_bytes()[..name.len().min(u8::MAX as usize)];
        let value = cut(value, MAX_VALUE).as_bytes();
        head.push(name.len() as u8);
        head.extend_from_slice(name);
        head.push(STRING);
        head.extend_from_slice(&(value.len() as u16).to_be_bytes());
        head.extend_from_slice(value);
    }
    let total = 12 + head.len() + payload.len() + 4;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&(total as u32).to_be_bytes());
    out.extend_from_slice(&(head.len() as u32).to_be_bytes());
    let prelude_crc = CRC32.checksum(&out);
    out.extend_from_slice(&prelude_crc.to_be_bytes());
    out.extend_from_slice(&head);
    out.extend_from_slice(payload);
    let message_crc = CRC32.checksum(&out);
    out.extend_from_slice(&message_crc.to_be_bytes());
    out
}

/// The longest prefix of `s` of at most `max` bytes ending on a character
/// boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A `Records` event carrying output records.
pub(crate) fn records(payload: &[u8]) -> Vec<u8> {
    message(
        &[
            (":event-type", "Records"),
            (":content-type", "application/octet-stream"),
            (":message-type", "event"),
        ],
        payload,
    )
}

/// The byte counts `Progress` and `Stats` report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Object bytes read.
    pub scanned: u64,
    /// Object bytes processed (the same: nothing is decompressed).
    pub processed: u64,
    /// Record bytes sent in `Records` payloads.
    pub returned: u64,
}

impl Counts {
    fn xml(&self, root: &str) -> String {
        format!(
            "<{root}><BytesScanned>{}</BytesScanned><BytesProcessed>{}</BytesProcessed>\
             <BytesReturned>{}</BytesReturned></{root}>",
            self.scanned, self.processed, self.returned
        )
    }
}

/// A `Progress` event (sent when `RequestProgress/Enabled` is `TRUE`).
pub(crate) fn progress(counts: &Counts) -> Vec<u8> {
    message(
        &[
            (":event-type", "Progress"),
            (":content-type", "text/xml"),
            (":message-type", "event"),
        ],
        counts.xml("Progress").as_bytes(),
    )
}

/// The `Stats` event, once, after the last records.
pub(crate) fn stats(counts: &Counts) -> Vec<u8> {
    message(
        &[
            (":event-type", "Stats"),
            (":content-type", "text/xml"),
            (":message-type", "event"),
        ],
        counts.xml("Stats").as_bytes(),
    )
}

/// A `Cont` event: keeps the connection alive while nothing matches.
pub(crate) fn cont() -> Vec<u8> {
    message(&[(":event-type", "Cont"), (":message-type", "event")], b"")
}

/// The `End` event: the stream is complete.
pub(crate) fn end() -> Vec<u8> {
    message(&[(":event-type", "End"), (":message-type", "event")], b"")
}

/// An error message: the request failed after the `200` was sent.
pub(crate) fn error(code: &str, text: &str) -> Vec<u8> {
    message(
        &[
            (":error-code", code),
            (":error-message", text),
            (":message-type", "error"),
        ],
        b"",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD as BASE64;

    /// Frames recorded in `node-responses-more.json` (the Node SDK's select
    /// vectors), rebuilt byte for byte.
    #[test]
    fn recorded_frames() {
        let recorded = BASE64
            .decode(
                "AAAAeQAAAFWK4fisCzpldmVudC10eXBlBwAHUmVjb3Jkcw06Y29udGVudC10eXBlBwAYYXBwbGljYXRpb24vb2N0ZXQtc3RyZWFtDTptZXNzYWdlLXR5cGUHAAVldmVudDEsYWxpY2UsMzAKMixib2IsMjUKS9aQ6g==",
            )
            .unwrap();
        assert_eq!(records(b"1,alice,30\n2,bob,25\n"), recorded);
        let counts = Counts {
            scanned: 64,
            processed: 64,
            returned: 31,
        };
        let recorded = BASE64.decode("AAAAxQAAAEOrAqjoCzpldmVudC10eXBlBwAFU3RhdHMNOmNvbnRlbnQtdHlwZQcACHRleHQveG1sDTptZXNzYWdlLXR5cGUHAAVldmVudDxTdGF0cz48Qnl0ZXNTY2FubmVkPjY0PC9CeXRlc1NjYW5uZWQ+PEJ5dGVzUHJvY2Vzc2VkPjY0PC9CeXRlc1Byb2Nlc3NlZD48Qnl0ZXNSZXR1cm5lZD4zMTwvQnl0ZXNSZXR1cm5lZD48L1N0YXRzPqfrBGYAAAA4AAAAKMHGhNQLOmV2ZW50LXR5cGUHAANFbmQNOm1lc3NhZ2UtdHlwZQcABWV2ZW50/izumQ==").unwrap();
        let mut built = stats(&counts);
        built.extend(end());
        assert_eq!(built, recorded);
        let recorded = BASE64.decode("AAAAzgAAAEasuG12CzpldmVudC10eXBlBwAIUHJvZ3Jlc3MNOmNvbnRlbnQtdHlwZQcACHRleHQveG1sDTptZXNzYWdlLXR5cGUHAAVldmVudDxQcm9ncmVzcz48Qnl0ZXNTY2FubmVkPjMyPC9CeXRlc1NjYW5uZWQ+PEJ5dGVzUHJvY2Vzc2VkPjMyPC9CeXRlc1Byb2Nlc3NlZD48Qnl0ZXNSZXR1cm5lZD4yMDwvQnl0ZXNSZXR1cm5lZD48L1Byb2dyZXNzPsdOUPY=").unwrap();
        let counts = Counts {
            scanned: 32,
            processed: 32,
            returned: 20,
        };
        assert_eq!(progress(&counts), recorded);
        let recorded = BASE64
            .decode("AAAAOQAAACmLoZ3yCzpldmVudC10eXBlBwAEQ29udA06bWVzc2FnZS10eXBlBwAFZXZlbnQj3MHy")
            .unwrap();
        assert_eq!(cont(), recorded);
        let recorded = BASE64.decode("AAAAdQAAAGVpyCUBCzplcnJvci1jb2RlBwATSW52YWxpZFRleHRFbmNvZGluZw46ZXJyb3ItbWVzc2FnZQcAG1VURi04IGVuY29kaW5nIGlzIHJlcXVpcmVkLg06bWVzc2FnZS10eXBlBwAFZXJyb3K/a0Bu").unwrap();
        assert_eq!(
            error("InvalidTextEncoding", "UTF-8 encoding is required."),
            recorded
        );
    }

    #[test]
    fn long_values_are_cut_on_a_boundary() {
        let long = "é".repeat(40_000);
        let m = error("X", &long);
        let total = u32::from_be_bytes(m[0..4].try_into().unwrap()) as usize;
        assert_eq!(total, m.len());
        assert!(m.len() < 70_000);
    }
}
