/** Test inputs generated with the real ffmpeg: which encoders this build has, and short audio files. */
import { execFileSync } from 'child_process';
import { locateFfmpegBinaries } from '../../../ffmpeg/ffmpeg-locator';
import { FfmpegRunner } from '../../../ffmpeg/ffmpeg-runner';

let encoders: string | undefined;

/** Static ffmpeg builds differ in their encoders (AMR and Opus are often left out). */
export function hasEncoder(name: string): boolean {
  encoders ??= execFileSync(locateFfmpegBinaries().ffmpeg.path, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  return new RegExp(`^ [AV]\\S* ${name} `, 'm').test(encoders);
}

/** Pink noise (speech-like spectrum and crest factor) encoded with the given output options. */
export async function noiseFile(runner: FfmpegRunner, file: string, seconds: number, sampleRate: number, output: string[]): Promise<void> {
  await runner.run([
    '-hide_banner', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.2:duration=${seconds}:sample_rate=${sampleRate}:seed=7`,
    '-ac', '1', ...output, `file:${file}`,
  ]);
}
