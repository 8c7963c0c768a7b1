/** Counters a progress line shows. */
export interface ProgressState {
  readonly sent: number;
  readonly failed: number;
  readonly badLines: number;
  /** Bytes of input read so far. */
  readonly bytesRead: number;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /**
   * Input size in bytes; with it the bar shows a percentage.
   * @default - counts only (standard input)
   */
  readonly totalBytes?: number;
  /**
   * Minimum time between two redraws.
   * @default 100
   */
  readonly intervalMs?: number;
  /**
   * Clock in epoch milliseconds.
   * @default Date.now
   */
  readonly now?: () => number;
}

const WIDTH = 30;

/**
 * A one-line progress bar redrawn in place (carriage return) on a terminal. It draws nothing when
 * the output is not a TTY, so redirected stderr stays free of control characters.
 */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started: number;
  private readonly now: () => number;

  constructor(
    private readonly out: { write(text: string): unknown; readonly isTTY?: boolean },
    private readonly options: ProgressBarOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** The text of the bar for a state, without control characters. */
  render(state: ProgressState): string {
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    const rate = Math.round(state.sent / seconds);
    const counts = `${state.sent} sent, ${state.failed} failed, ${state.badLines} bad lines, ${rate} records/s`;
    const total = this.options.totalBytes;
    if (total === undefined || total === 0) return counts;
    const ratio = Math.min(1, state.bytesRead / total);
    const filled = Math.round(ratio * WIDTH);
    return `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${counts}`;
  }

  /** Redraws the bar, at most once per interval unless `force`. */
  update(state: ProgressState, force = false): void {
    if (!this.out.isTTY) return;
    const now = this.now();
    if (!force && now - this.lastDraw < (this.options.intervalMs ?? 100)) return;
    this.lastDraw = now;
    this.out.write(`\r\x1b[2K${this.render(state)}`);
  }

  /** Draws the final state and ends the line. */
  finish(state: ProgressState): void {
    if (!this.out.isTTY) return;
    this.update(state, true);
    this.out.write("\n");
  }
}
