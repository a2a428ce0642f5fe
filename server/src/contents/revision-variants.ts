import { AppError, ErrorCode } from '../common/app-error';
import type { RevisionVariants } from './revision.entity';

/** What an editor asks for: uploaded recordings by id and the languages in playback order. */
export interface VariantsRequest {
  recordings: string[];
  order: string[];
}

export interface KnownRecording {
  id: string;
  language: string;
  sha256: string;
  ext: string;
  durationMs: number;
}

/**
 * Checks a variants request against the recordings found and the language of the content's voice, and returns
 * what the revision keeps. Every language may have one version only, and every version must be played.
 */
export function resolveVariants(request: VariantsRequest, speechLanguage: string, found: readonly KnownRecording[]): RevisionVariants {
  const byId = new Map(found.map((r) => [r.id, r]));
  const missing = request.recordings.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw AppError.badRequest(ErrorCode.RecordingNotFound, `录音 ${missing.join('、')} 不存在，请先通过 POST /api/recordings 上传`, { recordings: missing });
  }
  if (new Set(request.recordings).size !== request.recordings.length) {
    throw AppError.badRequest(ErrorCode.ValidationFailed, '同一段录音不能重复引用');
  }
  const recordings = request.recordings.map((id) => byId.get(id)!);
  const languages = [speechLanguage];
  for (const r of recordings) {
    if (languages.includes(r.language)) {
      const clash = r.language === speechLanguage ? `与语音合成的语言（${speechLanguage}）相同` : '与另一段录音相同';
      throw AppError.badRequest(ErrorCode.ValidationFailed, `录音 ${r.id} 的语言 ${r.language} ${clash}，每种语言只能有一个版本`);
    }
    languages.push(r.language);
  }
  if (new Set(request.order).size !== request.order.length) {
    throw AppError.badRequest(ErrorCode.ValidationFailed, `播放顺序中有重复的语言：${request.order.join('、')}`);
  }
  const unknown = request.order.filter((language) => !languages.includes(language));
  if (unknown.length > 0) {
    throw AppError.badRequest(ErrorCode.ValidationFailed, `播放顺序中的语言 ${unknown.join('、')} 没有对应的版本（可选：${languages.join('、')}）`);
  }
  const unplayed = recordings.filter((r) => !request.order.includes(r.language));
  if (unplayed.length > 0) {
    throw AppError.badRequest(ErrorCode.ValidationFailed, `录音 ${unplayed.map((r) => `${r.id}（${r.language}）`).join('、')} 未列入播放顺序`);
  }
  return {
    speechLanguage,
    recordings: recordings.map(({ id, language, sha256, ext, durationMs }) => ({ id, language, sha256, ext, durationMs })),
    order: [...request.order],
  };
}
