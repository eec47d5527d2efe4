//! Runs workers on the client's rayon pool while the calling thread
//! handles their events, so user callbacks always run on the caller's
//! thread (they are `Send` only so params can move between threads).

use crossbeam_channel::Sender;

/// Runs `count` copies of `work` on `pool`; each sends events that
/// `on_event` receives on the calling thread until every worker is done.
pub(crate) fn run<E: Send>(
    pool: &rayon::ThreadPool,
    count: usize,
    work: impl Fn(&Sender<E>) + Sync,
    mut on_event: impl FnMut(E),
) {
    let (sender, receiver) = crossbeam_channel::unbounded();
    std::thread::scope(|scope| {
        let work = &work;
        scope.spawn(move || {
            pool.scope(|s| {
                for _ in 0..count {
                    let sender = sender.clone();
                    s.spawn(move |_| work(&sender));
                }
            });
            // The last sender goes with this thread: the loop below ends.
            drop(sender);
        });
        for event in receiver.iter() {
            on_event(event);
        }
    });
}
