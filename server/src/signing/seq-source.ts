/**
 * Envelope sequence numbers: strictly increasing per stream and across restarts without storing anything,
 * by starting from the clock (microsecond scale) and never going below the last value handed out.
 */
export class SeqSource {
  private last = 0;

  constructor(private readonly nowMs: () => number) {}

  next(): number {
    this.last = Math.max(this.last + 1, this.nowMs() * 1000);
    return this.last;
  }
}
