import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AgentPackageModule } from './agent-package/agent-package.module';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ScopeModule } from './auth/scope.module';
import { Clock } from './common/clock';
import { ShutdownGuard, ShutdownState } from './common/shutdown';
import { AppConfig } from './config/app-config';
import { CoreModule } from './config/core.module';
import { ContentsModule } from './contents/contents.module';
import { databaseModule } from './database/database.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DemoModule } from './demo/demo.module';
import { DeviceLifecycleModule } from './devices/device-lifecycle.module';
import { DevicesModule } from './devices/devices.module';
import { FleetModule } from './fleet/fleet.module';
import { HealthModule } from './health/health.module';
import { LeaderModule } from './leader/leader.module';
import { MetricsModule } from './metrics/metrics.module';
import { MediaModule } from './media/media.module';
import { RendersModule } from './media/renders.module';
import { MqttHooksModule } from './mqtt/mqtt-hooks.module';
import { MqttModule } from './mqtt/mqtt.module';
import { PlaylistsModule } from './playlists/playlists.module';
import { PlayLogsModule } from './playlogs/playlogs.module';
import { RegionsModule } from './regions/regions.module';
import { ReportsModule } from './reports/reports.module';
import { ScheduledReportsModule } from './reports/scheduled/scheduled-reports.module';
import { RetentionModule } from './retention/retention.module';
import { SchedulesModule } from './schedules/schedules.module';
import { SetupModule } from './setup/setup.module';
import { SigningModule } from './signing/signing.module';
import { TelemetryModule } from './telemetry/telemetry.module';
import { UsersModule } from './users/users.module';

/** Folders follow the data flow: contents → media → schedules → playlists → mqtt/devices → telemetry → playlogs. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock),
        EventEmitterModule.forRoot(),
        // Periodic work (roll-forward re-signing, offline sweep, render queue poll, retention, alert expiry, reports).
        ScheduleModule.forRoot(),
        databaseModule(config),
        LeaderModule,
        AuditModule,
        AuthModule,
        ScopeModule,
        UsersModule,
        SetupModule,
        RegionsModule,
        DevicesModule,
        ContentsModule,
        MediaModule,
        RendersModule,
        SchedulesModule,
        SigningModule,
        PlaylistsModule,
        MqttModule,
        // The external broker's auth/ACL hooks exist only for a broker that asks them (EMQX, Mosquitto go-auth).
        ...(config.mqttBroker === 'http-hooks' ? [MqttHooksModule] : []),
        TelemetryModule,
        AlertsModule,
        FleetModule,
        DeviceLifecycleModule,
        PlayLogsModule,
        ReportsModule,
        HealthModule,
        MetricsModule,
        RetentionModule,
        DashboardModule,
        AgentPackageModule,
        ScheduledReportsModule,
        ...(config.demo ? [DemoModule] : []),
      ],
      // In the root module: Nest calls its destroy hooks before any imported module's (see ShutdownState).
      providers: [ShutdownState, { provide: APP_GUARD, useClass: ShutdownGuard }],
    };
  }
}
