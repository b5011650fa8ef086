// Preloaded into every process the benchmark times (NODE_OPTIONS --require): writes the
// process's peak memory (max RSS, KiB) as a line of BENCH_RSS_FILE when it exits (npm and the
// node it starts both write; the benchmark takes the largest).
const { appendFileSync } = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
