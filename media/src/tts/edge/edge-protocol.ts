/**
 * The Edge "read aloud" websocket protocol, as pure functions: each message is a block of `Name:value` header
 * lines, a blank line, then a body. Text frames carry JSON/SSML; binary audio frames start with a 2-byte
 * big-endian header length, then the headers (`Path:audio`), then the MP3 bytes.
 */
import { randomUUID } from 'crypto';
import { CHROMIUM_FULL_VERSION, generateSecMsGecToken, TRUSTED_CLIENT_TOKEN } from 'node-edge-tts/dist/drm';
import { MediaError } from '../../media-error';

/** Mono MP3 at 24 kHz: the smallest format every edge voice serves. */
export const EDGE_OUTPUT_FORMAT = 'audio-24khz-48kbitrate-mono-mp3';
export const EDGE_SAMPLE_RATE = 24_000;

const CRLF = '\r\n';
const ENDPOINT = 'wss://speech.platform.bing.com/consumer/speech/synthesize/readaloud/edge/v1';

/**
 * The public endpoint with a fresh anti-abuse token. The token and browser version come from node-edge-tts,
 * so a package update follows the service when Microsoft changes them.
 */
export function edgeEndpointUrl(): string {
  const query = new URLSearchParams({
    TrustedClientToken: TRUSTED_CLIENT_TOKEN,
    'Sec-MS-GEC': generateSecMsGecToken(),
    'Sec-MS-GEC-Version': `1-${CHROMIUM_FULL_VERSION}`,
    ConnectionId: randomUUID().replace(/-/g, ''),
  });
  return `${ENDPOINT}?${query.toString()}`;
}

/** The service only answers clients that look like the Edge browser's read-aloud extension. */
export function edgeHandshakeHeaders(): Record<string, string> {
  const major = CHROMIUM_FULL_VERSION.split('.')[0];
  return {
    Origin: 'chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold',
    'User-Agent': `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36 Edg/${major}.0.0.0`,
    Pragma: 'no-cache',
    'Cache-Control': 'no-cache',
  };
}

/** Relative rate (1.0 normal) → prosody rate; kept within 0.5×–2×, the range the neural voices support. */
export function rateToEdgeProsody(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) throw new MediaError('TTS_FAILED', `语速设置无效：${rate}`);
  const percent = Math.round((Math.min(2, Math.max(0.5, rate)) - 1) * 100);
  return `${percent < 0 ? '-' : '+'}${Math.abs(percent)}%`;
}

/** Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF): the service rejects the whole request. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** User text → SSML character data or attribute value: markup characters escaped (so `]]>` too), illegal ones dropped. */
export function escapeSsml(text: string): string {
  return text.replace(NOT_XML_CHAR, ' ').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]);
}

export interface SsmlInput {
  voice: string;
  lang: string;
  /** Prosody rate as produced by rateToEdgeProsody. */
  rate: string;
  text: string;
}

export function buildSsml({ voice, lang, rate, text }: SsmlInput): string {
  return (
    `<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='${escapeSsml(lang)}'>` +
    `<voice name='${escapeSsml(voice)}'><prosody pitch='+0Hz' rate='${escapeSsml(rate)}' volume='+0%'>` +
    `${escapeSsml(text)}</prosody></voice></speak>`
  );
}

function message(headers: Array<[string, string]>, body: string): string {
  return `${headers.map(([k, v]) => `${k}:${v}`).join(CRLF)}${CRLF}${CRLF}${body}`;
}

/** First message of a connection: the audio format; word/sentence boundary events are not needed. */
export function configMessage(timestamp: string): string {
  const config = {
    context: {
      synthesis: {
        audio: {
          metadataoptions: { sentenceBoundaryEnabled: 'false', wordBoundaryEnabled: 'false' },
          outputFormat: EDGE_OUTPUT_FORMAT,
        },
      },
    },
  };
  return message(
    [
      ['X-Timestamp', timestamp],
      ['Content-Type', 'application/json; charset=utf-8'],
      ['Path', 'speech.config'],
    ],
    JSON.stringify(config),
  );
}

export function ssmlMessage(requestId: string, timestamp: string, ssml: string): string {
  return message(
    [
      ['X-RequestId', requestId],
      ['Content-Type', 'application/ssml+xml'],
      ['X-Timestamp', timestamp],
      ['Path', 'ssml'],
    ],
    ssml,
  );
}

export interface EdgeFrame<Body> {
  headers: Record<string, string>;
  body: Body;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split(CRLF)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function parseTextFrame(text: string): EdgeFrame<string> {
  const split = text.indexOf(CRLF + CRLF);
  if (split < 0) return { headers: parseHeaders(text), body: '' };
  return { headers: parseHeaders(text.slice(0, split)), body: text.slice(split + 4) };
}

/** Returns undefined for a frame whose declared header length does not fit (a corrupt frame). */
export function parseBinaryFrame(data: Buffer): EdgeFrame<Buffer> | undefined {
  if (data.length < 2) return undefined;
  const headerLength = data.readUInt16BE(0);
  if (2 + headerLength > data.length) return undefined;
  return { headers: parseHeaders(data.toString('utf8', 2, 2 + headerLength)), body: data.subarray(2 + headerLength) };
}
