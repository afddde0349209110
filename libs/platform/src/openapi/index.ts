export { ApiJsonBody, ApiJsonResponse, ApiProblems, ApiSummary, openApiSchemaOf } from './api-responses.js';
export { openApiDocumentOf } from './openapi-document.js';
export { problemBody } from './problem-schema.js';
