/**
 * The small seeded variant of `npm run fuzz` (issue #12): hostile notice texts through the built server's API to
 * a speaker rendition. Every case is rendered or refused with a stable code; no 5xx, no dead server, no render
 * failing as a bug, no hang. The same cases as `npm run fuzz -- --seed 12 --count 24`.
 */
import { fuzzCase, runFuzz } from '../bench/support/fuzz-notices';
import { Api } from './support/api-client';
import { RunningServer, startServer } from './support/server-process';

jest.setTimeout(600_000);

describe('fuzz: hostile notice texts through the API', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { EDGE_TTS: 'off' } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('should generate the same cases from the seed, each replayable alone', () => {
    expect(fuzzCase(12, 5)).toEqual(fuzzCase(12, 5));
    expect(fuzzCase(12, 5)).not.toEqual(fuzzCase(13, 5));
    expect(fuzzCase(12, 7).body).toHaveLength(10_000);
  });

  it('should render or cleanly refuse every case', async () => {
    const editor = await Api.login(server.url, 'editor');
    const report = await runFuzz({ url: server.url, token: editor.token!, alive: () => server.proc.exitCode === null }, { seed: 12, count: 24, concurrency: 2, renderTimeoutMs: 180_000 });
    expect({ crashes: report.crashes, hangs: report.hangs }).toEqual({ crashes: [], hangs: [] });
    const refused = Object.values(report.refusedByCode).reduce((a, b) => a + b, 0);
    expect(report.rendered + refused).toBe(24);
    // The seed covers both ends: texts that render, and the 10,000-character body (index 7) refused by validation.
    expect(report.rendered).toBeGreaterThan(5);
    expect(report.refusedByCode.VALIDATION_FAILED).toBeGreaterThanOrEqual(1);
  });
});
