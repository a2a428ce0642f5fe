import { Injectable } from '@nestjs/common';
import { authorizePublish, authorizeSubscribe } from '@sunshine/devices';
import { DeviceAuthService } from './device-auth.service';
import { MqttAclRequestDto, MqttAuthRequestDto, MqttVerdictDto } from './mqtt-auth.dto';

/** The embedded broker's decisions, answered over HTTP for an external broker. */
@Injectable()
export class BrokerHooksService {
  constructor(private readonly auth: DeviceAuthService) {}

  async authenticate(dto: MqttAuthRequestDto): Promise<MqttVerdictDto> {
    const r = await this.auth.authenticate({ clientId: dto.clientid, username: dto.username, password: dto.password ?? '' });
    return r.ok ? { result: 'allow' } : { result: 'deny', reason: r.reason };
  }

  async authorize(dto: MqttAclRequestDto): Promise<MqttVerdictDto> {
    const principal = await this.auth.principalFor(dto.username);
    if (!principal) return { result: 'deny', reason: '未知客户端' };
    const d = dto.action === 'publish' ? authorizePublish(principal, dto.topic) : authorizeSubscribe(principal, dto.topic);
    return d.allow ? { result: 'allow' } : { result: 'deny', reason: d.reason };
  }
}
