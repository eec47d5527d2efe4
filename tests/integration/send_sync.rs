//! Types an embedding application moves between threads: every params
//! struct can be built on one thread (a UI thread) and handed to a worker,
//! every result sent back, and the client and its errors shared. This
//! module is a compile-time check; the test only makes it count as run.

use cos_sdk::*;

fn send<T: Send>() {}
fn send_sync<T: Send + Sync>() {}

macro_rules! all_send {
    ($($t:ty),* $(,)?) => { $(send::<$t>();)* };
}

#[test]
fn params_results_client_and_errors_cross_threads() {
    all_send!(
        AbortUploadTaskParams,
        DeleteBucketCorsParams,
        DeleteBucketParams,
        DeleteBucketTaggingParams,
        DeleteMultipleObjectParams,
        DeleteObjectParams,
        DownloadFileParams,
        GetAuthParams,
        GetBucketAclParams,
        GetBucketCorsParams,
        GetBucketLocationParams,
        GetBucketParams,
        GetBucketTaggingParams,
        GetObjectAclParams,
        GetObjectParams,
        GetObjectUrlParams,
        GetServiceParams,
        HeadBucketParams,
        HeadObjectParams,
        MultipartAbortParams,
        MultipartCompleteParams,
        MultipartInitParams,
        MultipartListParams,
        MultipartListPartParams,
        MultipartUploadParams,
        OptionsObjectParams,
        PutBucketAclParams,
        PutBucketCorsParams,
        PutBucketParams,
        PutBucketTaggingParams,
        PutObjectAclParams,
        PutObjectCopyParams,
        PutObjectParams,
        SliceCopyFileParams,
        SliceUploadFileParams,
        UploadFileParams,
        UploadFilesParams,
        UploadPartCopyParams,
    );
    all_send!(
        AbortUploadTaskData,
        DeleteBucketCorsData,
        DeleteBucketData,
        DeleteBucketTaggingData,
        DeleteMultipleObjectData,
        DeleteObjectData,
        DownloadFileData,
        GetBucketAclData,
        GetBucketCorsData,
        GetBucketData,
        GetBucketLocationData,
        GetBucketTaggingData,
        GetObjectAclData,
        GetObjectData,
        GetObjectUrlData,
        GetServiceData,
        HeadBucketData,
        HeadObjectData,
        MultipartAbortData,
        MultipartCompleteData,
        MultipartInitData,
        MultipartListData,
        MultipartListPartData,
        MultipartUploadData,
        OptionsObjectData,
        PutBucketAclData,
        PutBucketCorsData,
        PutBucketData,
        PutBucketTaggingData,
        PutObjectAclData,
        PutObjectCopyData,
        PutObjectData,
        SliceCopyFileData,
        SliceUploadFileData,
        UploadFileData,
        UploadFilesData,
        UploadPartCopyData,
    );
    all_send!(
        Body,
        Output,
        OnProgress,
        OnFileFinish,
        CancelToken,
        CosOptions
    );
    send_sync::<Cos>();
    send_sync::<CosError>();
    send_sync::<CancelToken>();

    // And in practice: built here, run on a worker thread.
    let params = PutObjectParams {
        on_progress: Some(OnProgress::new(|_| {})),
        ..Default::default()
    };
    let key = std::thread::spawn(move || params.key).join().unwrap();
    assert!(key.is_empty());
}
