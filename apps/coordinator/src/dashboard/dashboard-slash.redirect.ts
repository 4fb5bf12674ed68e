import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * `/dashboard/` → `/dashboard`: Nest normalises a controller's trailing slash away, and Fastify
 * matches paths exactly, so the slash form would otherwise answer 404. Registered on Fastify
 * directly, before it is ready; a redirect needs no key and carries no data.
 */
@Injectable()
export class DashboardSlashRedirect implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    this.host.httpAdapter?.getInstance<FastifyInstance>().get('/dashboard/', (_request, reply) => reply.redirect('/dashboard', 301));
  }
}
