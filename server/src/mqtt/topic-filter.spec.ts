import { topicMatches } from './topic-filter';

describe('topicMatches', () => {
  it.each([
    ['sunshine/v1/devices/+/state', 'sunshine/v1/devices/spk-1/state', true],
    ['sunshine/v1/devices/+/state', 'sunshine/v1/devices/spk-1/events', false],
    ['sunshine/v1/devices/+/state', 'sunshine/v1/devices/a/b/state', false],
    ['sunshine/v1/#', 'sunshine/v1/alerts/510811000000', true],
    ['sunshine/v1/alerts/510811000000', 'sunshine/v1/alerts/510811000000', true],
    ['sunshine/v1/alerts/510811000000', 'sunshine/v1/alerts', false],
  ])('should return %s ~ %s = %s when matched', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});
