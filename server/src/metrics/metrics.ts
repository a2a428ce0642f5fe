import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Sources the gauges read at scrape time (the database is the truth; several processes may share it). */
export interface GaugeSources {
  devicesOnlineByKind(): Promise<Array<{ kind: string; count: number }>>;
  renderQueueByStatus(): Promise<Array<{ status: string; count: number }>>;
  /** Targeted deliveries of alerts created within the last day, and how many of them a device answered. */
  recentAlertAcks(): Promise<{ targeted: number; answered: number }>;
}

/** Buckets in seconds: a publish or an alert is fast (sub-second target), a render can take a minute. */
const FAST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
const RENDER_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

/**
 * Every metric the server exposes at /metrics, in one registry per instance (tests build their own, so nothing
 * leaks between them through prom-client's global registry).
 */
export function createMetrics(sources: GaugeSources, opts: { defaultMetrics: boolean } = { defaultMetrics: true }) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const devicesOnline = new Gauge({
    name: 'sunshine_devices_online',
    help: 'Active devices currently online, per kind',
    labelNames: ['kind'],
    registers,
    async collect() {
      this.reset();
      for (const kind of ['speaker', 'tv', 'led']) this.set({ kind }, 0);
      for (const r of await sources.devicesOnlineByKind()) this.set({ kind: r.kind }, r.count);
    },
  });
  const renderQueue = new Gauge({
    name: 'sunshine_render_queue_depth',
    help: 'Render jobs waiting or running',
    labelNames: ['status'],
    registers,
    async collect() {
      this.set({ status: 'queued' }, 0);
      this.set({ status: 'running' }, 0);
      for (const r of await sources.renderQueueByStatus()) this.set({ status: r.status }, r.count);
    },
  });
  const alertAckShare = new Gauge({
    name: 'sunshine_alert_ack_share',
    help: 'Share (0-1) of targeted devices that answered alerts created in the last 24 hours (1 when there were none)',
    registers,
    async collect() {
      const { targeted, answered } = await sources.recentAlertAcks();
      this.set(targeted === 0 ? 1 : answered / targeted);
    },
  });
  return {
    registry,
    devicesOnline,
    renderQueue,
    alertAckShare,
    playlistPublishes: new Counter({ name: 'sunshine_playlist_publishes_total', help: 'Signed playlists published to devices', registers }),
    playlistPublishSeconds: new Histogram({ name: 'sunshine_playlist_publish_duration_seconds', help: 'Time to sign and publish one device playlist (broker acknowledged)', buckets: FAST_BUCKETS, registers }),
    renderJobSeconds: new Histogram({ name: 'sunshine_render_job_duration_seconds', help: 'Render job duration by profile and outcome', labelNames: ['profile', 'outcome'], buckets: RENDER_BUCKETS, registers }),
    alertTimeToAirSeconds: new Histogram({ name: 'sunshine_alert_time_to_air_seconds', help: 'Alert accepted by the server until a device reports it playing (server clock)', buckets: FAST_BUCKETS, registers }),
    alertAcks: new Counter({ name: 'sunshine_alert_acks_total', help: 'Alert acknowledgements received, by state', labelNames: ['state'], registers }),
    playLogsIngested: new Counter({ name: 'sunshine_play_logs_ingested_total', help: 'Play logs stored (new rows, duplicates excluded), by outcome', labelNames: ['outcome'], registers }),
    httpSeconds: new Histogram({
      name: 'sunshine_http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: FAST_BUCKETS,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The route template of a request for a low-cardinality label: the matched Express route (`/api/devices/:id`),
 * `static` for console files and `unmatched` for 404s, never the raw path with its ids.
 */
export function routeLabel(req: { baseUrl?: string; route?: { path?: unknown }; path?: string; originalUrl?: string }): string {
  const template = typeof req.route?.path === 'string' ? req.route.path : null;
  if (template) return `${req.baseUrl ?? ''}${template}`;
  const url = req.originalUrl ?? req.path ?? '';
  return url.startsWith('/api/') || url.startsWith('/media/') || url.startsWith('/metrics') ? 'unmatched' : 'static';
}
