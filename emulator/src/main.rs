//! `cos-emulator` command line: run a local COS server until Ctrl-C / SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use cos_emulator::{Emulator, EmulatorConfig};

/// A local Tencent Cloud COS (XML API v5) server for tests.
#[derive(Parser, Debug)]
#[command(name = "cos-emulator", version, about)]
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
}

fn main() -> ExitCode {
    let args = Args::parse();
    let config = EmulatorConfig {
        listen: args.listen,
        appid: args.appid,
        secret_id: args.secret_id,
        secret_key: args.secret_key,
        data_dir: args.data_dir,
        clock_tolerance_secs: args.clock_tolerance,
        min_part_size: args.min_part_size,
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
