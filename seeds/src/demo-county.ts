import type { SeedCounty, SeedDevice, SeedDeviceKind, SeedDeviceProfile, SeedInterpretation, SeedNotice, SeedRegion, SeedUser } from './types';

/*
 * 栖凤区 is fictional: a hilly district modelled on the source reports (merged towns, villages far from their
 * town service centre, 村能办 video service, one 彝族乡 with 汉彝双语 windows). Codes follow the statistical
 * division rules: 6 county digits, then 100–199 for 镇 and 200–399 for 乡, then 001–199 for 社区 and 200–399 for 村.
 */
const COUNTY_CODE = '510811000000';
const COUNTY_NAME = '栖凤区';
/** Fictional portal of the district government: 通知公告 under tzgg, 政策解读 under zcjd. */
const PORTAL = 'https://www.gyqifeng.gov.cn/zwgk';
/** Offline Mandarin voice of the embedded espeak-ng engine, so the demo renders with no network. */
const DEFAULT_VOICE = 'espeak:cmn';

interface TownRow {
  code: string;
  name: string;
  villages: Array<[code: string, name: string]>;
}

const TOWN_ROWS: TownRow[] = [
  {
    code: '510811100000',
    name: '青石镇',
    villages: [['510811100001', '龙门社区'], ['510811100201', '柏林村'], ['510811100202', '石板村']],
  },
  {
    code: '510811101000',
    name: '白鹤镇',
    villages: [['510811101001', '鹤鸣社区'], ['510811101201', '双河村'], ['510811101202', '桂花村']],
  },
  {
    code: '510811102000',
    name: '紫云镇',
    villages: [['510811102201', '红庙村'], ['510811102202', '新华村'], ['510811102203', '观音岩村']],
  },
  {
    code: '510811103000',
    name: '金竹镇',
    villages: [['510811103001', '金竹社区'], ['510811103201', '松林村'], ['510811103202', '大坪村']],
  },
  {
    code: '510811200000',
    name: '马鞍彝族乡',
    villages: [['510811200201', '马鞍村'], ['510811200202', '索玛村'], ['510811200203', '杉树村']],
  },
];

/** Where Yi-speaking residents are served: the 彝族 village and its township's 汉彝双语 service centre. */
const YI_BILINGUAL_REGIONS = new Set(['510811200202', '510811200000']);

const region: SeedRegion = { code: COUNTY_CODE, name: COUNTY_NAME, level: 'county', parentCode: null };

const towns: SeedRegion[] = TOWN_ROWS.map((t) => ({ code: t.code, name: t.name, level: 'town', parentCode: COUNTY_CODE }));

const villages: SeedRegion[] = TOWN_ROWS.flatMap((t) =>
  t.villages.map(([code, name]): SeedRegion => ({ code, name, level: 'village', parentCode: t.code })),
);

function withYi(regionCode: string, tags: string[]): string[] {
  return YI_BILINGUAL_REGIONS.has(regionCode) ? [...tags, 'yi-bilingual'] : tags;
}

function speaker(r: SeedRegion, name: string, tags: string[]): SeedDevice {
  return { id: `spk-${r.code}-01`, name, kind: 'speaker', profile: 'speaker', regionCode: r.code, tags: withYi(r.code, tags) };
}

/** The first town's service centre is the showcase: a hall TV, an outdoor LED screen and an LED strip. */
function showcaseScreens(town: SeedRegion): SeedDevice[] {
  const screen = (id: string, name: string, kind: SeedDeviceKind, profile: SeedDeviceProfile, tags: string[]): SeedDevice => ({
    id,
    name: `${town.name}便民服务中心${name}`,
    kind,
    profile,
    regionCode: town.code,
    tags: ['town-centre', ...tags],
  });
  return [
    screen(`tv-${town.code}-01`, '大厅电视', 'tv', 'hall-tv-1080p', ['service-hall']),
    screen(`led-${town.code}-01`, '户外LED显示屏', 'led', 'led-384x192', ['outdoor']),
    screen(`led-${town.code}-02`, '大厅LED条屏', 'led', 'led-strip-1024x64', ['service-hall']),
  ];
}

