/** What the committer needs of a consumer: kafkajs' `consumer.commitOffsets`. */
export type CommitOffsets = (
  offsets: { topic: string; partition: number; offset: string }[],
) => Promise<void>;

/**
 * Commits resolved offsets at most every `intervalMs` (and on `flush`), one request for every
 * partition, instead of one broker round trip and `__consumer_offsets` write per message. What is
 * handled but not yet committed when a member dies is delivered again, and the inbox skips it.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, { topic: string; partition: number; offset: string }>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly commit: CommitOffsets,
    private readonly intervalMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** `offset` is handled; Kafka's committed offset is the next one to read. */
  resolved(topic: string, partition: number, offset: string): void {
    const next = (BigInt(offset) + 1n).toString();
    this.pending.set(`${topic}|${partition}`, { topic, partition, offset: next });
    this.schedule();
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Two flushes may wait for the same commit; the one that resumes second waits for the other's.
    while (this.inFlight) await this.inFlight;
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    this.inFlight = this.commit(offsets)
      .catch((error: Error) => {
        // A rebalance moved the partitions: their new owner starts from the last commit and the
        // inbox skips what was handled. Anything else is retried with the next commit.
        if (!/REBALANCE|ILLEGAL_GENERATION|UNKNOWN_MEMBER|NOT_COORDINATOR/.test(errorType(error))) {
          for (const offset of offsets) {
            const key = `${offset.topic}|${offset.partition}`;
            if (!this.pending.has(key)) this.pending.set(key, offset);
          }
          this.schedule();
        }
        this.onError(error);
      })
      .finally(() => (this.inFlight = undefined));
    await this.inFlight;
  }

  /** No commit is scheduled any more (a commit failing after this is not retried by a timer). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (!this.stopped) this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }
}

function errorType(error: Error): string {
  return `${(error as { type?: string }).type ?? ''} ${error.name} ${error.message}`;
}
