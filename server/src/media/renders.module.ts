import { Module } from '@nestjs/common';
import { ContentsModule } from '../contents/contents.module';
import { MediaModule } from './media.module';
import { RendersController } from './renders.controller';

/** The render API needs contents (to find a draft's revision) and media; kept apart to avoid a module cycle. */
@Module({ imports: [MediaModule, ContentsModule], controllers: [RendersController] })
export class RendersModule {}
