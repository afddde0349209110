import kafkajs from 'kafkajs';
import type { AclEntry, Admin } from 'kafkajs';
import type { AclGrant } from './broker-client.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const operations = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  describe: AclOperationTypes.DESCRIBE,
} as const;
const resources = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP } as const;

/** One ACL as kafkajs writes it: literal, any host, allow. */
function aclOf(principal: string, grant: AclGrant): AclEntry {
  return {
    resourceType: resources[grant.resource],
    resourceName: grant.name,
    resourcePatternType: ResourcePatternTypes.LITERAL,
    principal,
    host: '*',
    operation: operations[grant.operation],
    permissionType: AclPermissionTypes.ALLOW,
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
export async function replaceAcls(
  admin: Admin,
  principal: string,
  grants: AclGrant[],
): Promise<{ created: number; deleted: number }> {
  const wanted = new Map(grants.map((grant) => aclOf(principal, grant)).map((acl) => [keyOf(acl), acl]));
  const { resources: held } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal,
    host: '*',
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const existing = held.flatMap((resource) =>
    resource.acls.map((acl): AclEntry => ({
      resourceType: resource.resourceType,
      resourceName: resource.resourceName,
      resourcePatternType: resource.resourcePatternType,
      principal: acl.principal,
      host: acl.host,
      operation: acl.operation,
      permissionType: acl.permissionType,
    })),
  );
  const existingKeys = new Set(existing.map(keyOf));
  const stale = existing.filter((acl) => !wanted.has(keyOf(acl)));
  const missing = [...wanted].filter(([key]) => !existingKeys.has(key)).map(([, acl]) => acl);
  if (stale.length > 0) await admin.deleteAcls({ filters: stale });
  if (missing.length > 0) await admin.createAcls({ acl: missing });
  return { created: missing.length, deleted: stale.length };
}
