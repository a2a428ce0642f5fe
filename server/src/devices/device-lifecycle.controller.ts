import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Audited, isDryRun } from '../audit/audit.decorators';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { csvBodyText } from '../common/csv';
import { CsvBodyDto, DeviceBulkQuery, UpdateDeviceDto } from './device.dto';
import { BulkOutcome, DeviceLifecycleService } from './device-lifecycle.service';
import { BulkDryRunResponse, DeviceDeletedResponse, DeviceTokenResponse } from './device-responses';
import { DeviceResponse } from './device.response';
import type { DeviceView } from './devices.service';

@ApiTags('devices')
@ApiBearerAuth()
@ApiExtraModels(CsvBodyDto, BulkDryRunResponse)
@Controller('devices')
export class DeviceLifecycleController {
  constructor(private readonly lifecycle: DeviceLifecycleService) {}

  @Post('bulk')
  @Roles('operator')
  @Audited('device.bulk-register', 'device', { skip: isDryRun })
  @ApiOperation({
    summary: '批量登记设备（CSV，全部成功或全部不登记）',
    description:
      '每行一台设备。列：name、kind（speaker/tv/led）、regionCode 必填；tags（以 ; 分隔）、id、profile、quietHours / openingHours' +
      '（如 22:00-06:00;12:00-13:30，“无”表示不设）、defaultVolume（0–100）可选。任何一行有问题则返回 400，逐行列出行号与原因，' +
      '不登记任何设备；全部通过则返回设备令牌 CSV（UTF-8 带 BOM，仅此一次）。dryRun=true 只校验。',
  })
  @ApiConsumes('text/csv', 'application/json')
  @ApiBody({
    schema: { oneOf: [{ type: 'string', description: 'CSV 文本' }, { $ref: getSchemaPath(CsvBodyDto) }] },
  })
  @ApiCreatedResponse({
    description: '全部登记成功：设备令牌 CSV（附件 device-tokens.csv，列 id,name,kind,regionCode,token）；dryRun 时为校验结果 JSON',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/json': { schema: { $ref: getSchemaPath(BulkDryRunResponse) } },
    },
  })
  async bulk(@Body() body: unknown, @Query() q: DeviceBulkQuery, @CurrentUser() user: AuthUser): Promise<StreamableFile | BulkDryRunResponse> {
    return bulkResponse(await this.lifecycle.bulkRegister(csvBodyText(body), q.dryRun ?? false, user));
  }

  @Patch(':id')
  @Roles('operator')
  @Audited('device.update', 'device')
  @ApiOperation({ summary: '修改设备：名称、区划、标签、静音/开放时段、默认音量；影响播放的修改会重新编译播放列表' })
  @ApiOkResponse({ type: DeviceResponse })
  update(@Param('id') id: string, @Body() dto: UpdateDeviceDto, @CurrentUser() user: AuthUser): Promise<DeviceView> {
    return this.lifecycle.update(id, dto, user);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('operator')
  @Audited('device.disable', 'device')
  @ApiOperation({ summary: '停用设备：立即断开其连接并拒绝其令牌，撤回其播放列表' })
  @ApiOkResponse({ type: DeviceResponse })
  disable(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DeviceView> {
    return this.lifecycle.disable(id, user);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Roles('operator')
  @Audited('device.enable', 'device')
  @ApiOperation({ summary: '重新启用设备：可再次连接，并重新下发播放列表' })
  @ApiOkResponse({ type: DeviceResponse })
  enable(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<DeviceView> {
    return this.lifecycle.enable(id, user);
  }

  @Post(':id/rotate-token')
  @HttpCode(200)
  @Roles('operator')
  @Audited('device.rotate-token', 'device')
  @ApiOperation({ summary: '更换设备令牌：新令牌只显示这一次，旧令牌立即失效并断开现有连接' })
  @ApiOkResponse({ type: DeviceTokenResponse })
  rotateToken(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<{ device: DeviceView; token: string }> {
    return this.lifecycle.rotateToken(id, user);
  }

  @Delete(':id')
  @Roles('operator')
  @Audited('device.delete', 'device')
  @ApiOperation({ summary: '删除设备：断开连接，清除其保留的播放列表与状态消息（播放记录保留）' })
  @ApiOkResponse({ type: DeviceDeletedResponse })
  remove(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<{ id: string; deleted: true }> {
    return this.lifecycle.remove(id, user);
  }
}

function bulkResponse(outcome: BulkOutcome): StreamableFile | BulkDryRunResponse {
  if (outcome.kind === 'dry-run') return { ok: outcome.ok, valid: outcome.valid, problems: outcome.problems };
  return new StreamableFile(outcome.csv, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="device-tokens.csv"', length: outcome.csv.length });
}
