import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PlayLogEntry } from '@sunshine/playlists';
import { Journal } from './journal';

function entry(id: string): PlayLogEntry {
  return {
    id,
    deviceId: 'spk-1',
    slotId: `sch-1:${id}`,
    scheduleId: 'sch-1',
    contentId: 'c-1',
    revisionId: 'r-1',
    sha256: 'a'.repeat(64),
    startedAt: '2025-03-03T07:00:00.000Z',
    endedAt: '2025-03-03T07:01:00.000Z',
    playedMs: 60000,
    outcome: 'completed',
  };
}

describe('Journal', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    file = path.join(dir, 'journal.ndjson');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lines = (): unknown[] => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);

  it('should keep entries pending until acknowledged when reopened', () => {
    const journal = new Journal(file);
    journal.append(entry('a'));
    journal.append(entry('b'));
    journal.append(entry('c'));
    expect(journal.ack(['b', 'zzz'])).toBe(1);

    const reopened = new Journal(file);
    expect(reopened.pending().map((e) => e.id)).toEqual(['a', 'c']);
    expect(reopened.pending()[0]).toEqual(entry('a'));
    expect(lines()).toEqual([
      { t: 'play', entry: entry('a') },
      { t: 'play', entry: entry('b') },
      { t: 'play', entry: entry('c') },
      { t: 'ack', ids: ['b'] },
    ]);
  });

  it('should not write an ack line when every id was already acknowledged', () => {
    const journal = new Journal(file);
    journal.append(entry('a'));
    expect(journal.ack(['a', 'a'])).toBe(1);
    expect(journal.ack(['a'])).toBe(0);
    expect(lines()).toHaveLength(2);
  });

  it('should rewrite the file with only pending entries when acknowledged ones dominate', () => {
    const journal = new Journal(file, { compactAfterAcked: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) journal.append(entry(id));
    journal.ack(['a', 'b']);
    expect(lines()).toHaveLength(6); // 2 acked < threshold: no compaction yet
    journal.ack(['c']);
    expect(lines()).toEqual([
      { t: 'play', entry: entry('d') },
      { t: 'play', entry: entry('e') },
    ]);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
    expect(new Journal(file).pending().map((e) => e.id)).toEqual(['d', 'e']);
  });

  it('should not compact while pending entries outnumber acknowledged ones', () => {
    const journal = new Journal(file, { compactAfterAcked: 1 });
    for (const id of ['a', 'b', 'c']) journal.append(entry(id));
    journal.ack(['a']);
    expect(lines()).toHaveLength(4);
  });

  it('should tolerate a torn last line when the agent crashed mid-append', () => {
    const journal = new Journal(file);
    journal.append(entry('a'));
    journal.append(entry('b'));
    fs.appendFileSync(file, JSON.stringify({ t: 'play', entry: entry('c') }).slice(0, 40));
    const damaged: Array<[number, string]> = [];

    const reopened = new Journal(file, { onDamagedLine: (n, text) => damaged.push([n, text]) });
    expect(reopened.pending().map((e) => e.id)).toEqual(['a', 'b']);
    expect(damaged).toEqual([[3, JSON.stringify({ t: 'play', entry: entry('c') }).slice(0, 40)]]);

    reopened.append(entry('d'));
    expect(new Journal(file).pending().map((e) => e.id)).toEqual(['a', 'b', 'd']);
  });

  it('should skip and report a damaged middle line when reading back', () => {
    fs.writeFileSync(file, [JSON.stringify({ t: 'play', entry: entry('a') }), '{"t":"pl', JSON.stringify({ t: 'play', entry: entry('b') }), ''].join('\n'));
    const damaged: number[] = [];
    const journal = new Journal(file, { onDamagedLine: (n) => damaged.push(n) });
    expect(journal.pending().map((e) => e.id)).toEqual(['a', 'b']);
    expect(damaged).toEqual([2]);
  });

  it('should keep an entry pending in memory when the disk refuses it, so it is still sent while the agent runs', () => {
    const journal = new Journal(file);
    fs.rmSync(dir, { recursive: true, force: true }); // the write now fails, as on a full disk
    expect(() => journal.append(entry('p1'))).toThrow();
    expect(journal.pending().map((e) => e.id)).toEqual(['p1']);
    // Its acknowledgement cannot be written either: it still leaves the pending set (a resend would be deduplicated).
    expect(() => journal.ack(['p1'])).not.toThrow();
    expect(journal.pending()).toEqual([]);
  });
});
