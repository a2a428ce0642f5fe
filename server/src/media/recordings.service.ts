import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ContentStore, FfmpegRunner, MediaError, probeRecording } from '@sunshine/media';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { In, Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { FFMPEG_RUNNER, MEDIA_STORE } from './media-deps';
import { RecordingEntity } from './recording.entity';

export const MAX_RECORDING_BYTES = 50 * 1024 * 1024;

@Injectable()
export class RecordingsService {
  constructor(
    @InjectRepository(RecordingEntity) private readonly recordings: Repository<RecordingEntity>,
    @Inject(FFMPEG_RUNNER) private readonly runner: FfmpegRunner,
    @Inject(MEDIA_STORE) private readonly store: ContentStore,
  ) {}

  /** Probes an uploaded file (audio only, size and length limits) and keeps it content-addressed. */
  async accept(tmpPath: string, meta: { language: string; note?: string }, user: AuthUser): Promise<RecordingEntity> {
    try {
      const info = await probeRecording(this.runner, tmpPath, { maxBytes: MAX_RECORDING_BYTES, maxDurationMs: 30 * 60_000 });
      const stored = await this.store.putFile(tmpPath, info.format);
      return await this.recordings.save(
        this.recordings.create({
          id: randomUUID(),
          sha256: stored.sha256,
          ext: info.format,
          format: info.format,
          codec: info.codec,
          durationMs: Math.round(info.durationMs),
          size: stored.size,
          language: meta.language,
          note: meta.note ?? null,
          uploadedBy: user.id,
        }),
      );
    } catch (err) {
      if (err instanceof MediaError) throw AppError.badRequest(recordingCode(err.code), err.message);
      throw err;
    } finally {
      await rm(tmpPath, { force: true });
    }
  }

  /** The recordings that exist among these ids (unknown ids are left out). */
  findMany(ids: string[]): Promise<RecordingEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.recordings.findBy({ id: In(ids) });
  }

  async get(id: string): Promise<RecordingEntity> {
    const r = await this.recordings.findOneBy({ id });
    if (!r) throw AppError.notFound(ErrorCode.RecordingNotFound, `录音 ${id} 不存在`);
    return r;
  }
}

function recordingCode(code: string): ErrorCode {
  switch (code) {
    case 'RECORDING_TOO_LARGE':
      return ErrorCode.RecordingTooLarge;
    case 'RECORDING_TOO_LONG':
      return ErrorCode.RecordingTooLong;
    default:
      return ErrorCode.RecordingNotAudio;
  }
}
