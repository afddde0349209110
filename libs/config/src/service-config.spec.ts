import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './load-config.js';
import { serviceConfigSchema, serviceConfigVariables } from './service-config.js';

const inventory = { name: 'inventory', port: 3002, database: 'saga_inventory' };

describe('service configuration', () => {
  it('gives a runnable local default for every variable when the environment is empty', () => {
    const config = loadConfig(serviceConfigSchema(inventory), {});
    expect(config.http.port).toBe(3002);
    expect(config.database.url).toBe(
      'postgresql://saga_inventory_app:saga_inventory_app@127.0.0.1:5432/saga_inventory',
    );
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.serviceName).toBe('inventory');
  });

  it('is secure by default: loopback, bearer tokens, a SCRAM principal, a runtime database role', () => {
    const config = loadConfig(serviceConfigSchema(inventory), {});
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.auth).toMatchObject({ issuer: 'saga-shop-local-issuer', audience: 'saga-shop' });
    expect(config.auth.jwksUrl).toMatch(/^file:\/\/.*\/\.data\/local\/auth\/jwks\.json$/);
    expect(config.kafkaSecurity.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'saga-inventory',
      password: 'saga-inventory',
    });
    expect(new URL(config.database.url).username).toBe('saga_inventory_app');
    expect(new URL(config.migrations.url).username).toBe('saga_inventory');
  });

  it('splits a comma-separated broker list', () => {
    const config = loadConfig(serviceConfigSchema(inventory), {
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
    });
    expect(config.kafka.brokers).toEqual(['kafka-0:9092', 'kafka-1:9092']);
  });

  it('talks to Kafka through kafkajs unless KAFKA_CLIENT picks the other adapter', () => {
    expect(loadConfig(serviceConfigSchema(inventory), {}).kafka.client).toBe('kafkajs');
    const config = loadConfig(serviceConfigSchema(inventory), { KAFKA_CLIENT: 'platformatic' });
    expect(config.kafka.client).toBe('platformatic');
  });

  it('refuses to start with an unknown KAFKA_CLIENT, naming the choices', () => {
    const attempt = () => loadConfig(serviceConfigSchema(inventory), { KAFKA_CLIENT: 'rdkafka' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_CLIENT: .*"kafkajs"\|"platformatic"/);
  });

  it('names every bad variable in one error', () => {
    const attempt = () =>
      loadConfig(serviceConfigSchema(inventory), {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://nope',
        KAFKA_BROKERS: 'no-port',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT:/m);
      expect(problems).toMatch(/^DATABASE_URL:/m);
      expect(problems).toMatch(/^KAFKA_BROKERS/m);
    }
  });

  it('lists the variables it reads, for deployment manifests to be checked against', () => {
    expect(serviceConfigVariables(inventory)).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL']),
    );
  });
});
