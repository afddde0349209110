// npm run outbox -- list [service...]            quarantined outbox rows, and why the broker refused them
// npm run outbox -- resend <service> [id...]     give them (all, or those ids) back to the relay
// A row is quarantined when the broker refused it for good several times in a row (no such topic,
// too large): the rows behind it flow on. Fix the cause first (create the topic, raise the limit).
// Each service reads its usual environment prefixed by its name (ORDER_DATABASE_URL, ...), as
// `npm run migrate` does; without one, the local default of `npm start` is used.
import pg from 'pg';
import {
  loadConfig,
  serviceCatalog,
  serviceConfigSchema,
  serviceNames,
  type ServiceName,
} from '@saga-shop/config';
import { listQuarantined, resendQuarantined } from '@saga-shop/messaging';

const [command, ...rest] = process.argv.slice(2);

function poolFor(name: ServiceName): pg.Pool {
  const prefix = `${name.toUpperCase()}_`;
  const env = Object.fromEntries(
    Object.entries(process.env)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
  const config = loadConfig(serviceConfigSchema(serviceCatalog[name]), env);
  return new pg.Pool({
    connectionString: config.database.url,
    options: `-c search_path=${config.database.schema}`,
  });
}

const isService = (name: string | undefined): name is ServiceName =>
  serviceNames.includes(name as ServiceName);
if ((command !== 'list' && command !== 'resend') || (command === 'resend' && !isService(rest[0]))) {
  console.error('usage: npm run outbox -- list [service...] | resend <service> [id...]');
  console.error(`services: ${serviceNames.join(', ')}`);
  process.exit(2);
}

if (command === 'resend') {
  const [service, ...ids] = rest as [ServiceName, ...string[]];
  const pool = poolFor(service);
  const count = await resendQuarantined(pool, ids.length > 0 ? ids : undefined).finally(() => pool.end());
  console.log(`${service}: ${count} quarantined row(s) given back to the relay`);
} else {
  for (const service of rest.length > 0 ? rest.filter(isService) : serviceNames) {
    const pool = poolFor(service);
    const rows = await listQuarantined(pool).finally(() => pool.end());
    if (rows.length === 0) continue;
    console.log(`${service}: ${rows.length} quarantined`);
    for (const row of rows) {
      console.log(
        `  #${row.id} ${row.quarantinedAt.toISOString()} ${row.topic} key=${row.messageKey} event=${row.eventId}: ${row.reason}`,
      );
    }
  }
}
