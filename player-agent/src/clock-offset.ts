/** Live envelopes sampled for the clock-offset estimate. */
export const CLOCK_OFFSET_SAMPLES = 7;

/**
 * Estimates how far the device clock is ahead of the server's (positive = ahead) from live envelopes: each sample
 * is local receipt time − the server's issuedAt, so it includes delivery delay. The median of the last few
 * samples ignores the one message that sat in a queue for a minute, or a clock step in between.
 */
export class ClockOffsetEstimator {
  private readonly samples: number[] = [];

  constructor(private readonly size = CLOCK_OFFSET_SAMPLES) {}

  add(receivedAtMs: number, issuedAt: string): void {
    const issued = Date.parse(issuedAt);
    if (!Number.isFinite(issued)) return;
    this.samples.push(receivedAtMs - issued);
    if (this.samples.length > this.size) this.samples.shift();
  }

  /** Median of the samples in whole ms; undefined before the first live envelope. */
  offsetMs(): number | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return Math.round(sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
  }
}
