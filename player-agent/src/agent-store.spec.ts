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

  it('should keep the volume when reopened and ignore an out-of-range one in a hand-edited state file', () => {
    const store = new AgentStore(dir);
    expect(store.volume()).toBeUndefined();
    store.setVolume(35);
    expect(new AgentStore(dir).volume()).toBe(35);
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ streams: {}, handled: {}, volume: 400 }));
    expect(new AgentStore(dir).volume()).toBeUndefined();
  });

  it('should keep the playlist, stream marks and handled slots when reopened', () => {
    const store = new AgentStore(dir);
    store.recordAccepted('sunshine/v1/devices/d/playlist', { seq: 7, sig: 'AAA=' }, Buffer.from('{"raw":true}'));
    store.recordAccepted('sunshine/v1/devices/d/command', { seq: 3, sig: 'BBB=' });
    store.markHandled('s:1', 1000);

    const reopened = new AgentStore(dir);
    expect(reopened.loadPlaylistRaw()?.toString()).toBe('{"raw":true}');
    expect(reopened.streamMark('sunshine/v1/devices/d/playlist')).toEqual({ seq: 7, sig: 'AAA=' });
    expect(reopened.streamMark('sunshine/v1/devices/d/command')).toEqual({ seq: 3, sig: 'BBB=' });
    expect([...reopened.handledSlotIds()]).toEqual(['s:1']);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('should forget only slots that started before the cut-off when pruning', () => {
    const store = new AgentStore(dir);
    store.markHandled('old', 1000);
    store.markHandled('edge', 2000);
    store.markHandled('new', 3000);
    store.pruneHandled(2000);
    expect([...new AgentStore(dir).handledSlotIds()].sort()).toEqual(['edge', 'new']);
  });

  it('should report a damaged state file and start fresh when it cannot be parsed', () => {
    fs.writeFileSync(path.join(dir, 'state.json'), '{"streams":');
    const damaged: string[] = [];
    const store = new AgentStore(dir, (file) => damaged.push(path.basename(file)));
    expect(damaged).toEqual(['state.json']);
    expect(store.handledSlotIds().size).toBe(0);
  });

  it('should delete the stored playlist when discarded', () => {
    const store = new AgentStore(dir);
    store.recordAccepted('p', { seq: 1, sig: 'x' }, '{}');
    store.discardPlaylist();
    expect(store.loadPlaylistRaw()).toBeNull();
  });
});
