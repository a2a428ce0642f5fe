/** In-memory engines for the catalogue and fallback tests: they record what they were asked to speak. */
import { MediaError } from '../../../media-error';
import { SynthesisRequest, SynthesizedSentence, TtsEngine, VoiceInfo } from '../../tts-engine';

export class FakeEngine implements TtsEngine {
  readonly requests: SynthesisRequest[] = [];
  failWith?: MediaError;
  probeAnswer: boolean | Error = true;
  probes = 0;
  readonly probe?: () => Promise<boolean>;

  constructor(
    readonly id: string,
    private readonly voiceList: VoiceInfo[],
    readonly needsNormalisation: boolean,
    withProbe: boolean,
  ) {
    if (!withProbe) return;
    this.probe = () => {
      this.probes++;
      return this.probeAnswer instanceof Error ? Promise.reject(this.probeAnswer) : Promise.resolve(this.probeAnswer);
    };
  }

  voices(): VoiceInfo[] {
    return this.voiceList;
  }

  synthesize(req: SynthesisRequest): Promise<SynthesizedSentence[]> {
    this.requests.push(req);
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve(req.sentences.map((text, i) => ({ text, file: `${req.workDir}/${this.id}-${i}.wav`, durationMs: 100 * (i + 1) })));
  }
}

export const OFFLINE: VoiceInfo = { id: 'espeak:cmn', engine: 'espeak', language: 'zh-CN', name: '普通话（离线合成）', offline: true };
export const ONLINE: VoiceInfo = { id: 'edge:zh-CN-XiaoxiaoNeural', engine: 'edge', language: 'zh-CN', name: '普通话女声', offline: false };
export const DIALECT: VoiceInfo = { id: 'edge:zh-CN-sichuan-YunxiNeural', engine: 'edge', language: 'zh-CN', dialect: '四川话', name: '四川话男声', offline: false };

export function fakeEngines(): { offline: FakeEngine; online: FakeEngine } {
  return {
    offline: new FakeEngine('espeak', [OFFLINE], true, false),
    online: new FakeEngine('edge', [ONLINE, DIALECT], false, true),
  };
}
