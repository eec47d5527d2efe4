//! Select (Node's `selectObjectContent` and `selectObjectContentStream`):
//! COS runs SQL over a CSV or JSON object and answers with an event
//! stream of binary frames, decoded here.

use std::io::{self, Read, Write};

use crate::body::Output;
use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::execute::{FromMeta, Request, Response};
use crate::headers::Headers;
use crate::ops::config::codec::XmlElement;
use crate::ops::config::config_request;
use crate::ops::fields::EncryptionHeaders;
use crate::ops::object::write_through_temp;
use crate::ops::object_target;
use crate::options::CosOptions;

xml_struct! {
    /// `SelectRequest`: the query and how the object and the answer are
    /// laid out.
    pub struct SelectRequest {
        /// `Expression`: the SQL, e.g. `SELECT s._1 FROM COSObject s WHERE s._3 > '20'`.
        pub expression: String => "Expression",
        /// `ExpressionType`: `SQL`.
        pub expression_type: String => "ExpressionType",
        /// `InputSerialization`: the object's format.
        pub input_serialization: InputSerialization => "InputSerialization",
        /// `OutputSerialization`: the answer's format.
        pub output_serialization: OutputSerialization => "OutputSerialization",
        /// `RequestProgress`: `Enabled` `TRUE` asks for progress events.
        pub request_progress: Option<RequestProgress> => "RequestProgress",
    }

    /// `InputSerialization` of a [`SelectRequest`]: set `csv` or `json`.
    pub struct InputSerialization {
        /// `CompressionType`: `NONE` (default), `GZIP` or `BZIP2`.
        pub compression_type: String => "CompressionType",
        /// `CSV`.
        #[cfg_attr(feature = "serde", serde(rename = "CSV"))]
        pub csv: Option<CsvInput> => "CSV",
        /// `JSON`.
        #[cfg_attr(feature = "serde", serde(rename = "JSON"))]
        pub json: Option<JsonInput> => "JSON",
    }

    /// `CSV` of an [`InputSerialization`].
    pub struct CsvInput {
        /// `FileHeaderInfo`: `NONE`, `IGNORE` or `USE` (the first line names
        /// the columns).
        pub file_header_info: String => "FileHeaderInfo",
        /// `RecordDelimiter`.
        pub record_delimiter: String => "RecordDelimiter",
        /// `FieldDelimiter`.
        pub field_delimiter: String => "FieldDelimiter",
        /// `QuoteCharacter`.
        pub quote_character: String => "QuoteCharacter",
        /// `QuoteEscapeCharacter`.
        pub quote_escape_character: String => "QuoteEscapeCharacter",
        /// `Comments`: lines starting with it are skipped.
        pub comments: String => "Comments",
        /// `AllowQuotedRecordDelimiter`: `TRUE` or `FALSE`.
        pub allow_quoted_record_delimiter: String => "AllowQuotedRecordDelimiter",
    }

    /// `JSON` of an [`InputSerialization`].
    pub struct JsonInput {
        /// `Type`: `DOCUMENT` (one document) or `LINES` (one per line).
        #[cfg_attr(feature = "serde", serde(rename = "Type"))]
        pub json_type: String => "Type",
    }

    /// `OutputSerialization` of a [`SelectRequest`]: set `csv` or `json`.
    pub struct OutputSerialization {
        /// `CSV`.
        #[cfg_attr(feature = "serde", serde(rename = "CSV"))]
        pub csv: Option<CsvOutput> => "CSV",
        /// `JSON`.
        #[cfg_attr(feature = "serde", serde(rename = "JSON"))]
        pub json: Option<JsonOutput> => "JSON",
    }

    /// `CSV` of an [`OutputSerialization`].
    pub struct CsvOutput {
        /// `QuoteFields`: `ALWAYS` or `ASNEEDED`.
        pub quote_fields: String => "QuoteFields",
        /// `RecordDelimiter`.
        pub record_delimiter: String => "RecordDelimiter",
        /// `FieldDelimiter`.
        pub field_delimiter: String => "FieldDelimiter",
        /// `QuoteCharacter`.
        pub quote_character: String => "QuoteCharacter",
        /// `QuoteEscapeCharacter`.
        pub quote_escape_character: String => "QuoteEscapeCharacter",
    }

    /// `JSON` of an [`OutputSerialization`].
    pub struct JsonOutput {
        /// `RecordDelimiter` between records, e.g. `\n`.
        pub record_delimiter: String => "RecordDelimiter",
    }

    /// `RequestProgress` of a [`SelectRequest`].
    pub struct RequestProgress {
        /// `Enabled`: `TRUE` or `FALSE`.
        pub enabled: String => "Enabled",
    }

    /// `Stats`: how much the query read and returned.
    pub struct SelectStats {
        /// `BytesScanned`.
        pub bytes_scanned: Option<u64> => "BytesScanned",
        /// `BytesProcessed`.
        pub bytes_processed: Option<u64> => "BytesProcessed",
        /// `BytesReturned`.
        pub bytes_returned: Option<u64> => "BytesReturned",
    }
}

