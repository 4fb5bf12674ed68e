import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { API_ROUTES, type CollectionInfo, type CreateCollectionRequest } from '@shoal/contracts';
import { SchemaPipe } from '../common/schema.pipe';
import { CollectionsService } from './collections.service';

@Controller('v1/collections')
export class CollectionsController {
  constructor(@Inject(CollectionsService) private readonly collections: CollectionsService) {}

  @Post()
  @HttpCode(201)
  create(@Body(new SchemaPipe<CreateCollectionRequest>(API_ROUTES.createCollection.body)) body: CreateCollectionRequest): Promise<CollectionInfo> {
    return this.collections.create(body);
  }

  @Get()
  async list(): Promise<{ collections: CollectionInfo[] }> {
    return { collections: await this.collections.list() };
  }

  @Get(':name')
  get(@Param('name') name: string): Promise<CollectionInfo> {
    return this.collections.get(name);
  }

  @Delete(':name')
  @HttpCode(204)
  delete(@Param('name') name: string): Promise<void> {
    return this.collections.delete(name);
  }
}
