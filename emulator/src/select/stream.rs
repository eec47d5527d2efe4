//! Running a query: the object is read record by record and the answer is
//! produced as event-stream messages on demand (a `Read` the HTTP writer
//! sends chunk by chunk), so any object size runs in bounded memory.
//!
//! Order of messages: `Records` (flushed every [`FLUSH_AT`] bytes of output,
//! a record never split), each preceded by `Progress` when it was asked for;
//! `Cont` after every [`CONT_EVERY`] bytes scanned without output; then a
//! last `Progress`, `Stats` and `End`. A failure after the `200` (a record
//! that is not UTF-8 or not JSON, a failed `CAST`, …) ends the stream with an
//! error message instead, and nothing after it.

use std::fs::File;
use std::io::{self, BufReader, Read};

use super::csv::CsvOutput;
use super::eval::{Accumulator, Row, Scope, eval, holds};
use super::frames::{self, Counts};
use super::parser::{Projection, Query, Seg};
use super::request::{FileHeader, Input, Output, SelectRequest};
use super::value::{Value, write_json, write_struct};
use super::{SelectError, json};

/// Output bytes gathered before a `Records` message goes out.
pub(crate) const FLUSH_AT: usize = 64 * 1024;
/// Input bytes scanned without output before a `Cont` message.
pub(crate) const CONT_EVERY: u64 = 1024 * 1024;
/// Largest record read (S3 Select's limit: 1 MB).
const MAX_RECORD: usize = 1024 * 1024;

/// Counts the bytes read from the object.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Running,
    Done,
}

/// The reading side: the object and how to cut it into records.
struct Reader {
    input: Input,
    src: BufReader<Counting<io::Take<File>>>,
    /// CSV column names (`FileHeaderInfo` `USE`), once read.
    header: Option<Vec<String>>,
    /// The first CSV record is still to be handled as a header.
    header_pending: bool,
}

/// The query side: what rows pass, what they become.
struct Sink {
    query: Query,
    output: Output,
    accumulators: Vec<Accumulator>,
    /// Output records not sent yet.
    records: Vec<u8>,
    rows_out: u64,
}

/// The answer of one SELECT, as a byte stream of event messages.
pub(crate) struct SelectStream {
    reader: Reader,
    sink: Sink,
    progress: bool,
    /// Encoded messages ready to go, and how much of them went.
    ready: Vec<u8>,
    sent: usize,
    counts: Counts,
    /// Scanned count when the last message went out (for `Cont`).
    scanned_at_last_message: u64,
    phase: Phase,
}

impl SelectStream {
    /// Runs `req` over the first `size` bytes of `file`.
    pub fn new(req: SelectRequest, file: File, size: u64) -> SelectStream {
        let header_pending = matches!(
            req.input,
            Input::Csv {
                header: FileHeader::Use | FileHeader::Ignore,
                ..
            }
        );
        let accumulators = req
            .query
            .aggregates
            .iter()
            .map(|(agg, _)| Accumulator::new(*agg))
            .collect();
        SelectStream {
            reader: Reader {
                input: req.input,
                src: BufReader::with_capacity(
                    64 * 1024,
                    Counting {
                        inner: file.take(size),
                        count: 0,
                    },
                ),
                header: None,
                header_pending,
            },
            sink: Sink {
                query: req.query,
                output: req.output,
                accumulators,
                records: Vec::new(),
                rows_out: 0,
            },
            progress: req.progress,
            ready: Vec::new(),
            sent: 0,
            counts: Counts::default(),
            scanned_at_last_message: 0,
            phase: Phase::Running,
        }
    }

    fn scanned(&self) -> u64 {
        self.reader.src.get_ref().count
    }

    fn push_message(&mut self, message: Vec<u8>) {
        self.ready.extend_from_slice(&message);
        self.scanned_at_last_message = self.scanned();
    }

    /// Sends the gathered records (with a `Progress` first when asked for).
    fn flush(&mut self) {
        if self.sink.records.is_empty() {
            return;
        }
        self.counts.returned += self.sink.records.len() as u64;
        self.update_counts();
        if self.progress {
            self.push_message(frames::progress(&self.counts));
        }
        let records = std::mem::take(&mut self.sink.records);
        self.push_message(frames::records(&records));
    }

