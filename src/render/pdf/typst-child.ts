/**
 * The Typst child process (see typst-host.ts): it compiles what it is sent,
 * one request at a time, and answers with the outcome and its own peak
 * memory. Typst's memory is native (Rust), which no worker-thread limit
 * bounds; in a process of its own it can be measured and, when it runs
 * away, killed without taking the build with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { compileFails, compilePdf } from './compiler';
import type { ChildReply, ChildRequest } from './typst-host';

function reply(m: ChildReply): void {
  process.send?.(m);
}

/**
 * This document's peak, not the process's: Linux resets the high-water mark
 * on request (clear_refs 5), so each request reads its own. Elsewhere the
 * process's peak so far (the host replaces a child that grew large).
 */
function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux, or not allowed: the process's peak is reported
  }
}

function peak(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // below
  }
  return process.resourceUsage().maxRSS;
}

process.on('message', (m: ChildRequest) => {
  resetPeak();
  try {
    if (m.kind === 'compile') reply({ id: m.id, kind: 'compile', outcome: compilePdf(m.template, m.data), maxRssKb: peak() });
    else reply({ id: m.id, kind: 'fails', fails: compileFails(m.template, m.data), maxRssKb: peak() });
  } catch (e) {
    reply({ id: m.id, kind: 'error', message: e instanceof Error ? e.message : String(e), maxRssKb: peak() });
  }
});

// The build that started us is gone (finished, or killed): nothing is left to do.
process.on('disconnect', () => process.exit(0));

/**
 * The same when this thread is busy typesetting and cannot hear the
 * disconnect: a watchdog thread sees this process handed to another parent
 * (the build was killed, or interrupted before it knew of us) and ends it at
 * once, rather than let it typeset on, unwatched, for minutes.
 */
const WATCHDOG = `const { workerData } = require('node:worker_threads');
setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 200);`;
new Worker(WATCHDOG, { eval: true, workerData: process.ppid }).unref();
