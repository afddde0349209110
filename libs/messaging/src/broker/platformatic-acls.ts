import type { Acl, Admin } from '@platformatic/kafka';
import { replaceAclsVia, type AclEntry } from './acl-sync.js';
import type { AclGrant } from './broker-client.js';
import { withBrokerErrors } from './platformatic-connection.js';

/**
 * Makes `principal`'s ACLs exactly `grants` through @platformatic/kafka's Admin, which has the
 * three ACL calls (DescribeAcls, CreateAcls, DeleteAcls) as typed methods: no raw API call needed.
 */
export function replaceAclsWithPlatformatic(
  admin: Admin,
  principal: string,
  grants: AclGrant[],
): Promise<{ created: number; deleted: number }> {
  // Its enums are Kafka's protocol codes too, typed as literal unions.
  const asAcls = (acls: AclEntry[]) => acls as Acl[];
  return replaceAclsVia(
    {
      async describe(filter) {
        const resources = await withBrokerErrors(
          admin.describeAcls({ filter: { ...(filter as Omit<Acl, 'resourceName'>), resourceName: null } }),
        );
        return resources.flatMap(({ acls, ...target }) => acls.map((acl) => ({ ...target, ...acl })));
      },
      delete: async (acls) => void (await withBrokerErrors(admin.deleteAcls({ filters: asAcls(acls) }))),
      create: (acls) => withBrokerErrors(admin.createAcls({ creations: asAcls(acls) })),
    },
    principal,
    grants,
  );
}
