import { createHash } from 'node:crypto';
import { fuzzCase } from './fuzz-notices';
import { hostileText, mulberry32, RENDER_MIX } from './seeded-random';

/**
 * Known outputs, taken from the generators before they were merged into one module: a change here silently changes
 * every replayed fuzz case (npm run fuzz -- --seed N), the media fuzz spec’s 1,000 cases and the benchmark county.
 */
describe('seeded random', () => {
  it('should give mulberry32’s sequence for a seed', () => {
    const rand = mulberry32(2);
    expect([rand(), rand(), rand()]).toEqual([0.7342509443406016, 0.32499843230471015, 0.28529605525545776]);
  });

  it('should give the API fuzzer the same case 0 and the same first 300 cases for seed 1', () => {
    expect(fuzzCase(1, 0)).toEqual({ index: 0, title: '保火各住限销万保电关员', body: '费办费检👍🏽%?한국어政支年水按按按卫工度限的7.3万元%{pts\\:hms}https://www.example.gov.cn/a?b=1&c=2额生住员各停1,200\n' });
    const cases = Array.from({ length: 300 }, (_, i) => fuzzCase(1, i));
    expect(createHash('sha256').update(JSON.stringify(cases)).digest('hex').slice(0, 16)).toBe('130f37c4cad701b1');
  });

  it('should give the speaker path’s mix the same first case for the media fuzz seed', () => {
    const rand = mulberry32(0x5eed2026);
    expect(rand()).toBeGreaterThanOrEqual(0.3); // the media spec’s case 0 has a title
    expect(hostileText(rand, RENDER_MIX, 0, 4)).toBe('镇对付乡年');
    expect(hostileText(rand, RENDER_MIX, 0, 20)).toBe('特咨电检1️⃣水度办时居县卫万关APP请乡停关缴万医各保度工集-5度\u00001️⃣.城乡困院医检咨水院象资停;');
  });

  it('should cut a text at its minimum length', () => {
    expect(hostileText(mulberry32(7), RENDER_MIX, 500, 1)).toHaveLength(500);
  });
});
