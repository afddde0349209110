import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ProblemException } from './problem-details.filter.js';

/**
 * The largest request body accepted (larger: 413). 100 KiB, what Express' JSON parser allowed
 * before the move to Fastify: an order of 50 lines is under 5 KiB.
 */
export const bodyLimitBytes = 100 * 1024;

const charsetParameter = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i;

/**
 * Bodies are JSON in UTF-8 (RFC 8259) or nothing. Any other media type, a form or text included,
 * or JSON declared in another charset, is refused with 415 before a handler runs, so nothing is
 * written. An empty body is no body (`POST /orders/{id}/cancel` needs none), never a parse error.
 */
export function acceptJsonBodiesOnly(instance: FastifyInstance): void {
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  // Fastify also parses text/plain by default; without a parser for a type it answers 415.
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: bodyLimitBytes },
    (request, body, done) => {
      const charset = charsetParameter.exec(request.headers['content-type'] ?? '')?.[2]?.toLowerCase();
      if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
        const detail = `JSON bodies are UTF-8; this one is declared as ${charset || 'an empty charset'}.`;
        done(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Unsupported Media Type', detail));
        return;
      }
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.length === 0) {
        done(null, undefined);
        return;
      }
      parseJson(request, text, done);
    },
  );
}
