/**
 * Progressive edits of a streaming answer, at most one per interval: Discord allows about five edits of a
 * message in five seconds, and a model streams many tokens a second. Only the latest text is ever sent.
 */
export class ThrottledEditor {
  private latest: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastEditAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly edit: (text: string) => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  push(text: string): void {
    if (this.closed) return;
    this.latest = text;
    this.schedule();
  }

  /** Whether any partial edit has been started: the caller then edits that message rather than sending one. */
  get started(): boolean {
    return this.lastEditAt !== Number.NEGATIVE_INFINITY;
  }

  /** Stops partial edits, waits for the one in flight, then for the interval, so the final edit keeps the pace too. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    const wait = this.lastEditAt + this.intervalMs - performance.now();
    if (this.started && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private schedule(): void {
    if (this.timer || this.running) return;
    const wait = Math.max(0, this.lastEditAt + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const text = this.latest;
    if (this.closed || text === undefined) return;
    this.latest = undefined;
    this.lastEditAt = performance.now();
    this.running = this.edit(text)
      .then(() => undefined, this.onError)
      .finally(() => {
        this.running = undefined;
        if (this.latest !== undefined) this.schedule();
      });
  }
}
