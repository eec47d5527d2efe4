//! The one part-queue engine every multi-part transfer runs on (slice
//! upload and its resume check, slice copy, ranged download).
//!
//! The calling thread coordinates: it hands one part at a time to the pool,
//! at most `parallel` in flight, and receives the tasks' progress and
//! results over a channel, so user callbacks run on the caller's thread.
//! A task is one part and nothing else: it never waits for a pause or for
//! another task while holding a pool thread. When the transfer is paused,
//! no new part is handed out; once the parts in flight finish, the pool
//! holds nothing of this transfer and the calling thread waits on the
//! [`CancelToken`]'s condition variable until resume or cancel. Because
//! parts from every transfer on a client queue for the same threads one
//! part at a time, no transfer can starve another.

use std::sync::Mutex;

use crossbeam_channel::Sender;

use crate::cancel::CancelToken;
use crate::error::{CosError, ErrorKind};

/// What the coordinator receives.
enum Message<E, R> {
    Progress(E),
    Done(usize, Result<R, CosError>),
}

/// Lets a part task report progress to the calling thread.
pub(crate) struct Progress<'a, E, R> {
    sender: &'a Sender<Message<E, R>>,
}

impl<E, R> Progress<'_, E, R> {
    pub(crate) fn send(&self, event: E) {
        let _ = self.sender.send(Message::Progress(event));
    }
}

/// What `on_event` sees, on the calling thread.
pub(crate) enum Event<E, R> {
    /// A task's progress report.
    Progress(E),
    /// Part `index` (into `parts`) is done with this result.
    Done(usize, R),
}

/// Runs `work` for each part on `pool`, at most `parallel` at a time,
/// delivering progress and results to `on_event` on this thread. Each task
/// borrows a scratch value (`S`, e.g. a reusable buffer and an open file)
/// from a free list, so there are never more than `parallel` of them.
///
/// Returns when every part is done, or when the run stops: a part failed
/// (that error; parts in flight finish first), `on_event` returned an error,
/// or the token was cancelled (`Ok`: the caller sees which parts are done
/// and decides). A part whose work ends with `ErrorKind::Cancelled` is
/// simply not done.
pub(crate) fn run<P, S, E, R>(
    pool: &rayon::ThreadPool,
    parallel: usize,
    cancel: Option<&CancelToken>,
    parts: &[P],
    work: impl Fn(&P, &mut S, &Progress<'_, E, R>) -> Result<R, CosError> + Sync,
    mut on_event: impl FnMut(Event<E, R>) -> Result<(), CosError>,
) -> Result<(), CosError>
where
    P: Sync,
    S: Default + Send,
    E: Send,
    R: Send,
{
    let (sender, receiver) = crossbeam_channel::unbounded::<Message<E, R>>();
    let scratch: Mutex<Vec<S>> = Mutex::new(Vec::new());
    let cancelled = || cancel.is_some_and(CancelToken::is_cancelled);
    let paused = || cancel.is_some_and(CancelToken::is_paused);
    let mut failure: Option<CosError> = None;
    let (mut next, mut in_flight) = (0, 0);
    let (work, scratch) = (&work, &scratch);
    pool.in_place_scope(|scope| {
        loop {
            while failure.is_none()
                && in_flight < parallel.max(1)
                && next < parts.len()
                && !cancelled()
                && !paused()
            {
                let (index, part, sender) = (next, &parts[next], sender.clone());
                scope.spawn(move |_| {
                    let mut own = take(scratch);
                    let result = work(part, &mut own, &Progress { sender: &sender });
                    give_back(scratch, own);
                    let _ = sender.send(Message::Done(index, result));
                });
                next += 1;
                in_flight += 1;
            }
            if in_flight == 0 {
                let finished = failure.is_some() || next == parts.len() || cancelled();
                // Paused with nothing in flight: this thread waits; the pool
                // holds nothing of this transfer.
                if finished || !crate::cancel::may_proceed(cancel) {
                    break;
                }
                continue;
            }
            let Ok(message) = receiver.recv() else {
                break;
            };
            let delivered = match message {
                Message::Progress(event) => on_event(Event::Progress(event)),
                Message::Done(index, result) => {
                    in_flight -= 1;
                    match result {
                        Ok(value) => on_event(Event::Done(index, value)),
                        Err(err) if err.kind() == ErrorKind::Cancelled => Ok(()),
                        Err(err) => Err(err),
                    }
                }
            };
            if let Err(err) = delivered {
                failure.get_or_insert(err);
            }
        }
    });
    failure.map_or(Ok(()), Err)
}

fn take<S: Default>(free: &Mutex<Vec<S>>) -> S {
    free.lock()
        .unwrap_or_else(|e| e.into_inner())
        .pop()
        .unwrap_or_default()
}

fn give_back<S>(free: &Mutex<Vec<S>>, scratch: S) {
    free.lock().unwrap_or_else(|e| e.into_inner()).push(scratch);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn every_part_once_at_most_parallel_at_a_time() {
        let pool = pool(4);
        let parts: Vec<u32> = (0..50).collect();
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let mut done = Vec::new();
        let mut progress = 0;
        run(
            &pool,
            3,
            None,
            &parts,
            |part, buffer: &mut Vec<u8>, report| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                buffer.push(1);
                report.send(*part);
                std::thread::sleep(std::time::Duration::from_millis(1));
                running.fetch_sub(1, Ordering::SeqCst);
                Ok(part * 2)
            },
            |event| {
                match event {
                    Event::Progress(_) => progress += 1,
                    Event::Done(index, value) => done.push((index, value)),
                }
                Ok(())
            },
        )
        .unwrap();
        done.sort();
        assert_eq!(done, (0..50).map(|i| (i, i as u32 * 2)).collect::<Vec<_>>());
        assert_eq!(progress, 50);
        assert!(most.load(Ordering::SeqCst) <= 3);
    }

    #[test]
    fn a_failure_stops_handing_out_parts() {
        let pool = pool(2);
        let parts: Vec<u32> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let err = run(
            &pool,
            1,
            None,
            &parts,
            |part, _: &mut (), _: &Progress<'_, (), ()>| {
                started.fetch_add(1, Ordering::SeqCst);
                if *part == 3 {
                    Err(CosError::integrity("X", "part 3 failed"))
                } else {
                    Ok(())
                }
            },
            |_| Ok(()),
        )
        .unwrap_err();
        assert_eq!(err.code(), "X");
        assert_eq!(started.load(Ordering::SeqCst), 4);
    }

    #[test]
    fn pause_holds_no_pool_thread_and_cancel_ends_the_run() {
        // One pool thread: while the transfer is paused, other work gets it.
        let pool = pool(1);
        let token = CancelToken::new();
        let parts: Vec<u32> = (0..10).collect();
        let mut done = 0;
        run(
            &pool,
            1,
            Some(&token),
            &parts,
            |_, _: &mut (), _: &Progress<'_, (), ()>| Ok(()),
            |event| {
                if let Event::Done(index, ()) = event {
                    done += 1;
                    if index == 2 {
                        token.pause();
                        // Paused: the pool is free for anyone else.
                        let (tx, rx) = crossbeam_channel::bounded(1);
                        pool.spawn(move || {
                            let _ = tx.send(());
                        });
                        rx.recv().unwrap();
                        token.cancel();
                    }
                }
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(done, 3, "nothing started after the pause");
    }
}
