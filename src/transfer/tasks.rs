//! Node's task queue: transfers queued on the client, at most
//! `file_parallel_limit` running at once, each with an id the application
//! can pause, restart and cancel, and a list it can show.
//!
//! Node queues every `sliceUploadFile`, `uploadFile(s)` and `downloadFile`
//! call as a task, hands out its id through `onTaskReady`, and reports
//! changes through the `task-list-update` and `list-update` events. Here
//! [`Cos::add_task`] queues and returns the id at once, runner threads of
//! the queue do the work, and the application reads changes from
//! [`Cos::task_events`], a channel it can poll from its UI loop without ever
//! blocking (`try_recv` each frame).
//!
//! Pausing a running task stops it the way a cancelled transfer stops,
//! keeping its resumable state (the upload checkpoint, the download
//! journal), and frees its place for the next task; restarting queues it
//! again and it resumes where it stopped.

use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;

use crossbeam_channel::{Receiver, Sender};

use crate::cancel::CancelToken;
use crate::client::Cos;
use crate::error::CosError;
use crate::progress::{OnProgress, ProgressInfo};
use crate::transfer::download::DownloadFileParams;
use crate::transfer::slice_copy::SliceCopyFileParams;
use crate::transfer::slice_upload::SliceUploadFileParams;
use crate::transfer::upload_file::UploadFileParams;

/// Identifies a queued task (Node's `TaskId`, from `onTaskReady`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskId(u64);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "task-{}", self.0)
    }
}

/// A transfer to queue with [`Cos::add_task`]. Node's `uploadFiles` is one
/// task per file.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TaskParams {
    /// [`Cos::upload_file`] (Node's `uploadFile`).
    UploadFile(UploadFileParams),
    /// [`Cos::slice_upload_file`] (Node's `sliceUploadFile`).
    SliceUploadFile(SliceUploadFileParams),
    /// [`Cos::slice_copy_file`] (Node's `sliceCopyFile`).
    SliceCopyFile(SliceCopyFileParams),
    /// [`Cos::download_file`] (Node's `downloadFile`).
    DownloadFile(DownloadFileParams),
}

impl From<UploadFileParams> for TaskParams {
    fn from(params: UploadFileParams) -> Self {
        TaskParams::UploadFile(params)
    }
}

impl From<SliceUploadFileParams> for TaskParams {
    fn from(params: SliceUploadFileParams) -> Self {
        TaskParams::SliceUploadFile(params)
    }
}

impl From<SliceCopyFileParams> for TaskParams {
    fn from(params: SliceCopyFileParams) -> Self {
        TaskParams::SliceCopyFile(params)
    }
}

impl From<DownloadFileParams> for TaskParams {
    fn from(params: DownloadFileParams) -> Self {
        TaskParams::DownloadFile(params)
    }
}

/// What a task moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskKind {
    /// A local file to COS.
    Upload,
    /// An object to another object, inside COS.
    Copy,
    /// An object to a local file.
    Download,
}

/// A task's state (Node's `state` strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskState {
    /// `waiting`: queued, not started.
    Waiting,
    /// `checking`: hashing local data to resume an earlier upload.
    Checking,
    /// `uploading`: sending (uploads and copies).
    Uploading,
    /// Receiving (downloads; Node reports them as `uploading` too).
    Downloading,
    /// `paused`: stopped by [`Cos::pause_task`]; resumable.
    Paused,
    /// `canceled`: stopped by [`Cos::cancel_task`].
    Canceled,
    /// `error`: failed; see [`TaskInfo::error`]. Can be restarted.
    Error,
    /// `success`: done.
    Success,
}

impl TaskState {
    /// Whether a runner is (or is about to be) working on it.
    fn is_active(self) -> bool {
        matches!(
            self,
            TaskState::Checking | TaskState::Uploading | TaskState::Downloading
        )
    }
}

