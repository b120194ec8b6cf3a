/**
 * Progress of a corpus build, on stderr (stdout carries the summary and,
 * with --report json/sarif, machine-readable output). On a terminal, a bar
 * redrawn in place (cli-progress); elsewhere (CI logs, files) plain lines,
 * one per document built or failed, in input order, with no escape codes.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** The plan: how many inputs, how many unchanged, how many to build, with how many workers. */
  start(plan: { total: number; skipped: number; toBuild: number; workers: number }): void;
  /** A document's result, in input order. */
  done(file: string, status: 'built' | 'failed'): void;
  /** Before anything else is printed: the bar must be gone. */
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, enabled = true): Progress {
  if (!enabled) return { start() {}, done() {}, stop() {} };
  return stream.isTTY ? new BarProgress(stream) : new LineProgress(stream);
}

function planLine(p: { total: number; skipped: number; toBuild: number; workers: number }): string {
  const where = p.toBuild === 0 ? '' : p.workers > 1 ? ` on ${p.workers} worker threads` : ' in one thread';
  return `edition: ${p.total} documents: ${p.skipped} unchanged (skipped), ${p.toBuild} to build${where}\n`;
}

class LineProgress implements Progress {
  private n = 0;
  private toBuild = 0;
  constructor(private readonly stream: NodeJS.WritableStream) {}

  start(plan: { total: number; skipped: number; toBuild: number; workers: number }): void {
    this.toBuild = plan.toBuild;
    this.stream.write(planLine(plan));
  }

  done(file: string, status: 'built' | 'failed'): void {
    this.n++;
    const w = String(this.toBuild).length;
    this.stream.write(`[${String(this.n).padStart(w)}/${this.toBuild}] ${status} ${file}\n`);
  }

  stop(): void {
    // plain lines need no clean-up
  }
}

class BarProgress implements Progress {
  private bar?: SingleBar;
  private built = 0;
  private failed = 0;
  constructor(private readonly stream: NodeJS.WriteStream) {}

  start(plan: { total: number; skipped: number; toBuild: number; workers: number }): void {
    this.stream.write(planLine(plan));
    if (plan.toBuild === 0) return;
    this.bar = new SingleBar({
      stream: this.stream,
      format: 'building {bar} {value}/{total} | {built} built, {failed} failed | {duration_formatted} elapsed, ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 5,
    });
    this.bar.start(plan.toBuild, 0, { built: 0, failed: 0 });
  }

  done(_file: string, status: 'built' | 'failed'): void {
    if (status === 'built') this.built++;
    else this.failed++;
    this.bar?.increment(1, { built: this.built, failed: this.failed });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
