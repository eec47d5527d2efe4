//! Node's task queue: add_task, the task list, events polled by the
//! application, pause/restart/cancel, file_parallel_limit.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use cos_emulator::{Fault, Match};
use cos_sdk::{
    Cos, CosOptions, DownloadFileParams, ErrorKind, SliceUploadFileParams, TaskEvent, TaskId,
    TaskInfo, TaskState,
};
use crossbeam_channel::Receiver;

use crate::common::{Env, REGION, content};

const MIB: usize = 1024 * 1024;

struct Setup {
    env: Env,
    bucket: String,
    cos: Cos,
    dir: tempfile::TempDir,
}

fn setup(file_parallel_limit: usize) -> Setup {
    let env = Env::start();
    let bucket = env.bucket();
    let dir = tempfile::tempdir().unwrap();
    let cos = Cos::new(CosOptions {
        file_parallel_limit,
        progress_interval: Duration::ZERO,
        checkpoint_dir: Some(dir.path().join("cp")),
        ..env.cos.options().clone()
    })
    .unwrap();
    Setup {
        env,
        bucket,
        cos,
        dir,
    }
}

impl Setup {
    fn upload(&self, name: &str, size: usize) -> (SliceUploadFileParams, Vec<u8>) {
        let bytes = content(size);
        let path = self.dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let params = SliceUploadFileParams {
            bucket: self.bucket.clone(),
            region: REGION.into(),
            key: name.into(),
            file_path: path,
            async_limit: Some(1),
            ..Default::default()
        };
        (params, bytes)
    }

    fn stored(&self, key: &str) -> Vec<u8> {
        self.env
            .cos
            .get_object(
                cos_sdk::GetObjectParams {
                    bucket: self.bucket.clone(),
                    region: REGION.into(),
                    key: key.into(),
                    ..Default::default()
                },
                |r| r,
            )
            .unwrap()
            .body
    }
}

/// Reads events until `done` says stop; what a UI loop would do, blocking
/// here only because a test has nothing else to do.
fn read_until(events: &Receiver<TaskEvent>, mut done: impl FnMut(&TaskEvent) -> bool) {
    loop {
        let event = events
            .recv_timeout(Duration::from_secs(60))
            .expect("an event within a minute");
        if done(&event) {
            return;
        }
    }
}

fn state_of(event: &TaskEvent) -> Option<(TaskId, TaskState)> {
    match event {
        TaskEvent::StateChanged(task) => Some((task.id, task.state)),
        _ => None,
    }
}

fn task(cos: &Cos, id: TaskId) -> TaskInfo {
    cos.get_task_list()
        .into_iter()
        .find(|t| t.id == id)
        .unwrap()
}

#[test]
fn queued_uploads_run_at_most_file_parallel_limit_at_once() {
    let s = setup(2);
    let events = s.cos.task_events();
    let mut expected = HashMap::new();
    let mut ids = Vec::new();
    for i in 0..5 {
        let (params, bytes) = s.upload(&format!("f{i}.bin"), MIB + i * 1000);
        expected.insert(format!("f{i}.bin"), bytes);
        ids.push(s.cos.add_task(params));
    }
    assert!(s.cos.is_upload_running());
    let mut running = 0usize;
    let mut most = 0;
    let mut finished = 0;
    let mut last_loaded: HashMap<TaskId, u64> = HashMap::new();
    read_until(&events, |event| {
        match event {
            TaskEvent::StateChanged(task) => match task.state {
                TaskState::Uploading => {
                    running += 1;
                    most = most.max(running);
                }
                TaskState::Success => {
                    running -= 1;
                    finished += 1;
                }
                other => panic!("unexpected state {other:?}"),
            },
            TaskEvent::Progress(task) => {
                let before = last_loaded.insert(task.id, task.loaded).unwrap_or(0);
                assert!(task.loaded >= before, "progress never goes back");
            }
            TaskEvent::Added(_) => {}
            other => panic!("unexpected event {other:?}"),
        }
        finished == 5
    });
    assert!(most <= 2, "at most file_parallel_limit at once: {most}");
    assert!(!s.cos.is_upload_running());
    let list = s.cos.get_task_list();
    assert_eq!(list.iter().map(|t| t.id).collect::<Vec<_>>(), ids);
    for task in &list {
        assert_eq!(task.state, TaskState::Success);
        assert_eq!(task.percent, 1.0);
        assert_eq!(s.stored(&task.key), expected[&task.key]);
    }
}

