import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  DiagnosticSeverity,
  Parser,
  type AsyncAPIDocumentInterface,
  type Diagnostic,
} from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { consumerGroupOf } from '../access.js';
import { encodeEvent, newEvent } from '../cloudevents/codec.js';
import { eventJsonSchema } from '../compatibility/event-json-schema.js';
import { events, type EventType } from '../events/catalog.js';
import { allTopics, deadLetterTopicOf } from '../topics.js';
import { asyncApiDocument } from './asyncapi-document.js';
import { operationIdOf } from './asyncapi-ids.js';

const checkedInFile = path.join(import.meta.dirname, '../../../../docs/asyncapi.yaml');
const eventTypes = Object.keys(events) as EventType[];
/** Each error as `path: message`, so a failure reads like the parser's own report. */
const errorsOf = (diagnostics: Diagnostic[]) =>
  diagnostics
    .filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)
    .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);

let diagnostics: Diagnostic[] = [];
let document: AsyncAPIDocumentInterface | undefined;

beforeAll(async () => {
  ({ diagnostics, document } = await new Parser().parse(asyncApiDocument()));
});

describe('the AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0: @asyncapi/parser reports no error', () => {
    expect(errorsOf(diagnostics)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has a channel for every topic and one for its dead-letter twin, addressed by topic name', () => {
    const addresses = document
      ?.channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses?.sort()).toEqual(allTopics.flatMap((topic) => [topic, deadLetterTopicOf(topic)]).sort());
  });

  it('names operations service + verb + event, as in orderPublishesOrderPlacedV1', () => {
    const ids = document
      ?.operations()
      .all()
      .map((operation) => operation.id());
    expect(ids).toEqual(
      expect.arrayContaining([
        'orderPublishesOrderPlacedV1',
        'inventoryReceivesOrderPlacedV1',
        'inventoryDeadLettersOrderPlacedV1',
      ]),
    );
  });

  it.each(eventTypes)('%s: its producer sends it, each consumer receives it in its own group', (type) => {
    const { producer, consumers } = events[type];
    const on = (address: string) =>
      document
        ?.operations()
        .all()
        .filter((operation) => operation.channels().all()[0]?.address() === address)
        .map((operation) => ({
          id: operation.id(),
          action: operation.action(),
          group: operation.bindings().get('kafka')?.value<{ groupId?: { const: string } }>().groupId?.const,
        }));
    expect(on(type)).toEqual([
      { id: operationIdOf(producer, 'Publishes', type), action: 'send', group: undefined },
      ...consumers.map((consumer) => ({
        id: operationIdOf(consumer, 'Receives', type),
        action: 'receive',
        group: consumerGroupOf(consumer),
      })),
    ]);
    expect(on(deadLetterTopicOf(type))).toEqual(
      consumers.map((consumer) => ({
        id: operationIdOf(consumer, 'DeadLetters', type),
        action: 'send',
        group: undefined,
      })),
    );
  });

  it.each(eventTypes)(
    '%s: declares the headers encodeEvent writes, its payload schema and the key',
    (type) => {
      const { headers } = encodeEvent(newEvent(type, events[type].example));
      const { components } = asyncApiDocument();
      expect([...components.schemas.cloudEventHeaders.required].sort()).toEqual(Object.keys(headers).sort());
      const message = document
        ?.messages()
        .all()
        .find((candidate) => candidate.name() === type);
      const properties = message?.headers()?.allOf()?.[1]?.properties();
      expect(properties?.['ce_type']?.const()).toBe(headers['ce_type']);
      expect(properties?.['ce_source']?.const()).toBe(headers['ce_source']);
      const payload = message?.payload();
      const schema = eventJsonSchema(type);
      expect(payload?.schemaFormat()).toBe('application/schema+json;version=draft-07');
      expect(Object.keys(payload?.properties() ?? {})).toEqual(Object.keys(schema.properties ?? {}));
      expect(payload?.required()).toEqual(schema.required);
      expect(message?.bindings().get('kafka')?.value().key.format).toBe('uuid');
    },
  );

  it('would fail on a broken document: @asyncapi/parser reports a message from another channel', async () => {
    const broken = asyncApiDocument();
    broken.operations['inventoryReceivesOrderPlacedV1'] = {
      ...broken.operations['inventoryReceivesOrderPlacedV1'],
      messages: [{ $ref: '#/channels/paymentCaptured/messages/paymentCaptured' }],
    };
    const { diagnostics: reported } = await new Parser().parse(broken);
    expect(errorsOf(reported)).toContainEqual(
      expect.stringMatching(/^operations\.inventoryReceivesOrderPlacedV1\.messages\.0: /),
    );
  });

  it('docs/asyncapi.yaml says exactly what the generator says now (else run npm run asyncapi)', () => {
    expect(parse(readFileSync(checkedInFile, 'utf8'))).toEqual(asyncApiDocument());
  });
});
