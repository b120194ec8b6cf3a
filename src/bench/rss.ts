/**
 * Preloaded into a benchmarked CLI run (`node -r dist/bench/rss.js …`): on
 * exit, print the process's peak resident memory, which covers every thread
 * (the build's worker threads included), the figure `/usr/bin/time -v` gives.
 */
process.on('exit', () => {
  process.stderr.write(`\nedition-bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`);
});
