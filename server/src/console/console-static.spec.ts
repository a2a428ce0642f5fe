import { isServerPath } from './console-static';

describe('isServerPath', () => {
  it.each([
    ['/api', true],
    ['/api/devices', true],
    ['/api/docs', true],
    ['/media/abc.mp3', true],
    ['/metrics', true],
    ['/metricsx', false],
    ['/', false],
    ['/devices/spk-1', false],
    ['/apiary', false],
    ['/mediaeval', false],
    ['/login', false],
  ])('should say %s is a server path: %s', (p, expected) => {
    expect(isServerPath(p)).toBe(expected);
  });
});
