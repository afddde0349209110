import { SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import type pg from 'pg';
import { classifyFailure } from '../consumer/failure-class.js';
import type { DualWritePublisher } from '../outbox/dual-write.js';
import { insertOutboxRows, outboxRowValues } from '../outbox/outbox-row.js';
import type { Sql, Statement } from '../sql/statement.js';
import { SagaTransaction } from './saga-transaction.js';

export interface TransactionRunnerOptions {
  pool: pg.Pool;
  /** Called after every commit that wrote outbox rows: wakes this process's relay at once. */
  onOutboxCommitted?: () => void;
  /**
   * EVENT_DELIVERY=dual-write, the benchmark's unsafe baseline: the events are published right
   * after COMMIT instead of being written to the outbox (see DualWritePublisher).
   */
  dualWrite?: DualWritePublisher;
}

export interface RunOptions {
  /** Span links, e.g. to every event a batch transaction handles. */
  links?: Link[];
}

const tracer = trace.getTracer('@saga-shop/messaging');

/**
 * Runs saga transactions on raw pg connections: BEGIN, the work, its outbox rows in one
 * statement, COMMIT. A connection that broke during the transaction is destroyed, not pooled.
 * `query` and `execute` run one statement outside any transaction (reads, mostly).
 */
export class TransactionRunner implements Sql {
  constructor(private readonly options: TransactionRunnerOptions) {}

  async query<Row>(statement: Statement, values: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.options.pool.query({ ...statement, values: values as unknown[] });
    return result.rows as Row[];
  }

  async execute(statement: Statement, values: readonly unknown[] = []): Promise<number> {
    const result = await this.options.pool.query({ ...statement, values: values as unknown[] });
    return result.rowCount ?? 0;
  }

  async run<T>(work: (tx: SagaTransaction) => Promise<T>, runOptions: RunOptions = {}): Promise<T> {
    return tracer.startActiveSpan(
      'pg.transaction',
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql', 'db.operation.name': 'TRANSACTION' },
        links: runOptions.links,
      },
      async (span) => {
        try {
          const { result, tx } = await this.inTransaction(work);
          span.setAttributes({
            'saga.statements': tx.statementCount,
            'saga.outbox_rows': tx.outgoing.length,
          });
          return result;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  private async inTransaction<T>(work: (tx: SagaTransaction) => Promise<T>) {
    const client = await this.options.pool.connect();
    let broken = false;
    const tx = new SagaTransaction(client);
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      const rows = tx.outgoing;
      if (rows.length > 0 && !this.options.dualWrite) {
        await tx.execute(insertOutboxRows, outboxRowValues(rows));
      }
      await client.query('COMMIT');
      if (rows.length > 0) {
        if (this.options.dualWrite) await this.options.dualWrite.publish(rows);
        else this.options.onOutboxCommitted?.();
      }
      return { result, tx };
    } catch (error) {
      broken = classifyFailure(error) === 'infrastructure';
      if (!broken) await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      // A broken connection goes away instead of back into the pool.
      client.release(broken);
    }
  }
}
