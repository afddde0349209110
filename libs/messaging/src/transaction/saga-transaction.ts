import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type pg from 'pg';
import type { SagaEvent } from '@saga-shop/contracts';
import { toOutboxRow, type PublishableRow } from '../outbox/outbox-row.js';
import type { Sql, Statement } from '../sql/statement.js';

/**
 * One database transaction of a saga step: the statements of its effect, and the events it
 * announces. `publish` only records them; the runner writes them to the outbox in one statement
 * just before COMMIT, so the state change and its events commit together or not at all.
 */
export class SagaTransaction implements Sql {
  readonly outgoing: PublishableRow[] = [];
  statementCount = 0;

  constructor(private readonly client: pg.ClientBase) {}

  async query<Row>(statement: Statement, values: readonly unknown[] = []): Promise<Row[]> {
    return (await this.run(statement, values)).rows as Row[];
  }

  async execute(statement: Statement, values: readonly unknown[] = []): Promise<number> {
    return (await this.run(statement, values)).rowCount ?? 0;
  }

  /** Records events to publish once this transaction commits (encoded and validated now). */
  publish(...events: SagaEvent[]): void {
    for (const event of events) this.outgoing.push(toOutboxRow(event));
  }

  private run(statement: Statement, values: readonly unknown[]) {
    this.statementCount += 1;
    // One span per transaction (the runner's), not one per statement. Dropping the pg
    // instrumentation altogether measured no different (interleaved A/B; docs/performance.md,
    // tuning log).
    return context.with(suppressTracing(context.active()), () =>
      this.client.query({ name: statement.name, text: statement.text, values: values as unknown[] }),
    );
  }
}
