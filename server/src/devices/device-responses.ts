import { ApiProperty } from '@nestjs/swagger';
import type { RowProblem } from '../common/csv';
import { AgentConnectionResponse, DeviceResponse } from './device.response';

export class DeviceTokenResponse {
  @ApiProperty({ type: DeviceResponse })
  device!: DeviceResponse;
  @ApiProperty({ description: '新的设备令牌：只显示这一次，旧令牌已立即失效' })
  token!: string;
  @ApiProperty({ type: AgentConnectionResponse, description: '重新配置设备端程序所需的服务器地址' })
  agent!: AgentConnectionResponse;
}

export class RowProblemResponse implements RowProblem {
  @ApiProperty({ description: '文件中的行号（表头为第 1 行）', example: 3 })
  line!: number;
  @ApiProperty({ description: '原因', example: '区划代码“5108”不是合法的 12 位统计用区划代码' })
  reason!: string;
}

export class BulkDryRunResponse {
  @ApiProperty({ description: '没有任何问题、可以登记' })
  ok!: boolean;
  @ApiProperty({ description: '校验通过的行数' })
  valid!: number;
  @ApiProperty({ type: [RowProblemResponse] })
  problems!: RowProblemResponse[];
}

export class DeviceDeletedResponse {
  @ApiProperty({ example: 'spk-510811100201-01' })
  id!: string;
  @ApiProperty({ example: true })
  deleted!: boolean;
}
