import { readFileSync } from 'fs';
import { join } from 'path';
import { CAP_MAX_BYTES, parseCap } from './cap-parse';
import type { CapAlert, CapParseResult } from './cap-types';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const FLOOD = fixture('flood-red-zh.xml');

function alertOf(result: CapParseResult): CapAlert {
  if (!result.ok) throw new Error(`expected a valid alert, got ${result.code}: ${result.message}`);
  return result.alert;
}

/** The flood warning with every occurrence of one cap: element removed. */
const withoutElement = (name: string): string => FLOOD.replace(new RegExp(`<cap:${name}>[\\s\\S]*?</cap:${name}>`, 'g'), '');
const withValue = (name: string, value: string): string =>
  FLOOD.replace(new RegExp(`<cap:${name}>[^<]*</cap:${name}>`), `<cap:${name}>${value}</cap:${name}>`);
const replaced = (from: string, to: string): string => {
  if (!FLOOD.includes(from)) throw new Error(`fixture has no ${from}`);
  return FLOOD.replace(from, to);
};

describe('parseCap', () => {
  describe('valid documents', () => {
    it('should read every field of a prefixed Chinese flood warning when all elements are present', () => {
      expect(alertOf(parseCap(FLOOD))).toEqual({
        identifier: '51081141600000-20240715160000-RAIN-RED',
        sender: 'qxt@qifeng.weather.example.cn',
        sent: '2024-07-15T16:00:00+08:00',
        status: 'Actual',
        msgType: 'Alert',
        scope: 'Public',
        references: [],
        infos: [
          {
            language: 'zh-CN',
            categories: ['Met'],
            event: '暴雨',
            urgency: 'Immediate',
            severity: 'Extreme',
            certainty: 'Likely',
            effective: '2024-07-15T16:00:00+08:00',
            expires: '2024-07-16T04:00:00+08:00',
            senderName: '栖凤区气象台',
            headline: '栖凤区气象台发布暴雨红色预警信号',
            description:
              '过去3小时青石镇、白鹤镇降雨量已达100毫米以上，\n      预计未来3小时仍将出现每小时50毫米以上的强降雨，山洪、滑坡风险极高',
            instruction: '请沿河及低洼地带群众立即转移到安全地点；停止户外作业和集会；学校、幼儿园停课。',
            areas: [
              {
                areaDesc: '栖凤区青石镇、白鹤镇',
                polygons: ['30.61,104.02 30.66,104.10 30.58,104.15 30.61,104.02'],
                circles: [],
                geocodes: [
                  { valueName: 'GB/T 2260 统计用区划代码', value: '510811100000' },
                  { valueName: 'GB/T 2260 统计用区划代码', value: '510811101000' },
                ],
              },
            ],
          },
        ],
      });
    });

    it('should read a default-namespace document with two info blocks and repeated categories when it is bilingual', () => {
      const alert = alertOf(parseCap(fixture('typhoon-bilingual.xml')));
      expect(alert.infos.map((i) => [i.language, i.categories, i.event])).toEqual([
        ['en-US', ['Geo', 'Safety'], 'Landslide'],
        ['zh-CN', ['Geo', 'Safety'], '地质灾害'],
      ]);
      expect(alert.infos[1].areas).toEqual([{ areaDesc: '栖凤区紫云镇，金竹镇', geocodes: [], polygons: [], circles: ['30.52,104.21 6.5'] }]);
    });

    it('should split references into sender, identifier and sent when the message is a Cancel', () => {
      const alert = alertOf(parseCap(fixture('flood-red-cancel.xml')));
      expect(alert.msgType).toBe('Cancel');
      expect(alert.references).toEqual([
        { sender: 'qxt@qifeng.weather.example.cn', identifier: '51081141600000-20240715160000-RAIN-RED', sent: '2024-07-15T16:00:00+08:00' },
      ]);
    });

    it('should read several reference triples when they are separated by whitespace', () => {
      const xml = replaced('<cap:msgType>Alert</cap:msgType>', '<cap:msgType>Update</cap:msgType><cap:references>a@x,ID-1,2024-07-15T10:00:00+08:00\n  a@x,ID-2,2024-07-15T11:00:00+08:00</cap:references>');
      expect(alertOf(parseCap(xml)).references.map((r) => r.identifier)).toEqual(['ID-1', 'ID-2']);
    });

    it('should parse Update and Exercise documents when they are well formed', () => {
      expect(alertOf(parseCap(fixture('flood-orange-update.xml'))).msgType).toBe('Update');
      const drill = alertOf(parseCap(fixture('fire-drill-exercise.xml')));
      expect([drill.status, drill.infos[0].areas[0].geocodes[0].value]).toEqual(['Exercise', '510811']);
    });

    it('should default language to en-US when <language> is absent', () => {
      expect(alertOf(parseCap(withoutElement('language'))).infos[0].language).toBe('en-US');
    });

    it('should accept an alert without info blocks when the message is an Ack', () => {
      const xml = FLOOD.replace(/<cap:info>[\s\S]*<\/cap:info>/, '').replace('>Alert<', '>Ack<');
      const alert = alertOf(parseCap(xml));
      expect([alert.msgType, alert.infos]).toEqual(['Ack', []]);
    });

    it('should treat an empty optional element as absent when it has no text', () => {
      expect(alertOf(parseCap(withValue('headline', ''))).infos[0].headline).toBeNull();
    });

    it('should decode predefined entities and character references but keep CDATA and unknown entities literal', () => {
      const xml = withValue('description', '水位&gt;警戒线 &amp; 上涨&#x4E2D;&#25991; &nbsp;<![CDATA[ a &amp; <b> ]]>');
      expect(alertOf(parseCap(xml)).infos[0].description).toBe('水位>警戒线 & 上涨中文 &nbsp; a &amp; <b>');
    });

    it('should accept UTC "Z" times and fractional seconds when the offset is otherwise implicit', () => {
      expect(alertOf(parseCap(withValue('sent', '2024-07-15T08:00:00.250Z'))).sent).toBe('2024-07-15T08:00:00.250Z');
    });

    it('should accept a leading byte-order mark when the document was saved by a Windows editor', () => {
      expect(parseCap(`\uFEFF${FLOOD}`).ok).toBe(true);
    });
  });

  describe('missing required elements', () => {
    it.each(['identifier', 'sender', 'sent', 'status', 'msgType', 'scope'])(
      'should name <%s> when the alert lacks it',
      (name) => {
        expect(parseCap(withoutElement(name))).toEqual({
          ok: false,
          code: 'CAP_MISSING_ELEMENT',
          element: name,
          message: `缺少必需元素 <${name}>`,
        });
      },
    );

    it.each(['category', 'event', 'urgency', 'severity', 'certainty'])('should name <%s> and its info block when the info lacks it', (name) => {
      expect(parseCap(withoutElement(name))).toEqual({
        ok: false,
        code: 'CAP_MISSING_ELEMENT',
        element: name,
        message: `缺少必需元素 <${name}>（第 1 个 <info>）`,
      });
    });

    it('should name <areaDesc> and its area when an area lacks it', () => {
      expect(parseCap(withoutElement('areaDesc'))).toMatchObject({
        code: 'CAP_MISSING_ELEMENT',
        element: 'areaDesc',
        message: '缺少必需元素 <areaDesc>（第 1 个 <info> 的第 1 个 <area>）',
      });
    });

    it('should name <value> when a geocode lacks it', () => {
      const xml = replaced('<cap:value>510811101000</cap:value>', '');
      expect(parseCap(xml)).toMatchObject({ code: 'CAP_MISSING_ELEMENT', element: 'value' });
    });

    it('should report a required element as missing when it is present but empty', () => {
      expect(parseCap(withValue('identifier', '  '))).toMatchObject({ code: 'CAP_MISSING_ELEMENT', element: 'identifier' });
    });

    it('should report the first missing category when an info block is empty', () => {
      const xml = FLOOD.replace(/<cap:info>[\s\S]*<\/cap:info>/, '<cap:info/>');
      expect(parseCap(xml)).toMatchObject({ code: 'CAP_MISSING_ELEMENT', element: 'category' });
    });

    it('should require <references> when the message is a Cancel', () => {
      const xml = fixture('flood-red-cancel.xml').replace(/<cap:references>.*<\/cap:references>/, '');
      expect(parseCap(xml)).toEqual({
        ok: false,
        code: 'CAP_MISSING_ELEMENT',
        element: 'references',
        message: '<msgType> 为 Cancel 时缺少必需元素 <references>',
      });
    });
  });

  describe('invalid values', () => {
    it('should list the allowed values when <status> is not a CAP status', () => {
      expect(parseCap(fixture('invalid-bad-status.xml'))).toEqual({
        ok: false,
        code: 'CAP_INVALID_VALUE',
        element: 'status',
        message: '元素 <status> 的值“Live”无效，应为 Actual、Exercise、System、Test、Draft 之一',
      });
    });

    it.each([
      ['msgType', 'Notice'],
      ['scope', 'public'],
      ['category', 'Weather'],
      ['urgency', 'Now'],
      ['severity', 'Red'],
      ['certainty', 'Sure'],
    ])('should reject <%s> when its value is %s', (name, value) => {
      const result = parseCap(withValue(name, value));
      expect(result).toMatchObject({ ok: false, code: 'CAP_INVALID_VALUE', element: name });
      expect(!result.ok && result.message).toContain(`“${value}”`);
    });

    it.each(['2024-07-15 16:00:00+08:00', '2024-07-15T16:00:00', '2024-02-30T16:00:00+08:00', '2024-07-15T24:00:00+08:00', 'soon'])(
      'should reject <sent> when it is %s',
      (value) => {
        expect(parseCap(withValue('sent', value))).toMatchObject({ code: 'CAP_INVALID_VALUE', element: 'sent' });
      },
    );

    it('should reject <expires> when it has no offset', () => {
      expect(parseCap(withValue('expires', '2024-07-16T04:00:00'))).toMatchObject({ code: 'CAP_INVALID_VALUE', element: 'expires' });
    });

    it('should reject a single-valued element when it appears twice', () => {
      const xml = replaced('<cap:event>暴雨</cap:event>', '<cap:event>暴雨</cap:event><cap:event>大风</cap:event>');
      expect(parseCap(xml)).toMatchObject({ code: 'CAP_INVALID_VALUE', element: 'event', message: '元素 <event> 只能出现一次（第 1 个 <info>）' });
    });

    it('should reject an identifier when it contains a space or comma', () => {
      expect(parseCap(withValue('identifier', 'RAIN RED,1'))).toMatchObject({ code: 'CAP_INVALID_VALUE', element: 'identifier' });
    });

    it('should reject <references> when an entry is not a sender,identifier,sent triple', () => {
      const xml = fixture('flood-red-cancel.xml').replace(/(<cap:references>)[^<]*/, '$1qxt@qifeng.weather.example.cn,ONLY-TWO');
      expect(parseCap(xml)).toMatchObject({ code: 'CAP_INVALID_VALUE', element: 'references' });
    });
  });

  describe('documents that are not CAP 1.2', () => {
    it('should report malformed XML when the body is JSON', () => {
      expect(parseCap(fixture('invalid-not-xml.xml'))).toMatchObject({ ok: false, code: 'CAP_MALFORMED' });
    });

    it.each([
      ['truncated', FLOOD.slice(0, FLOOD.length / 2)],
      ['mismatched tags', '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</sender></alert>'],
      ['empty', ''],
      ['two roots', `${FLOOD}<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2"/>`],
    ])('should report CAP_MALFORMED when the document is %s', (_label, xml) => {
      const result = parseCap(xml);
      expect(result).toMatchObject({ ok: false, code: 'CAP_MALFORMED' });
      expect(!result.ok && result.message).toMatch(/XML/);
    });

    it('should name the CAP version when the namespace is CAP 1.1', () => {
      expect(parseCap(fixture('invalid-cap11.xml'))).toEqual({
        ok: false,
        code: 'CAP_INVALID_VALUE',
        element: 'alert',
        message: '不支持的 CAP 版本 1.1：仅支持 CAP 1.2（urn:oasis:names:tc:emergency:cap:1.2）',
      });
    });

    it('should reject an alert element when it has a foreign namespace or none', () => {
      const foreign = FLOOD.replace('urn:oasis:names:tc:emergency:cap:1.2', 'http://www.w3.org/2005/Atom');
      expect(parseCap(foreign)).toMatchObject({ code: 'CAP_INVALID_VALUE', element: 'alert', message: expect.stringContaining('Atom') });
      const bare = FLOOD.replace(' xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2"', '');
      expect(parseCap(bare)).toMatchObject({ code: 'CAP_INVALID_VALUE', element: 'alert', message: expect.stringContaining('未声明') });
    });

    it('should reject the document when the root element is not <alert>', () => {
      expect(parseCap('<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>')).toMatchObject({
        code: 'CAP_MISSING_ELEMENT',
        element: 'alert',
        message: '根元素必须是 <alert>，实际为 <feed>',
      });
    });
  });

  describe('hostile documents', () => {
    it('should refuse a billion-laughs document quickly when it declares nested entities', () => {
      const started = performance.now();
      const result = parseCap(fixture('attack-billion-laughs.xml'));
      expect(result).toMatchObject({ ok: false, code: 'CAP_FORBIDDEN_DTD' });
      expect(performance.now() - started).toBeLessThan(100);
    });

    it('should refuse an external entity without reading the file when it points at /etc/passwd', () => {
      const result = parseCap(fixture('attack-external-entity.xml'));
      expect(result).toEqual({
        ok: false,
        code: 'CAP_FORBIDDEN_DTD',
        message: 'CAP 文档不得包含 DOCTYPE 或 ENTITY 声明（为防范实体扩展与外部实体攻击）',
      });
    });

    it.each([
      ['a lower-case doctype', FLOOD.replace('?>', '?><!doctype alert>')],
      ['an entity declaration hidden in a comment', FLOOD.replace('?>', '?><!-- <!ENTITY x "y"> -->')],
    ])('should refuse the document when it contains %s', (_label, xml) => {
      expect(parseCap(xml)).toMatchObject({ code: 'CAP_FORBIDDEN_DTD' });
    });

    it('should refuse a document when it exceeds the size cap in UTF-8 bytes', () => {
      // 90,000 Chinese characters are fewer UTF-16 units than the cap but about 270,000 bytes.
      const result = parseCap(withValue('description', '雨'.repeat(90_000)));
      expect(result).toMatchObject({ ok: false, code: 'CAP_TOO_LARGE' });
      expect(!result.ok && result.message).toContain(String(CAP_MAX_BYTES));
    });

    it('should accept a large document when it is under the size cap', () => {
      expect(parseCap(withValue('description', '雨'.repeat(80_000))).ok).toBe(true);
    });
  });
});
