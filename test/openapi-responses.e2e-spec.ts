/**
 * The OpenAPI document must describe the JSON the server really sends, not what someone thought it sends: this
 * drives the built server through the editorial, fleet, schedule and alert flows and validates every answer
 * (successes and errors) against the schema the served document declares for that route and status. Objects are
 * closed (no undocumented fields), so a field a service adds without documenting it fails here.
 */
import { createFfmpegRunner } from '@sunshine/media';
import Ajv, { ValidateFunction } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Api, ApiResponse } from './support/api-client';
import { waitForRendition } from './support/editorial';
import { RunningServer, startServer, tempDir } from './support/server-process';

jest.setTimeout(180_000);

type Json = Record<string, unknown>;
type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Json }> }> }>>; components: { schemas: Record<string, Json> } };

const VILLAGE = '510811100201';

/** OpenAPI 3.0 → JSON Schema for ajv: `nullable` becomes a null alternative, and documented objects are closed. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, example, ...rest } = node as Json;
  void example;
  const out: Json = {};
  for (const [k, v] of Object.entries(rest)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)])) : toJsonSchema(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

class ResponseChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  readonly problems: string[] = [];
  readonly seen = new Set<string>();

  constructor(private readonly doc: Doc) {
    // The formats the document uses (ajv-formats is not a dependency of the project).
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    this.ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat('uri', /^https?:\/\/\S+$/);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema({ components: { schemas: toJsonSchema(doc.components.schemas) } }, 'doc');
  }

  /** Validates one answer against `paths[template][method].responses[status]` of the served document. */
  check(method: string, template: string, r: ApiResponse): void {
    const key = `${method} ${template} ${r.status}`;
    this.seen.add(`${method} ${template}`);
    const responses = this.doc.paths[template]?.[method.toLowerCase()]?.responses;
    if (!responses) return void this.problems.push(`${key}: route not in the document`);
    const declared = responses[String(r.status)] ?? responses.default;
    const schema = declared?.content?.['application/json']?.schema;
    if (!schema) return void this.problems.push(`${key}: status not documented with a JSON schema`);
    let validate = this.cache.get(key);
    if (!validate) {
      const rewritten = JSON.parse(JSON.stringify(toJsonSchema(schema)).replaceAll('"#/components/', '"doc#/components/'));
      validate = this.ajv.compile(rewritten as Json);
      this.cache.set(key, validate);
    }
    if (!validate(r.body)) this.problems.push(`${key}: ${this.ajv.errorsText(validate.errors, { separator: '; ' })} in ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}

describe('OpenAPI document against the real answers', () => {
  let server: RunningServer;
  let checker: ResponseChecker;
  let editor: Api;
  let reviewer: Api;
  let operator: Api;
  let duty: Api;
  let anonymous: Api;

  beforeAll(async () => {
    server = await startServer({ env: { EDGE_TTS: 'off' } });
    anonymous = new Api(server.url);
    const doc = (await anonymous.get<Doc>('/api/docs-json')).body;
    checker = new ResponseChecker(doc);
    [editor, reviewer, operator, duty] = await Promise.all(['editor', 'reviewer', 'operator', 'duty'].map((u) => Api.login(server.url, u)));
  });

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(() => {
    checker.problems.length = 0;
  });

  const notice = { title: '文档核对通知', body: '请各村做好冬季防火工作。', department: '栖凤区应急管理局' };

  it('should answer what the document says on the editorial path', async () => {
    const c = checker;
    c.check('POST', '/api/auth/login', await anonymous.post('/api/auth/login', { username: 'editor', password: 'e2e-Passw0rd' }));
    c.check('GET', '/api/auth/me', await editor.get('/api/auth/me'));
    c.check('GET', '/api/health', await anonymous.get('/api/health'));
    c.check('GET', '/api/keys/playlist', await anonymous.get('/api/keys/playlist'));
    c.check('GET', '/api/voices', await editor.get('/api/voices'));
    c.check('GET', '/api/regions', await editor.get('/api/regions'));
    c.check('GET', '/api/regions/{code}', await editor.get(`/api/regions/${VILLAGE}`));

    const created = await editor.post('/api/contents', notice);
    c.check('POST', '/api/contents', created);
    const id = created.body.id as string;
    c.check('POST', '/api/contents/{id}/revisions', await editor.post(`/api/contents/${id}/revisions`, { ...notice, title: '文档核对通知（修订）' }));
    c.check('POST', '/api/contents/{id}/submit', await editor.post(`/api/contents/${id}/submit`));
    const approved = await reviewer.post(`/api/contents/${id}/approve`, { comment: '同意' });
    c.check('POST', '/api/contents/{id}/approve', approved);
    const revisionId = approved.body.latest.id as string;
    c.check('GET', '/api/contents', await editor.get('/api/contents'));
    c.check('GET', '/api/contents/{id}', await editor.get(`/api/contents/${id}`));

    const interpretation = await editor.post('/api/contents', {
      kind: 'interpretation',
      title: '政策解读：村能办',
      qa: [{ q: '哪些人可以办理？', a: '本村户籍和常住居民均可办理。' }],
      interpreter: '张明远',
      department: '栖凤区政务服务局',
    });
    c.check('POST', '/api/contents', interpretation);
    c.check('POST', '/api/contents/{id}/submit', await editor.post(`/api/contents/${interpretation.body.id}/submit`));
    c.check('POST', '/api/contents/{id}/reject', await reviewer.post(`/api/contents/${interpretation.body.id}/reject`, { comment: '请补充办理地点' }));
    c.check('POST', '/api/contents/{id}/withdraw', await editor.post(`/api/contents/${interpretation.body.id}/withdraw`));

    const rendition = await waitForRendition(editor, revisionId, 120_000);
    expect(rendition.status).toBe('done');
    c.check('GET', '/api/revisions/{revisionId}/renditions', await editor.get(`/api/revisions/${revisionId}/renditions`));
    const jobs = await editor.post(`/api/contents/${id}/render`, { profiles: ['speaker'] });
    c.check('POST', '/api/contents/{id}/render', jobs);
    c.check('GET', '/api/revisions/{revisionId}/renders', await editor.get(`/api/revisions/${revisionId}/renders`));
    c.check('GET', '/api/renders/{jobId}', await editor.get(`/api/renders/${jobs.body[0].id}`));

    const dir = tempDir('rec');
    const wav = path.join(dir, 'yi.wav');
    await createFfmpegRunner().run(['-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-ac', '1', wav]);
    const form = new FormData();
    form.append('language', 'ii');
    form.append('note', '彝语录音');
    form.append('file', new Blob([fs.readFileSync(wav)]), 'yi.wav');
    const uploaded = await fetch(`${server.url}/api/recordings`, { method: 'POST', body: form, headers: { authorization: `Bearer ${editor.token}` } });
    const recording: ApiResponse = { status: uploaded.status, body: await uploaded.json(), headers: uploaded.headers };
    c.check('POST', '/api/recordings', recording);
    c.check('GET', '/api/recordings/{id}', await editor.get(`/api/recordings/${recording.body.id}`));

    // Schedules and the fleet on the approved notice.
    const device = await operator.post('/api/devices', { name: '文档核对喇叭', kind: 'speaker', regionCode: VILLAGE, tags: ['doc'] });
    c.check('POST', '/api/devices', device);
    const deviceId = device.body.device.id as string;
    c.check('GET', '/api/devices', await operator.get('/api/devices'));
    c.check('GET', '/api/devices', await operator.get(`/api/devices?status=offline&region=${VILLAGE}`));
    c.check('GET', '/api/devices/{id}', await operator.get(`/api/devices/${deviceId}`));
    const schedule = await operator.post('/api/schedules', { contentId: id, targets: { deviceIds: [deviceId] }, times: ['07:00', '23:00'], repeat: 2 });
    c.check('POST', '/api/schedules', schedule);
    c.check('GET', '/api/schedules', await operator.get('/api/schedules'));
    c.check('GET', '/api/devices/{id}/playlist', await operator.get(`/api/devices/${deviceId}/playlist`));
    c.check('POST', '/api/schedules/{id}/cancel', await operator.post(`/api/schedules/${schedule.body.schedule.id}/cancel`));
    c.check('POST', '/api/devices/{id}/commands', await operator.post(`/api/devices/${deviceId}/commands`, { type: 'set-volume', volume: 60 }));
    c.check('GET', '/api/devices/{id}/commands', await operator.get(`/api/devices/${deviceId}/commands`));
    c.check('GET', '/api/playlogs', await operator.get(`/api/playlogs?deviceId=${deviceId}&limit=10`));

    // The broker's hooks exist only with an external broker (MQTT_URL): test/mqtt-hooks.e2e-spec.ts checks them.

    expect(checker.problems).toEqual([]);
  });

  it('should answer what the document says for emergency broadcasts', async () => {
    const c = checker;
    c.check('GET', '/api/alerts/tone', await anonymous.get('/api/alerts/tone'));
    const alert = await duty.post('/api/alerts', { text: '文档核对：山洪预警演示。', regionCodes: [VILLAGE], level: 3, repeat: 1 });
    c.check('POST', '/api/alerts', alert);
    const alertId = alert.body.id as string;
    c.check('GET', '/api/alerts', await duty.get('/api/alerts'));
    c.check('GET', '/api/alerts/{id}', await duty.get(`/api/alerts/${alertId}`));
    c.check('GET', '/api/alerts/{id}/devices', await duty.get(`/api/alerts/${alertId}/devices`));
    c.check('GET', '/api/alerts/{id}/audit', await duty.get(`/api/alerts/${alertId}/audit`));
    c.check('POST', '/api/alerts/{id}/cancel', await duty.post(`/api/alerts/${alertId}/cancel`, { reason: '核对完毕' }));
    expect(checker.problems).toEqual([]);
  });

  it('should answer errors as the documented ErrorResponse', async () => {
    const c = checker;
    const unknown = '00000000-0000-4000-8000-000000000000';
    c.check('POST', '/api/contents', await editor.post('/api/contents', { title: '', department: 'x', extra: 1 }));
    c.check('GET', '/api/contents', await anonymous.get('/api/contents'));
    c.check('GET', '/api/contents/{id}', await editor.get(`/api/contents/${unknown}`));
    c.check('POST', '/api/schedules', await editor.post('/api/schedules', { contentId: unknown, targets: { regionCodes: ['bad'] } }));
    c.check('GET', '/api/devices', await operator.get('/api/devices?status=sleeping'));
    c.check('POST', '/api/contents/{id}/approve', await editor.post(`/api/contents/${unknown}/approve`));
    expect(checker.problems).toEqual([]);
  });
});
