import { XMLValidator } from 'fast-xml-parser';
import {
  buildSsml,
  configMessage,
  EDGE_OUTPUT_FORMAT,
  edgeEndpointUrl,
  escapeSsml,
  parseBinaryFrame,
  parseTextFrame,
  rateToEdgeProsody,
  ssmlMessage,
} from './edge-protocol';

describe('rateToEdgeProsody', () => {
  it.each([
    [1, '+0%'],
    [0.8, '-20%'],
    [0.75, '-25%'],
    [1.25, '+25%'],
    [0.333, '-50%'],
    [5, '+100%'],
  ])('should map rate %p to %p', (rate, expected) => {
    expect(rateToEdgeProsody(rate)).toBe(expected);
  });

  it('should reject a rate that is not a positive number', () => {
    expect(() => rateToEdgeProsody(0)).toThrow(expect.objectContaining({ code: 'TTS_FAILED' }));
    expect(() => rateToEdgeProsody(Number.NaN)).toThrow(expect.objectContaining({ code: 'TTS_FAILED' }));
  });
});

describe('escapeSsml', () => {
  it('should escape markup characters and CDATA ends when text holds them', () => {
    expect(escapeSsml(`a<b>&"c"'d']]>`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;]]&gt;');
  });

  it('should replace characters XML forbids and keep CJK, emoji and line breaks when text holds them', () => {
    expect(escapeSsml('一\u0000二\u001f三\uFFFE四\uD800五😀\n六\t')).toBe('一 二 三 四 五😀\n六\t');
  });

  it('should leave already-escaped entities escaped once more when text holds them', () => {
    expect(escapeSsml('&amp;')).toBe('&amp;amp;');
  });
});

describe('buildSsml', () => {
  it('should build well-formed SSML with the voice and rate when text is hostile', () => {
    const ssml = buildSsml({ voice: 'zh-CN-XiaoxiaoNeural', lang: 'zh-CN', rate: '-20%', text: `</prosody><x a='1'>]]>&` });
    expect(XMLValidator.validate(ssml)).toBe(true);
    expect(ssml).toBe(
      "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='zh-CN'>" +
        "<voice name='zh-CN-XiaoxiaoNeural'><prosody pitch='+0Hz' rate='-20%' volume='+0%'>" +
        '&lt;/prosody&gt;&lt;x a=&apos;1&apos;&gt;]]&gt;&amp;</prosody></voice></speak>',
    );
  });
});

describe('edge messages', () => {
  it('should frame the config message with its headers and the MP3 output format', () => {
    const frame = parseTextFrame(configMessage('Thu, 01 Jan 2026 00:00:00 GMT'));
    expect(frame.headers).toEqual({
      'X-Timestamp': 'Thu, 01 Jan 2026 00:00:00 GMT',
      'Content-Type': 'application/json; charset=utf-8',
      Path: 'speech.config',
    });
    expect(JSON.parse(frame.body)).toEqual({
      context: {
        synthesis: {
          audio: { metadataoptions: { sentenceBoundaryEnabled: 'false', wordBoundaryEnabled: 'false' }, outputFormat: EDGE_OUTPUT_FORMAT },
        },
      },
    });
  });

  it('should frame the SSML message with the request id', () => {
    const frame = parseTextFrame(ssmlMessage('abc123', 'T', '<speak/>'));
    expect(frame).toEqual({
      headers: { 'X-RequestId': 'abc123', 'Content-Type': 'application/ssml+xml', 'X-Timestamp': 'T', Path: 'ssml' },
      body: '<speak/>',
    });
  });

  it('should read a text frame without a body when there is no blank line', () => {
    expect(parseTextFrame('X-RequestId:1\r\nPath:turn.end')).toEqual({ headers: { 'X-RequestId': '1', Path: 'turn.end' }, body: '' });
  });

  it('should split a binary frame into headers and audio when the header length fits', () => {
    const headers = Buffer.from('X-RequestId:9\r\nContent-Type:audio/mpeg\r\nPath:audio\r\n');
    const length = Buffer.from([headers.length >> 8, headers.length & 0xff]);
    const frame = parseBinaryFrame(Buffer.concat([length, headers, Buffer.from([0xff, 0xf3, 0x01])]));
    expect(frame?.headers).toEqual({ 'X-RequestId': '9', 'Content-Type': 'audio/mpeg', Path: 'audio' });
    expect([...(frame?.body ?? [])]).toEqual([0xff, 0xf3, 0x01]);
  });

  it('should reject a binary frame whose header length overruns it', () => {
    expect(parseBinaryFrame(Buffer.from([0x00, 0x10, 0x41]))).toBeUndefined();
    expect(parseBinaryFrame(Buffer.from([0x00]))).toBeUndefined();
  });
});

describe('edgeEndpointUrl', () => {
  it('should carry the client token, a fresh Sec-MS-GEC token and a connection id', () => {
    const url = new URL(edgeEndpointUrl());
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe('wss://speech.platform.bing.com/consumer/speech/synthesize/readaloud/edge/v1');
    expect(url.searchParams.get('TrustedClientToken')).toMatch(/^[0-9A-F]{32}$/);
    expect(url.searchParams.get('Sec-MS-GEC')).toMatch(/^[0-9A-F]{64}$/);
    expect(url.searchParams.get('Sec-MS-GEC-Version')).toMatch(/^1-\d+\.\d+\.\d+\.\d+$/);
    expect(url.searchParams.get('ConnectionId')).toMatch(/^[0-9a-f]{32}$/);
    expect(new URL(edgeEndpointUrl()).searchParams.get('ConnectionId')).not.toBe(url.searchParams.get('ConnectionId'));
  });
});
