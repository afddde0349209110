import type { AclGrant } from './broker-client.js';

/**
 * One ACL in Kafka's protocol codes, which both client libraries' enums mirror (ResourceType,
 * PatternType, AclOperation, AclPermissionType in the Kafka protocol guide).
 */
export interface AclEntry {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

/** What replacing a principal's ACLs needs of a client library. */
export interface AclApi {
  /** Every ACL `filter` matches (ANY codes match every value, a missing resource name every name). */
  describe(filter: Omit<AclEntry, 'resourceName'>): Promise<AclEntry[]>;
  delete(acls: AclEntry[]): Promise<void>;
  create(acls: AclEntry[]): Promise<void>;
}

const any = 1;
const patterns = { literal: 3, prefixed: 4 } as const;
const allow = 3;
const resources = { topic: 2, group: 3 } as const;
const operations = { read: 3, write: 4, describe: 8 } as const;

/** One grant as an ACL: a literal (or prefixed) resource name, any host, allow. */
function aclOf(principal: string, grant: AclGrant): AclEntry {
  return {
    resourceType: resources[grant.resource],
    resourceName: grant.name,
    resourcePatternType: patterns[grant.pattern ?? 'literal'],
    principal,
    host: '*',
    operation: operations[grant.operation],
    permissionType: allow,
  };
}

const keyOf = (acl: AclEntry) =>
  [
    acl.resourceType,
    acl.resourceName,
    acl.resourcePatternType,
    acl.host,
    acl.operation,
    acl.permissionType,
  ].join('|');

/**
 * Makes `principal`'s ACLs exactly `grants`: creates what is missing and deletes anything else it
 * holds (a topic it no longer produces, a grant added by hand), so the broker never drifts from
 * the topology in libs/contracts.
 */
export async function replaceAclsVia(
  api: AclApi,
  principal: string,
  grants: AclGrant[],
): Promise<{ created: number; deleted: number }> {
  const wanted = new Map(grants.map((grant) => aclOf(principal, grant)).map((acl) => [keyOf(acl), acl]));
  const existing = await api.describe({
    resourceType: any,
    resourcePatternType: any,
    principal,
    host: '*',
    operation: any,
    permissionType: any,
  });
  const existingKeys = new Set(existing.map(keyOf));
  const stale = existing.filter((acl) => !wanted.has(keyOf(acl)));
  const missing = [...wanted].filter(([key]) => !existingKeys.has(key)).map(([, acl]) => acl);
  if (stale.length > 0) await api.delete(stale);
  if (missing.length > 0) await api.create(missing);
  return { created: missing.length, deleted: stale.length };
}
