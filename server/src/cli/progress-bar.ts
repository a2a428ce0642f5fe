/** One terminal line: `speaker      [██████████░░░░░░░░░░]  50% 渲染中`. Pure. */
export function progressLine(label: string, pct: number, status: string, width = 24): string {
  const p = Math.max(0, Math.min(100, Math.round(pct)));
  const filled = Math.round((p / 100) * width);
  return `${label.padEnd(18)} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(p).padStart(3)}% ${STATUS[status] ?? status}`;
}

const STATUS: Record<string, string> = { queued: '排队中', running: '渲染中', done: '完成', failed: '失败' };

/** Splits a text/event-stream chunk sequence into the JSON of its `data:` lines. */
export class SseParser {
  private buffer = '';

  push(chunk: string): unknown[] {
    this.buffer += chunk;
    const out: unknown[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const event = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = event
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (data) out.push(JSON.parse(data));
    }
    return out;
  }
}
