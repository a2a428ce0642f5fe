import type { components } from '../api/schema';
import { formatDateTime } from './time';

/** Generated from the server's OpenAPI document (never hand-written). */
export type Content = components['schemas']['ContentResponse'];
export type Revision = components['schemas']['RevisionResponse'];
export type Voice = components['schemas']['VoiceResponse'];
export type RenderJob = components['schemas']['RenderJobResponse'];
export type Rendition = components['schemas']['RenditionResponse'];
export type Recording = components['schemas']['RecordingResponse'];
export type ContentKind = Content['kind'];
export type ContentStatus = Content['status'];
export type ReviewState = Revision['reviewState'];

export const KIND_LABEL: Record<ContentKind, string> = { notice: '通知公告', interpretation: '政策解读' };

export const STATUS_LABEL: Record<ContentStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
};

export const STATUS_COLOR: Record<ContentStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'warning',
};

export const REVIEW_STATE_LABEL: Record<ReviewState, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  superseded: '已被取代',
  withdrawn: '已撤回',
};

/** Device profiles by id (devices/src/profiles), as operators call them. */
export const PROFILE_LABEL: Record<string, string> = {
  speaker: '喇叭版（MP3）',
  'hall-tv-1080p': '服务大厅电视（1080p）',
  'led-384x192': '户外 LED 小屏（384×192）',
  'led-strip-1024x64': '户外 LED 条屏（滚动字幕）',
};

export const profileLabel = (id: string): string => PROFILE_LABEL[id] ?? id;

/** Languages an editor may give a recording (BCP 47), shown by their Chinese names. */
export const LANGUAGE_LABEL: Record<string, string> = {
  'zh-CN': '普通话',
  'zh-sichuan': '四川话',
  ii: '彝语',
  bo: '藏语',
  ug: '维吾尔语',
  za: '壮语',
  mn: '蒙古语',
};

export const languageLabel = (tag: string): string => LANGUAGE_LABEL[tag] ?? tag;

/** Media is content-addressed and public: GET /media/{sha256}.{ext}. */
export function mediaUrl(r: Pick<Rendition, 'sha256' | 'ext'>): string | null {
  return r.sha256 && r.ext ? `/media/${r.sha256}.${r.ext}` : null;
}

/** `19.8 秒`, `2 分 05 秒`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '—';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} 秒`;
  const m = Math.floor(s / 60);
  return `${m} 分 ${String(Math.round(s - m * 60)).padStart(2, '0')} 秒`;
}

/**
 * A revision as one text, field by field, so a reviewer's diff shows every change that reaches listeners
 * (title, voice, speed, validity, Q&A) and not only the body.
 */
export function revisionText(r: Revision, voiceName: (id: string) => string = (id) => id): string {
  const lines = [`标题：${r.title}`, `发布部门：${r.department}`];
  if (r.qa) {
    lines.push(`解读人：${r.interpreter ?? ''}`);
    lines.push(`提问语音：${voiceName(r.questionVoice ?? r.voice)}`, `回答语音：${voiceName(r.answerVoice ?? r.voice)}`);
  } else {
    lines.push(`语音：${voiceName(r.voice)}`);
  }
  lines.push(`语速：${r.rate} 倍`);
  if (r.validFrom || r.validUntil) lines.push(`有效期：${formatDateTime(r.validFrom)} 至 ${formatDateTime(r.validUntil)}`);
  if (r.sourceUrl) lines.push(`原文链接：${r.sourceUrl}`);
  if (r.variants) lines.push(`播放顺序：${r.variants.order.map(languageLabel).join(' → ')}`);
  lines.push('', r.qa ? r.qa.map((p, i) => `问${i + 1}：${p.q}\n答${i + 1}：${p.a}`).join('\n') : r.body);
  return lines.join('\n');
}
