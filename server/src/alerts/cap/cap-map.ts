import { matchCapAreas, type RegionRef } from './cap-areas';
import type { CapAlert, CapInfo, CapSeverity, CapUrgency } from './cap-types';

/** China's emergency levels: 1 特别重大, 2 重大, 3 较大, 4 一般. */
export type AlertLevel = 1 | 2 | 3 | 4;
export type CapAction = 'send' | 'cancel' | 'update' | 'ignore';

export interface CapMapContext {
  regions: RegionRef[];
  /** Info-block language preference, most wanted first. */
  preferredLanguages?: string[];
}

export interface MappedCapAlert {
  action: CapAction;
  level: AlertLevel;
  /** What the speakers say: lead, description and instruction as Chinese sentences, at most MAX_SPEECH_CHARS. */
  text: string;
  title: string;
  regionCodes: string[];
  /** Earliest <expires> of all info blocks, as an ISO-8601 UTC instant. */
  expiresAt: string | null;
  /** Exercise/Test: never aired on ordinary devices. */
  exercise: boolean;
  /** Identifiers from <references>: the alerts a Cancel or Update acts on. */
  referencedIdentifiers: string[];
  /** `sent` as written in the document, so it compares equal to later <references> triples. */
  source: { sender: string; identifier: string; sent: string };
  unmatchedAreas: string[];
}

export type CapMapResult =
  | { ok: true; value: MappedCapAlert }
  | { ok: false; code: 'CAP_NO_TARGET' | 'CAP_NO_TEXT'; message: string };

export const DEFAULT_PREFERRED_LANGUAGES: readonly string[] = ['zh-CN', 'zh'];
export const MAX_SPEECH_CHARS = 1000;

/**
 * severity → level, one level more severe when Severe/Moderate come with urgency Immediate:
 *
 * | severity        | urgency Immediate | any other urgency |
 * |-----------------|-------------------|-------------------|
 * | Extreme         | 1                 | 1                 |
 * | Severe          | 1                 | 2                 |
 * | Moderate        | 2                 | 3                 |
 * | Minor / Unknown | 4                 | 4                 |
 */
const LEVEL_BY_SEVERITY: Record<CapSeverity, AlertLevel> = { Extreme: 1, Severe: 2, Moderate: 3, Minor: 4, Unknown: 4 };

export function capLevel(severity: CapSeverity, urgency: CapUrgency): AlertLevel {
  const bump = urgency === 'Immediate' && (severity === 'Severe' || severity === 'Moderate');
  const level = LEVEL_BY_SEVERITY[severity];
  return bump ? ((level - 1) as AlertLevel) : level;
}

/**
 * Turns a parsed CAP alert into our alert request. Pure: the caller decides whether it airs at once or waits for
 * a duty officer, and resolves referenced identifiers to stored alerts.
 */
export function mapCapToAlert(alert: CapAlert, ctx: CapMapContext): CapMapResult {
  const info = chooseInfo(alert.infos, ctx.preferredLanguages ?? DEFAULT_PREFERRED_LANGUAGES);
  const action = actionOf(alert);
  const { regionCodes, unmatchedAreas } = matchCapAreas(info?.areas ?? [], ctx.regions);
  const text = info ? speechText(info) : '';

  // Cancels and ignored messages need neither words nor a target of their own.
  if (action === 'send' || action === 'update') {
    if (text === '') {
      return { ok: false, code: 'CAP_NO_TEXT', message: `CAP 预警 ${alert.identifier} 没有 <info>，无可播报的内容` };
    }
    if (regionCodes.length === 0) {
      const areas = unmatchedAreas.length > 0 ? unmatchedAreas.join('、') : '（未提供 <area>）';
      return { ok: false, code: 'CAP_NO_TARGET', message: `CAP 预警 ${alert.identifier} 的发布区域未匹配到本系统的任何区划：${areas}` };
    }
  }

  return {
    ok: true,
    value: {
      action,
      level: info ? capLevel(info.severity, info.urgency) : 4,
      text,
      title: info ? tidy(info.headline ?? '') || info.event : '',
      regionCodes,
      expiresAt: earliestExpiry(alert.infos),
      exercise: alert.status === 'Exercise' || alert.status === 'Test',
      referencedIdentifiers: alert.references.map((r) => r.identifier),
      source: { sender: alert.sender, identifier: alert.identifier, sent: alert.sent },
      unmatchedAreas,
    },
  };
}

function actionOf(alert: CapAlert): CapAction {
  if (alert.status === 'System' || alert.status === 'Draft') return 'ignore';
  switch (alert.msgType) {
    case 'Alert':
      return 'send';
    case 'Update':
      return 'update';
    case 'Cancel':
      return 'cancel';
    case 'Ack':
    case 'Error':
      return 'ignore';
  }
}

/** Per preferred tag in order: that exact tag (case-insensitive), else a narrower one (zh → zh-Hans); else the first block. */
export function chooseInfo(infos: CapInfo[], preferred: readonly string[]): CapInfo | null {
  const tag = (s: string): string => s.toLowerCase().replace(/_/g, '-');
  for (const wanted of preferred.map(tag)) {
    const hit = infos.find((i) => tag(i.language) === wanted) ?? infos.find((i) => tag(i.language).startsWith(`${wanted}-`));
    if (hit) return hit;
  }
  return infos[0] ?? null;
}

function earliestExpiry(infos: CapInfo[]): string | null {
  const instants = infos.flatMap((i) => (i.expires === null ? [] : [Date.parse(i.expires)]));
  return instants.length === 0 ? null : new Date(Math.min(...instants)).toISOString();
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** Whitespace next to a CJK character or full-width punctuation is layout, not a word break. */
const SPACE_AROUND_WIDE = /\s*([\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])\s*/g;
const SENTENCE_END = /(?:[。！？!?…]|\.)$/;
const TRAILING_PAUSE = /[，,、：:；;]+$/;
/** Where a capped text may end; '.' only before a space, since "50.5毫米" is not a sentence end. */
const CUT_POINTS = ['。', '！', '？', '!', '?', '；', '. '];

function speechText(info: CapInfo): string {
  const lead = tidy(info.headline ?? '') || tidy(info.event);
  const description = tidy(info.description ?? '');
  const instruction = tidy(info.instruction ?? '');
  // Chinese bulletins often open the description with the headline itself; say it once.
  const parts = [description.startsWith(lead) ? '' : lead, description, instruction].filter((p) => p !== '');
  const chinese = CJK.test(parts.join(''));
  const sentences = parts.map((p) => (SENTENCE_END.test(p) ? p : p.replace(TRAILING_PAUSE, '') + (chinese ? '。' : '.')));
  return capChars(sentences.join(chinese ? '' : ' '), MAX_SPEECH_CHARS);
}

function tidy(s: string): string {
  return s.replace(SPACE_AROUND_WIDE, '$1').replace(/\s+/g, ' ').trim();
}

/** Cuts at the last sentence end within the limit when that keeps at least half, else hard at the limit. */
function capChars(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  const cut = Math.max(...CUT_POINTS.map((p) => head.lastIndexOf(p)));
  return cut >= head.length / 2 ? head.slice(0, cut + 1) : head;
}
