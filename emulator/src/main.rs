//! `cos-emulator` command line: run a local COS server until Ctrl-C / SIGTERM.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
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

/// `--help` (long form): what a new user needs before the flags.
const LONG_ABOUT: &str = "\
A local Tencent Cloud COS (XML API v5) server for tests and local development.

Data: without --data-dir everything lives in memory and a temporary
directory, and is gone when the emulator stops. With --data-dir DIR it is all
kept in DIR - buckets with their ACL, CORS and tags, objects (bodies and
metadata), unfinished multipart uploads and their parts - and survives a
restart, kill -9 or a power loss; each start reports what it found and
removes what a crash left half-written.

Keys: every request must be signed like a COS request with --secret-id /
--secret-key (the defaults are public example keys: fine on this machine,
never for anything exposed). Bucket names end in -APPID (--appid).

Addresses: path style http://127.0.0.1:PORT/BUCKET-APPID/KEY; virtual-hosted
BUCKET-APPID.cos.REGION.localhost:PORT (*.localhost is 127.0.0.1 for curl and
browsers); the real COS host names too, for clients that connect to this
address (the SDKs' Ip option) or use it as an HTTP proxy.

On start it prints the URL (the first line on stdout), then ready-to-paste
`export COS_...` lines and SDK options for this instance. Ctrl-C or SIGTERM
stops it.

Faults: --fault injects errors, resets, delays and corruption (syntax
below); --clock-skew moves the server clock.";

/// Parses a timeout: seconds (`30`, `1.5`) or a number with a unit (`250ms`,
/// `30s`, `2m`); more than 0 and at most one day.
fn parse_timeout(value: &str) -> Result<Duration, String> {
    parse_time(value, false)
}

/// Parses a delay: as [`parse_timeout`], and 0 is allowed (no delay).
fn parse_delay(value: &str) -> Result<Duration, String> {
    parse_time(value, true)
}

/// Seconds or a number with a unit, at most one day; 0 only if `zero_ok`.
fn parse_time(value: &str, zero_ok: bool) -> Result<Duration, String> {
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
    if zero_ok && secs == 0.0 {
        return Ok(Duration::ZERO);
    }
    if !(secs > 0.0 && secs <= 86_400.0) {
        let least = if zero_ok { "at least 0" } else { "more than 0" };
        return Err(format!("must be {least} and at most one day"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Parses one `--fault` value.
fn parse_fault(spec: &str) -> Result<Fault, String> {
    spec.parse::<Fault>().map_err(|e| e.to_string())
}

/// Another CAM user's keys (`--user PRINCIPAL:SECRET_ID:SECRET_KEY`).
#[derive(Clone)]
struct User {
    principal: String,
    secret_id: String,
    secret_key: String,
}

/// Parses one `--user` value: the principal (a uin, or
/// `qcs::cam::uin/A:uin/B`, which has colons of its own) is everything
/// before the last two `:`-separated fields.
fn parse_user(spec: &str) -> Result<User, String> {
    let bad = || {
        "expected PRINCIPAL:SECRET_ID:SECRET_KEY (PRINCIPAL a uin or qcs::cam::uin/A:uin/B)"
            .to_string()
    };
    let (rest, secret_key) = spec.rsplit_once(':').ok_or_else(bad)?;
    let (principal, secret_id) = rest.rsplit_once(':').ok_or_else(bad)?;
    if principal.is_empty() || secret_id.is_empty() || secret_key.is_empty() {
        return Err(bad());
    }
    Ok(User {
        principal: principal.to_string(),
        secret_id: secret_id.to_string(),
        secret_key: secret_key.to_string(),
    })
}

/// A local Tencent Cloud COS (XML API v5) server for tests.
// No `Debug`: it would print --secret-key.
#[derive(Parser)]
#[command(
    name = "cos-emulator",
    version,
    about,
    long_about = LONG_ABOUT,
    after_help = FAULT_HELP
)]
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
    /// Keep all data (buckets, objects, unfinished uploads) in DIR, across
    /// restarts and crashes; created if missing [default: in memory and a
    /// temporary directory, gone on exit]
    #[arg(long, value_name = "DIR")]
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
    /// How long POST Object restore takes before an archived object can be
    /// read, for every tier (real COS: minutes to days); 0 restores at once.
    #[arg(long, value_name = "TIME", default_value = "3", value_parser = parse_delay)]
    restore_delay: Duration,
    /// Inject a fault (repeatable); SPEC syntax below.
    #[arg(long = "fault", value_name = "SPEC", value_parser = parse_fault)]
    faults: Vec<Fault>,
    /// Also accept the keys of another CAM user (repeatable): its requests get
    /// only what bucket policies and ACLs grant PRINCIPAL (a uin, or
    /// qcs::cam::uin/OWNER:uin/SUB).
    #[arg(long = "user", value_name = "PRINCIPAL:SECRET_ID:SECRET_KEY", value_parser = parse_user)]
    users: Vec<User>,
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

/// `s` as one shell word (single-quoted unless plainly safe).
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:/@%+=,".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `s` as a Rust (and JavaScript) string literal's content.
fn escaped(s: &str) -> String {
    s.escape_default().to_string()
}

/// How to connect to this instance: `export COS_…` lines for tools that read
/// them (coscli) and the SDK options, printed after the URL line.
fn usage(emulator: &Emulator, data_dir: Option<&Path>) -> String {
    let addr = emulator.addr();
    // The wildcard address is reached through the loopback one.
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let endpoint = SocketAddr::new(ip, addr.port()).to_string();
    let (id, key) = (emulator.secret_id(), emulator.secret_key());
    let bucket = format!("examplebucket-{}", emulator.appid());
    let region = cos_emulator::DEFAULT_REGION;
    // *.localhost names reach the loopback address only.
    let url_options = if ip.is_loopback() {
        format!(
            "domain: \"{{Bucket}}.cos.{{Region}}.localhost:{}\".into(), ip: \"{endpoint}\".into()",
            addr.port()
        )
    } else {
        format!("domain: \"{endpoint}\".into(), force_path_style: true")
    };
    let data = match data_dir {
        Some(dir) => format!("kept in {} across restarts", dir.display()),
        None => "in memory, gone on exit (--data-dir DIR keeps it)".to_string(),
    };
    format!(
        "\n\
         # Shell (coscli and other tools that read COS_*):\n\
         export COS_ENDPOINT={}\n\
         export COS_SECRET_ID={}\n\
         export COS_SECRET_KEY={}\n\
         export COS_REGION={region}\n\
         export COS_BUCKET={bucket}\n\
         # Rust (cos-sdk; get_object_url links then open in curl and browsers):\n\
         #   CosOptions {{\n\
         #       secret_id: \"{}\".into(),\n\
         #       secret_key: \"{}\".into(),\n\
         #       protocol: \"http:\".into(),\n\
         #       {url_options},\n\
         #       ..Default::default()\n\
         #   }}\n\
         # Node (cos-nodejs-sdk-v5): new COS({{ SecretId: '{}', SecretKey: '{}', Protocol: 'http:', Ip: '{endpoint}' }})\n\
         # Data: {data}. Stop with Ctrl-C or SIGTERM.",
        shell_word(&endpoint),
        shell_word(id),
        shell_word(key),
        escaped(id),
        escaped(key),
        escaped(id),
        escaped(key),
    )
}

fn main() -> ExitCode {
    let args = Args::parse();
    let faults = args.faults;
    let users = args.users;
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
        restore_delay: args.restore_delay,
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
    for user in &users {
        emulator.add_user(&user.principal, &user.secret_id, &user.secret_key);
    }
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
    println!("{}", usage(&emulator, data_dir.as_deref()));
    let _ = rx.recv();
    emulator.stop();
    ExitCode::SUCCESS
}
