//! `download_file` (Node's `downloadFile`): parallel ranged download into a
//! temporary file beside the target, resumable (Node's is not), verified by
//! CRC-64 and renamed into place only when complete.

use crate::ops::fields::{EncryptionHeaders, traffic_limit_to};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::crc64::{self, Crc64};
use crate::error::CosError;
use crate::execute::{FromMeta, Meta, Request, check_crc, is_retryable, retry_delay};
use crate::headers::Headers;
use crate::local_fs::{create_fresh, open_existing, start_writeback, write_atomically};
use crate::ops::object::{HeadObjectParams, read_some};
use crate::ops::object_target;
use crate::progress::OnProgress;
use crate::transfer::engine::{self, Event, Progress};
use crate::transfer::{MIB, Part, part_size, plan};

const CHECKPOINT_MAGIC: &str = "cos-sdk download checkpoint v1";
/// Most ranges one download is split into; `ChunkSize` grows beyond it.
const MAX_RANGES: u32 = 10_000;

/// Params of [`Cos::download_file`] (Node's `downloadFile`).
#[derive(Debug, Default, Clone)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "PascalCase", default)
)]
pub struct DownloadFileParams {
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `FilePath`: where the object ends up. Written under
    /// `<FilePath>.cos-download` until complete and verified.
    pub file_path: PathBuf,
    /// `ChunkSize`: bytes per ranged request (default 1 MiB, as Node; at
    /// least 1 MiB, and raised so that no download needs more than 10,000
    /// ranges).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub chunk_size: Option<u64>,
    /// `ParallelLimit`: ranges downloaded at once (default 5, as Node).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub parallel_limit: Option<usize>,
    /// `RetryTimes`: extra attempts for a failed range (default 3, as Node).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub retry_times: Option<u32>,
    /// SSE-C fields: the key an SSE-C object was written with.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub encryption: EncryptionHeaders,
    /// `TrafficLimit` of each range request (bits per second, 819200 to
    /// 838860800).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub traffic_limit: Option<u64>,
    /// `Headers`: extra request headers.
    pub headers: Headers,
    /// `onProgress`: bytes downloaded, counting resumed ranges once;
    /// monotonic; ends at exactly the object size. (If the object changes
    /// mid-download, the download starts over and so does its progress.)
    #[cfg_attr(feature = "serde", serde(skip))]
    pub on_progress: Option<OnProgress>,
    /// Cancels or pauses the download; a cancelled download resumes on the
    /// next call.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub cancel: Option<CancelToken>,
}

response_data! {
    /// Result of [`Cos::download_file`]: the object's HEAD answer.
    pub struct DownloadFileData {
        /// `ETag` of the downloaded object.
        #[cfg_attr(feature = "serde", serde(rename = "ETag"))]
        pub etag: String,
        /// Size in bytes.
        pub size: u64,
        /// Ranges fetched by this call (fewer than all when resuming).
        pub ranges_fetched: usize,
    }
}

/// The object a partial download belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    etag: String,
    size: u64,
    crc: String,
    chunk_size: u64,
}

/// `<target>.cos-download` and its checkpoint.
fn temporary_paths(target: &Path) -> (PathBuf, PathBuf) {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "download".into());
    let partial = target.with_file_name(format!("{name}.cos-download"));
    let checkpoint = target.with_file_name(format!("{name}.cos-download.checkpoint"));
    (partial, checkpoint)
}

/// Reads a checkpoint: the identity line, then one `done N CRC` line per
/// finished range (a torn last line is ignored).
fn load_checkpoint(path: &Path) -> Option<(Identity, BTreeMap<u32, u64>)> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != CHECKPOINT_MAGIC {
        return None;
    }
    let mut fields = lines.next()?.split('\t');
    let identity = Identity {
        etag: fields.next()?.to_string(),
        size: fields.next()?.parse().ok()?,
        crc: fields.next()?.to_string(),
        chunk_size: fields.next()?.parse().ok()?,
    };
    let mut done = BTreeMap::new();
    for line in lines {
        let mut words = line.split(' ');
        if let (Some("done"), Some(number), Some(crc)) = (words.next(), words.next(), words.next())
        {
            if let (Ok(number), Ok(crc)) = (number.parse(), crc.parse()) {
                done.insert(number, crc);
            }
        }
    }
    Some((identity, done))
}

