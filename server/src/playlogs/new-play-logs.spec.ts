import type { PlayLogEntry } from '@sunshine/playlists';
import { newPlayLogs } from './new-play-logs';

const log = (deviceId: string, id: string, playedMs = 20_000): PlayLogEntry => ({
  id,
  deviceId,
  slotId: null,
  scheduleId: null,
  contentId: 'c-1',
  revisionId: null,
  sha256: 'a'.repeat(64),
  startedAt: '2026-12-04T08:00:00.000Z',
  endedAt: '2026-12-04T08:00:20.000Z',
  playedMs,
  outcome: 'completed',
});

describe('newPlayLogs', () => {
  it('should keep every entry of a batch nothing of which is stored yet', () => {
    expect(newPlayLogs('spk-1', [log('spk-1', 'j-1'), log('spk-1', 'j-2')], []).map((e) => e.id)).toEqual(['j-1', 'j-2']);
  });

  it('should drop the ids this device has already stored (a resend)', () => {
    expect(newPlayLogs('spk-1', [log('spk-1', 'j-1'), log('spk-1', 'j-2')], ['j-1']).map((e) => e.id)).toEqual(['j-2']);
  });

  it('should keep an id repeated inside one batch once, the first copy', () => {
    const fresh = newPlayLogs('spk-1', [log('spk-1', 'j-1', 1_000), log('spk-1', 'j-1', 2_000)], []);
    expect(fresh).toEqual([log('spk-1', 'j-1', 1_000)]);
  });

  it('should ignore entries of another device (the stored ids given are this device’s only)', () => {
    expect(newPlayLogs('spk-1', [log('spk-2', 'j-1'), log('spk-1', 'j-1')], []).map((e) => [e.deviceId, e.id])).toEqual([['spk-1', 'j-1']]);
  });
});
