import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { deadLetterTopicOf, encodeEvent, events, newEvent } from '@saga-shop/contracts';
import { brokerClientKindFrom, createBrokerClient } from '@saga-shop/messaging';
import {
  SagaStack,
  adminBrokerOptions,
  serviceNames,
  staffBearer,
  waitFor,
  workspaceRoot,
} from '@saga-shop/testing';
import { ConsoleBrowser, screenshotPath } from './console-browser.js';

// The console (services/console) in a real headless Chromium, against the real stack: the shop,
// the live swimlane of each outcome, the trace waterfall, cancelling, the operations page with a
// poison message and its redrive, and the projection rebuilt by replay. Fulfilment packs for 4 s
// so an order waits at PAID long enough to cancel; spans reach Jaeger within 100 ms.
const stack = new SagaStack({
  env: { OTEL_BSP_SCHEDULE_DELAY: '100' },
  envFor: { fulfilment: { FULFILMENT_DISPATCH_DELAY_MS: '4000' } },
  console: { CONSOLE_OPS_REFRESH_MS: '1000' },
});
const browser = new ConsoleBrowser();
const customer = `ui-${randomUUID().slice(0, 8)}`;
const placed: string[] = [];
let page: Page;
let sku: string;

const consoleUrl = () => stack.console?.baseUrl ?? 'http://127.0.0.1:0';
const byTestId = (id: string) => page.getByTestId(id);

async function signIn(role: 'customer' | 'staff'): Promise<void> {
  if (await byTestId('signout').isVisible()) await byTestId('signout').click();
  if (role === 'customer') await byTestId('signin-subject').fill(customer);
  await byTestId(`signin-${role}`).click();
  await expect(byTestId('signed-in-as').textContent()).resolves.toContain(
    role === 'staff' ? 'staff' : customer,
  );
}

/** Two clicks per outcome: a card and a country, then submit; the page moves to the order. */
async function placeOrder(paymentMethod: string, country: string): Promise<string> {
  await byTestId('nav-shop').click();
  await byTestId(`add-${sku}`).click();
  await byTestId('payment-method').selectOption(paymentMethod);
  await byTestId('country').selectOption(country);
  await byTestId('address-line1').fill('1 Saga Street');
  await byTestId('address-city').fill('Lyon');
  await byTestId('address-postal-code').fill('69001');
  await byTestId('place-order').click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 15_000 });
  const orderId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  placed.push(orderId);
  return orderId;
}

async function waitForStatus(status: string, timeout = 60_000): Promise<void> {
  await page.locator(`[data-testid="order-status"][data-status="${status}"]`).waitFor({ timeout });
}

async function timelineEvents(): Promise<{ type: string; lane: string; compensation: boolean }[]> {
  return page.getByTestId('timeline-event').evaluateAll((elements) =>
    elements.map((element) => ({
      type: element.getAttribute('data-type') ?? '',
      lane: element.getAttribute('data-lane') ?? '',
      compensation: element.getAttribute('data-compensation') === 'true',
    })),
  );
}

async function compensationsOnPage(): Promise<string[]> {
  return (await timelineEvents()).filter((event) => event.compensation).map((event) => event.type);
}

async function sagaOf(orderId: string): Promise<unknown> {
  const response = await fetch(`${consoleUrl()}/api/sagas/${orderId}`, { headers: await staffBearer() });
  expect(response.status).toBe(200);
  return response.json();
}

/** The placed orders' timelines once nothing changes between two reads a second apart. */
async function settledTimelines(): Promise<unknown[]> {
  let previous = '';
  return waitFor(
    async () => {
      const timelines = await Promise.all(placed.map(sagaOf));
      const current = JSON.stringify(timelines);
      const settled = current === previous;
      previous = current;
      return settled ? timelines : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 1_000, what: 'the timelines to settle' },
  );
}

