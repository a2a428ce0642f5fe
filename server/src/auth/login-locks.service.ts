import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { accountKey, addressKey, LoginThrottle } from './login-throttle';

/** The process's login throttle on the injected clock: failed logins per account and per address. */
@Injectable()
export class LoginLocks {
  private readonly throttle = new LoginThrottle();

  constructor(private readonly clock: Clock) {}

  /** When the account or the address is locked: until when; otherwise null. */
  lockedUntil(username: string, ip: string | null): Date | null {
    const until = this.throttle.lockedUntil(keys(username, ip), this.clock.nowMs());
    return until === null ? null : new Date(until);
  }

  accountLockedUntil(username: string): Date | null {
    const until = this.throttle.lockedUntil([accountKey(username)], this.clock.nowMs());
    return until === null ? null : new Date(until);
  }

  /** Returns the lock end when this failure locked the account or the address. */
  fail(username: string, ip: string | null): Date | null {
    const until = this.throttle.fail(keys(username, ip), this.clock.nowMs());
    return until === null ? null : new Date(until);
  }

  succeed(username: string, ip: string | null): void {
    this.throttle.succeed(keys(username, ip));
  }

  unlockAccount(username: string): void {
    this.throttle.unlock(accountKey(username));
  }
}

function keys(username: string, ip: string | null): string[] {
  return ip ? [accountKey(username), addressKey(ip)] : [accountKey(username)];
}
