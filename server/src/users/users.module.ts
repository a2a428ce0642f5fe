import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RegionsModule } from '../regions/regions.module';
import { UsersController } from './users.controller';
import { UsersAdminService } from './users-admin.service';

@Module({
  imports: [AuthModule, RegionsModule],
  controllers: [UsersController],
  providers: [UsersAdminService],
})
export class UsersModule {}
