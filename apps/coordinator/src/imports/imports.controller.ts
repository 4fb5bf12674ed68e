import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { API_ROUTES, type ImportRequest, type JobAccepted } from '@shoal/contracts';
import { SchemaPipe } from '../common/schema.pipe';
import { ImportsService } from './imports.service';

@Controller('v1/collections')
export class ImportsController {
  constructor(@Inject(ImportsService) private readonly imports: ImportsService) {}

  /** 202 with the import job's id; the same request answers the same id. */
  @Post(':name/imports')
  @HttpCode(202)
  start(@Param('name') name: string, @Body(new SchemaPipe<ImportRequest>(API_ROUTES.startImport.body)) body: ImportRequest): Promise<JobAccepted> {
    return this.imports.start(name, body);
  }
}