/// Params of [`Cos::select_object_content`] and
/// [`Cos::select_object_content_stream`] (Node's `selectObjectContent`,
/// `selectObjectContentStream`).
#[derive(Debug)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct SelectObjectContentParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key` of the CSV or JSON object.
    pub key: String,
    /// `SelectType`: 2 (the only type COS has; the default here).
    pub select_type: u32,
    /// `SelectRequest`.
    pub select_request: SelectRequest,
    /// Where the result records go: memory (`payload`, the default), a
    /// file or a writer that gets them as they arrive.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub output: Output,
    /// SSE-C fields, for an object written with a customer key.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// Cancels the query from another thread, mid-stream included.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

impl Default for SelectObjectContentParams {
    fn default() -> Self {
        SelectObjectContentParams {
            bucket: String::new(),
            region: String::new(),
            key: String::new(),
            select_type: 2,
            select_request: SelectRequest::default(),
            output: Output::Memory,
            encryption: EncryptionHeaders::default(),
            headers: Headers::new(),
            cancel: None,
        }
    }
}

response_data! {
    /// Result of a select: the records (with `output` in memory) and the
    /// statistics COS sent at the end.
    pub struct SelectObjectContentData {
        /// `Payload`: every `Records` event's bytes, joined (empty when
        /// `output` was a file or writer).
        #[cfg_attr(feature = "serde", serde(skip))]
        pub payload: Vec<u8>,
        /// `Stats`, from the `Stats` event.
        #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
        pub stats: Option<SelectStats>,
    }
}

pub(crate) fn build_select_object_content(
    options: &CosOptions,
    params: &SelectObjectContentParams,
) -> Result<Request, CosError> {
    if params.select_request.expression.is_empty() {
        return Err(CosError::invalid_parameter(
            "SelectRequest",
            "missing param SelectRequest.Expression",
        ));
    }
    let target = object_target(options, &params.bucket, &params.region, &params.key)?;
    let mut request = Request::new("POST", target);
    request.action = Some("select");
    request.query("select-type", params.select_type.to_string());
    request.headers = params.headers.clone();
    params.encryption.customer_only().apply(&mut request);
    request.cancel = params.cancel.clone();
    config_request(Ok(request), "SelectRequest", &params.select_request)
}

/// One decoded frame of the event stream.
struct Frame {
    headers: Vec<(String, String)>,
    payload: Vec<u8>,
}

impl Frame {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Largest frame accepted: COS sends records in pieces far below this.
const MAX_FRAME: usize = 16 << 20;

fn bad_frame(message: impl Into<String>) -> CosError {
    CosError::invalid_response(format!("select event stream: {}", message.into()))
}

fn be32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// Reads one frame: prelude (total length, headers length, CRC-32 of the
/// two), headers, payload, CRC-32 of the whole message. `None` at a clean
/// end of the body.
fn read_frame(body: &mut dyn Read) -> Result<Option<Frame>, CosError> {
    let mut prelude = [0u8; 12];
    let mut filled = 0;
    while filled < prelude.len() {
        match body.read(&mut prelude[filled..]) {
            Ok(0) if filled == 0 => return Ok(None),
            Ok(0) => return Err(bad_frame("the body ended inside a frame")),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(crate::transport::map_io_error(e)),
        }
    }
    let total = be32(&prelude[0..4]) as usize;
    let headers_len = be32(&prelude[4..8]) as usize;
    if crc32fast::hash(&prelude[..8]) != be32(&prelude[8..12]) {
        return Err(bad_frame("prelude CRC mismatch"));
    }
    if !(16..=MAX_FRAME).contains(&total) || headers_len > total - 16 {
        return Err(bad_frame(format!(
            "impossible frame lengths {total}/{headers_len}"
        )));
    }
    let mut message = prelude.to_vec();
    message.resize(total, 0);
    body.read_exact(&mut message[12..]).map_err(|e| {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            bad_frame("the body ended inside a frame")
        } else {
            crate::transport::map_io_error(e)
        }
    })?;
    if crc32fast::hash(&message[..total - 4]) != be32(&message[total - 4..]) {
        return Err(bad_frame("message CRC mismatch"));
    }
    let headers = parse_headers(&message[12..12 + headers_len])?;
    let payload = message[12 + headers_len..total - 4].to_vec();
    Ok(Some(Frame { headers, payload }))
}