const devices: SeedDevice[] = [
  ...villages.map((v) => speaker(v, `${v.name}广播`, ['village'])),
  ...towns.map((t) => speaker(t, `${t.name}便民服务中心广播`, ['town-centre'])),
  ...showcaseScreens(towns[0]),
];

const users: SeedUser[] = [
  { username: 'editor', displayName: '王晓梅(区融媒体中心编辑)', roles: ['editor'] },
  { username: 'reviewer', displayName: '赵志刚(审核员)', roles: ['reviewer'] },
  { username: 'operator', displayName: '陈浩(运维)', roles: ['operator'] },
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
  { username: 'duty', displayName: '刘建军(应急值班员)', roles: ['emergency'] },
];

/** The first notice is rendered and played at start-up, so its body stays short (about 20 s of speech). */
const notices: SeedNotice[] = [
  {
    key: 'notice-disclosure-hall-hours',
    kind: 'notice',
    title: '政务公开专区开放时间提示',
    body:
      '各位村民朋友:镇便民服务中心政务公开专区每周一至周五上午8:30至12:00、下午2:30至6:00开放,' +
      '可以免费查询、打印政策文件。咨询电话0839-5201234。',
    department: `${COUNTY_NAME}人民政府办公室`,
    voice: DEFAULT_VOICE,
  },
  {
    key: 'notice-village-video-service',
    kind: 'notice',
    title: '关于村级便民服务室开通“村能办”视频办理服务的通知',
    body:
      '各村(社区)群众:为让大家办事少跑路,自2026年12月1日起,全区各村(社区)便民服务室开通“村能办”视频办理服务。' +
      '首批纳入村级可办清单的事项共268项,包括城乡居民养老保险参保登记、高龄津贴申领、残疾人两项补贴申请、农村建房咨询等。' +
      '办理分四步:村代办员现场初审,扫描上传材料,镇窗口视频审核,证照在村打印。' +
      '群众只需带上身份证和户口簿原件,到村便民服务室即可办理,一般事项3个工作日内办结,全程不收费。' +
      '服务时间为工作日上午9:00至12:00、下午2:00至5:30。' +
      '如有疑问,请拨打区政务服务中心电话0839-5206688,或拨打12345政务服务便民热线。',
    department: `${COUNTY_NAME}政务服务和大数据管理局`,
    voice: DEFAULT_VOICE,
    sourceUrl: `${PORTAL}/tzgg/202611/t20261116_88421.html`,
  },
  {
    key: 'notice-farmland-subsidy-2026',
    kind: 'notice',
    title: '2026年耕地地力保护补贴发放情况公示',
    body:
      '根据省、市有关要求,现将我区2026年耕地地力保护补贴发放情况公示如下。' +
      '一、补贴对象为拥有耕地承包权并实际种植的农户,已改变用途的耕地不予补贴。' +
      '二、补贴标准为每亩108.6元,全区核定补贴面积21.35万亩,补贴资金合计约2318.6万元。' +
      '三、补贴资金通过社保卡直接发放到户,预计2026年12月20日前到账。' +
      '四、公示时间为2026年11月24日至11月30日,共7天。' +
      '各户补贴面积和金额已在村务公开栏张贴,也可到镇便民服务中心政务公开专区查询。' +
      '对公示内容有异议的,请在公示期内向所在镇人民政府或区农业农村局反映,监督电话0839-5213579。',
    department: `${COUNTY_NAME}农业农村局`,
    voice: DEFAULT_VOICE,
    sourceUrl: `${PORTAL}/tzgg/202611/t20261120_88517.html`,
  },
  {
    key: 'notice-winter-fire-prevention',
    kind: 'notice',
    title: '关于做好冬春季森林草原防灭火工作的通告',
    body:
      '全区森林防火期为2026年12月1日至2027年5月31日,其中2027年1月20日至4月30日为高火险期。' +
      '防火期内,林区及林缘500米范围内严禁烧荒烧灰、焚烧秸秆、上坟烧纸、燃放烟花爆竹等一切野外用火。' +
      '违规野外用火的,对个人处200元以上3000元以下罚款;引发森林火灾构成犯罪的,依法追究刑事责任。' +
      '请各位家长看管好孩子,不让儿童玩火;返乡祭祖请文明祭扫,用鲜花代替纸钱。' +
      '发现火情请立即拨打森林火警电话12119或119。让我们携起手来,共同守护青山绿水。',
    department: `${COUNTY_NAME}森林草原防灭火指挥部办公室`,
    voice: DEFAULT_VOICE,
  },
  {
    key: 'notice-medical-insurance-2027',
    kind: 'notice',
    title: '2027年度城乡居民基本医疗保险集中缴费提醒',
    body:
      '2027年度城乡居民基本医疗保险集中缴费正在进行,截止时间为2026年12月31日。' +
      '个人缴费标准为每人每年400元,财政补助每人每年不低于700元。' +
      '特困人员、低保对象、防止返贫监测对象等困难群众按规定享受全额或部分资助,占全区参保人数的8.5%左右。' +
      '缴费方式:一是通过“四川税务”微信小程序或手机银行缴纳;二是到村便民服务室请代办员协助缴纳;三是到镇便民服务中心窗口缴纳。' +
      '马鞍彝族乡便民服务中心设有汉彝双语窗口,可以用彝语咨询办理。' +
      '集中缴费期内参保的,2027年1月1日起享受待遇;逾期缴费的,待遇等待期为3个月。' +
      '咨询电话:医保服务热线12393,区医疗保障局0839-5219012。',
    department: `${COUNTY_NAME}医疗保障局`,
    voice: DEFAULT_VOICE,
  },
];

