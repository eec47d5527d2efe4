//! `cos-emulator` command line: run a local COS server until Ctrl-C / SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use cos_emulator::{Emulator, EmulatorConfig, Fault};

/// Help text for `--fault` (also in the README).
const FAULT_HELP: &str = "\
Fault injection (--fault SPEC, repeatable; rules are tried in the order given,
the first that applies to a request is used and counts one use):

  SPEC       KIND[,CONDITION]...
  KIND       status=STATUS[:CODE]   answer STATUS with a COS <Error> (code
                                    defaults from the status: 500 InternalError,
                                    503 ServiceUnavailable, ...); body not read
             reset-after=BYTES      upload: read BYTES of the body, then reset
                                    the connection (nothing stored); GET: send
                                    headers + BYTES of the body, then reset
             truncate=BYTES         full headers, only BYTES of the body, close
             delay=DURATION         wait before answering (250ms, 2s, 1m)
             ok-with-error[=CODE]   200 OK, chunked whitespace, then <Error>
                                    (default InternalError); not performed
             crc                    wrong x-cos-hash-crc64ecma response header
             corrupt-body           one flipped byte in the response body
             drop-answer            handle the request (it takes effect), then
                                    reset the connection without answering
             corrupt-request        flip one request body byte (the middle one;
                                    the first if chunked) before it is handled:
                                    400 BadDigest with Content-MD5, else the
                                    corrupt bytes are stored
  CONDITION  op=OP                  any (default), put-object, get-object,
                                    head-object, delete-object, initiate,
                                    upload-part, complete, abort, list-parts,
                                    list-uploads, list, copy
             method=METHOD          e.g. method=PUT
             key=KEY                exact object key (no commas)
             key-contains=TEXT      key contains TEXT
             part=N                 partNumber=N
             times=N                apply to N requests (default unlimited)
             prob=P                 apply with probability P (0-1)
             seed=N                 seed of the probability draw

Examples:
  --fault 'status=503:SlowDown,op=upload-part,times=2'
  --fault 'reset-after=65536,op=put-object'
  --fault 'delay=2s,op=any,prob=0.05'
  --fault 'ok-with-error=InternalError,op=complete,times=1'
  --fault crc,op=put-object
  --fault 'drop-answer,op=complete,times=1'
  --fault 'corrupt-request,op=upload-part,prob=0.05,seed=7'
  --clock-skew -3600";

/// Parses a timeout: seconds (`30`, `1.5`) or a number with a unit (`250ms`,
/// `30s`, `2m`); more than 0 and at most one day.
fn parse_timeout(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    let split = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let scale = match unit {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "m" => 60.0,
        _ => return Err("expected seconds, or a number with ms, s or m (e.g. 30, 250ms)".into()),
    };
    let n: f64 = number
        .parse()
        .map_err(|_| "expected a number of seconds (e.g. 30, 1.5, 250ms)".to_string())?;
    let secs = n * scale;
    if !(secs > 0.0 && secs <= 86_400.0) {
        return Err("must be more than 0 and at most one day".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Parses one `--fault` value.
fn parse_fault(spec: &str) -> Result<Fault, String> {
    spec.parse::<Fault>().map_err(|e| e.to_string())
}

/// A local Tencent Cloud COS (XML API v5) server for tests.
#[derive(Parser, Debug)]
#[command(name = "cos-emulator", version, about, after_help = FAULT_HELP)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:9000")]
    listen: SocketAddr,
    /// APPID of the emulated account (bucket names end in -APPID).
    #[arg(long, default_value = cos_emulator::DEFAULT_APPID)]
    appid: String,
    /// SecretId accepted in request signatures.
    #[arg(long, default_value = cos_emulator::DEFAULT_SECRET_ID)]
    secret_id: String,
    /// SecretKey accepted in request signatures (the default is a public, fake key).
    #[arg(long, default_value = cos_emulator::DEFAULT_SECRET_KEY)]
    secret_key: String,
    /// Directory for object data [default: a temporary directory removed on exit]
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Allowed clock skew of request signatures, in seconds.
    #[arg(long, default_value_t = cos_emulator::DEFAULT_CLOCK_TOLERANCE_SECS)]
    clock_tolerance: u64,
    /// Smallest multipart part size (all parts but the last) accepted by
    /// Complete Multipart Upload, in bytes; lower it for fast tests.
    #[arg(long, value_name = "BYTES", default_value_t = cos_emulator::DEFAULT_MIN_PART_SIZE)]
    min_part_size: u64,
    /// Most connections served at once (a request being read, handled or
    /// answered); more wait for a slot, never refused. Idle connections do not
    /// count (on Unix).
    #[arg(long, value_name = "N", default_value_t = cos_emulator::DEFAULT_MAX_CONNECTIONS)]
    max_connections: usize,
    /// A request head (request line and headers) must arrive within this
    /// time of its first byte (seconds, or 250ms, 2m).
    #[arg(long, value_name = "TIME", default_value = "30", value_parser = parse_timeout)]
    header_timeout: Duration,
    /// A connection without a request in progress (new, or keep-alive between
    /// requests) is closed after this; also the longest a request body may
    /// stall.
    #[arg(long, value_name = "TIME", default_value = "30", value_parser = parse_timeout)]
    idle_timeout: Duration,
    /// A client that reads nothing of an answer for this long is disconnected.
    #[arg(long, value_name = "TIME", default_value = "60", value_parser = parse_timeout)]
    write_timeout: Duration,
    /// Inject a fault (repeatable); SPEC syntax below.
    #[arg(long = "fault", value_name = "SPEC", value_parser = parse_fault)]
    faults: Vec<Fault>,
    /// Run the server clock SECS seconds ahead of the system clock (negative:
    /// behind); signature time checks and the Date header use it.
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    clock_skew: i64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let faults = args.faults;
    let clock_skew = args.clock_skew;
    let data_dir = args.data_dir.clone();
    let config = EmulatorConfig {
        listen: args.listen,
        appid: args.appid,
        secret_id: args.secret_id,
        secret_key: args.secret_key,
        data_dir: args.data_dir,
        clock_tolerance_secs: args.clock_tolerance,
        min_part_size: args.min_part_size,
        max_connections: args.max_connections,
        header_timeout: args.header_timeout,
        idle_timeout: args.idle_timeout,
        write_timeout: args.write_timeout,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = tx.send(());
    }) {
        eprintln!("cos-emulator: cannot install the signal handler: {e}");
        return ExitCode::FAILURE;
    }
    let emulator = match Emulator::start_with(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cos-emulator: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    emulator.set_clock_offset(clock_skew);
    for fault in faults {
        eprintln!("cos-emulator: fault {fault}");
        emulator.inject(fault);
    }
    // Before the URL line: whoever waits for that line has it too.
    if let (Some(dir), Some(recovery)) = (&data_dir, emulator.recovery()) {
        eprintln!("cos-emulator: data directory {}: {recovery}", dir.display());
    }
    println!(
        "cos-emulator listening on {} (appid {}, secret id {})",
        emulator.url(),
        emulator.appid(),
        emulator.secret_id()
    );
    let _ = rx.recv();
    emulator.stop();
    ExitCode::SUCCESS
}
