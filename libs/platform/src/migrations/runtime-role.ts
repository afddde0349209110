import type pg from 'pg';

/**
 * What the runtime role (the user in DATABASE_URL) may do after migrations: read and write rows
 * in the service's schema, and read which migrations ran. Nothing else: it owns nothing, so it
 * cannot DROP, ALTER or CREATE, and it cannot rewrite the migration history. Granted again
 * after every run, so tables a migration adds are covered the moment they exist.
 */
export async function grantRuntimeRole(client: pg.Client, schema: string, role: string): Promise<void> {
  const [quotedSchema, quotedRole] = await Promise.all([
    identifier(client, schema),
    identifier(client, role),
  ]);
  await client.query(`
    GRANT USAGE ON SCHEMA ${quotedSchema} TO ${quotedRole};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${quotedSchema} TO ${quotedRole};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${quotedSchema} TO ${quotedRole};
    REVOKE INSERT, UPDATE, DELETE ON ${quotedSchema}."_prisma_migrations" FROM ${quotedRole};`);
}

/** The user a connection string logs in as (percent-decoded), or undefined when it names none. */
export function userOf(databaseUrl: string): string | undefined {
  const user = new URL(databaseUrl).username;
  return user ? decodeURIComponent(user) : undefined;
}

async function identifier(client: pg.Client, name: string): Promise<string> {
  const { rows } = await client.query<{ quoted: string }>('SELECT quote_ident($1) AS quoted', [name]);
  return rows[0]!.quoted;
}
