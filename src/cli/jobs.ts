import os from 'node:os';
import { PathError } from '../parse/paths';

/** The cores this process may use: the default number of worker threads of build and validate. */
export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/** --jobs: a whole number of worker threads, 1 or more; the cores when absent. */
export function parseJobs(spec: string | undefined): number {
  if (spec === undefined) return defaultJobs();
  if (!/^\d+$/.test(spec.trim()) || Number(spec) < 1) throw new PathError(`--jobs ${spec}: give a whole number of worker threads, 1 or more`);
  return Number(spec);
}
