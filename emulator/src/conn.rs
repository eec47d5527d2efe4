//! Connections: a capped pool of serving threads fed by a FIFO queue, idle
//! connections kept without a thread (on Unix), and the header, idle and
//! write timeouts.
//!
//! A connection is *active* while a request on it is read, handled or
//! answered; at most [`Limits::max_active`] are, each on a pool thread.
//! Connections whose next request is ready beyond that wait in the queue for
//! a slot (never refused). A connection with no request in progress (a new one
//! that has sent nothing yet, a keep-alive one between requests) is *idle*: on
//! Unix it is parked with one `poll(2)` thread watching all of them, so
//! thousands of idle clients cost a descriptor each and no thread, and cannot
//! keep other clients waiting; it is closed after [`Limits::idle_timeout`].
//! Elsewhere an idle connection keeps its pool thread (blocking read with the
//! idle timeout).
//!
//! Each connection uses one descriptor: the reader, the writer and the
//! registry that closes everything on stop share it through an `Arc`.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufReader, Read};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::server::{self, State};

/// How long a pool thread with nothing to do waits before it exits.
const WORKER_LINGER: Duration = Duration::from_secs(10);
/// Read buffer of a connection.
const READ_BUFFER: usize = 64 * 1024;

/// Connection limits and timeouts (see [`crate::EmulatorConfig`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Most connections served at once.
    pub max_active: usize,
    /// Longest time from the first byte of a request to the end of its head.
    pub header_timeout: Duration,
    /// Longest time a connection may stay idle, and the longest a body read
    /// may stall.
    pub idle_timeout: Duration,
    /// Longest time one write may make no progress.
    pub write_timeout: Duration,
}

/// The read side of a connection: every read times out, at the latest at the
/// deadline set for the request head.
pub(crate) struct ConnIo {
    stream: Arc<TcpStream>,
    deadline: Option<Instant>,
    stall: Duration,
    applied: Option<Duration>,
}

impl ConnIo {
    /// From now on reads wait at most `stall` each, and fail once `deadline`
    /// (if any) has passed.
    pub fn limit(&mut self, deadline: Option<Instant>, stall: Duration) {
        self.deadline = deadline;
        self.stall = stall.max(Duration::from_millis(1));
    }
}

impl Read for ConnIo {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut wait = self.stall;
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "request head not complete in time",
                ));
            }
            wait = wait.min(left);
        }
        if self.applied != Some(wait) {
            self.stream.set_read_timeout(Some(wait))?;
            self.applied = Some(wait);
        }
        (&*self.stream).read(buf)
    }
}

/// Open connections, so that stopping can close them all.
#[derive(Default)]
struct Registry {
    next_id: AtomicU64,
    live: Mutex<HashMap<u64, Arc<TcpStream>>>,
}

impl Registry {
    fn live(&self) -> MutexGuard<'_, HashMap<u64, Arc<TcpStream>>> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One open connection. Dropping it closes the socket (unless a handle is
/// still in use elsewhere) and unregisters it.
pub(crate) struct Conn {
    id: u64,
    stream: Arc<TcpStream>,
    /// Buffered reads of the request stream.
    pub reader: BufReader<ConnIo>,
    registry: Arc<Registry>,
}

impl Conn {
    /// The socket (for writing, resets and shutdowns).
    pub fn stream(&self) -> Arc<TcpStream> {
        self.stream.clone()
    }

    /// Waits up to `timeout` for the first byte of the next request; false
    /// when the connection closed or stayed silent.
    fn wait_for_request(&mut self, timeout: Duration) -> bool {
        if !self.reader.buffer().is_empty() {
            return true;
        }
        self.reader.get_mut().limit(None, timeout);
        matches!(io::BufRead::fill_buf(&mut self.reader), Ok(b) if !b.is_empty())
    }

    #[cfg(unix)]
    fn raw_fd(&self) -> std::os::fd::RawFd {
        use std::os::fd::AsRawFd;
        self.stream.as_raw_fd()
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.registry.live().remove(&self.id);
    }
}

/// What a serving thread does with a connection after its requests.
pub(crate) enum After {
    /// Keep it open and wait for its next request.
    Idle,
    /// It is closed (or must be).
    Closed,
}

struct Pool {
    queue: VecDeque<Conn>,
    threads: usize,
    waiting: usize,
    handles: Vec<JoinHandle<()>>,
}

/// Every connection of one emulator: admission, the serving pool, idle parking.
pub(crate) struct Connections {
    state: Arc<State>,
    limits: Limits,
    registry: Arc<Registry>,
    pool: Mutex<Pool>,
    work: Condvar,
    stopping: AtomicBool,
    #[cfg(unix)]
    parking: idle::Parking,
}

impl Connections {
    /// The connection machinery; on Unix also starts the idle watcher thread.
    pub fn start(state: Arc<State>, limits: Limits) -> io::Result<Arc<Connections>> {
        let conns = Arc::new(Connections {
            state,
            limits,
            registry: Arc::new(Registry::default()),
            pool: Mutex::new(Pool {
                queue: VecDeque::new(),
                threads: 0,
                waiting: 0,
                handles: Vec::new(),
            }),
            work: Condvar::new(),
            stopping: AtomicBool::new(false),
            #[cfg(unix)]
            parking: idle::Parking::new()?,
        });
        #[cfg(unix)]
        {
            let watcher = conns.clone();
            let handle = thread::Builder::new()
                .name("cos-emulator-idle".into())
                .spawn(move || idle::run(&watcher))?;
            conns.parking.set_thread(handle);
        }
        Ok(conns)
    }

