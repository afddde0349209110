import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { localAuthDir } from './tokens.js';
import { workspaceRoot } from './workspace.js';

/** The parts of a docker-compose.yml service that the checks and the parity run read. */
export interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  deploy?: { resources?: { limits?: { memory?: string } } };
  mem_limit?: string;
  profiles?: string[];
  restart?: string;
}

/**
 * docker-compose.yml with every `${VAR:-default}` resolved the way `docker compose` resolves it
 * when the user copied .env.example to .env: the values a container really gets.
 */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  /** The variables .env.example sets. */
  envExample: Record<string, string>;
  /** Every `${VAR...}` in the compose file, with the default written there (undefined: none). */
  references: { name: string; fallback: string | undefined }[];
}

// `$$` is compose's escape for a literal `$`, so it is matched first and never read as a reference.
const reference = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g;

export function loadComposeFile(root = workspaceRoot): ComposeFile {
  const envExample = parseEnvFile(readFileSync(path.join(root, '.env.example'), 'utf8'));
  // Merge keys (<<: *anchor) are how the file shares the service environment, as compose reads it.
  const raw = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const references: ComposeFile['references'] = [];
  const services = mapStrings(raw.services, (value) => {
    for (const [, name, operator, fallback] of value.matchAll(reference))
      if (name !== undefined)
        references.push({ name, fallback: operator === undefined ? undefined : (fallback ?? '') });
    return interpolate(value, envExample);
  });
  return { services, envExample, references };
}

/** Compose interpolates values, never keys or comments. */
function mapStrings<T>(node: T, map: (value: string) => string): T {
  if (typeof node === 'string') return map(node) as T;
  if (Array.isArray(node)) return node.map((item: unknown) => mapStrings(item, map)) as T;
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapStrings(value, map)])) as T;
}

/** Compose's rules: `${VAR:-d}` takes d when VAR is unset or empty, `${VAR-d}` only when unset. */
function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(reference, (_match, name?: string, operator?: string, fallback = '') => {
    if (name === undefined) return '$';
    const value = variables[name];
    if (operator === ':-') return value === undefined || value === '' ? fallback : value;
    if (operator === '-') return value ?? fallback;
    return value ?? '';
  });
}

/** KEY=value lines; # comments and blank lines skipped, as compose reads an env file. */
function parseEnvFile(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const equals = line.indexOf('=');
      if (equals < 1) throw new Error(`.env line without KEY=value: ${line}`);
      return [line.slice(0, equals), line.slice(equals + 1)] as const;
    });
  return Object.fromEntries(entries);
}

/** A service's environment as the strings its process sees. */
export function composeEnvironment(service: ComposeService): Record<string, string> {
  const entries = Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]);
  return Object.fromEntries(entries);
}

/**
 * The environment compose gives a service, for running that service natively on this host: the
 * compose host names of the infrastructure (postgres, kafka, jaeger) become 127.0.0.1, where the
 * local infrastructure listens on the same ports, and HTTP_HOST becomes 127.0.0.1 instead of
 * 0.0.0.0, because test traffic goes to 127.0.0.1 only and a container's 0.0.0.0 is private to it.
 * The auth-keys volume's path becomes the local issuer's directory. Nothing else differs.
 */
export function composeEnvironmentOnThisHost(service: ComposeService): Record<string, string> {
  const onThisHost = Object.entries(composeEnvironment(service)).map(([key, value]) => [
    key,
    value
      .replace(/(^|[/@,])(postgres|kafka|jaeger)(?=:\d)/g, '$1127.0.0.1')
      .replace(composeAuthKeys, `${pathToFileURL(localAuthDir).href}/`),
  ]);
  return { ...Object.fromEntries(onThisHost), HTTP_HOST: '127.0.0.1' };
}

/** Where docker-compose.yml mounts the auth-keys volume, as a file URL prefix. */
const composeAuthKeys = 'file:///var/lib/saga-auth/';

/** What a service waits for, and for which condition (undefined: the short form, no condition). */
export function dependsOnConditions(service: ComposeService): Record<string, string | undefined> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, undefined]));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, entry]) => [name, entry?.condition]));
}

/** `[ip:]host:container[/protocol]` entries as numbers (short syntax, single ports only). */
export function publishedPorts(service: ComposeService): { host: number; container: number; ip?: string }[] {
  return (service.ports ?? []).map((entry) => {
    const parts = String(entry)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    if (parts.length < 2 || parts.length > 3) throw new Error(`unsupported port syntax: ${entry}`);
    const [container, host, ip] = parts.reverse();
    return { host: Number(host), container: Number(container), ...(ip === undefined ? {} : { ip }) };
  });
}

/** The container's memory limit in MiB (`deploy.resources.limits.memory` or `mem_limit`). */
export function memoryLimitMiB(service: ComposeService): number | undefined {
  const limit = service.deploy?.resources?.limits?.memory ?? service.mem_limit;
  if (limit === undefined) return undefined;
  const match = /^(\d+)\s*([kmg])?i?b?$/i.exec(String(limit).trim());
  if (!match) throw new Error(`unreadable memory limit: ${limit}`);
  const perUnit = { k: 1 / 1024, m: 1, g: 1024 } as const;
  const unit = (match[2]?.toLowerCase() ?? '') as keyof typeof perUnit | '';
  return unit === '' ? Number(match[1]) / 1024 / 1024 : Number(match[1]) * perUnit[unit];
}