/// One entry of [`Cos::get_task_list`] (Node's task objects).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TaskInfo {
    /// `id`.
    pub id: TaskId,
    /// Upload, copy or download.
    pub kind: TaskKind,
    /// `Bucket`.
    pub bucket: String,
    /// `Region`.
    pub region: String,
    /// `Key`.
    pub key: String,
    /// `FilePath`: the local file (empty for a copy).
    pub file_path: PathBuf,
    /// `state`.
    pub state: TaskState,
    /// `loaded`: bytes done.
    pub loaded: u64,
    /// `size`: bytes in all (0 until known).
    pub size: u64,
    /// `speed`: bytes per second.
    pub speed: f64,
    /// `percent`: 0 to 1.
    pub percent: f64,
    /// Why the task failed (state [`TaskState::Error`]).
    pub error: Option<CosError>,
}

/// A change in the task list, read from [`Cos::task_events`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum TaskEvent {
    /// A task joined the list (Node's `task-list-update`).
    Added(TaskInfo),
    /// A task changed state (Node's `task-list-update`).
    StateChanged(TaskInfo),
    /// A task made progress (Node's `list-update` and the task's
    /// `onProgress`), at most once per `progress_interval`.
    Progress(TaskInfo),
}

struct Entry {
    info: TaskInfo,
    params: TaskParams,
    /// The token of the current run.
    token: CancelToken,
    /// What the current run's stop means: `Paused` or `Canceled`.
    stop_as: Option<TaskState>,
}

#[derive(Default)]
struct QueueState {
    next_id: u64,
    tasks: Vec<Entry>,
    runners: usize,
    subscribers: Vec<Sender<TaskEvent>>,
}

impl QueueState {
    fn entry(&mut self, id: TaskId) -> Option<&mut Entry> {
        self.tasks.iter_mut().find(|e| e.info.id == id)
    }

    fn emit(&mut self, event: impl Fn(TaskInfo) -> TaskEvent, info: &TaskInfo) {
        self.subscribers
            .retain(|subscriber| subscriber.send(event(info.clone())).is_ok());
    }
}

/// The queue every clone of a client shares.
#[derive(Default)]
pub(crate) struct TaskQueue {
    state: Mutex<QueueState>,
}

impl TaskQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Cos {
    /// Queues a transfer and returns its id at once (Node queues every
    /// `sliceUploadFile`, `uploadFile`, `sliceCopyFile` and `downloadFile`
    /// and hands the id to `onTaskReady`). At most `file_parallel_limit`
    /// tasks run at once, in the order they were added, on threads of the
    /// queue: callbacks in the params (`on_progress`) run there too, so an
    /// application usually watches [`task_events`](Self::task_events)
    /// instead.
    ///
    /// ```
    /// use cos_sdk::{SliceUploadFileParams, TaskEvent, TaskState};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.file("video.mp4", 1536 * 1024);
    /// let events = cos.task_events();
    /// let id = cos.add_task(SliceUploadFileParams {
    ///     bucket: "examplebucket-1250000000".into(),
    ///     region: "ap-guangzhou".into(),
    ///     key: "video.mp4".into(),
    ///     file_path: dir.join("video.mp4"),
    ///     ..Default::default()
    /// });
    /// // A UI loop calls `events.try_recv()` each frame and never blocks;
    /// // here we wait for the end.
    /// loop {
    ///     match events.recv().expect("the client is alive") {
    ///         TaskEvent::Progress(task) => println!("{} {:.0}%", task.id, task.percent * 100.0),
    ///         TaskEvent::StateChanged(task) if task.id == id => match task.state {
    ///             TaskState::Success => break,
    ///             TaskState::Error => panic!("upload failed: {:?}", task.error),
    ///             _ => {}
    ///         },
    ///         _ => {}
    ///     }
    /// }
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn add_task(&self, params: impl Into<TaskParams>) -> TaskId {
        let params = params.into();
        let (kind, bucket, region, key, file_path) = match &params {
            TaskParams::UploadFile(p) => (
                TaskKind::Upload,
                &p.upload.bucket,
                &p.upload.region,
                &p.upload.key,
                p.upload.file_path.clone(),
            ),
            TaskParams::SliceUploadFile(p) => (
                TaskKind::Upload,
                &p.bucket,
                &p.region,
                &p.key,
                p.file_path.clone(),
            ),
            TaskParams::SliceCopyFile(p) => {
                (TaskKind::Copy, &p.bucket, &p.region, &p.key, PathBuf::new())
            }
            TaskParams::DownloadFile(p) => (
                TaskKind::Download,
                &p.bucket,
                &p.region,
                &p.key,
                p.file_path.clone(),
            ),
        };
        let mut queue = self.task_queue().lock();
        queue.next_id += 1;
        let info = TaskInfo {
            id: TaskId(queue.next_id),
            kind,
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            file_path,
            state: TaskState::Waiting,
            loaded: 0,
            size: 0,
            speed: 0.0,
            percent: 0.0,
            error: None,
        };
        queue.emit(TaskEvent::Added, &info);
        let id = info.id;
        queue.tasks.push(Entry {
            info,
            params,
            token: CancelToken::new(),
            stop_as: None,
        });
        self.start_runner(&mut queue);
        id
    }

