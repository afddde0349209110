import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';

interface MediaType {
  schema?: object;
}
interface ResponseDocs {
  content?: Record<string, MediaType>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseDocs> }>>;
  components?: { schemas?: Record<string, object> };
}

// ajv-formats is CommonJS: under ESM its plugin is the default export's `default`.
const addFormats = (addFormatsPlugin as unknown as { default: (ajv: Ajv) => Ajv }).default;

/**
 * A service's own OpenAPI document (GET /docs-json), used to check its live responses: each status
 * and content type must be documented, and each body must validate against the documented schema
 * (JSON Schema, OpenAPI 3.0 dialect; `nullable` is understood by Ajv). Remembers what it checked,
 * so a test can tell which documented responses it never saw.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly seen = new Set<string>();

  private constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    // The document itself is the root every `#/components/...` reference resolves against.
    this.ajv.addSchema({ ...document, $id: 'openapi' } as object);
  }

  static async of(baseUrl: string): Promise<OpenApiContract> {
    const response = await fetch(`${baseUrl}/docs-json`);
    if (!response.ok) throw new Error(`GET ${baseUrl}/docs-json answered ${response.status}`);
    return new OpenApiContract((await response.json()) as OpenApiDocument);
  }

  /** What is wrong with `response` to `method path` (a template such as /orders/{id}); [] if nothing. */
  async violations(method: string, path: string, response: Response): Promise<string[]> {
    const where = `${method.toUpperCase()} ${path} ${response.status}`;
    const documented =
      this.document.paths[path]?.[method.toLowerCase()]?.responses?.[String(response.status)];
    if (!documented) return [`${where}: status not documented`];
    this.seen.add(`${method.toLowerCase()} ${path} ${response.status}`);
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = documented.content?.[type];
    if (!media?.schema) return [`${where}: content type ${type || 'none'} not documented`];
    const validate = this.validatorFor(method, path, response.status, type);
    const body: unknown = await response.json();
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) => `${where}: body${error.instancePath} ${error.message} (${JSON.stringify(error.params)})`,
    );
  }

  /** Every documented success response of the document's paths, as `method path status`. */
  documentedSuccesses(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        Object.keys(operation.responses ?? {})
          .filter((status) => status.startsWith('2'))
          .map((status) => `${method} ${path} ${status}`),
      ),
    );
  }

  private validatorFor(method: string, path: string, status: number, type: string): ValidateFunction {
    const pointer = [
      'paths',
      path,
      method.toLowerCase(),
      'responses',
      String(status),
      'content',
      type,
      'schema',
    ]
      .map((segment) => segment.replaceAll('~', '~0').replaceAll('/', '~1'))
      .join('/');
    const key = `openapi#/${pointer}`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: key });
      this.validators.set(key, validate);
    }
    return validate;
  }
}
