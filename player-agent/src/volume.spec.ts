import { NullPlayer } from './backends';
import { FakeClock } from './testing/fake-clock';
import { DEFAULT_VOLUME, VolumeControl } from './volume';

function setup(stored?: number) {
  const player = new NullPlayer(new FakeClock());
  let volume = stored;
  const control = new VolumeControl(player, { volume: () => volume, setVolume: (v) => (volume = v) });
  return { player, control, stored: () => volume };
}

describe('VolumeControl', () => {
  it('should apply the stored level at start and the default when none was ever set', () => {
    expect(setup(40).player.volume).toBe(40);
    const fresh = setup();
    expect(fresh.player.volume).toBe(DEFAULT_VOLUME);
    expect(fresh.control.level()).toBe(DEFAULT_VOLUME);
  });

  it('should persist and apply a new level when set', () => {
    const { player, control, stored } = setup(40);
    expect(control.set(70)).toBe(true);
    expect([player.volume, stored(), control.level()]).toEqual([70, 70, 70]);
  });

  it('should play at the override until restored and then at the operator level when an alert overrides it', () => {
    const { player, control, stored } = setup(40);
    control.override(100);
    expect(player.volume).toBe(100);
    control.set(20);
    expect([player.volume, stored()]).toEqual([100, 20]);
    control.restore();
    expect(player.volume).toBe(20);
  });

  it('should report not applied when the backend has no volume control', () => {
    const control = new VolumeControl({}, { volume: () => undefined, setVolume: () => undefined });
    expect(control.set(50)).toBe(false);
  });
});
