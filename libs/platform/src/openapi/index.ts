export { ApiJsonBody, ApiJsonResponse, ApiProblems } from './api-responses.js';
export { openApiDocumentOf } from './openapi-document.js';
