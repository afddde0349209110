import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  Module,
  Param,
  Post,
  UseGuards,
  type LoggerService,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { register } from 'prom-client';
import { configureHttpEdge, createHttpAdapter } from '../src/http/http-edge.js';
import { ProblemException } from '../src/http/problem-details.filter.js';

// The REST edge every service runs on (Fastify, JSON bodies only, problem+json, metrics), around
// a probe controller whose handlers fail in each way a real one can.
const received: unknown[] = [];
// Nothing listens on port 1: connecting is refused, as when the database is down.
const unreachableDatabase = new pg.Pool({ connectionString: 'postgres://nobody:x@127.0.0.1:1/none' });

class SheddingGuard {
  canActivate(): boolean {
    throw new ProblemException(503, 'Service Unavailable', 'too busy', undefined, { 'Retry-After': '7' });
  }
}

@Controller('probe')
class ProbeController {
  @Post()
  @HttpCode(201)
  accept(@Body() body: unknown) {
    received.push(body);
    return { received: body ?? null };
  }

  @Get('items/:id')
  item(@Param('id') id: string) {
    return { id };
  }

  @Get('database')
  database() {
    return unreachableDatabase.query('SELECT 1');
  }

  @Get('bug')
  bug(): never {
    throw new TypeError('secret internals: password=hunter2');
  }

  @Get('teapot')
  teapot(): never {
    throw new HttpException('short and stout', 418);
  }

  @Post('shed')
  @UseGuards(SheddingGuard)
  shed() {
    received.push('shed');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const logged: { level: string; message: string }[] = [];
const record =
  (level: string) =>
  (message: unknown): void => {
    logged.push({ level, message: String(message) });
  };
const recordingLogger: LoggerService = {
  log: record('log'),
  warn: record('warn'),
  error: record('error'),
};

let app: NestFastifyApplication;
let base: string;

// Bytes, not a string: fetch would label a string text/plain itself.
const post = (body: string, contentType?: string) =>
  fetch(`${base}/probe`, {
    method: 'POST',
    headers: contentType ? { 'content-type': contentType } : {},
    body: new TextEncoder().encode(body),
  });
const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as { status: number; title: string; detail?: string; instance: string };
};

describe('the REST edge (Fastify)', () => {
  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, createHttpAdapter(), {
      logger: recordingLogger,
      bodyParser: false,
    });
    configureHttpEdge(app);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
    await unreachableDatabase.end();
  });

  it('parses JSON bodies, with or without a UTF-8 charset, and an empty one as no body', async () => {
    expect((await post('{"a":1}', 'application/json')).status).toBe(201);
    expect((await post('{"a":"é"}', 'application/json; charset=UTF-8')).status).toBe(201);
    const empty = await post('', 'application/json');
    expect(empty.status).toBe(201);
    expect(await empty.json()).toEqual({ received: null });
  });

  it.each([
    ['text', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['JSON in Latin-1', 'application/json; charset=iso-8859-1'],
    ['no content type', undefined],
  ])('refuses a body sent as %s with 415 before the handler runs', async (_case, contentType) => {
    const before = received.length;
    const response = await post('{"a":1}', contentType);
    expect(response.status).toBe(415);
    expect((await problemOf(response)).title).toBe('Unsupported Media Type');
    expect(received.length).toBe(before);
  });

  it('answers a body over 100 KiB with 413 and a malformed one with 400, titled by status', async () => {
    const near = JSON.stringify({ pad: 'x'.repeat(100 * 1024 - 20) });
    expect((await post(near, 'application/json')).status).toBe(201);
    const tooLarge = await post(JSON.stringify({ pad: 'x'.repeat(100 * 1024) }), 'application/json');
    expect(tooLarge.status).toBe(413);
    expect((await problemOf(tooLarge)).title).toBe('Payload Too Large');
    const malformed = await post('{"a":', 'application/json');
    expect(malformed.status).toBe(400);
    expect((await problemOf(malformed)).title).toBe('Bad Request');
  });

  it('titles a plain HttpException and an unknown route by their status, not a class name', async () => {
    const teapot = await fetch(`${base}/probe/teapot`);
    expect(teapot.status).toBe(418);
    expect(await problemOf(teapot)).toMatchObject({ title: "I'm a Teapot", detail: 'short and stout' });
    const unknown = await fetch(`${base}/no/such/route?x=1`);
    expect(unknown.status).toBe(404);
    expect(await problemOf(unknown)).toMatchObject({ title: 'Not Found', instance: '/no/such/route?x=1' });
  });

  it('answers 503 with Retry-After when the database is unreachable, and logs it as a warning', async () => {
    const response = await fetch(`${base}/probe/database`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    const problem = await problemOf(response);
    expect(problem.title).toBe('Service Unavailable');
    expect(problem.detail).toMatch(/same Idempotency-Key/);
    expect(logged.filter((line) => line.level === 'error')).toEqual([]);
    expect(logged.some((line) => line.level === 'warn' && /ECONNREFUSED/.test(line.message))).toBe(true);
  });

  it('answers any other unexpected error with a 500 that leaks nothing, and logs it as an error', async () => {
    const response = await fetch(`${base}/probe/bug`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      type: 'about:blank',
      status: 500,
      title: 'Internal Server Error',
      instance: '/probe/bug',
    });
    expect(logged.some((line) => line.level === 'error' && /hunter2/.test(line.message))).toBe(true);
  });

  it("sends a guard's ProblemException headers (Retry-After) with its problem, before the handler runs", async () => {
    const shed = await fetch(`${base}/probe/shed`, { method: 'POST' });
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('7');
    expect(await problemOf(shed)).toMatchObject({ title: 'Service Unavailable', detail: 'too busy' });
    expect(received).not.toContain('shed');
  });

  it('routes as Express did (trailing slash, any case) and times requests by route template', async () => {
    expect(await (await fetch(`${base}/PROBE/items/AbC/`)).json()).toEqual({ id: 'AbC' });
    await fetch(`${base}/probe/items/42`);
    const text = await register.metrics();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/probe\/items\/:id",status="200"\} 2/,
    );
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} [1-9]/,
    );
  });
});
