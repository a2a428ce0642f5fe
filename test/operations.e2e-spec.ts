/**
 * Operations against the built server: Prometheus metrics at /metrics (outside /api, no login) and structured
 * JSON logs with one line per request carrying its id, which is honoured from X-Request-Id or generated.
 */
import { Api } from './support/api-client';
import { RunningServer, startServer, waitFor } from './support/server-process';

jest.setTimeout(90_000);

describe('operations: metrics and logs', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { LOG_FORMAT: 'json' } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  const jsonLines = (): Array<Record<string, unknown>> =>
    server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('should serve Prometheus text at /metrics without a login, with the product and process metrics', async () => {
    await new Api(server.url).get('/api/health');
    await new Api(server.url).get('/api/devices/spk-510811100201-01'); // 401: still a sample with its route template
    const r = await fetch(`${server.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await r.text();
    for (const name of [
      'sunshine_devices_online{kind="speaker"}',
      'sunshine_playlist_publishes_total',
      'sunshine_playlist_publish_duration_seconds_bucket',
      'sunshine_render_queue_depth{status="queued"}',
      'sunshine_render_job_duration_seconds',
      'sunshine_alert_time_to_air_seconds',
      'sunshine_alert_ack_share',
      'sunshine_play_logs_ingested_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/sunshine_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} [1-9]/);
    expect(text).toMatch(/sunshine_http_request_duration_seconds_count\{method="GET",route="\/api\/devices\/:id",status="401"\} 1/);
    expect((await fetch(`${server.url}/api/metrics`)).status).toBe(404);
  });

  it('should log each request as one JSON line with its id and latency, honouring X-Request-Id', async () => {
    const r = await new Api(server.url).request('GET', '/api/health', undefined, { 'x-request-id': 'e2e-req-42' });
    expect(r.headers.get('x-request-id')).toBe('e2e-req-42');
    const line = await waitFor(async () => jsonLines().find((l) => l.reqId === 'e2e-req-42') ?? null, 10_000, () => server.output());
    expect(line).toMatchObject({ context: 'HTTP', method: 'GET', route: '/api/health', status: 200, level: 30 });
    expect(typeof line.ms).toBe('number');
    const generated = (await new Api(server.url).get('/api/health')).headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should send the existing operator lines through pino with their context', () => {
    expect(jsonLines()).toEqual(expect.arrayContaining([expect.objectContaining({ context: 'MQTT', msg: expect.stringContaining('已连接消息服务器') })]));
  });
});
