import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import {
  API_ROUTES,
  type DeleteVectorsRequest,
  type UpsertVectorsRequest,
  type WriteResponse,
} from '@shoal/contracts';
import { SchemaPipe } from '../common/schema.pipe';
import type { StoredVector } from '../search/shard-client';
import { VectorsService } from './vectors.service';

@Controller('v1/collections/:name/vectors')
export class VectorsController {
  constructor(@Inject(VectorsService) private readonly vectors: VectorsService) {}

  @Put()
  @HttpCode(200)
  upsert(@Param('name') name: string, @Body(new SchemaPipe<UpsertVectorsRequest>(API_ROUTES.upsertVectors.body)) body: UpsertVectorsRequest): Promise<WriteResponse> {
    return this.vectors.upsert(name, body);
  }

  @Post('delete')
  @HttpCode(200)
  delete(@Param('name') name: string, @Body(new SchemaPipe<DeleteVectorsRequest>(API_ROUTES.deleteVectors.body)) body: DeleteVectorsRequest): Promise<WriteResponse> {
    return this.vectors.delete(name, body.ids);
  }

  @Get(':id')
  get(@Param('name') name: string, @Param('id') id: string): Promise<StoredVector> {
    return this.vectors.get(name, id);
  }
}
