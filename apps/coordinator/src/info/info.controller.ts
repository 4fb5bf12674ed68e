import { Controller, Get, Inject } from '@nestjs/common';
import type { ClusterInfo } from '@shoal/contracts';
import { InfoService } from './info.service';

@Controller('v1/info')
export class InfoController {
  constructor(@Inject(InfoService) private readonly infoService: InfoService) {}

  @Get()
  info(): Promise<ClusterInfo> {
    return this.infoService.info();
  }
}
