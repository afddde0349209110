import type { AclEntry as KafkaJsAclEntry, Admin } from 'kafkajs';
import { replaceAclsVia, type AclEntry } from './acl-sync.js';
import type { AclGrant } from './broker-client.js';

/** Makes `principal`'s ACLs exactly `grants` through kafkajs' admin (acl-sync.ts says how). */
export function replaceAcls(
  admin: Admin,
  principal: string,
  grants: AclGrant[],
): Promise<{ created: number; deleted: number }> {
  // kafkajs' ACL enums are Kafka's protocol codes: the numbers acl-sync.ts uses.
  const asKafkaJs = (acls: AclEntry[]) => acls as unknown as KafkaJsAclEntry[];
  return replaceAclsVia(
    {
      async describe(filter) {
        const { resources } = await admin.describeAcls(
          filter as unknown as Parameters<Admin['describeAcls']>[0],
        );
        return resources.flatMap((resource) =>
          resource.acls.map((acl) => ({
            resourceType: resource.resourceType,
            resourceName: resource.resourceName,
            resourcePatternType: resource.resourcePatternType,
            ...acl,
          })),
        );
      },
      delete: async (acls) => void (await admin.deleteAcls({ filters: asKafkaJs(acls) })),
      create: async (acls) => void (await admin.createAcls({ acl: asKafkaJs(acls) })),
    },
    principal,
    grants,
  );
}
