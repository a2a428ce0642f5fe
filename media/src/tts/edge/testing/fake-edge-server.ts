/**
 * Test double: a local websocket server speaking the Edge read-aloud protocol as the real service does, with
 * its own frame parsing and building (so it checks the client instead of mirroring it). Not used in production.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AddressInfo } from 'net';
import WebSocket, { WebSocketServer } from 'ws';

/** How the fake answers one connection; 'refuse' fails the handshake with HTTP 403 (as on a stale token). */
export type FakeBehaviour = 'ok' | 'close-mid-stream' | 'silent' | 'no-audio' | 'refuse';

export interface ReceivedTurn {
  origin?: string;
  config: { headers: Record<string, string>; body: unknown };
  ssmlHeaders: Record<string, string>;
  ssml: string;
  voice: string;
  rate: string;
  /** The SSML's text content after XML parsing, i.e. what the service would speak. */
  text: string;
}

export interface FakeEdgeServer {
  url: string;
  /** Connections attempted so far (probes and refused handshakes included). */
  readonly connections: number;
  readonly turns: ReceivedTurn[];
  /** Behaviours of the next connections, in order; afterwards `fallback` applies. */
  script(behaviours: FakeBehaviour[], fallback?: FakeBehaviour): void;
  close(): Promise<void>;
}

const CHUNK_BYTES = 2048;

function split(message: string): { headers: Record<string, string>; body: string } {
  const at = message.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of message.slice(0, at < 0 ? message.length : at).split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return { headers, body: at < 0 ? '' : message.slice(at + 4) };
}

function textFrame(requestId: string, path: string, body: string): string {
  return `X-RequestId:${requestId}\r\nContent-Type:application/json; charset=utf-8\r\nPath:${path}\r\n\r\n${body}`;
}

function binaryAudioFrame(requestId: string, audio: Buffer): Buffer {
  const headers = Buffer.from(`X-RequestId:${requestId}\r\nContent-Type:audio/mpeg\r\nX-StreamId:fake\r\nPath:audio\r\n`);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(headers.length);
  return Buffer.concat([length, headers, audio]);
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: false });

interface ParsedSsml {
  speak: { voice: { name: string; prosody: { rate: string; '#text'?: string } } };
}

/** `port`: listen where an earlier fake listened, so a client configured with its URL sees the service come back. */
export async function startFakeEdgeServer(audioFor: (text: string) => Buffer, opts: { port?: number } = {}): Promise<FakeEdgeServer> {
  const turns: ReceivedTurn[] = [];
  let planned: FakeBehaviour[] = [];
  let fallback: FakeBehaviour = 'ok';
  let connections = 0;
  const behaviours = new WeakMap<object, FakeBehaviour>();
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: opts.port ?? 0,
    verifyClient: ({ req }, accept) => {
      connections++;
      const behaviour = planned.shift() ?? fallback;
      behaviours.set(req, behaviour);
      if (behaviour === 'refuse') accept(false, 403, 'Forbidden');
      else accept(true);
    },
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', () => resolve());
    wss.once('error', reject);
  });

  wss.on('connection', (ws, request) => {
    const behaviour = behaviours.get(request) ?? 'ok';
    let config: ReceivedTurn['config'] | undefined;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1002, 'unexpected binary frame');
      const { headers, body } = split(data.toString());
      if (headers.Path === 'speech.config') {
        config = { headers, body: JSON.parse(body) as unknown };
        return;
      }
      // The real service drops clients that send SSML first or malformed XML.
      if (headers.Path !== 'ssml' || !config || !headers['X-RequestId']) return ws.close(1002, 'protocol violation');
      if (XMLValidator.validate(body) !== true) return ws.close(1007, 'invalid SSML');
      const parsed = xml.parse(body) as ParsedSsml;
      const prosody = parsed.speak.voice.prosody;
      const turn: ReceivedTurn = {
        origin: request.headers.origin,
        config,
        ssmlHeaders: headers,
        ssml: body,
        voice: parsed.speak.voice.name,
        rate: prosody.rate,
        text: prosody['#text'] ?? '',
      };
      turns.push(turn);
      answer(ws, headers['X-RequestId'], turn.text, behaviour);
    });
  });

  function answer(ws: WebSocket, requestId: string, text: string, behaviour: FakeBehaviour): void {
    if (behaviour === 'silent') return;
    ws.send(textFrame(requestId, 'turn.start', '{"context":{"serviceTag":"fake"}}'));
    ws.send(textFrame(requestId, 'response', '{"context":{"serviceTag":"fake"},"audio":{"type":"inline","streamId":"fake"}}'));
    if (behaviour !== 'no-audio') {
      const audio = audioFor(text);
      for (let at = 0; at < audio.length; at += CHUNK_BYTES) {
        ws.send(binaryAudioFrame(requestId, audio.subarray(at, at + CHUNK_BYTES)));
        if (behaviour === 'close-mid-stream') return ws.terminate();
      }
      const word = { Metadata: [{ Type: 'WordBoundary', Data: { Offset: 500000, Duration: 1000000, text: { Text: text.slice(0, 2) } } }] };
      ws.send(textFrame(requestId, 'audio.metadata', JSON.stringify(word)));
    }
    ws.send(textFrame(requestId, 'turn.end', '{}'));
  }

  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/consumer/speech/synthesize/readaloud/edge/v1`,
    get connections() {
      return connections;
    },
    turns,
    script(behaviours, next = 'ok') {
      planned = [...behaviours];
      fallback = next;
    },
    close() {
      for (const client of wss.clients) client.terminate();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
