import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeaderLeaseEntity } from './leader-lease.entity';
import { LeaderService } from './leader.service';

/** Global: periodic jobs and the publisher anywhere ask `LeaderService.isLeader()`. */
@Global()
@Module({ imports: [TypeOrmModule.forFeature([LeaderLeaseEntity])], providers: [LeaderService], exports: [LeaderService] })
export class LeaderModule {}
