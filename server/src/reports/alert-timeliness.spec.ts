import { alertFigures, type AlertDeliveryFact } from './alert-timeliness';

const SENT = new Date('2026-09-01T08:00:00Z');
const f = (deviceId: string, state: string, playbackSec: number | null, targeted = true): AlertDeliveryFact => ({
  deviceId,
  state,
  targeted,
  playbackAt: playbackSec === null ? null : new Date(SENT.getTime() + playbackSec * 1000),
});

describe('alertFigures', () => {
  it('counts states of targeted devices and times playback from sending', () => {
    const out = alertFigures([f('a', 'success', 1), f('b', 'success', 3), f('c', 'failed', 2), f('d', 'waiting', null), f('e', 'cancelled', null), f('late', 'success', 9, false)], SENT);
    expect(out).toEqual({
      targeted: 5,
      received: 4,
      played: 3,
      succeeded: 2,
      failed: 1,
      cancelled: 1,
      waiting: 1,
      ackShare: 0.8,
      firstPlaybackSeconds: 1,
      medianPlaybackSeconds: 2,
      lastPlaybackSeconds: 3,
    });
  });

  it('takes the mean of the two middle delays for an even count, and nulls when none played', () => {
    expect(alertFigures([f('a', 'success', 1), f('b', 'success', 4)], SENT).medianPlaybackSeconds).toBe(2.5);
    expect(alertFigures([f('a', 'waiting', null)], SENT)).toMatchObject({ played: 0, firstPlaybackSeconds: null, medianPlaybackSeconds: null, lastPlaybackSeconds: null, ackShare: 0 });
    expect(alertFigures([], SENT).ackShare).toBeNull();
  });
});
