import { batchedLines, createJsonLogger } from './log';
import { FakeClock } from './testing/fake-clock';

describe('batchedLines', () => {
  it('should write a burst of lines in one write when the scheduled flush runs', () => {
    const writes: string[] = [];
    const runs: Array<() => void> = [];
    const lines = batchedLines((t) => writes.push(t), (run) => runs.push(run));
    lines.write('a');
    lines.write('b');
    lines.write('c');
    expect(writes).toEqual([]);
    expect(runs).toHaveLength(1);
    runs[0]();
    expect(writes).toEqual(['a\nb\nc\n']);
  });

  it('should schedule again after a flush and write nothing when nothing is pending', () => {
    const writes: string[] = [];
    const runs: Array<() => void> = [];
    const lines = batchedLines((t) => writes.push(t), (run) => runs.push(run));
    lines.write('a');
    runs[0]();
    lines.flush();
    lines.write('b');
    expect(runs).toHaveLength(2);
    lines.flush();
    runs[1]();
    expect(writes).toEqual(['a\n', 'b\n']);
  });
});

describe('createJsonLogger', () => {
  it('should write one JSON line with level, time, base fields and the error message when given an Error', () => {
    const lines: string[] = [];
    const log = createJsonLogger({ clock: new FakeClock(Date.parse('2025-03-03T08:00:00Z')), write: (l) => lines.push(l), base: { deviceId: 'd1' } });
    log.child({ sim: true }).warn('媒体下载失败', { error: new Error('boom') });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'warn', time: '2025-03-03T08:00:00.000Z', deviceId: 'd1', sim: true, msg: '媒体下载失败', error: 'boom' },
    ]);
  });
});
