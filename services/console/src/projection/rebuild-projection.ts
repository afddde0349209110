import type pg from 'pg';
import type { BrokerClient, PartitionRange } from '@saga-shop/messaging';
import { clearProjection, recordMessages, type ProjectedMessage } from '../persistence/projection-sql.js';
import { projectedMessageOf } from './projected-message.js';
import { projectionTopics } from './projection-topics.js';

const rowsPerStatement = 500;

export interface RebuildReport {
  /** Messages read from the log, over every topic. */
  read: number;
  /** Of those, what the projection recorded (the rest tell no order's story). */
  recorded: number;
  orders: number;
}

/**
 * Throws the projection away and replays every topic from the start of its log, in one
 * transaction: readers see the old projection until the new one is complete, and the live
 * consumer's writes wait for the commit. What the replay can reach is what the topics retain
 * (README: replay and retention).
 *
 * Why this is exact: the end offsets are taken after the lock, so everything the live consumer
 * recorded before it is replayed, and what it records after it is recorded again (a no-op).
 */
export async function rebuildProjection(client: BrokerClient, pool: pg.Pool): Promise<RebuildReport> {
  const db = await pool.connect();
  const admin = await client.admin();
  const report: RebuildReport = { read: 0, recorded: 0, orders: 0 };
  const orders = new Set<string>();
  try {
    await db.query('BEGIN');
    await clearProjection(db);
    for (const topic of projectionTopics) {
      const [starts, ends] = await Promise.all([admin.startOffsets(topic), admin.endOffsets(topic)]);
      const ranges: PartitionRange[] = [...ends].map(([partition, until]) => ({
        partition,
        from: starts.get(partition) ?? '0',
        until,
      }));
      let pending: ProjectedMessage[] = [];
      const flush = async () => {
        for (const orderId of await recordMessages(db, pending)) orders.add(orderId);
        report.recorded += pending.length;
        pending = [];
      };
      await client.readRanges(topic, ranges, async (message) => {
        report.read += 1;
        const projected = projectedMessageOf(message);
        if (projected) pending.push(projected);
        if (pending.length >= rowsPerStatement) await flush();
      });
      await flush();
    }
    await db.query('COMMIT');
    report.orders = orders.size;
    return report;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
    await admin.disconnect();
  }
}
