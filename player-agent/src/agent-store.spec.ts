import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AgentStore } from './agent-store';

describe('AgentStore', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should create the media dir and start empty when the data dir is new', () => {
    const store = new AgentStore(path.join(dir, 'agent'));
    expect(fs.statSync(path.join(dir, 'agent', 'media')).isDirectory()).toBe(true);
    expect(store.loadPlaylistRaw()).toBeNull();
    expect(store.streamMark('t')).toBeUndefined();
    expect(store.handledSlotIds().size).toBe(0);
  });

  it('should keep the volume when reopened and ignore an out-of-range one in a hand-edited state file', async () => {
    const store = new AgentStore(dir);
    expect(store.volume()).toBeUndefined();
    store.setVolume(35);
    await store.flush();
    expect(new AgentStore(dir).volume()).toBe(35);
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ streams: {}, handled: {}, volume: 400 }));
    expect(new AgentStore(dir).volume()).toBeUndefined();
  });

  it('should keep the playlist, stream marks and handled slots when reopened', async () => {
    const store = new AgentStore(dir);
    store.recordAccepted('sunshine/v1/devices/d/playlist', { seq: 7, sig: 'AAA=' }, Buffer.from('{"raw":true}'));
    store.recordAccepted('sunshine/v1/devices/d/command', { seq: 3, sig: 'BBB=' });
    store.markHandled('s:1', 1000);
    await store.flush();

    const reopened = new AgentStore(dir);
    expect(reopened.loadPlaylistRaw()?.toString()).toBe('{"raw":true}');
    expect(reopened.streamMark('sunshine/v1/devices/d/playlist')).toEqual({ seq: 7, sig: 'AAA=' });
    expect(reopened.streamMark('sunshine/v1/devices/d/command')).toEqual({ seq: 3, sig: 'BBB=' });
    expect([...reopened.handledSlotIds()]).toEqual(['s:1']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('should resolve a handled mark only once state.json on disk holds it', async () => {
    const store = new AgentStore(dir);
    await store.markHandled('s:9', 9000);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).handled).toEqual({ 's:9': 9000 });
  });

  it('should answer from memory at once and coalesce state writes when many changes come together', async () => {
    const store = new AgentStore(dir);
    const renames = jest.spyOn(fs.promises, 'rename');
    try {
      for (let i = 0; i < 20; i++) store.markHandled(`s:${i}`, i);
      expect(store.handledSlotIds().size).toBe(20);
      await store.flush();
      // The first write starts at once; the other 19 changes wait for it and go in one more write.
      expect(renames.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      renames.mockRestore();
    }
    expect(new AgentStore(dir).handledSlotIds().size).toBe(20);
  });

  it('should never have a playlist stream mark on disk before its envelope when a write is in flight', async () => {
    const store = new AgentStore(dir);
    const topic = 'sunshine/v1/devices/d/playlist';
    store.recordAccepted(topic, { seq: 1, sig: 'ONE=' }, Buffer.from('{"v":1}'));
    await store.flush();
    store.recordAccepted(topic, { seq: 2, sig: 'TWO=' }, Buffer.from('{"v":2}'));
    store.markHandled('s:1', 1000);
    // Whatever is on disk at each step pairs the mark with its own envelope.
    for (let step = 0; step < 50; step++) {
      const reopened = new AgentStore(dir);
      const mark = reopened.streamMark(topic);
      const raw = reopened.loadPlaylistRaw()?.toString();
      if (mark?.seq === 2) expect(raw).toBe('{"v":2}');
      await new Promise((r) => setImmediate(r));
    }
    await store.flush();
    expect(new AgentStore(dir).streamMark(topic)).toEqual({ seq: 2, sig: 'TWO=' });
  });

  it('should report a failed write and keep going when the disk refuses it', async () => {
    const failures: string[] = [];
    const store = new AgentStore(dir, undefined, (file) => failures.push(path.basename(file)));
    fs.mkdirSync(path.join(dir, 'state.json.tmp'));
    store.setVolume(20);
    await store.flush();
    expect(failures).toEqual(['state.json']);
    fs.rmdirSync(path.join(dir, 'state.json.tmp'));
    store.setVolume(30);
    await store.flush();
    expect(new AgentStore(dir).volume()).toBe(30);
  });

  it('should forget only slots that started before the cut-off when pruning', async () => {
    const store = new AgentStore(dir);
    store.markHandled('old', 1000);
    store.markHandled('edge', 2000);
    store.markHandled('new', 3000);
    store.pruneHandled(2000);
    await store.flush();
    expect([...new AgentStore(dir).handledSlotIds()].sort()).toEqual(['edge', 'new']);
  });

  it('should report a damaged state file and start fresh when it cannot be parsed', () => {
    fs.writeFileSync(path.join(dir, 'state.json'), '{"streams":');
    const damaged: string[] = [];
    const store = new AgentStore(dir, (file) => damaged.push(path.basename(file)));
    expect(damaged).toEqual(['state.json']);
    expect(store.handledSlotIds().size).toBe(0);
  });

  it('should delete the stored playlist when discarded, even right after it was written', async () => {
    const store = new AgentStore(dir);
    store.recordAccepted('p', { seq: 1, sig: 'x' }, '{}');
    store.discardPlaylist();
    await store.flush();
    expect(store.loadPlaylistRaw()).toBeNull();
    expect(new AgentStore(dir).loadPlaylistRaw()).toBeNull();
  });
});
