//! Embedding the task queue in a GUI-style event loop: queue transfers,
//! then each frame drain the task events without blocking, draw the list,
//! and react to "clicks" (here: pause one task for a while, then restart
//! it). Runs against an embedded emulator, or against real COS when the four
//! `COS_*` variables are set (its objects are removed at the end).
//!
//! ```text
//! cargo run --example task_queue
//! ```

use std::collections::BTreeMap;
use std::error::Error;
use std::time::Duration;

use cos_sdk::{
    DeleteMultipleObjectParams, DownloadFileParams, SliceUploadFileParams, TaskEvent, TaskId,
    TaskInfo, TaskState,
};

#[path = "support/mod.rs"]
mod support;

const MIB: usize = 1024 * 1024;
const FRAME: Duration = Duration::from_millis(16);

fn main() -> Result<(), Box<dyn Error>> {
    let target = support::connect_with("task-queue", |options| {
        options.file_parallel_limit = 2;
        options.progress_interval = Duration::from_millis(50);
    })?;
    let (cos, bucket, region) = (&target.cos, &target.bucket, &target.region);
    let keys: Vec<String> = (0..4)
        .map(|i| format!("{}uploads/file-{i}.bin", target.prefix))
        .collect();

    // The "user" picks four files.
    let dir = tempfile::tempdir()?;
    let events = cos.task_events();
    let mut ids = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let path = dir.path().join(format!("file-{i}.bin"));
        std::fs::write(&path, vec![b'a' + i as u8; (i + 2) * 8 * MIB])?;
        ids.push(cos.add_task(SliceUploadFileParams {
            bucket: bucket.clone(),
            region: region.clone(),
            key: key.clone(),
            file_path: path,
            async_limit: Some(2),
            ..Default::default()
        }));
    }

    // The UI's own copy of the list, kept current from the events.
    let mut shown: BTreeMap<TaskId, TaskInfo> = BTreeMap::new();
    let mut download: Option<TaskId> = None;
    let mut paused_at: Option<u64> = None;
    for frame in 0u64.. {
        // 1. Drain what happened since the last frame; never blocks.
        while let Ok(event) = events.try_recv() {
            let (TaskEvent::Added(task)
            | TaskEvent::StateChanged(task)
            | TaskEvent::Progress(task)) = event
            else {
                continue;
            };
            shown.insert(task.id, task);
        }
        // 2. "Clicks": pause the second upload while it runs, restart it
        //    half a second later.
        let second = shown.get(&ids[1]).map(|t| t.state);
        if paused_at.is_none() && second == Some(TaskState::Uploading) && cos.pause_task(ids[1]) {
            paused_at = Some(frame);
        }
        if paused_at.is_some_and(|at| frame == at + 30) {
            cos.restart_task(ids[1]);
        }
        // 3. When the uploads are done, queue a download of one of them.
        let uploads_done = paused_at.is_some()
            && ids
                .iter()
                .all(|id| shown.get(id).is_some_and(|t| t.state == TaskState::Success));
        if uploads_done && download.is_none() {
            download = Some(cos.add_task(DownloadFileParams {
                bucket: bucket.clone(),
                region: region.clone(),
                key: keys[3].clone(),
                file_path: dir.path().join("back.bin"),
                ..Default::default()
            }));
        }
        // 4. Draw (a status line every 10 frames stands in for a window).
        if frame % 10 == 0 {
            let line: Vec<String> = shown
                .values()
                .map(|t| format!("{}:{:?} {:>3.0}%", t.id, t.state, t.percent * 100.0))
                .collect();
            println!("frame {frame:>4}  {}", line.join("  "));
        }
        let finished = download.is_some_and(|id| {
            shown
                .get(&id)
                .is_some_and(|t| matches!(t.state, TaskState::Success | TaskState::Error))
        });
        if finished || frame > 60 * 120 {
            break;
        }
        std::thread::sleep(FRAME);
    }
    let failed: Vec<&TaskInfo> = shown
        .values()
        .filter(|t| t.state != TaskState::Success)
        .collect();
    if !failed.is_empty() {
        return Err(format!("tasks did not succeed: {failed:?}").into());
    }
    println!(
        "all {} tasks succeeded; the download is byte-identical: {}",
        shown.len(),
        std::fs::read(dir.path().join("back.bin"))? == vec![b'd'; 5 * 8 * MIB]
    );
    cos.delete_multiple_object(
        DeleteMultipleObjectParams {
            bucket: bucket.clone(),
            region: region.clone(),
            objects: keys.iter().map(|k| k.as_str().into()).collect(),
            ..Default::default()
        },
        |r| r,
    )?;
    target.finish()
}
