import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { API_ROUTES, type SearchRequest, type SearchResponse } from '@shoal/contracts';
import { SchemaPipe } from '../common/schema.pipe';
import { SearchService } from './search.service';

@Controller('v1/collections/:name/search')
export class SearchController {
  constructor(@Inject(SearchService) private readonly searchService: SearchService) {}

  @Post()
  @HttpCode(200)
  search(@Param('name') name: string, @Body(new SchemaPipe<SearchRequest>(API_ROUTES.search.body)) body: SearchRequest): Promise<SearchResponse> {
    return this.searchService.search(name, body);
  }
}