const interpretations: SeedInterpretation[] = [
  {
    key: 'interp-village-service-list-2026',
    kind: 'interpretation',
    title: `《${COUNTY_NAME}“村能办”村级可办事项清单(2026年版)》政策解读`,
    department: `${COUNTY_NAME}政务服务和大数据管理局`,
    interpreter: '张明远(区政务服务和大数据管理局副局长)',
    sourceUrl: `${PORTAL}/zcjd/202611/t20261116_88422.html`,
    qa: [
      {
        q: '什么是“村能办”?',
        a:
          '就是把原来要到镇上、区上窗口办理的事项,借助村便民服务室的扫描仪、可视电话和政务外网,' +
          '由镇、区窗口工作人员远程视频审核,群众在村里就能办结,不用再跑十几公里山路。',
      },
      {
        q: '哪些事项可以在村里办?',
        a:
          '清单共268项,其中区级事项196项、镇级事项72项,主要是社会保障、民政救助、医疗保障、农业农村、户籍证明等群众经常办理的事项。' +
          '完整清单在各村便民服务室和区政府网站政务公开专栏公布。',
      },
      {
        q: '办理要多长时间?收不收费?',
        a: '即办件当场办结,承诺件一般3个工作日内办结,证照直接在村便民服务室打印。村级代办一律不收取任何费用。',
      },
      {
        q: '老年人行动不便怎么办?',
        a: '80周岁以上老人、重度残疾人等行动不便的群众,可以电话预约村代办员上门服务,预约电话在各村村务公开栏公布。',
      },
      {
        q: '遇到推诿或者乱收费怎么反映?',
        a: '请拨打12345政务服务便民热线,或区政务服务中心监督电话0839-5206688,我们将在5个工作日内答复处理结果。',
      },
    ],
  },
  {
    key: 'interp-farmland-subsidy-2026',
    kind: 'interpretation',
    title: '2026年耕地地力保护补贴政策解读',
    department: `${COUNTY_NAME}农业农村局`,
    interpreter: '李国华(区农业农村局局长)',
    sourceUrl: `${PORTAL}/zcjd/202611/t20261120_88518.html`,
    qa: [
      {
        q: '哪些农户可以领取耕地地力保护补贴?',
        a:
          '拥有耕地承包权、并且耕地实际用于农业生产的农户都可以领取。' +
          '耕地流转给别人种的,补贴原则上发给承包户,流转双方另有约定的按约定执行。',
      },
      {
        q: '哪些耕地不能享受补贴?',
        a: '已经改为林地、养殖场或建设用地的耕地,被征收占用的耕地,以及连续撂荒两年以上的耕地,都不再享受补贴。',
      },
      {
        q: '今年的补贴标准是多少?钱怎么发?',
        a: '今年每亩108.6元,按核定面积计算,通过社保卡直接打到农户账户,农户不需要另外申请,也不发放现金。',
      },
      {
        q: '有人说领补贴要交“手续费”,是真的吗?',
        a:
          '不是真的。补贴资金全额发放到户,任何单位和个人不得截留、挪用或收取费用。' +
          '遇到这种情况,请拨打区农业农村局监督电话0839-5213579举报。',
      },
    ],
  },
];