describe('console in a browser', () => {
  beforeAll(async () => {
    await stack.start();
    const products = (await (await fetch(`${consoleUrl()}/api/products`)).json()) as {
      sku: string;
      available: number;
    }[];
    sku = products.find((product) => product.available >= 20)?.sku ?? products[0]?.sku ?? 'none';
    page = await browser.open();
    await page.goto(consoleUrl());
    await signIn('customer');
  }, 120_000);
  afterAll(async () => {
    await browser.close();
    await stack.stop();
  }, 60_000);

  it('places an order in the shop and follows it live to COMPLETED in all four lanes', async () => {
    await byTestId(`product-${sku}`).waitFor();
    await byTestId(`add-${sku}`).click();
    await byTestId('address-line1').fill('1 Saga Street');
    await page.screenshot({ path: screenshotPath('shop') });

    await placeOrder('card_ok', 'FR');
    await waitForStatus('COMPLETED');
    const lanes = new Set((await timelineEvents()).map((event) => event.lane));
    expect([...lanes].sort()).toEqual(['fulfilment', 'inventory', 'order', 'payment']);
    for (const lane of ['order', 'inventory', 'payment', 'fulfilment']) {
      await expect(byTestId(`lane-${lane}`).getByTestId('timeline-event').count()).resolves.toBeGreaterThan(
        0,
      );
    }
    expect(await compensationsOnPage()).toEqual([]);
    await page.screenshot({ path: screenshotPath('order'), fullPage: true });
  }, 90_000);

  it('shows the order’s trace as a waterfall with spans of all four services', async () => {
    await byTestId('trace-link').first().click();
    await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
    const services = await waitFor(
      async () => {
        await byTestId('trace-waterfall').waitFor({ timeout: 10_000 });
        const seen = await byTestId('trace-span').evaluateAll((spans) =>
          spans.map((span) => span.getAttribute('data-service') ?? ''),
        );
        if (serviceNames.every((name) => seen.includes(name))) return seen;
        await page.reload();
        return undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, what: 'the waterfall to hold all four services' },
    );
    expect(services.length).toBeGreaterThan(8);
    await page.screenshot({ path: screenshotPath('trace'), fullPage: true });
  }, 60_000);

  it('takes a declined card through its compensation: the stock is released', async () => {
    await placeOrder('card_declined', 'FR');
    await waitForStatus('CANCELLED');
    await expect(byTestId('order-reason').textContent()).resolves.toContain('PAYMENT_DECLINED');
    const timeline = await timelineEvents();
    expect(timeline.map((event) => event.type)).toContain('payment.declined.v1');
    await waitFor(
      async () => ((await compensationsOnPage()).includes('inventory.released.v1') ? true : undefined),
      {
        timeoutMs: 20_000,
        what: 'the release on the inventory lane',
      },
    );
  }, 90_000);

  it('takes an order to Antarctica through refund and release', async () => {
    await placeOrder('card_ok', 'AQ');
    await waitForStatus('CANCELLED');
    await expect(byTestId('order-reason').textContent()).resolves.toContain('FULFILMENT_FAILED');
    const compensations = await waitFor(
      async () => {
        const found = await compensationsOnPage();
        return found.includes('payment.refunded.v1') && found.includes('inventory.released.v1')
          ? found
          : undefined;
      },
      { timeoutMs: 20_000, what: 'refund and release on the timeline' },
    );
    expect(compensations.sort()).toEqual(['inventory.released.v1', 'payment.refunded.v1']);
  }, 90_000);

  it('cancels from the order page while paid (202), and not once completed (409)', async () => {
    await placeOrder('card_ok', 'FR');
    await waitForStatus('PAID');
    await byTestId('cancel-order').click();
    await byTestId('cancel-result').waitFor();
    await expect(byTestId('cancel-result').getAttribute('data-http-status')).resolves.toBe('202');
    await waitForStatus('CANCELLED');
    await expect(byTestId('order-reason').textContent()).resolves.toContain('CUSTOMER_CANCELLED');

    await page.goto(`${consoleUrl()}/orders/${placed[0]}`);
    await waitForStatus('COMPLETED');
    await byTestId('cancel-order').click();
    await byTestId('cancel-result').waitFor();
    await expect(byTestId('cancel-result').getAttribute('data-http-status')).resolves.toBe('409');
    await expect(byTestId('cancel-result').textContent()).resolves.toContain('409');
  }, 90_000);

  it('shows a poison message on the operations page and redrives it', async () => {
    const topic = 'order.placed.v1';
    const key = `poison-ui-${randomUUID()}`;
    const kafka = createBrokerClient(
      adminBrokerOptions('console-ui-e2e'),
      brokerClientKindFrom(process.env['KAFKA_CLIENT']),
    );
    const producer = await kafka.producer();
    const valid = encodeEvent(newEvent(topic, structuredClone(events[topic].example)));
    await producer.send([{ topic, key, value: '{oops', headers: { ...valid.headers } }]);
    await producer.disconnect();

    await signIn('staff');
    await byTestId('nav-ops').click();
    await byTestId('ops-services').waitFor();
    for (const service of serviceNames) await byTestId(`service-row-${service}`).waitFor();
    await byTestId('stock-table').waitFor();
    await byTestId('outcomes-chart').waitFor();
    const card = byTestId(`dlq-topic-${topic}`);
    const letter = card.getByTestId('dead-letter').filter({ hasText: key });
    await letter.first().waitFor({ timeout: 30_000 });
    await expect(letter.first().textContent()).resolves.toContain('contract-violation');
    await page.screenshot({ path: screenshotPath('ops'), fullPage: true });

    const parked = await deadLettersWithKey(topic, key);
    expect(parked).toHaveLength(1);
    await byTestId(`redrive-${topic}`).click();
    await expect(byTestId('redrive-result').textContent()).resolves.toMatch(/[1-9]\d* redriven/);
    // Still malformed, so inventory parks it again: the redriven letter leaves the list, its new
    // copy arrives at a later offset of the .dlq.
    const again = await waitFor(
      async () => {
        const letters = await deadLettersWithKey(topic, key);
        return letters.length === 1 && letters[0] !== parked[0] ? letters : undefined;
      },
      { timeoutMs: 30_000, what: 'the redriven message to be parked again at a new offset' },
    );
    expect(BigInt(again[0] ?? -1)).toBeGreaterThan(BigInt(parked[0] ?? 0));
  }, 120_000);

  it('rebuilds the projection by replaying the topics, with the same timelines', async () => {
    const before = await settledTimelines();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=saga-shop-source', '--import', 'tsx', 'services/console/src/rebuild.ts'],
      {
        cwd: workspaceRoot,
        env: { ...process.env, SERVICE_NAME: 'console', LOG_LEVEL: 'warn' },
        timeout: 120_000,
      },
    );
    expect(stdout).toMatch(/console projection rebuilt in .* \d+ orders/);
    expect(await settledTimelines()).toEqual(before);

    await signIn('customer');
    const [first] = placed;
    await page.goto(`${consoleUrl()}/orders/${first}`);
    await waitForStatus('COMPLETED');
    const timeline = (before[0] as { events: unknown[] }).events;
    await expect(byTestId('timeline-event').count()).resolves.toBe(timeline.length);
  }, 180_000);
});

/** The offsets of the not yet redriven letters with this key on a topic's .dlq, by the console's API. */
async function deadLettersWithKey(topic: string, key: string): Promise<string[]> {
  const response = await fetch(`${consoleUrl()}/api/ops/dead-letters`, { headers: await staffBearer() });
  const topics = (await response.json()) as {
    topic: string;
    letters: { key: string | null; offset: string }[];
  }[];
  const dlq = topics.find((entry) => entry.topic === topic || entry.topic === deadLetterTopicOf(topic));
  return (dlq?.letters ?? []).filter((letter) => letter.key === key).map((letter) => letter.offset);
}
