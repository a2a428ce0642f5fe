import { Injectable } from '@nestjs/common';
import { authorizePublish, authorizeSubscribe } from '@sunshine/devices';
import { DeviceAuthService } from './device-auth.service';
import { MqttAclRequestDto, MqttAclVerdictDto, MqttAuthRequestDto, MqttAuthVerdictDto } from './mqtt-auth.dto';

/**
 * The embedded broker's decisions, answered over HTTP for an external broker in EMQX 5's formats (Mosquitto
 * go-auth's JSON backend reads the same `result`). Nobody is a superuser: every publish and subscribe is checked.
 */
@Injectable()
export class BrokerHooksService {
  constructor(private readonly auth: DeviceAuthService) {}

  async authenticate(dto: MqttAuthRequestDto): Promise<MqttAuthVerdictDto> {
    const r = await this.auth.authenticate({ clientId: dto.clientid, username: dto.username, password: dto.password ?? '' });
    if (r.ok) return { result: 'allow', is_superuser: false };
    // A user name that is neither this server nor one of its devices belongs to another authenticator of the chain.
    if (!(await this.auth.knows(dto.username))) return { result: 'ignore', is_superuser: false, reason: `${dto.username || '（空）'} 不是本系统的账号` };
    return { result: 'deny', is_superuser: false, reason: r.reason };
  }

  async authorize(dto: MqttAclRequestDto): Promise<MqttAclVerdictDto> {
    const principal = await this.auth.principalFor(dto.username);
    if (!principal) return { result: 'deny', reason: '未知客户端' };
    const d = dto.action === 'publish' ? authorizePublish(principal, dto.topic) : authorizeSubscribe(principal, dto.topic);
    return d.allow ? { result: 'allow' } : { result: 'deny', reason: d.reason };
  }
}
