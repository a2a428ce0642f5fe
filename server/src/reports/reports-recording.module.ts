import { Module } from '@nestjs/common';
import { ReportRecorder } from './report-recorder.service';

/**
 * The writing half of reports, imported by the modules where things happen (playlists, play logs, devices,
 * fleet). It depends on nothing but the database and the clock, so it cannot form an import cycle.
 */
@Module({
  providers: [ReportRecorder],
  exports: [ReportRecorder],
})
export class ReportsRecordingModule {}