    fn update_counts(&mut self) {
        self.counts.scanned = self.scanned();
        self.counts.processed = self.counts.scanned;
    }

    fn fail(&mut self, e: SelectError) {
        // What was gathered still goes out, then the error, then nothing.
        self.flush();
        self.push_message(frames::error(e.code, &e.message));
        self.phase = Phase::Done;
    }

    /// Works until a message is ready or the stream is over.
    fn advance(&mut self) {
        while self.ready.len() == self.sent && self.phase == Phase::Running {
            match self.step() {
                Ok(true) => {}
                Ok(false) => self.finish(),
                Err(e) => self.fail(e),
            }
        }
    }

    /// The end: the aggregate row, the last records, `Progress`, `Stats`,
    /// `End`.
    fn finish(&mut self) {
        if let Err(e) = self.sink.aggregate_row() {
            return self.fail(e);
        }
        self.flush();
        self.update_counts();
        if self.progress {
            self.push_message(frames::progress(&self.counts));
        }
        self.push_message(frames::stats(&self.counts));
        self.push_message(frames::end());
        self.phase = Phase::Done;
    }

    /// Handles one input record; false at the end of the input (or of the
    /// `LIMIT`).
    fn step(&mut self) -> Result<bool, SelectError> {
        if self.sink.limit_reached() {
            return Ok(false);
        }
        let reader = &mut self.reader;
        match &reader.input {
            Input::Csv { csv, header } => {
                let Some(raw) = csv.next_record(&mut reader.src, MAX_RECORD)? else {
                    return Ok(false);
                };
                let fields = csv.fields(&raw)?;
                if reader.header_pending {
                    reader.header_pending = false;
                    if *header == FileHeader::Use {
                        reader.header = Some(fields);
                    }
                } else {
                    self.sink.row(Row::Csv {
                        fields: &fields,
                        header: reader.header.as_deref(),
                    })?;
                }
            }
            Input::Json { lines } => {
                let next = if *lines {
                    json::next_line(&mut reader.src, MAX_RECORD)?
                } else {
                    json::next_document(&mut reader.src, MAX_RECORD)?
                };
                let Some(raw) = next else {
                    return Ok(false);
                };
                let doc = json::parse(&raw)?;
                for record in from_path(doc, &self.sink.query.from_path) {
                    if self.sink.limit_reached() {
                        break;
                    }
                    self.sink.row(Row::Json(&record))?;
                }
            }
        }
        if self.sink.records.len() >= FLUSH_AT {
            self.flush();
        } else if self.scanned() - self.scanned_at_last_message >= CONT_EVERY {
            self.push_message(frames::cont());
        }
        Ok(true)
    }
}

impl Sink {
    /// Whether a `LIMIT` on plain rows is reached (an aggregate query reads
    /// everything: its one row comes at the end).
    fn limit_reached(&self) -> bool {
        self.query.aggregates.is_empty() && self.query.limit.is_some_and(|l| self.rows_out >= l)
    }

    /// One input row: filtered, then counted into the aggregates or written.
    fn row(&mut self, row: Row<'_>) -> Result<(), SelectError> {
        let scope = Scope {
            row,
            alias: self.query.alias.as_deref(),
            aggregates: &[],
        };
        if let Some(condition) = &self.query.condition {
            if !holds(condition, &scope)? {
                return Ok(());
            }
        }
        if self.query.aggregates.is_empty() {
            let record = self.record(&scope)?;
            write(
                &self.output,
                &self.query.projection,
                &mut self.records,
                &record,
                scope.row,
            );
            self.rows_out += 1;
            return Ok(());
        }
        for (i, (_, arg)) in self.query.aggregates.iter().enumerate() {
            let v = arg.as_ref().map(|e| eval(e, &scope)).transpose()?;
            self.accumulators[i].add(v)?;
        }
        Ok(())
    }