/// Headers: name length (1 byte), name, value type (7: string), value
/// length (2 bytes), value.
fn parse_headers(mut bytes: &[u8]) -> Result<Vec<(String, String)>, CosError> {
    let mut headers = Vec::new();
    while !bytes.is_empty() {
        let name_len = bytes[0] as usize;
        let Some(name) = bytes.get(1..1 + name_len) else {
            return Err(bad_frame("a header name runs past the headers"));
        };
        let rest = &bytes[1 + name_len..];
        let (Some(&7), Some(len)) = (rest.first(), rest.get(1..3)) else {
            return Err(bad_frame("a header value is not a string"));
        };
        let value_len = u16::from_be_bytes([len[0], len[1]]) as usize;
        let Some(value) = rest.get(3..3 + value_len) else {
            return Err(bad_frame("a header value runs past the headers"));
        };
        headers.push((
            String::from_utf8_lossy(name).into_owned(),
            String::from_utf8_lossy(value).into_owned(),
        ));
        bytes = &rest[3 + value_len..];
    }
    Ok(headers)
}

/// Reads the event stream to its `End`, writing records to `records`.
fn decode_events(
    response: &mut Response,
    records: &mut dyn Write,
    cancel: Option<&CancelToken>,
) -> Result<Option<SelectStats>, CosError> {
    let mut stats = None;
    loop {
        if cancel.is_some_and(CancelToken::is_cancelled) {
            return Err(CosError::cancelled("select cancelled"));
        }
        let Some(frame) = read_frame(&mut response.body)? else {
            return Err(bad_frame("the stream ended before its End event"));
        };
        match (frame.header(":message-type"), frame.header(":event-type")) {
            ("event", "Records") => records
                .write_all(&frame.payload)
                .map_err(|e| CosError::io("writing the select records failed", e))?,
            ("event", "Stats") => {
                let text = String::from_utf8_lossy(&frame.payload);
                stats = Some(crate::xml::parse_root(
                    &text,
                    "Stats",
                    SelectStats::read_content,
                )?);
            }
            ("event", "End") => return Ok(stats),
            // Progress and Cont (keep-alive) carry nothing the result needs.
            ("event", _) => {}
            ("error", _) => {
                return Err(CosError::service(
                    response.status,
                    response.headers.clone(),
                    crate::error::ServiceErrorBody {
                        code: Some(frame.header(":error-code").to_string()),
                        message: Some(frame.header(":error-message").to_string()),
                        ..Default::default()
                    },
                    "select failed",
                ));
            }
            (other, _) => return Err(bad_frame(format!("unknown message type {other:?}"))),
        }
    }
}

impl Cos {
    /// Runs SQL over a CSV or JSON object on COS's side (Node's
    /// `selectObjectContent`) and returns the matching records. Node
    /// 3.0.0's version of this call loses statistics and error events and
    /// can corrupt records (it pipes its decoder into itself); this one
    /// decodes every frame, checks both CRC-32s of each, and turns an error
    /// event into the error.
    ///
    /// ```
    /// use cos_sdk::{
    ///     CsvInput, CsvOutput, InputSerialization, OutputSerialization,
    ///     SelectObjectContentParams, SelectRequest,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("people.csv", "name,age\nalice,30\nbob,25\ncarol,41\n");
    /// let data = cos.select_object_content(
    ///     SelectObjectContentParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "people.csv".into(),
    ///         select_request: SelectRequest {
    ///             expression: "SELECT s.name FROM COSObject s WHERE CAST(s.age AS INT) > 28".into(),
    ///             expression_type: "SQL".into(),
    ///             input_serialization: InputSerialization {
    ///                 csv: Some(CsvInput {
    ///                     file_header_info: "USE".into(),
    ///                     ..Default::default()
    ///                 }),
    ///                 ..Default::default()
    ///             },
    ///             output_serialization: OutputSerialization {
    ///                 csv: Some(CsvOutput::default()),
    ///                 ..Default::default()
    ///             },
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(String::from_utf8_lossy(&data.payload), "alice\ncarol\n");
    /// assert!(data.stats.is_some());
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn select_object_content<R>(
        &self,
        params: SelectObjectContentParams,
        callback: impl FnOnce(Result<SelectObjectContentData, CosError>) -> R,
    ) -> R {
        callback(self.select_inner(params))
    }

