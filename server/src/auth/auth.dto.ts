import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'editor', maxLength: 64, description: '用户名' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ maxLength: 200, description: '密码' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password!: string;
}
