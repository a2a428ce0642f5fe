import { DEMO_COUNTY, validateDemoCounty } from './demo-county';
import type { SeedCounty } from './types';

/** A deep copy to break on purpose, so each check is shown to fire. */
function broken(edit: (c: SeedCounty) => void): SeedCounty {
  const copy = structuredClone(DEMO_COUNTY);
  edit(copy);
  return copy;
}

describe('DEMO_COUNTY', () => {
  const { region, towns, villages, devices, users, notices, interpretations } = DEMO_COUNTY;

  it('should report no problems when validating the shipped data', () => {
    expect(validateDemoCounty()).toEqual([]);
  });

  it('should hold a county with at least 4 towns of 3 villages each when seeded', () => {
    expect(region).toEqual({ code: '510811000000', name: '栖凤区', level: 'county', parentCode: null });
    expect(towns.length).toBeGreaterThanOrEqual(4);
    expect(villages.length).toBeGreaterThanOrEqual(12);
    for (const t of towns) {
      expect(villages.filter((v) => v.parentCode === t.code).length).toBeGreaterThanOrEqual(3);
      expect(t.name).toMatch(/[镇乡]$/);
    }
    for (const v of villages) expect(v.name).toMatch(/(村|社区)$/);
  });

  it('should give every village and every town centre its own loudspeaker when seeded', () => {
    for (const r of [...villages, ...towns]) {
      const speakers = devices.filter((d) => d.regionCode === r.code && d.kind === 'speaker');
      expect(speakers.map((d) => d.id)).toEqual([`spk-${r.code}-01`]);
    }
    expect(devices.find((d) => d.id === 'spk-510811100201-01')?.tags).toEqual(['village']);
  });

  it('should place a hall TV, an outdoor LED and an LED strip in the first town centre when seeded', () => {
    const screens = devices.filter((d) => d.kind !== 'speaker');
    expect(screens.map((d) => [d.regionCode, d.kind, d.profile])).toEqual([
      [towns[0].code, 'tv', 'hall-tv-1080p'],
      [towns[0].code, 'led', 'led-384x192'],
      [towns[0].code, 'led', 'led-strip-1024x64'],
    ]);
    for (const s of screens) expect(s.tags).toContain('town-centre');
  });

  it('should tag one Yi-speaking village for 汉彝双语 service when seeded', () => {
    const villageCodes = new Set(villages.map((v) => v.code));
    const yiVillageDevices = devices.filter((d) => d.tags.includes('yi-bilingual') && villageCodes.has(d.regionCode));
    expect(yiVillageDevices.map((d) => d.regionCode)).toEqual(['510811200202']);
  });

  it('should seed the five console users with their roles and no passwords when seeded', () => {
    expect(users.map((u) => [u.username, u.roles])).toEqual([
      ['editor', ['editor']],
      ['reviewer', ['reviewer']],
      ['operator', ['operator']],
      ['admin', ['admin']],
      ['duty', ['emergency']],
    ]);
    for (const u of users) expect(Object.keys(u).sort()).toEqual(['displayName', 'roles', 'username']);
  });

  it('should keep the start-up notice short and the others broadcast-length when seeded', () => {
    expect(notices.length).toBeGreaterThanOrEqual(3);
    expect(notices.length).toBeLessThanOrEqual(5);
    const [first, ...rest] = notices;
    expect(first.body.length).toBeGreaterThanOrEqual(60);
    expect(first.body.length).toBeLessThanOrEqual(120);
    for (const n of rest) {
      expect(n.body.length).toBeGreaterThanOrEqual(150);
      expect(n.body.length).toBeLessThanOrEqual(600);
    }
    for (const n of notices) {
      expect(n.department).toMatch(/^栖凤区/);
      expect(n.body).toMatch(/\d/);
    }
  });

  it('should carry 2 interpretations of 3 to 5 Q&A pairs with an interpreter and source when seeded', () => {
    expect(interpretations).toHaveLength(2);
    for (const i of interpretations) {
      expect(i.qa.length).toBeGreaterThanOrEqual(3);
      expect(i.qa.length).toBeLessThanOrEqual(5);
      expect(i.interpreter).not.toBe('');
      expect(i.sourceUrl).toMatch(/^https:\/\/www\.[a-z]+\.gov\.cn\/.+\.html$/);
    }
  });
});

describe('validateDemoCounty', () => {
  it('should report a duplicate region code when two villages share one', () => {
    const c = broken((x) => (x.villages[1].code = x.villages[0].code));
    expect(validateDemoCounty(c)).toContain(`duplicate region code ${DEMO_COUNTY.villages[0].code}`);
  });

  it('should report a code that is not 12 digits when a town code is short', () => {
    const c = broken((x) => (x.towns[0].code = '5108111'));
    expect(validateDemoCounty(c)).toContain('region 青石镇: code "5108111" is not 12 digits');
  });

  it('should report a missing parent when a village points at an unknown town', () => {
    const c = broken((x) => (x.villages[0].parentCode = '510811199000'));
    expect(validateDemoCounty(c)).toContain(`region ${DEMO_COUNTY.villages[0].code}: parent 510811199000 missing`);
  });

  it('should report a village not under a town when its parent is the county', () => {
    const c = broken((x) => (x.villages[0].parentCode = x.region.code));
    expect(validateDemoCounty(c)).toContain(`region ${DEMO_COUNTY.villages[0].code}: a village must be under a town, not a county`);
  });

  it('should report a code that does not nest when a village sits under another town', () => {
    const c = broken((x) => (x.villages[0].parentCode = x.towns[1].code));
    expect(validateDemoCounty(c)).toContain(`region ${DEMO_COUNTY.villages[0].code}: code does not nest under parent ${DEMO_COUNTY.towns[1].code}`);
  });

  it('should report duplicate ids and unknown regions when devices are wrong', () => {
    const c = broken((x) => {
      x.devices[1].id = x.devices[0].id;
      x.devices[2].regionCode = '510811999999';
    });
    expect(validateDemoCounty(c)).toEqual([
      `duplicate device id ${DEMO_COUNTY.devices[0].id}`,
      `device ${DEMO_COUNTY.devices[2].id}: unknown region 510811999999`,
    ]);
  });

  it('should report a profile that does not suit the device kind when a speaker gets a TV profile', () => {
    const c = broken((x) => (x.devices[0].profile = 'hall-tv-1080p'));
    expect(validateDemoCounty(c)).toEqual([`device ${DEMO_COUNTY.devices[0].id}: profile hall-tv-1080p does not suit a speaker`]);
  });

  it('should report an over-long body when a notice exceeds 5000 characters', () => {
    const c = broken((x) => (x.notices[1].body = '字'.repeat(5001)));
    expect(validateDemoCounty(c)).toEqual([`notice ${DEMO_COUNTY.notices[1].key}: body has 5001 characters (max 5000)`]);
  });

  it('should report duplicate keys and usernames when content and users repeat', () => {
    const c = broken((x) => {
      x.interpretations[0].key = x.notices[0].key;
      x.users[1].username = 'editor';
    });
    expect(validateDemoCounty(c)).toEqual(['duplicate username editor', `duplicate content key ${DEMO_COUNTY.notices[0].key}`]);
  });
});