    fn pool(&self) -> MutexGuard<'_, Pool> {
        self.pool.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Connections open now (active, queued or idle).
    pub fn open(&self) -> usize {
        self.registry.live().len()
    }

    /// Takes a new connection in: idle until its first byte arrives.
    pub fn admit(self: &Arc<Self>, stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(self.limits.write_timeout));
        let stream = Arc::new(stream);
        let id = self.registry.next_id.fetch_add(1, Ordering::Relaxed);
        self.registry.live().insert(id, stream.clone());
        let conn = Conn {
            id,
            stream: stream.clone(),
            reader: BufReader::with_capacity(
                READ_BUFFER,
                ConnIo {
                    stream,
                    deadline: None,
                    stall: self.limits.idle_timeout,
                    applied: None,
                },
            ),
            registry: self.registry.clone(),
        };
        self.idle(conn);
    }

    /// A connection without a request in progress.
    fn idle(self: &Arc<Self>, conn: Conn) {
        #[cfg(unix)]
        self.parking
            .park(conn, Instant::now() + self.limits.idle_timeout);
        #[cfg(not(unix))]
        self.dispatch(conn);
    }

    /// A connection with a request to serve: to a pool thread now, or to the
    /// queue until one is free.
    fn dispatch(self: &Arc<Self>, conn: Conn) {
        let mut pool = self.pool();
        if self.stopping() {
            return;
        }
        pool.queue.push_back(conn);
        if pool.waiting >= pool.queue.len() {
            self.work.notify_one();
            return;
        }
        if pool.threads >= self.limits.max_active {
            return; // Waits for a slot.
        }
        pool.handles.retain(|h| !h.is_finished());
        let me = self.clone();
        let spawned = thread::Builder::new()
            .name("cos-emulator-conn".into())
            .spawn(move || me.worker());
        match spawned {
            Ok(handle) => {
                pool.threads += 1;
                pool.handles.push(handle);
            }
            Err(e) => {
                // The connection waits for a running thread (if none runs,
                // for the next dispatch to spawn one).
                eprintln!("cos-emulator: cannot start a connection thread: {e}");
            }
        }
    }

    /// A pool thread: serves queued connections, exits after a while without.
    fn worker(self: Arc<Self>) {
        let mut pool = self.pool();
        loop {
            if self.stopping() {
                break;
            }
            if let Some(conn) = pool.queue.pop_front() {
                drop(pool);
                self.serve(conn);
                pool = self.pool();
                continue;
            }
            pool.waiting += 1;
            let (guard, wait) = self
                .work
                .wait_timeout(pool, WORKER_LINGER)
                .unwrap_or_else(|e| e.into_inner());
            pool = guard;
            pool.waiting -= 1;
            if wait.timed_out() && pool.queue.is_empty() {
                break;
            }
        }
        pool.threads -= 1;
    }

    /// Serves a connection until it is idle (then parked) or closed.
    fn serve(self: &Arc<Self>, mut conn: Conn) {
        loop {
            // On Unix the connection only comes here once readable.
            if !conn.wait_for_request(self.limits.idle_timeout) {
                return;
            }
            match server::serve_connection(&self.state, &mut conn, &self.limits) {
                After::Closed => return,
                After::Idle if cfg!(unix) => {
                    self.idle(conn);
                    return;
                }
                After::Idle => {}
            }
        }
    }

    /// Called when `accept` failed with `error`: when the process is out of
    /// descriptors, the oldest idle connections are closed to make room (on
    /// Unix), so that new clients are served instead of waiting forever.
    pub fn accept_failed(&self, error: &io::Error) {
        #[cfg(unix)]
        if matches!(error.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)) {
            self.parking.evict_oldest(16);
        }
        #[cfg(not(unix))]
        let _ = error;
    }

    /// Closes every connection and joins every thread.
    pub fn shutdown(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let queued = std::mem::take(&mut self.pool().queue);
        drop(queued);
        self.work.notify_all();
        for stream in self.registry.live().values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        #[cfg(unix)]
        self.parking.stop();
        let handles = std::mem::take(&mut self.pool().handles);
        for h in handles {
            let _ = h.join();
        }
    }

    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}

/// Backlog of the listening socket: connections the kernel completes before
/// they are accepted. A burst of clients beyond it has its SYNs dropped and
/// retried a second later.
const LISTEN_BACKLOG: i32 = 4096;

