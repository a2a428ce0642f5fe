import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretsService } from '../config/secrets.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginLocks } from './login-locks.service';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG, SecretsService],
      useFactory: (config: AppConfig, secrets: SecretsService) => ({
        secret: secrets.get('jwt'),
        signOptions: { expiresIn: config.jwtTtlSeconds },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, UsersService, LoginLocks, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UsersService, LoginLocks],
})
export class AuthModule {}
