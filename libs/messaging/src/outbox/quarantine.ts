import type pg from 'pg';

export interface QuarantinedRow {
  id: string;
  eventId: string;
  topic: string;
  messageKey: string;
  quarantinedAt: Date;
  reason: string;
}

/** Rows the relay set aside because the broker refused them for good, oldest first. */
export async function listQuarantined(pool: pg.Pool): Promise<QuarantinedRow[]> {
  const { rows } = await pool.query<QuarantinedRow>(
    `SELECT id, event_id AS "eventId", topic, message_key AS "messageKey",
            quarantined_at AS "quarantinedAt", quarantine_reason AS reason
       FROM outbox WHERE quarantined_at IS NOT NULL ORDER BY id`,
  );
  return rows;
}

/**
 * Gives quarantined rows back to the relay (all of them, or those with `ids`), once the cause is
 * fixed (the topic created, a limit raised). Returns how many. They keep their place in id order.
 */
export async function resendQuarantined(pool: pg.Pool, ids?: string[]): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE outbox SET quarantined_at = NULL, quarantine_reason = NULL
      WHERE quarantined_at IS NOT NULL AND ($1::bigint[] IS NULL OR id = ANY($1::bigint[]))`,
    [ids ?? null],
  );
  return rowCount ?? 0;
}