/// Deepens the listen backlog (the standard library's is 128) so that a burst
/// of new connections waits in the kernel instead of retrying its SYN a
/// second later. The kernel caps it (`net.core.somaxconn`).
pub(crate) fn deepen_backlog(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: listen(2) on a listening socket only updates its backlog.
        let _ = unsafe { libc::listen(listener.as_raw_fd(), LISTEN_BACKLOG) };
    }
    #[cfg(not(unix))]
    let _ = (listener, LISTEN_BACKLOG);
}

/// Accepts connections until `stop` is set (the stopper then connects once to
/// wake the blocking `accept`). Accepting never waits for a slot: a new
/// connection is idle until it sends something.
pub(crate) fn accept_loop(listener: TcpListener, conns: Arc<Connections>, stop: Arc<AtomicBool>) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        match stream {
            Ok(stream) => conns.admit(stream),
            Err(e) => {
                // E.g. too many open files: make room, back off a little
                // instead of spinning.
                conns.accept_failed(&e);
                thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// Idle connections on Unix: parked without a thread, watched by one
/// `poll(2)` loop that hands a connection to the pool when it becomes
/// readable and closes it at its idle deadline.
#[cfg(unix)]
mod idle {
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;
    use std::os::unix::net::UnixStream;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::thread::JoinHandle;
    use std::time::{Duration, Instant};

    use super::{Conn, Connections};

    /// Longest poll before the loop looks at its deadlines again.
    const MAX_POLL: Duration = Duration::from_secs(1);

    pub(super) struct Parking {
        inbox: Mutex<Vec<(Conn, Instant)>>,
        wake_tx: UnixStream,
        wake_rx: UnixStream,
        evict: AtomicUsize,
        thread: Mutex<Option<JoinHandle<()>>>,
    }

    impl Parking {
        pub fn new() -> std::io::Result<Parking> {
            let (wake_tx, wake_rx) = UnixStream::pair()?;
            wake_tx.set_nonblocking(true)?;
            wake_rx.set_nonblocking(true)?;
            Ok(Parking {
                inbox: Mutex::new(Vec::new()),
                wake_tx,
                wake_rx,
                evict: AtomicUsize::new(0),
                thread: Mutex::new(None),
            })
        }

        pub fn set_thread(&self, handle: JoinHandle<()>) {
            *self.thread.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
        }

        /// Parks `conn` until it is readable or `deadline` passes.
        pub fn park(&self, conn: Conn, deadline: Instant) {
            self.inbox
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((conn, deadline));
            self.wake();
        }

        /// Asks the loop to close the `n` oldest idle connections.
        pub fn evict_oldest(&self, n: usize) {
            self.evict.fetch_add(n, Ordering::SeqCst);
            self.wake();
        }

        fn wake(&self) {
            // A full pipe already holds a wake-up: WouldBlock is fine.
            let _ = (&self.wake_tx).write(&[1]);
        }

        /// Ends the loop (its connections are closed) and joins it.
        pub fn stop(&self) {
            self.wake();
            let handle = self.thread.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(h) = handle {
                let _ = h.join();
            }
            self.inbox.lock().unwrap_or_else(|e| e.into_inner()).clear();
        }
    }

    /// The watcher loop.
    pub(super) fn run(conns: &Arc<Connections>) {
        let parking = &conns.parking;
        let mut parked: Vec<(Conn, Instant)> = Vec::new();
        let mut fds: Vec<libc::pollfd> = Vec::new();
        loop {
            if conns.stopping() {
                return;
            }
            parked.append(&mut parking.inbox.lock().unwrap_or_else(|e| e.into_inner()));
            let now = Instant::now();
            // Dropping a connection closes it.
            parked.retain(|(_, deadline)| *deadline > now);
            let evict = parking.evict.swap(0, Ordering::SeqCst);
            if evict > 0 {
                parked.sort_by_key(|(_, deadline)| *deadline);
                parked.drain(..evict.min(parked.len()));
            }
            fds.clear();
            fds.push(libc::pollfd {
                fd: parking.wake_rx.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            });
            fds.extend(parked.iter().map(|(c, _)| libc::pollfd {
                fd: c.raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            }));
            let wait = parked
                .iter()
                .map(|(_, d)| d.saturating_duration_since(now))
                .min()
                .unwrap_or(MAX_POLL)
                .min(MAX_POLL);
            // Round up, so the deadline has passed when poll returns.
            let timeout_ms = (wait.as_micros().div_ceil(1000)) as libc::c_int;
            // SAFETY: `fds` is a valid, initialized array of `fds.len()` pollfd.
            let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
            if rc < 0 {
                if std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted {
                    std::thread::sleep(Duration::from_millis(10));
                }
                continue;
            }
            if fds[0].revents != 0 {
                let mut sink = [0u8; 256];
                while matches!((&parking.wake_rx).read(&mut sink), Ok(n) if n > 0) {}
            }
            // Back to front, so that swap_remove only moves entries already seen.
            for i in (0..parked.len()).rev() {
                if fds[i + 1].revents != 0 {
                    let (conn, _) = parked.swap_remove(i);
                    conns.dispatch(conn);
                }
            }
        }
    }
}
