import type { KafkaAccess } from '@saga-shop/contracts';
import type { AclGrant } from './broker-client.js';

/**
 * The Kafka ACLs that give a service exactly its access: read (and describe) what it consumes,
 * write (and describe) what it produces and its inputs' dead-letter twins, and join its own
 * consumer group. An idempotent producer needs no more: WRITE on a topic implies it (KIP-679).
 */
export function aclGrantsOf(access: KafkaAccess): AclGrant[] {
  const topic = (name: string, operation: AclGrant['operation']): AclGrant => ({
    resource: 'topic',
    name,
    operation,
  });
  return [
    ...access.read.flatMap((name) => [topic(name, 'read'), topic(name, 'describe')]),
    ...access.write.flatMap((name) => [topic(name, 'write'), topic(name, 'describe')]),
    { resource: 'group', name: access.group, operation: 'read' },
  ];
}