/// The ranges of `done` whose bytes in `file` still have the CRC-64 the
/// journal recorded for them.
fn intact_ranges(
    file: &mut File,
    parts: &[Part],
    mut done: BTreeMap<u32, u64>,
) -> std::io::Result<BTreeMap<u32, u64>> {
    let mut buffer = vec![0u8; 64 * 1024];
    for part in parts {
        let Some(&recorded) = done.get(&part.number) else {
            continue;
        };
        let mut crc = Crc64::new();
        super::read_part(file, *part, &mut buffer, |chunk| crc.update(chunk))?;
        if crc.finish() != recorded {
            done.remove(&part.number);
        }
    }
    Ok(done)
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> CosError {
    CosError::io(format!("cannot {what} {}", path.display()), e)
}

/// Bytes of a range (by number) received so far in its current attempt.
struct Received(u32, u64);

/// What a range task reports: `Some(crc)` when it wrote the range,
/// `None` when confirming found the file already right.
type RangeProgress<'a> = Progress<'a, Received, Option<u64>>;

/// Bytes read from the network at a time: small enough to stay in the CPU
/// cache between the read, the CRC-64 and the write to the file (and to
/// report progress and notice a cancel often), large enough to keep system
/// calls few.
const READ_SIZE: usize = 256 * 1024;

/// What a range task reuses from the one before it.
#[derive(Default)]
struct RangeScratch {
    file: Option<File>,
    /// `READ_SIZE` bytes, allocated once per worker.
    chunk: Vec<u8>,
    /// A whole range, only while confirming (see [`RangeSink::Memory`]).
    range: Vec<u8>,
}

/// Where a range's bytes go as they arrive.
enum RangeSink<'s> {
    /// Straight into the partial file at the range's offset: a failed
    /// attempt leaves nothing the next one does not overwrite, and the
    /// journal records the range only once all of it is written.
    File(&'s mut File),
    /// Into memory, while confirming a download whose CRC-64 disagreed: the
    /// file is rewritten only with data two fetches agree on.
    Memory(&'s mut Vec<u8>),
}

struct RangeJob<'a> {
    cos: &'a Cos,
    bucket: &'a str,
    region: &'a str,
    key: &'a str,
    headers: &'a Headers,
    etag: &'a str,
    partial: &'a Path,
    retries: u32,
    cancel: Option<&'a CancelToken>,
    /// Confirming a download whose whole CRC-64 disagreed: the CRC-64 of
    /// each range as the file holds it. A range is rewritten only with data
    /// that two fetches agree on (damage in transit is never the same
    /// twice).
    file_crcs: Option<&'a BTreeMap<u32, u64>>,
}

impl RangeJob<'_> {
    /// Fetches one range and writes it into the partial file.
    fn range(
        &self,
        part: &Part,
        scratch: &mut RangeScratch,
        progress: &RangeProgress<'_>,
    ) -> Result<Option<u64>, CosError> {
        let RangeScratch { file, chunk, range } = scratch;
        let part = *part;
        if chunk.is_empty() {
            chunk.resize(READ_SIZE, 0);
        }
        let file = match file {
            Some(file) => file,
            None => file.insert(
                open_existing(self.partial).map_err(|e| io_error("open", self.partial, e))?,
            ),
        };
        let Some(file_crcs) = self.file_crcs else {
            let crc = self.fetch_retrying(progress, part, chunk, &mut RangeSink::File(file))?;
            start_writeback(file, part.offset, part.length);
            return Ok(Some(crc));
        };
        let mut sink = RangeSink::Memory(range);
        let crc = self.fetch_retrying(progress, part, chunk, &mut sink)?;
        let crc = match file_crcs.get(&part.number) {
            None => crc,
            Some(&in_file) if crc == in_file => return Ok(None),
            Some(&in_file) => {
                match self.agreed_fetch(progress, part, chunk, &mut sink, in_file, crc)? {
                    Some(crc) => crc,
                    None => return Ok(None),
                }
            }
        };
        file.seek(SeekFrom::Start(part.offset))
            .and_then(|_| file.write_all(range))
            .map_err(|e| io_error("write", self.partial, e))?;
        Ok(Some(crc))
    }

    /// One range, retried on retryable failures.
    fn fetch_retrying(
        &self,
        progress: &RangeProgress<'_>,
        part: Part,
        chunk: &mut [u8],
        sink: &mut RangeSink<'_>,
    ) -> Result<u64, CosError> {
        let mut attempt = 0;
        loop {
            match self.fetch(progress, part, chunk, sink) {
                Err(err) if attempt < self.retries && is_retryable(&err) => {
                    let delay = retry_delay(self.cos.options(), attempt);
                    if !crate::cancel::sleep(self.cancel, delay) {
                        return Err(err);
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Fetches a range until two fetches agree (`Some`, the data in
    /// `sink`) or one agrees with the file (`None`: the file is right).
    fn agreed_fetch(
        &self,
        progress: &RangeProgress<'_>,
        part: Part,
        chunk: &mut [u8],
        sink: &mut RangeSink<'_>,
        in_file: u64,
        mut previous: u64,
    ) -> Result<Option<u64>, CosError> {
        for _ in 0..=self.retries {
            let crc = self.fetch_retrying(progress, part, chunk, sink)?;
            if crc == in_file {
                return Ok(None);
            }
            if crc == previous {
                return Ok(Some(crc));
            }
            previous = crc;
        }
        Err(CosError::integrity(
            "ECORRUPT",
            format!(
                "range {} of {} arrived different every time",
                part.number, self.key
            ),
        ))
    }

    /// One ranged GET, pinned to the ETag (a changed object answers 412),
    /// into `sink` through `chunk`.
    fn fetch(
        &self,
        progress: &RangeProgress<'_>,
        part: Part,
        chunk: &mut [u8],
        sink: &mut RangeSink<'_>,
    ) -> Result<u64, CosError> {
        let target = object_target(self.cos.options(), self.bucket, self.region, self.key)?;
        let mut request = Request::new("GET", target);
        request.headers = self.headers.clone();
        let asked = format!("bytes={}-{}", part.offset, part.offset + part.length - 1);
        request.header("range", &asked);
        request.header("if-match", self.etag);
        request.retries = Some(0);
        request.cancel = self.cancel.cloned();
        let mut response = self.cos.execute(request)?;
        let content_range = response.header("content-range");
        if !crate::validate::range_answer_matches(&asked, &content_range) {
            return Err(response.fail(CosError::integrity(
                "ERANGE",
                format!("asked for {asked} but the answer holds {content_range:?}"),
            )));
        }
        match sink {
            RangeSink::File(file) => file
                .seek(SeekFrom::Start(part.offset))
                .map(drop)
                .map_err(|e| io_error("write", self.partial, e))?,
            RangeSink::Memory(range) => range.clear(),
        }
        let mut crc = Crc64::new();
        let mut received = 0u64;
        loop {
            if self.cancel.is_some_and(CancelToken::is_cancelled) {
                return Err(CosError::cancelled(format!(
                    "range {} of {} cancelled",
                    part.number, self.key
                )));
            }
            // At most one byte beyond the range, so a longer answer shows
            // without being read whole.
            let room = (part.length + 1 - received).min(chunk.len() as u64) as usize;
            let n = match read_some(&mut response, &mut chunk[..room]) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(response.fail(e)),
            };
            received += n as u64;
            if received > part.length {
                return Err(response.fail(CosError::integrity(
                    "ESIZE",
                    "the range answer is longer than asked",
                )));
            }
            let bytes = &chunk[..n];
            crc.update(bytes);
            match sink {
                RangeSink::File(file) => file
                    .write_all(bytes)
                    .map_err(|e| io_error("write", self.partial, e))?,
                RangeSink::Memory(range) => range.extend_from_slice(bytes),
            }
            progress.send(Received(part.number, received));
        }
        if received != part.length {
            return Err(response.fail(CosError::integrity(
                "ESIZE",
                format!(
                    "range {} arrived with {received} of {} bytes",
                    part.number, part.length
                ),
            )));
        }
        Ok(crc.finish())
    }
}

impl Cos {
    /// Runs `job` over `parts` on the transfer pool, `parallel` at a time.
    fn run_ranges(
        &self,
        job: &RangeJob<'_>,
        parts: &[Part],
        parallel: usize,
        on_event: impl FnMut(Event<Received, Option<u64>>) -> Result<(), CosError>,
    ) -> Result<(), CosError> {
        self.with_pool(parallel, |pool| {
            engine::run(
                pool,
                parallel,
                job.cancel,
                parts,
                |part, scratch, progress| job.range(part, scratch, progress),
                on_event,
            )
        })?
    }

    /// Downloads an object to a file with parallel ranged requests (Node's
    /// `downloadFile`), resumably: the data goes to `<FilePath>.cos-download`
    /// and a checkpoint beside it records the object's ETag, size and CRC-64
    /// and each finished range, so a call after an error, a cancellation or
    /// a killed process fetches only what is missing. A changed remote
    /// object restarts the download cleanly. The result is checked against
    /// the object's CRC-64 and renamed to `FilePath` only when complete. On a
    /// mismatch (a range damaged in transit: COS gives no CRC per range)
    /// every range is fetched again and a range is rewritten only with data
    /// two fetches agree on. Each range's answer must carry the
    /// `Content-Range` asked for and exactly its length.
    ///
    /// ```
    /// use cos_sdk::{DownloadFileParams, OnProgress};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # doc.put("videos/intro.mp4", vec![1u8; 2 * 1024 * 1024 + 5]);
    /// # let dir = doc.dir.path();
    /// let data = cos.download_file(
    ///     DownloadFileParams {
    ///         bucket: "examplebucket-1250000000".into(),
    ///         region: "ap-guangzhou".into(),
    ///         key: "videos/intro.mp4".into(),
    ///         file_path: dir.join("intro.mp4"),
    ///         chunk_size: Some(1024 * 1024),
    ///         on_progress: Some(OnProgress::new(|p| println!("{} of {} bytes", p.loaded, p.total))),
    ///         ..Default::default()
    ///     },
    ///     |r| r,
    /// )?;
    /// assert_eq!(data.size, 2 * 1024 * 1024 + 5);
    /// assert_eq!(data.ranges_fetched, 3); // fewer when resuming
    /// assert_eq!(std::fs::metadata(dir.join("intro.mp4"))?.len(), data.size);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn download_file<R>(
        &self,
        params: DownloadFileParams,
        callback: impl FnOnce(Result<DownloadFileData, CosError>) -> R,
    ) -> R {
        callback(self.download_file_inner(params))
    }

    fn download_file_inner(
        &self,
        mut params: DownloadFileParams,
    ) -> Result<DownloadFileData, CosError> {
        if let crate::endpoint::Target::Object { key, .. } =
            object_target(self.options(), &params.bucket, &params.region, &params.key)?
        {
            params.key = key;
        }
        let chunk_size = params.chunk_size.unwrap_or(MIB);
        if chunk_size < MIB {
            // Smaller ranges only multiply requests and journal lines.
            return Err(CosError::invalid_parameter(
                "ChunkSize",
                format!("ChunkSize must be at least 1 MiB (got {chunk_size} bytes)"),
            ));
        }
        if params.file_path.as_os_str().is_empty() {
            return Err(CosError::invalid_parameter("FilePath", "FilePath is empty"));
        }
        let parallel = params.parallel_limit.unwrap_or(5);
        if !(1..=256).contains(&parallel) {
            return Err(CosError::invalid_parameter(
                "ParallelLimit",
                "ParallelLimit must be between 1 and 256",
            ));
        }
        if params.file_path.is_dir() {
            return Err(CosError::invalid_parameter(
                "FilePath",
                format!("{} is a directory", params.file_path.display()),
            ));
        }
        // Every request of the download (HEAD and ranges) repeats these.
        params
            .encryption
            .customer_only()
            .apply_to(&mut params.headers);
        traffic_limit_to(&mut params.headers, params.traffic_limit)?;
        let mut progress = params.on_progress.take().map(|p| self.progress_tracker(p));
        // A changed object is detected by the ranges' If-Match; start over once.
        let mut restarted = false;
        loop {
            match self.download_once(&params, chunk_size, parallel, &mut progress) {
                Err(err) if err.status_code() == Some(412) && !restarted => {
                    let (partial, checkpoint) = temporary_paths(&params.file_path);
                    let _ = fs::remove_file(partial);
                    let _ = fs::remove_file(checkpoint);
                    restarted = true;
                }
                other => return other,
            }
        }
    }

    fn download_once(
        &self,
        params: &DownloadFileParams,
        chunk_size: u64,
        parallel: usize,
        progress: &mut Option<crate::progress::ProgressTracker>,
    ) -> Result<DownloadFileData, CosError> {
        let head = self.head_object(
            HeadObjectParams {
                bucket: params.bucket.clone(),
                region: params.region.clone(),
                key: params.key.clone(),
                headers: params.headers.clone(),
                ..Default::default()
            },
            |r| r,
        )?;
        let size: u64 = head
            .headers
            .get("content-length")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| crate::xml::bad_response("the HEAD answer has no Content-Length"))?;
        // Large objects get larger ranges, so the journal stays small.
        let chunk_size = part_size(size, chunk_size, MAX_RANGES);
        let identity = Identity {
            etag: head.etag.clone(),
            size,
            crc: head
                .headers
                .get("x-cos-hash-crc64ecma")
                .unwrap_or_default()
                .to_string(),
            chunk_size,
        };
        let (partial, checkpoint_path) = temporary_paths(&params.file_path);
        let parts = if size == 0 {
            Vec::new()
        } else {
            plan(size, chunk_size)
        };

        // Resume when the checkpoint describes this very object, keeping
        // only the ranges whose bytes in the file still match their CRC-64:
        // the journal is a hint, never proof (the file may have been damaged,
        // or its data lost in a crash after the journal line was written).
        let resumable = load_checkpoint(&checkpoint_path)
            .filter(|(saved, _)| *saved == identity)
            .and_then(|(_, done)| Some((open_existing(&partial).ok()?, done)))
            .filter(|(file, _)| file.metadata().is_ok_and(|m| m.len() == size));
        let mut done: BTreeMap<u32, u64> = match resumable {
            Some((mut file, done)) => {
                intact_ranges(&mut file, &parts, done).map_err(|e| io_error("read", &partial, e))?
            }
            None => {
                let file = create_fresh(&partial).map_err(|e| io_error("create", &partial, e))?;
                file.set_len(size)
                    .map_err(|e| io_error("size", &partial, e))?;
                let header = format!(
                    "{CHECKPOINT_MAGIC}\n{}\t{}\t{}\t{}\n",
                    identity.etag, identity.size, identity.crc, identity.chunk_size
                );
                write_atomically(&checkpoint_path, header.as_bytes())
                    .map_err(|e| io_error("write", &checkpoint_path, e))?;
                BTreeMap::new()
            }
        };
        let mut journal = open_existing(&checkpoint_path)
            .and_then(|mut f| f.seek(SeekFrom::End(0)).map(|_| f))
            .map_err(|e| io_error("open", &checkpoint_path, e))?;

        let missing: Vec<Part> = parts
            .iter()
            .filter(|p| !done.contains_key(&p.number))
            .copied()
            .collect();
        let resumed: u64 = parts
            .iter()
            .filter(|p| done.contains_key(&p.number))
            .map(|p| p.length)
            .sum();
        if let Some(progress) = progress.as_mut() {
            progress.start_at(size, resumed);
        }
        let fetched = missing.len();
        let job = RangeJob {
            cos: self,
            bucket: &params.bucket,
            region: &params.region,
            key: &params.key,
            headers: &params.headers,
            etag: &identity.etag,
            partial: &partial,
            retries: params.retry_times.unwrap_or(3),
            cancel: params.cancel.as_ref(),
            file_crcs: None,
        };
        // Records a written range: the journal line, then the map.
        let mut record = |done: &mut BTreeMap<u32, u64>, part: u32, crc: u64| {
            writeln!(journal, "done {part} {crc}")
                .map_err(|e| io_error("write", &checkpoint_path, e))?;
            done.insert(part, crc);
            Ok::<(), CosError>(())
        };
        let mut loaded = resumed;
        let mut counted: BTreeMap<u32, u64> = BTreeMap::new();
        self.run_ranges(&job, &missing, parallel, |event| match event {
            Event::Progress(Received(part, so_far)) => {
                let best = counted.entry(part).or_default();
                if so_far > *best {
                    loaded += so_far - *best;
                    *best = so_far;
                    if let Some(progress) = progress.as_mut() {
                        progress.advance_to(loaded);
                    }
                }
                Ok(())
            }
            Event::Done(index, crc) => {
                let part = missing[index];
                loaded += part
                    .length
                    .saturating_sub(counted.remove(&part.number).unwrap_or(0));
                if let Some(progress) = progress.as_mut() {
                    progress.advance_to(loaded);
                }
                record(&mut done, part.number, crc.unwrap_or_default())
            }
        })?;
        if done.len() < parts.len() {
            return Err(CosError::cancelled(format!(
                "download of {} cancelled after {} of {} ranges; call again to resume",
                params.key,
                done.len(),
                parts.len()
            )));
        }
        let whole = |done: &BTreeMap<u32, u64>| {
            parts.iter().fold(0u64, |crc, p| {
                crc64::combine(crc, done.get(&p.number).copied().unwrap_or(0), p.length)
            })
        };
        // Some range was damaged in transit, but COS's CRC-64 covers only the
        // whole object: fetch every range again and rewrite those that two
        // fetches agree differ from the file. Another pass repairs a range
        // whose damage happened to repeat (as a faulty middlebox's might).
        let mut passes = 0;
        while !identity.crc.is_empty() && self.options().verify_crc {
            let Err(err) = check_crc(&identity.crc, whole(&done)) else {
                break;
            };
            if passes > job.retries {
                let _ = fs::remove_file(&partial);
                let _ = fs::remove_file(&checkpoint_path);
                return Err(err);
            }
            passes += 1;
            let file_crcs = done.clone();
            let confirm = RangeJob {
                file_crcs: Some(&file_crcs),
                ..job
            };
            self.run_ranges(&confirm, &parts, parallel, |event| match event {
                Event::Done(index, Some(crc)) => record(&mut done, parts[index].number, crc),
                _ => Ok(()),
            })?;
            if confirm.cancel.is_some_and(CancelToken::is_cancelled) {
                return Err(CosError::cancelled(format!(
                    "download of {} cancelled while confirming its ranges; call again to resume",
                    params.key
                )));
            }
        }
        // Closed before the rename and removal (Windows refuses both on
        // files some handles keep open).
        drop(journal);
        File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|e| io_error("flush", &partial, e))?;
        fs::rename(&partial, &params.file_path)
            .map_err(|e| io_error("move the download to", &params.file_path, e))?;
        let _ = fs::remove_file(&checkpoint_path);
        if let Some(progress) = progress.as_mut() {
            progress.finish();
        }
        let mut data = DownloadFileData::from_meta(Meta::new(head.status_code, head.headers));
        data.etag = identity.etag;
        data.size = size;
        data.ranges_fetched = fetched;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_ignore_torn_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c");
        fs::write(
            &path,
            format!("{CHECKPOINT_MAGIC}\n\"e\"\t10\t123\t4\ndone 1 55\ndone 2 66\ndone 3"),
        )
        .unwrap();
        let (identity, done) = load_checkpoint(&path).unwrap();
        assert_eq!(
            identity,
            Identity {
                etag: "\"e\"".into(),
                size: 10,
                crc: "123".into(),
                chunk_size: 4
            }
        );
        assert_eq!(done.into_iter().collect::<Vec<_>>(), [(1, 55), (2, 66)]);
    }
}