    /// Node's `selectObjectContentStream`: the same query, with the records
    /// handed to `output` (a writer or a file) as they arrive instead of
    /// collected, for results larger than memory.
    ///
    /// ```
    /// use std::io::Write;
    /// use std::sync::{Arc, Mutex};
    /// use cos_sdk::{
    ///     InputSerialization, JsonInput, JsonOutput, Output, OutputSerialization,
    ///     SelectObjectContentParams, SelectRequest,
    /// };
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("events.json", "{\"kind\":\"click\"}\n{\"kind\":\"view\"}\n{\"kind\":\"click\"}\n");
    /// /// Counts the records it is given.
    /// struct Counter(Arc<Mutex<usize>>);
    /// impl Write for Counter {
    ///     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
    ///         *self.0.lock().unwrap() += bytes.iter().filter(|&&b| b == b'\n').count();
    ///         Ok(bytes.len())
    ///     }
    ///     fn flush(&mut self) -> std::io::Result<()> {
    ///         Ok(())
    ///     }
    /// }
    /// let clicks = Arc::new(Mutex::new(0));
    /// cos.select_object_content_stream(
    ///     SelectObjectContentParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "events.json".into(),
    ///         select_request: SelectRequest {
    ///             expression: "SELECT * FROM COSObject s WHERE s.kind = 'click'".into(),
    ///             expression_type: "SQL".into(),
    ///             input_serialization: InputSerialization {
    ///                 json: Some(JsonInput { json_type: "LINES".into() }),
    ///                 ..Default::default()
    ///             },
    ///             output_serialization: OutputSerialization {
    ///                 json: Some(JsonOutput { record_delimiter: "\n".into() }),
    ///                 ..Default::default()
    ///             },
    ///             ..Default::default()
    ///         },
    ///         output: Output::Writer(Box::new(Counter(clicks.clone()))),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(*clicks.lock().unwrap(), 2);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn select_object_content_stream<R>(
        &self,
        params: SelectObjectContentParams,
        callback: impl FnOnce(Result<SelectObjectContentData, CosError>) -> R,
    ) -> R {
        callback(self.select_inner(params))
    }

    fn select_inner(
        &self,
        mut params: SelectObjectContentParams,
    ) -> Result<SelectObjectContentData, CosError> {
        let request = build_select_object_content(self.options(), &params)?;
        let mut response = self.execute(request)?;
        let mut data = SelectObjectContentData::from_meta(response.meta());
        let cancel = params.cancel.clone();
        let stats = match &mut params.output {
            Output::Memory => decode_events(&mut response, &mut data.payload, cancel.as_ref()),
            Output::Writer(writer) => decode_events(&mut response, writer, cancel.as_ref())
                .and_then(|stats| {
                    writer
                        .flush()
                        .map_err(|e| CosError::io("flushing the select output failed", e))?;
                    Ok(stats)
                }),
            Output::File(path) => write_through_temp(path, |file| {
                decode_events(&mut response, file, cancel.as_ref())
            }),
        };
        data.stats = stats.map_err(|e| response.fail(e))?;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame as COS writes it.
    fn frame(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
        let mut head = Vec::new();
        for (name, value) in headers {
            head.push(name.len() as u8);
            head.extend_from_slice(name.as_bytes());
            head.push(7);
            head.extend_from_slice(&(value.len() as u16).to_be_bytes());
            head.extend_from_slice(value.as_bytes());
        }
        let total = 12 + head.len() + payload.len() + 4;
        let mut out = Vec::new();
        out.extend_from_slice(&(total as u32).to_be_bytes());
        out.extend_from_slice(&(head.len() as u32).to_be_bytes());
        out.extend_from_slice(&crc32fast::hash(&out).to_be_bytes());
        out.extend_from_slice(&head);
        out.extend_from_slice(payload);
        out.extend_from_slice(&crc32fast::hash(&out).to_be_bytes());
        out
    }

    fn event(kind: &str, payload: &[u8]) -> Vec<u8> {
        frame(
            &[(":message-type", "event"), (":event-type", kind)],
            payload,
        )
    }

    #[test]
    fn frames_decode_and_damage_is_caught() {
        let records = event("Records", b"1,alice\n");
        let mut body = &records[..];
        let decoded = read_frame(&mut body).unwrap().unwrap();
        assert_eq!(decoded.header(":event-type"), "Records");
        assert_eq!(decoded.payload, b"1,alice\n");
        assert!(read_frame(&mut body).unwrap().is_none());

        for at in [2, 9, 20, records.len() - 6, records.len() - 1] {
            let mut damaged = records.clone();
            damaged[at] ^= 0x40;
            let err = read_frame(&mut &damaged[..])
                .err()
                .expect("damage detected");
            assert_eq!(err.kind(), crate::ErrorKind::InvalidResponse, "byte {at}");
        }
        let cut = &records[..records.len() - 3];
        assert!(read_frame(&mut &cut[..]).is_err());
        // Lengths that cannot be are refused before allocating.
        let mut huge = records.clone();
        huge[0] = 0x7f;
        let crc = crc32fast::hash(&huge[..8]).to_be_bytes();
        huge[8..12].copy_from_slice(&crc);
        assert!(read_frame(&mut &huge[..]).is_err());
    }
}
