import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { databaseUrlFor, serviceNames } from '@saga-shop/testing';

async function tryConnect(url: string): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    const { code = 'unknown', message } = error as Error & { code?: string };
    return { ok: false, code, message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('each service database is reachable by its own role only', () => {
  for (const owner of serviceNames) {
    it(`saga_${owner} connects to its own database`, async () => {
      expect(await tryConnect(databaseUrlFor(owner))).toEqual({ ok: true });
    });

    for (const other of serviceNames.filter((name) => name !== owner)) {
      it(`saga_${owner} is refused by saga_${other}'s database`, async () => {
        const attempt = await tryConnect(databaseUrlFor(other, owner));
        expect(attempt.ok).toBe(false);
        // 42501 insufficient_privilege: "permission denied for database", not a network error.
        expect(attempt).toMatchObject({ code: '42501' });
      });
    }
  }
});
