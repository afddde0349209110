import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { openApiSchemaOf } from './api-responses.js';
import { problemBody, problemSchemaName } from './problem-schema.js';

/**
 * The service's OpenAPI 3 document, from its controllers' decorators, with the shared Problem
 * component every error response refers to, and the bearer scheme of the token issuer.
 */
export function openApiDocumentOf(app: INestApplication, serviceName: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`saga-shop ${serviceName} service`)
    .setDescription(
      `The ${serviceName} service of saga-shop's choreographed order saga. Errors are RFC 9457 problem+json.`,
    )
    .setVersion(process.env['npm_package_version'] ?? '0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, [problemSchemaName]: openApiSchemaOf(problemBody) },
  };
  return document;
}
