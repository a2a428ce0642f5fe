import { createMetrics, routeLabel } from './metrics';

const sources = {
  devicesOnlineByKind: async () => [{ kind: 'speaker', count: 3 }],
  renderQueueByStatus: async () => [{ status: 'queued', count: 2 }],
  recentAlertAcks: async () => ({ targeted: 4, answered: 3 }),
};

describe('metrics', () => {
  it('should read gauges from their sources at scrape time and zero-fill known labels', async () => {
    const text = await createMetrics(sources, { defaultMetrics: false }).registry.metrics();
    expect(text).toContain('sunshine_devices_online{kind="speaker"} 3');
    expect(text).toContain('sunshine_devices_online{kind="tv"} 0');
    expect(text).toContain('sunshine_render_queue_depth{status="queued"} 2');
    expect(text).toContain('sunshine_render_queue_depth{status="running"} 0');
    expect(text).toContain('sunshine_alert_ack_share 0.75');
  });

  it('should report an ack share of 1 when no alert was sent', async () => {
    const m = createMetrics({ ...sources, recentAlertAcks: async () => ({ targeted: 0, answered: 0 }) }, { defaultMetrics: false });
    expect(await m.registry.metrics()).toContain('sunshine_alert_ack_share 1');
  });
});

describe('routeLabel', () => {
  it('should use the matched route template, never the ids in the path', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/api/devices/:id' }, originalUrl: '/api/devices/spk-1' })).toBe('/api/devices/:id');
  });

  it('should label unmatched API paths and console files apart', () => {
    expect(routeLabel({ originalUrl: '/api/nope/123' })).toBe('unmatched');
    expect(routeLabel({ originalUrl: '/assets/index-abc.js' })).toBe('static');
  });
});
