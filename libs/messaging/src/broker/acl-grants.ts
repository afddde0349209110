import type { KafkaPermissions } from '@saga-shop/contracts';
import type { AclGrant } from './broker-client.js';

/**
 * The Kafka ACLs that give a service exactly its access: read (and describe) what it consumes,
 * write (and describe) what it produces and its inputs' dead-letter twins, and join its own
 * consumer group (or groups). An idempotent producer needs no more: WRITE on a topic implies it (KIP-679).
 */
export function aclGrantsOf(access: KafkaPermissions): AclGrant[] {
  const topic = (name: string, operation: AclGrant['operation']): AclGrant => ({
    resource: 'topic',
    name,
    operation,
  });
  return [
    ...access.read.flatMap((name) => [topic(name, 'read'), topic(name, 'describe')]),
    ...access.write.flatMap((name) => [topic(name, 'write'), topic(name, 'describe')]),
    ...access.groups.map((name): AclGrant => ({ resource: 'group', name, operation: 'read' })),
    ...(access.groupPrefixes ?? []).map((name): AclGrant => ({
      resource: 'group',
      name,
      operation: 'read',
      pattern: 'prefixed',
    })),
  ];
}
