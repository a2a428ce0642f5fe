import { Writable } from 'node:stream';
import { createAppLogger, splitParams } from './app-logger';
import { requestIdOf } from './request-observer';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('pino logger adapter', () => {
  it('should write one JSON object a line with the Nest context and object fields', () => {
    const out = capture();
    const logger = createAppLogger({ format: 'json', level: 'info', destination: out.stream });
    logger.log('已连接消息服务器', 'MQTT');
    logger.log({ msg: 'GET /api/health 200', reqId: 'abc', ms: 1.5 }, 'HTTP');
    logger.error('渲染失败', 'Error: x\n    at y', 'Render');
    const [a, b, c] = out.lines();
    expect(a).toMatchObject({ level: 30, context: 'MQTT', msg: '已连接消息服务器' });
    expect(b).toMatchObject({ context: 'HTTP', msg: 'GET /api/health 200', reqId: 'abc', ms: 1.5 });
    expect(c).toMatchObject({ level: 50, context: 'Render', msg: '渲染失败', stack: 'Error: x\n    at y' });
  });

  it('should drop the framework start-up chatter unless debug', () => {
    const out = capture();
    const logger = createAppLogger({ format: 'json', level: 'info', destination: out.stream });
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('kept', 'Sunshine');
    expect(out.lines().map((l) => l.msg)).toEqual(['kept']);
  });

  it('should take the last string parameter as the context', () => {
    expect(splitParams(['stack', 'Ctx'], true)).toEqual({ context: 'Ctx', stack: 'stack' });
    expect(splitParams([], false)).toEqual({});
  });
});

describe('request id', () => {
  it('should honour a plausible X-Request-Id and replace anything else', () => {
    expect(requestIdOf('nginx-4f2a9c')).toBe('nginx-4f2a9c');
    expect(requestIdOf('has spaces\nand a newline')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
