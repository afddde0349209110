import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { allTopics, deadLetterTopicOf, dlqRedriveGroup, sagaServices } from '@saga-shop/contracts';
import { redriveDeadLetters, SharedAdmin, type BrokerClient } from '@saga-shop/messaging';
import { BROKER_CLIENT, DatabasePool } from '@saga-shop/platform';
import type { DeadLetterTopic, OutcomeMinute, RedriveResult, ServiceHealth } from '../api/console-api.js';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings.js';
import { serviceHealthOf } from '../domain/service-metrics.js';
import { deadLettersSince, outcomesPerMinute } from '../persistence/projection-sql.js';

const scrapeTimeoutMs = 2_000;

/** What the operations page shows: the services' metrics, the dead letters, the outcomes. */
@Injectable()
export class Operations implements OnApplicationShutdown {
  /** One admin connection for the page's polling. */
  private readonly admin: SharedAdmin;

  constructor(
    @Inject(BROKER_CLIENT) private readonly client: BrokerClient,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    private readonly database: DatabasePool,
  ) {
    this.admin = new SharedAdmin(client);
  }

  services(): Promise<ServiceHealth[]> {
    return Promise.all(
      sagaServices.map(async (service) => {
        const metrics = await fetch(`${this.settings.services[service]}/metrics`, {
          signal: AbortSignal.timeout(scrapeTimeoutMs),
        })
          .then((response) => (response.ok ? response.text() : null))
          .catch(() => null);
        return serviceHealthOf(service, metrics);
      }),
    );
  }

  /**
   * The dead letters of every topic not put back yet: the projection's copy of each `.dlq`, past
   * the offsets the redrive group committed (the same rule as `npm run dlq -- list`).
   */
  async deadLetters(): Promise<DeadLetterTopic[]> {
    return Promise.all(
      allTopics.map(async (topic) => {
        const dlq = deadLetterTopicOf(topic);
        const redriven = await this.admin.use((admin) => admin.committedOffsets(dlqRedriveGroup, dlq));
        return { topic, letters: await deadLettersSince(this.database, dlq, redriven) };
      }),
    );
  }

  async redrive(topic: string): Promise<RedriveResult> {
    return { topic, ...(await redriveDeadLetters(this.client, topic)) };
  }

  async outcomes(minutes: number): Promise<OutcomeMinute[]> {
    const byMinute = new Map<string, Record<string, number>>();
    for (const row of await outcomesPerMinute(this.database, minutes)) {
      const minute = row.minute.toISOString();
      byMinute.set(minute, { ...byMinute.get(minute), [row.outcome]: row.count });
    }
    return [...byMinute].map(([minute, outcomes]) => ({ minute, outcomes }));
  }

  onApplicationShutdown(): Promise<void> {
    return this.admin.close();
  }
}