export const DEMO_COUNTY: SeedCounty = { region, towns, villages, devices, users, notices, interpretations };

const DIVISION_CODE = /^\d{12}$/;
const MAX_TEXT_CHARS = 5000;
const PARENT_LEVEL = { town: 'county', village: 'town' } as const;
/** Digits a child shares with its parent: a town keeps the county's 6, a village the town's 9. */
const SHARED_PREFIX = { town: 6, village: 9 } as const;
const PROFILES_BY_KIND: Record<SeedDeviceKind, SeedDeviceProfile[]> = {
  speaker: ['speaker'],
  tv: ['hall-tv-1080p'],
  led: ['led-384x192', 'led-strip-1024x64'],
};

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const v of values) (seen.has(v) ? repeated : seen).add(v);
  return [...repeated];
}

/** Lists every inconsistency in the seed data (empty when it is sound), so a bad edit fails tests, not the first start. */
export function validateDemoCounty(c: SeedCounty = DEMO_COUNTY): string[] {
  const problems: string[] = [];
  const all = [c.region, ...c.towns, ...c.villages];
  const byCode = new Map(all.map((r) => [r.code, r]));

  for (const code of duplicates(all.map((r) => r.code))) problems.push(`duplicate region code ${code}`);
  for (const r of all) {
    if (!DIVISION_CODE.test(r.code)) problems.push(`region ${r.name}: code "${r.code}" is not 12 digits`);
  }

  if (c.region.level !== 'county' || c.region.parentCode !== null) {
    problems.push(`region ${c.region.code}: the county must have level county and no parent`);
  }
  const listed: Array<[SeedRegion[], 'town' | 'village']> = [[c.towns, 'town'], [c.villages, 'village']];
  for (const [regions, level] of listed) {
    for (const r of regions) {
      if (r.level !== level) problems.push(`region ${r.code}: listed as ${level} but has level ${r.level}`);
      const parent = r.parentCode === null ? undefined : byCode.get(r.parentCode);
      if (!parent) {
        problems.push(`region ${r.code}: parent ${r.parentCode ?? '(none)'} missing`);
      } else if (parent.level !== PARENT_LEVEL[level]) {
        problems.push(`region ${r.code}: a ${level} must be under a ${PARENT_LEVEL[level]}, not a ${parent.level}`);
      } else if (r.code.slice(0, SHARED_PREFIX[level]) !== parent.code.slice(0, SHARED_PREFIX[level])) {
        problems.push(`region ${r.code}: code does not nest under parent ${parent.code}`);
      }
    }
  }

  for (const id of duplicates(c.devices.map((d) => d.id))) problems.push(`duplicate device id ${id}`);
  for (const d of c.devices) {
    if (!byCode.has(d.regionCode)) problems.push(`device ${d.id}: unknown region ${d.regionCode}`);
    if (!PROFILES_BY_KIND[d.kind].includes(d.profile)) problems.push(`device ${d.id}: profile ${d.profile} does not suit a ${d.kind}`);
  }

  for (const name of duplicates(c.users.map((u) => u.username))) problems.push(`duplicate username ${name}`);
  for (const u of c.users) if (u.roles.length === 0) problems.push(`user ${u.username}: no roles`);

  const keys = [...c.notices, ...c.interpretations].map((x) => x.key);
  for (const key of duplicates(keys)) problems.push(`duplicate content key ${key}`);
  for (const n of c.notices) {
    if (n.body.length > MAX_TEXT_CHARS) problems.push(`notice ${n.key}: body has ${n.body.length} characters (max ${MAX_TEXT_CHARS})`);
  }
  for (const i of c.interpretations) {
    if (i.qa.length === 0) problems.push(`interpretation ${i.key}: no questions`);
    const chars = i.qa.reduce((sum, { q, a }) => sum + q.length + a.length, 0);
    if (chars > MAX_TEXT_CHARS) problems.push(`interpretation ${i.key}: Q&A has ${chars} characters (max ${MAX_TEXT_CHARS})`);
  }
  return problems;
}
