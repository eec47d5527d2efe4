// The official Node SDK side of examples/transfer_bench.rs:
//   node bench.js ENDPOINT SECRET_ID SECRET_KEY BUCKET FILE CHUNK_MIB LIMIT [TARGET]
// uploads FILE with sliceUploadFile (LIMIT parts at once), or, with TARGET,
// downloads the benchmark's object `raw.bin` to TARGET with downloadFile
// (LIMIT ranges at once). Prints "seconds peak_rss_kib cpu_seconds", as the
// Rust benchmark children do.
const COS = require('cos-nodejs-sdk-v5');
const [endpoint, SecretId, SecretKey, Bucket, FilePath, chunkMib, limit, target] = process.argv.slice(2);
const cos = new COS({ SecretId, SecretKey, Protocol: 'http:', Ip: endpoint });
const started = process.hrtime.bigint();
const done = (err) => {
  if (err) { console.error(JSON.stringify(err)); process.exit(1); }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage();
  const rss = process.resourceUsage().maxRSS;
  console.log(`${seconds} ${rss} ${(cpu.user + cpu.system) / 1e6}`);
};
const chunk = Number(chunkMib) * 1024 * 1024;
if (target) {
  cos.downloadFile({
    Bucket, Region: 'ap-guangzhou', Key: 'raw.bin', FilePath: target,
    ChunkSize: chunk, ParallelLimit: Number(limit),
  }, done);
} else {
  cos.sliceUploadFile({
    Bucket, Region: 'ap-guangzhou', Key: 'node-slice.bin', FilePath,
    ChunkSize: chunk, AsyncLimit: Number(limit),
  }, done);
}