    /// A snapshot of every task, in the order they were added (Node's
    /// `getTaskList`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use cos_sdk::{DownloadFileParams, TaskKind, TaskState};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.put("report.pdf", "%PDF-1.7");
    /// cos.add_task(DownloadFileParams {
    ///     bucket: "examplebucket-1250000000".into(),
    ///     region: "ap-guangzhou".into(),
    ///     key: "report.pdf".into(),
    ///     file_path: dir.join("report.pdf"),
    ///     ..Default::default()
    /// });
    /// let task = loop {
    ///     let task = cos.get_task_list().remove(0);
    ///     if matches!(task.state, TaskState::Success | TaskState::Error) {
    ///         break task;
    ///     }
    ///     std::thread::sleep(Duration::from_millis(10));
    /// };
    /// assert_eq!((task.kind, task.state), (TaskKind::Download, TaskState::Success));
    /// assert_eq!((task.loaded, task.size), (8, 8));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn get_task_list(&self) -> Vec<TaskInfo> {
        let queue = self.task_queue().lock();
        queue.tasks.iter().map(|e| e.info.clone()).collect()
    }

    /// A new receiver of every later [`TaskEvent`] (Node's `task-list-update`
    /// and `list-update`). Unbounded: poll it with `try_recv` from a UI loop,
    /// or block on it from a thread of your own. Dropping it unsubscribes.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cos_sdk::{SliceUploadFileParams, TaskEvent, TaskState};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.file("video.mp4", 1536 * 1024);
    /// let events = cos.task_events();
    /// cos.add_task(SliceUploadFileParams {
    ///     bucket: "examplebucket-1250000000".into(),
    ///     region: "ap-guangzhou".into(),
    ///     key: "video.mp4".into(),
    ///     file_path: dir.join("video.mp4"),
    ///     ..Default::default()
    /// });
    /// // Each frame of a UI loop: take what arrived, never wait.
    /// let mut done = false;
    /// while !done {
    ///     while let Ok(event) = events.try_recv() {
    ///         match event {
    ///             TaskEvent::Added(task) => println!("{} queued: {}", task.id, task.key),
    ///             TaskEvent::Progress(task) => println!("{} {:.0}%", task.id, task.percent * 100.0),
    ///             TaskEvent::StateChanged(task) => {
    ///                 println!("{} is now {:?}", task.id, task.state);
    ///                 done = matches!(task.state, TaskState::Success | TaskState::Error);
    ///             }
    ///             _ => {}
    ///         }
    ///     }
    ///     std::thread::sleep(Duration::from_millis(16)); // draw the frame
    /// }
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn task_events(&self) -> Receiver<TaskEvent> {
        let (sender, receiver) = crossbeam_channel::unbounded();
        self.task_queue().lock().subscribers.push(sender);
        receiver
    }

    /// Pauses a waiting or running task (Node's `pauseTask`): a running one
    /// stops as a cancelled transfer does, keeping what it needs to resume,
    /// and its place goes to the next task. Whether the task could be
    /// paused.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cos_sdk::{SliceUploadFileParams, TaskState};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.file("video.mp4", 1536 * 1024);
    /// // Waits until the task stops (a UI would watch `task_events` instead).
    /// let stopped = |id| loop {
    ///     let task = cos.get_task_list().into_iter().find(|t| t.id == id).unwrap();
    ///     match task.state {
    ///         TaskState::Waiting | TaskState::Checking | TaskState::Uploading => {
    ///             std::thread::sleep(Duration::from_millis(10))
    ///         }
    ///         state => break state,
    ///     }
    /// };
    /// let id = cos.add_task(SliceUploadFileParams {
    ///     bucket: "examplebucket-1250000000".into(),
    ///     region: "ap-guangzhou".into(),
    ///     key: "video.mp4".into(),
    ///     file_path: dir.join("video.mp4"),
    ///     ..Default::default()
    /// });
    /// cos.pause_task(id);
    /// // Paused, unless the upload finished before the pause reached it.
    /// let state = stopped(id);
    /// if state == TaskState::Paused {
    ///     assert!(cos.restart_task(id)); // resumes where it stopped
    ///     assert_eq!(stopped(id), TaskState::Success);
    /// } else {
    ///     assert_eq!(state, TaskState::Success);
    /// }
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn pause_task(&self, id: TaskId) -> bool {
        self.stop_task(id, TaskState::Paused)
    }

    /// Cancels a waiting, paused or running task (Node's `cancelTask`).
    /// Whether the task could be cancelled.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cos_sdk::{SliceUploadFileParams, TaskState};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// # doc.file("video.mp4", 1536 * 1024);
    /// // Waits until the task stops (a UI would watch `task_events` instead).
    /// let stopped = |id| loop {
    ///     let task = cos.get_task_list().into_iter().find(|t| t.id == id).unwrap();
    ///     match task.state {
    ///         TaskState::Waiting | TaskState::Checking | TaskState::Uploading => {
    ///             std::thread::sleep(Duration::from_millis(10))
    ///         }
    ///         state => break state,
    ///     }
    /// };
    /// let id = cos.add_task(SliceUploadFileParams {
    ///     bucket: "examplebucket-1250000000".into(),
    ///     region: "ap-guangzhou".into(),
    ///     key: "video.mp4".into(),
    ///     file_path: dir.join("video.mp4"),
    ///     ..Default::default()
    /// });
    /// cos.cancel_task(id);
    /// // Canceled, unless the upload finished before the cancel reached it.
    /// assert!(matches!(stopped(id), TaskState::Canceled | TaskState::Success));
    /// assert!(!cos.restart_task(id)); // only paused and failed tasks restart
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn cancel_task(&self, id: TaskId) -> bool {
        self.stop_task(id, TaskState::Canceled)
    }

    /// Queues a paused or failed task again (Node's `restartTask`); it
    /// resumes where it stopped. Whether the task could be restarted.
    ///
    /// ```
    /// use std::time::Duration;
    /// use cos_sdk::{SliceUploadFileParams, TaskState};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// // Waits until the task stops (a UI would watch `task_events` instead).
    /// let stopped = |id| loop {
    ///     let task = cos.get_task_list().into_iter().find(|t| t.id == id).unwrap();
    ///     match task.state {
    ///         TaskState::Waiting | TaskState::Checking | TaskState::Uploading => {
    ///             std::thread::sleep(Duration::from_millis(10))
    ///         }
    ///         state => break state,
    ///     }
    /// };
    /// // The file is not there yet: the task fails.
    /// let id = cos.add_task(SliceUploadFileParams {
    ///     bucket: "examplebucket-1250000000".into(),
    ///     region: "ap-guangzhou".into(),
    ///     key: "video.mp4".into(),
    ///     file_path: dir.join("video.mp4"),
    ///     ..Default::default()
    /// });
    /// assert_eq!(stopped(id), TaskState::Error);
    ///
    /// # doc.file("video.mp4", 1000);
    /// // Once it is, the same task can run again.
    /// assert!(cos.restart_task(id));
    /// assert_eq!(stopped(id), TaskState::Success);
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn restart_task(&self, id: TaskId) -> bool {
        let mut queue = self.task_queue().lock();
        let Some(entry) = queue.entry(id) else {
            return false;
        };
        if !matches!(entry.info.state, TaskState::Paused | TaskState::Error) {
            return false;
        }
        entry.info.state = TaskState::Waiting;
        entry.info.error = None;
        let info = entry.info.clone();
        queue.emit(TaskEvent::StateChanged, &info);
        self.start_runner(&mut queue);
        true
    }

    /// Whether an upload task is waiting or running (Node's
    /// `isUploadRunning`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use cos_sdk::{SliceUploadFileParams, TaskState, UploadFileParams};
    ///
    /// # let doc = include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/doc/setup.rs"));
    /// # let cos = doc.cos.clone();
    /// # let dir = doc.dir.path();
    /// for name in ["a.jpg", "b.jpg", "c.jpg"] {
    /// #   doc.file(name, 1000);
    ///     cos.add_task(UploadFileParams {
    ///         upload: SliceUploadFileParams {
    ///             bucket: "examplebucket-1250000000".into(),
    ///             region: "ap-guangzhou".into(),
    ///             key: name.into(),
    ///             file_path: dir.join(name),
    ///             ..Default::default()
    ///         },
    ///         ..Default::default()
    ///     });
    /// }
    /// // E.g. before quitting the application:
    /// while cos.is_upload_running() {
    ///     std::thread::sleep(Duration::from_millis(10));
    /// }
    /// assert!(cos.get_task_list().iter().all(|task| task.state == TaskState::Success));
    /// # Ok::<(), cos_sdk::CosError>(())
    /// ```
    pub fn is_upload_running(&self) -> bool {
        let queue = self.task_queue().lock();
        queue.tasks.iter().any(|e| {
            e.info.kind == TaskKind::Upload
                && (e.info.state == TaskState::Waiting || e.info.state.is_active())
        })
    }

    fn stop_task(&self, id: TaskId, stop_as: TaskState) -> bool {
        let mut queue = self.task_queue().lock();
        let Some(entry) = queue.entry(id) else {
            return false;
        };
        let state = entry.info.state;
        if state.is_active() {
            // The runner records the state when the transfer returns.
            entry.stop_as = Some(stop_as);
            entry.token.cancel();
            return true;
        }
        let allowed = state == TaskState::Waiting
            || (stop_as == TaskState::Canceled && state == TaskState::Paused);
        if !allowed {
            return false;
        }
        entry.info.state = stop_as;
        let info = entry.info.clone();
        queue.emit(TaskEvent::StateChanged, &info);
        true
    }

    /// Starts a runner thread when there is waiting work and room for it.
    fn start_runner(&self, queue: &mut QueueState) {
        let waiting = queue
            .tasks
            .iter()
            .filter(|e| e.info.state == TaskState::Waiting)
            .count();
        if waiting > 0 && queue.runners < self.options().file_parallel_limit {
            queue.runners += 1;
            let cos = self.clone();
            std::thread::Builder::new()
                .name("cos-sdk-task".into())
                .spawn(move || cos.run_tasks())
                .map_or_else(|_| queue.runners -= 1, drop);
        }
    }

    /// A runner: takes waiting tasks in order until none is left.
    fn run_tasks(&self) {
        loop {
            let (id, params, token) = {
                let mut queue = self.task_queue().lock();
                let Some(entry) = queue
                    .tasks
                    .iter_mut()
                    .find(|e| e.info.state == TaskState::Waiting)
                else {
                    queue.runners -= 1;
                    return;
                };
                entry.info.state = match entry.info.kind {
                    TaskKind::Download => TaskState::Downloading,
                    _ => TaskState::Uploading,
                };
                entry.token = CancelToken::new();
                entry.stop_as = None;
                let picked = (entry.info.id, entry.params.clone(), entry.token.clone());
                let info = entry.info.clone();
                queue.emit(TaskEvent::StateChanged, &info);
                picked
            };
            let result = self.run_task(id, params, token);
            let mut queue = self.task_queue().lock();
            let Some(entry) = queue.entry(id) else {
                continue;
            };
            // A transfer that finished before a pause or cancel reached it
            // is a success all the same.
            match (result, entry.stop_as) {
                (Err(_), Some(stop_as)) => entry.info.state = stop_as,
                (Ok(()), _) => {
                    entry.info.state = TaskState::Success;
                    entry.info.loaded = entry.info.size;
                    entry.info.percent = 1.0;
                }
                (Err(err), None) => {
                    entry.info.state = TaskState::Error;
                    entry.info.error = Some(err);
                }
            }
            let info = entry.info.clone();
            queue.emit(TaskEvent::StateChanged, &info);
        }
    }

    /// Runs one task to its end, reporting progress into the list.
    fn run_task(&self, id: TaskId, params: TaskParams, token: CancelToken) -> Result<(), CosError> {
        let progress = |user: Option<OnProgress>, checking: bool| {
            let cos = self.clone();
            let mut user = user;
            Some(OnProgress::new(move |info: ProgressInfo| {
                if let Some(user) = user.as_mut() {
                    user.call(info);
                }
                cos.task_progress(id, info, checking);
            }))
        };
        let cancel = Some(token);
        match params {
            TaskParams::UploadFile(mut p) => {
                p.upload.on_hash_progress = progress(p.upload.on_hash_progress.take(), true);
                p.upload.on_progress = progress(p.upload.on_progress.take(), false);
                p.upload.cancel = cancel;
                self.upload_file(p, |r| r.map(drop))
            }
            TaskParams::SliceUploadFile(mut p) => {
                p.on_hash_progress = progress(p.on_hash_progress.take(), true);
                p.on_progress = progress(p.on_progress.take(), false);
                p.cancel = cancel;
                self.slice_upload_file(p, |r| r.map(drop))
            }
            TaskParams::SliceCopyFile(mut p) => {
                p.on_progress = progress(p.on_progress.take(), false);
                p.cancel = cancel;
                self.slice_copy_file(p, |r| r.map(drop))
            }
            TaskParams::DownloadFile(mut p) => {
                p.on_progress = progress(p.on_progress.take(), false);
                p.cancel = cancel;
                self.download_file(p, |r| r.map(drop))
            }
        }
    }

    fn task_progress(&self, id: TaskId, progress: ProgressInfo, checking: bool) {
        let mut queue = self.task_queue().lock();
        let Some(entry) = queue.entry(id) else {
            return;
        };
        if !entry.info.state.is_active() {
            return;
        }
        let state = match (checking, entry.info.kind) {
            (true, _) => TaskState::Checking,
            (false, TaskKind::Download) => TaskState::Downloading,
            (false, _) => TaskState::Uploading,
        };
        let state_changed = state != entry.info.state;
        entry.info.state = state;
        entry.info.loaded = progress.loaded;
        entry.info.size = progress.total;
        entry.info.speed = progress.speed;
        entry.info.percent = progress.percent;
        let info = entry.info.clone();
        if state_changed {
            queue.emit(TaskEvent::StateChanged, &info);
        }
        queue.emit(TaskEvent::Progress, &info);
    }
}
