import { createHash } from 'crypto';
import { RENDERER_VERSION, renderKey } from './render-key';

describe('renderKey', () => {
  it('should be the sha256 of the canonical parts plus the renderer version', () => {
    const expected = createHash('sha256').update(`{"rate":1,"rendererVersion":"${RENDERER_VERSION}","title":"通知"}`).digest('hex');
    expect(renderKey({ title: '通知', rate: 1 })).toBe(expected);
  });

  it('should not depend on key order and should change when any part changes', () => {
    const key = renderKey({ title: 'a', profile: { sampleRate: 44100, bitrateKbps: 64 } });
    expect(renderKey({ profile: { bitrateKbps: 64, sampleRate: 44100 }, title: 'a' })).toBe(key);
    expect(renderKey({ title: 'a', profile: { sampleRate: 44100, bitrateKbps: 96 } })).not.toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should key text with an unpaired surrogate apart from every well-formed text when a part holds one', () => {
    const broken = renderKey({ title: 'a\uD800' });
    expect(broken).toMatch(/^[0-9a-f]{64}$/);
    expect(renderKey({ title: 'a\uD800' })).toBe(broken);
    expect(renderKey({ title: 'a\uDBFF' })).not.toBe(broken);
    expect(renderKey({ title: 'a' })).not.toBe(broken);
  });

  it('should leave out a part that is undefined when keying', () => {
    expect(renderKey({ title: 'a', sourceUrl: undefined })).toBe(renderKey({ title: 'a' }));
    expect(renderKey({ title: 'a', sourceUrl: null })).not.toBe(renderKey({ title: 'a' }));
  });

  it('should refuse when a part is not a finite number', () => {
    expect(() => renderKey({ rate: Number.NaN })).toThrow();
  });
});
