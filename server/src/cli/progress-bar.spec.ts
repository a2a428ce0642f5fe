import { progressLine, SseParser } from './progress-bar';

describe('progressLine', () => {
  it('should fill half the bar when at 50%', () => {
    expect(progressLine('speaker', 50, 'running', 10)).toBe('speaker            [█████░░░░░]  50% 渲染中');
  });
  it('should clamp when the percentage is out of range', () => {
    expect(progressLine('tv', 140, 'done', 4)).toContain('[████] 100% 完成');
    expect(progressLine('tv', -3, 'queued', 4)).toContain('[░░░░]   0% 排队中');
  });
});

describe('SseParser', () => {
  it('should emit events only when they are complete across chunks', () => {
    const p = new SseParser();
    expect(p.push('data: {"a":')).toEqual([]);
    expect(p.push('1}\n\ndata: {"a":2}\n')).toEqual([{ a: 1 }]);
    expect(p.push('\n')).toEqual([{ a: 2 }]);
  });
  it('should ignore comment and id lines when parsing', () => {
    expect(new SseParser().push(': ping\nid: 3\ndata: {"ok":true}\n\n')).toEqual([{ ok: true }]);
  });
});
