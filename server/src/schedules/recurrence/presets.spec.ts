import { buildPresetRecurrence, RECURRENCE_PRESETS } from './presets';
import { validateRecurrence } from './recurrence';

describe('recurrence presets', () => {
  it.each(RECURRENCE_PRESETS.map((p) => [p.id, p.label]))('should build a valid spec starting at local midnight when preset %s (%s) is chosen', (id) => {
    const spec = buildPresetRecurrence(id, '2027-01-01');
    expect(spec?.dtstart).toBe('2027-01-01T00:00');
    expect(validateRecurrence(spec!)).toEqual({ ok: true });
  });

  it('should give the four presets distinct ids when listed', () => {
    expect(new Set(RECURRENCE_PRESETS.map((p) => p.id)).size).toBe(4);
  });

  it('should return undefined when the preset id is unknown', () => {
    expect(buildPresetRecurrence('hourly-forever', '2027-01-01')).toBeUndefined();
  });
});
