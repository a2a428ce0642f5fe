import { FakeClock } from '../testing/fake-clock';
import { loopItem, media } from '../testing/fixtures';
import { NullPlayer } from './null-backend';

describe('NullPlayer', () => {
  const item = loopItem(media('x', 30_000).ref);

  it('should finish ok after the media duration when left alone', async () => {
    const clock = new FakeClock();
    const handle = new NullPlayer(clock).play('/nowhere.mp3', item);
    let result: unknown = null;
    void handle.done.then((r) => (result = r));
    await clock.advance(29_999);
    expect(result).toBeNull();
    await clock.advance(1);
    expect(result).toEqual({ ok: true });
  });

  it('should record the volume it was asked for and report it applied', () => {
    const player = new NullPlayer(new FakeClock());
    expect(player.volume).toBeNull();
    expect(player.setVolume(40)).toBe(true);
    expect(player.volume).toBe(40);
  });

  it('should resolve not ok and cancel its timer when stopped', async () => {
    const clock = new FakeClock();
    const handle = new NullPlayer(clock).play('/nowhere.mp3', item);
    handle.stop();
    await expect(handle.done).resolves.toEqual({ ok: false, reason: 'stopped' });
    expect(clock.pendingTimers()).toBe(0);
  });
});
