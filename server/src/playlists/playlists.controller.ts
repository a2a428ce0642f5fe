import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { DevicePlaylistResponse } from './playlist.response';
import { AppError, ErrorCode } from '../common/app-error';
import { DevicesService } from '../devices/devices.service';
import { PlaylistsService } from './playlists.service';

@ApiTags('playlists')
@ApiBearerAuth()
@Controller('devices')
export class PlaylistsController {
  constructor(
    private readonly playlists: PlaylistsService,
    private readonly devices: DevicesService,
  ) {}

  /** Exactly what was published to the device (the signed envelope), plus the compiler's conflicts. */
  @Get(':id/playlist')
  @ApiOperation({ summary: '设备当前的播放列表', description: '发布给设备的签名信封原样返回，另附编译冲突' })
  @ApiOkResponse({ type: DevicePlaylistResponse })
  async get(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<unknown> {
    await this.devices.get(id, user);
    const row = await this.playlists.current(id);
    if (!row) throw AppError.notFound(ErrorCode.NotFound, `设备 ${id} 尚未发布过播放列表`);
    return { deviceId: id, version: row.version, publishedAt: row.publishedAt, playlist: row.envelope.payload, envelope: row.envelope, conflicts: row.conflicts };
  }
}