    /// The one row of an aggregate query (none for `LIMIT 0`).
    fn aggregate_row(&mut self) -> Result<(), SelectError> {
        if self.query.aggregates.is_empty() || self.query.limit == Some(0) {
            return Ok(());
        }
        let values: Vec<Value> = self.accumulators.iter().map(|a| a.finish()).collect();
        let nothing = Value::Missing;
        let scope = Scope {
            row: Row::Json(&nothing),
            alias: None,
            aggregates: &values,
        };
        let record = self.record(&scope)?;
        write(
            &self.output,
            &self.query.projection,
            &mut self.records,
            &record,
            scope.row,
        );
        self.rows_out += 1;
        Ok(())
    }

    /// The output columns of `scope`, named.
    fn record(&self, scope: &Scope<'_>) -> Result<Vec<(String, Value)>, SelectError> {
        match &self.query.projection {
            Projection::Star => Ok(star(scope.row)),
            Projection::Items(items) => items
                .iter()
                .map(|(expr, name)| Ok((name.clone(), eval(expr, scope)?)))
                .collect(),
        }
    }
}

/// Appends one output record to `out`.
fn write(
    output: &Output,
    projection: &Projection,
    out: &mut Vec<u8>,
    record: &[(String, Value)],
    row: Row<'_>,
) {
    match output {
        Output::Csv(csv) => write_csv(csv, out, record),
        Output::Json { record_delimiter } => {
            let mut text = String::new();
            match (projection, row) {
                // A JSON record selected whole goes out as it came.
                (Projection::Star, Row::Json(v @ Value::Struct(_))) => write_json(&mut text, v),
                _ => write_struct(&mut text, record.iter().map(|(k, v)| (k.as_str(), v))),
            }
            out.extend_from_slice(text.as_bytes());
            out.extend_from_slice(record_delimiter);
        }
    }
}

/// The columns of `SELECT *`: a CSV record's fields (named by the header or
/// `_N`), a JSON struct's fields, a list's items, or a scalar as `_1`.
fn star(row: Row<'_>) -> Vec<(String, Value)> {
    match row {
        Row::Csv { fields, header } => fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let name = header
                    .and_then(|h| h.get(i))
                    .cloned()
                    .unwrap_or_else(|| format!("_{}", i + 1));
                (name, Value::Str(f.clone()))
            })
            .collect(),
        Row::Json(Value::Struct(fields)) => fields.clone(),
        Row::Json(Value::List(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("_{}", i + 1), v.clone()))
            .collect(),
        Row::Json(v) => vec![("_1".to_string(), v.clone())],
    }
}

fn write_csv(csv: &CsvOutput, out: &mut Vec<u8>, record: &[(String, Value)]) {
    let fields: Vec<String> = record.iter().map(|(_, v)| v.to_text()).collect();
    csv.write_record(out, &fields);
}

/// The records a JSON document holds under `FROM COSObject…`: the document
/// itself, or what `[*]` (each item of a list) and `.name` steps lead to.
fn from_path(doc: Value, path: &[Seg]) -> Vec<Value> {
    let mut current = vec![doc];
    for seg in path {
        let mut next = Vec::new();
        for v in current {
            match (seg, v) {
                (Seg::Wildcard, Value::List(items)) => next.extend(items),
                (Seg::Wildcard, other) => next.push(other),
                (Seg::Field { name, quoted }, Value::Struct(fields)) => {
                    if let Some((_, v)) = fields.into_iter().find(|(k, _)| {
                        if *quoted {
                            k == name
                        } else {
                            k.eq_ignore_ascii_case(name)
                        }
                    }) {
                        next.push(v);
                    }
                }
                (Seg::Index(i), Value::List(mut items)) if *i < items.len() => {
                    next.push(items.swap_remove(*i));
                }
                _ => {}
            }
        }
        current = next;
    }
    current
}

impl Read for SelectStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.advance();
        if self.sent == self.ready.len() {
            return Ok(0);
        }
        let n = buf.len().min(self.ready.len() - self.sent);
        buf[..n].copy_from_slice(&self.ready[self.sent..self.sent + n]);
        self.sent += n;
        if self.sent == self.ready.len() {
            self.ready.clear();
            self.sent = 0;
        }
        Ok(n)
    }
}
