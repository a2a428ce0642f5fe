/**
 * The console's API types are generated from the server's OpenAPI document (`npm run api:types`). This fails when
 * the committed document (console/src/api/openapi.json, from which console/src/api/schema.d.ts is generated) is
 * not the one the built server serves, so the console can never be typed against a stale API.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, RunningServer, startServer } from './support/server-process';

jest.setTimeout(90_000);

describe('console API types', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ env: { DEMO: '0', EDGE_TTS: 'off' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('should be generated from the OpenAPI document the server serves (run `npm run api:types` after an API change)', async () => {
    const served = (await (await fetch(`${server.url}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'console/src/api/openapi.json'), 'utf8'));
    expect(committed).toEqual(served);
    const types = fs.readFileSync(path.join(ROOT, 'console/src/api/schema.d.ts'), 'utf8');
    for (const p of Object.keys(served.paths)) expect(types).toContain(`"${p}"`);
  });
});
