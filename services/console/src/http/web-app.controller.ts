import { readFile } from 'node:fs/promises';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@saga-shop/platform';
import { webAppDir } from '../web-app-dir.js';

/**
 * The single-page app's entry for each of its pages, so a page's URL can be shared and reloaded;
 * its scripts and styles are static files under /assets (main.ts). Any other path is a 404.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebAppController {
  private page: Promise<string> | undefined;

  @Get(['/', 'orders', 'orders/:id', 'traces/:traceId', 'ops'])
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The entry names hashed assets: it must be revalidated, the assets may be cached for good.
  @Header('Cache-Control', 'no-cache')
  index(): Promise<string> {
    this.page ??= readFile(`${webAppDir}/index.html`, 'utf8');
    return this.page;
  }
}
