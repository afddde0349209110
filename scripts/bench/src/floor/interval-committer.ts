type Offsets = { topic: string; partition: number; offset: string }[];

/**
 * Commits resolved offsets at most every `intervalMs`, all partitions in one request. kafkajs'
 * own autoCommit in eachBatch mode commits after every partition's batch (one OffsetCommit and a
 * `__consumer_offsets` write per partition per fetch); a crash loses at most one interval of
 * commits, and the inbox skips what is delivered again.
 */
export class IntervalCommitter {
  private readonly pending = new Map<string, Offsets[number]>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly commit: (offsets: Offsets) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** `offset` is handled: Kafka's committed offset is the next one to read. */
  resolved(topic: string, partition: number, offset: string): void {
    this.pending.set(`${topic}|${partition}`, { topic, partition, offset: String(BigInt(offset) + 1n) });
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight) await this.inFlight;
    if (this.pending.size === 0) return;
    const offsets = [...this.pending.values()];
    this.pending.clear();
    this.inFlight = this.commit(offsets)
      .catch((error: Error) => this.onError(error))
      .finally(() => (this.inFlight = undefined));
    await this.inFlight;
  }
}
