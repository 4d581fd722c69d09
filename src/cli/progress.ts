// Progress on stderr for long runs: on a terminal one line rewritten in place, elsewhere (only
// with --progress) a plain line now and then.

export interface ProgressOptions {
  enabled: boolean;
  isTTY: boolean;
  write: (text: string) => void;
  /** Milliseconds between updates; default 100 on a terminal, 1000 elsewhere. */
  interval?: number;
  now?: () => number;
}

export class Progress {
  private last = -Infinity;
  private shown = false;
  private readonly interval: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.interval = options.interval ?? (options.isTTY ? 100 : 1000);
    this.now = options.now ?? Date.now;
  }

  update(done: number, total: number, label: string): void {
    if (!this.options.enabled) return;
    const t = this.now();
    if (done < total && t - this.last < this.interval) return;
    this.last = t;
    const text = `${label} ${done}/${total}`;
    if (this.options.isTTY) {
      this.options.write(`\r\x1b[K${text}`);
      this.shown = true;
    } else {
      this.options.write(`${text}\n`);
    }
  }

  /** Clears the progress line (terminal) before the next message. */
  finish(): void {
    if (this.shown) this.options.write('\r\x1b[K');
    this.shown = false;
  }
}
