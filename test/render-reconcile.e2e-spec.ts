/**
 * Approval commits, then an in-process event enqueues the renders (issue #12). A server killed between the two
 * leaves an approved revision with no render job; the start-up reconciliation must find and render it.
 * The crash is a real kill -9 right after the approval answer; whatever render work slipped out before it is
 * then removed from the database, so the data dir is exactly in the between-the-steps state.
 */
import * as path from 'node:path';
import sqlite3 from 'sqlite3';
import { Api } from './support/api-client';
import { approvedNotice, waitForRendition } from './support/editorial';
import { RunningServer, startServer } from './support/server-process';

jest.setTimeout(180_000);

function run(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
}

describe('approval → render survives a crash between the steps', () => {
  let server: RunningServer;

  afterAll(async () => {
    await server?.stop();
  });

  it('should render an approved revision left without a job when the server restarts', async () => {
    server = await startServer();
    const editor = await Api.login(server.url, 'editor');
    const reviewer = await Api.login(server.url, 'reviewer');
    const { contentId, revisionId } = await approvedNotice(editor, reviewer, { title: '断电补渲染测试', body: '本通知在审核通过后服务器立即断电。', department: '栖凤区融媒体中心' });
    server.proc.kill('SIGKILL');
    await new Promise<void>((resolve) => (server.proc.exitCode !== null || server.proc.signalCode !== null ? resolve() : server.proc.once('exit', () => resolve())));

    const db = new sqlite3.Database(path.join(server.dataDir, 'sunshine.sqlite'));
    try {
      const [content] = await all<{ approvedRevisionId: string }>(db, 'SELECT approvedRevisionId FROM contents WHERE id = ?', [contentId]);
      expect(content.approvedRevisionId).toBe(revisionId);
      await run(db, 'DELETE FROM render_jobs WHERE revisionId = ?', [revisionId]);
      await run(db, 'DELETE FROM renditions WHERE revisionId = ?', [revisionId]);
    } finally {
      await new Promise<void>((resolve) => db.close(() => resolve()));
    }

    server = await startServer({ httpPort: server.httpPort, mqttPort: server.mqttPort, dataDir: server.dataDir });
    const again = await Api.login(server.url, 'reviewer');
    const rendition = await waitForRendition(again, revisionId, 90_000);
    expect(rendition.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(server.output()).toMatch(/已补排/);
  });
});
