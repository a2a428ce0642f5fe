import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Role, UserEntity } from './user.entity';

export const BCRYPT_ROUNDS = 10;

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  scopeRegionCode?: string | null;
  /** Printed by the demo seeder: production refuses to start while it is in place. */
  demoPassword?: boolean;
}

/** Storage of users and their password hashes; policy (who may do what) lives with the callers. */
@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async create(input: NewUser): Promise<UserEntity> {
    const user = this.users.create({
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName,
      passwordHash: await bcrypt.hash(input.password, BCRYPT_ROUNDS),
      roles: input.roles,
      scopeRegionCode: input.scopeRegionCode ?? null,
      disabled: false,
      tokenVersion: 0,
      mustChangePassword: false,
      demoPassword: input.demoPassword ?? false,
    });
    return this.users.save(user);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: 'ASC', username: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** Accounts still on a password the demo seeder printed. */
  withDemoPasswords(): Promise<UserEntity[]> {
    return this.users.find({ where: { demoPassword: true, disabled: false }, order: { username: 'ASC' } });
  }

  async verifyPassword(user: UserEntity, password: string): Promise<boolean> {
    return bcrypt.compare(password, user.passwordHash);
  }

  /** Sets a new password and ends every session of the user (their tokens carry the old version). */
  async setPassword(user: UserEntity, password: string, mustChange: boolean): Promise<UserEntity> {
    user.passwordHash = await bcrypt.hash(password, BCRYPT_ROUNDS);
    user.mustChangePassword = mustChange;
    user.demoPassword = false;
    user.tokenVersion += 1;
    return this.users.save(user);
  }

  save(user: UserEntity): Promise<UserEntity> {
    return this.users.save(user);
  }
}