#[test]
fn a_paused_task_resumes_where_it_stopped_and_frees_its_place() {
    let s = setup(1);
    let events = s.cos.task_events();
    let (big, big_bytes) = s.upload("big.bin", 8 * MIB);
    let (small, small_bytes) = s.upload("small.bin", MIB);
    // Slow parts, so the pause surely lands mid-upload.
    s.env
        .emulator
        .inject(Fault::delay(Duration::from_millis(50)).on(Match::upload_part().key("big.bin")));
    let big_id = s.cos.add_task(big);
    let small_id = s.cos.add_task(small);
    // Pause the big one once it has sent two parts.
    read_until(&events, |event| match event {
        TaskEvent::Progress(task) if task.id == big_id && task.loaded >= 2 * MIB as u64 => {
            assert!(s.cos.pause_task(big_id));
            true
        }
        _ => false,
    });
    // Its place goes to the small one, which finishes while it is paused.
    read_until(&events, |event| {
        state_of(event) == Some((small_id, TaskState::Success))
    });
    assert_eq!(task(&s.cos, big_id).state, TaskState::Paused);
    assert_eq!(s.stored("small.bin"), small_bytes);

    s.env.emulator.clear_request_log();
    assert!(s.cos.restart_task(big_id));
    assert!(!s.cos.restart_task(big_id), "only paused or failed tasks");
    read_until(&events, |event| {
        state_of(event) == Some((big_id, TaskState::Success))
    });
    assert_eq!(s.stored("big.bin"), big_bytes);
    let parts_sent = s
        .env
        .emulator
        .request_log()
        .iter()
        .filter(|r| r.method == "PUT" && r.query.contains("partNumber"))
        .count();
    assert!(
        parts_sent <= 6,
        "resumed, not restarted: {parts_sent} parts"
    );
}

#[test]
fn cancel_failures_and_downloads() {
    let s = setup(1);
    let events = s.cos.task_events();
    let (first, _) = s.upload("a.bin", 4 * MIB);
    let (second, _) = s.upload("b.bin", MIB);
    s.env
        .emulator
        .inject(Fault::delay(Duration::from_millis(100)).on(Match::upload_part().key("a.bin")));
    let first_id = s.cos.add_task(first);
    let second_id = s.cos.add_task(second);
    // The second is waiting behind the first: cancelled, it never runs.
    assert!(s.cos.cancel_task(second_id));
    assert_eq!(task(&s.cos, second_id).state, TaskState::Canceled);
    assert!(!s.cos.restart_task(second_id));
    // The first is cancelled while it runs.
    read_until(
        &events,
        |event| matches!(event, TaskEvent::Progress(task) if task.id == first_id),
    );
    assert!(s.cos.cancel_task(first_id));
    read_until(&events, |event| {
        state_of(event) == Some((first_id, TaskState::Canceled))
    });

    // A failing task reports its error and can be restarted once fixed.
    let missing = s.dir.path().join("later.bin");
    let failing = s.cos.add_task(SliceUploadFileParams {
        bucket: s.bucket.clone(),
        region: REGION.into(),
        key: "later.bin".into(),
        file_path: missing.clone(),
        ..Default::default()
    });
    read_until(&events, |event| {
        state_of(event) == Some((failing, TaskState::Error))
    });
    let err = task(&s.cos, failing).error.unwrap();
    assert_eq!(err.kind(), ErrorKind::InvalidParameter);
    std::fs::write(&missing, content(1000)).unwrap();
    assert!(s.cos.restart_task(failing));
    read_until(&events, |event| {
        state_of(event) == Some((failing, TaskState::Success))
    });

    // Downloads are tasks too.
    let target: PathBuf = s.dir.path().join("back.bin");
    let download = s.cos.add_task(DownloadFileParams {
        bucket: s.bucket.clone(),
        region: REGION.into(),
        key: "later.bin".into(),
        file_path: target.clone(),
        ..Default::default()
    });
    let mut saw_downloading = false;
    read_until(&events, |event| {
        saw_downloading |= state_of(event) == Some((download, TaskState::Downloading));
        state_of(event) == Some((download, TaskState::Success))
    });
    assert!(saw_downloading);
    assert!(std::fs::read(&target).unwrap() == content(1000));
}
