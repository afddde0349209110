import { describe, expect, it } from '@jest/globals';
import { normaliseLiteralDefault, normaliseSqlDefault } from './column-default.js';

describe('column defaults in one spelling', () => {
  it("reads Prisma's CURRENT_TIMESTAMP and a migration's now() as the same default", () => {
    expect(normaliseSqlDefault('CURRENT_TIMESTAMP')).toBe('now()');
    expect(normaliseSqlDefault('now()')).toBe('now()');
  });

  it("reads a serial column's sequence as autoincrement()", () => {
    expect(normaliseSqlDefault("nextval('outbox_id_seq'::regclass)")).toBe('autoincrement()');
  });

  it('drops the casts PostgreSQL adds to literals, so they match the schema.prisma value', () => {
    expect(normaliseSqlDefault("'SHIPPED'::text")).toBe(normaliseLiteralDefault('SHIPPED', 'String'));
    expect(normaliseSqlDefault("'-1'::integer")).toBe(normaliseLiteralDefault(-1, 'Int'));
    expect(normaliseSqlDefault("'{ }'::jsonb")).toBe(normaliseLiteralDefault('{}', 'Json'));
    expect(normaliseSqlDefault('1.50')).toBe(normaliseLiteralDefault(1.5, 'Decimal'));
    expect(normaliseSqlDefault("'it''s'::text")).toBe(normaliseLiteralDefault("it's", 'String'));
  });

  it('keeps any other expression as written, so dbgenerated() text compares with it', () => {
    expect(normaliseSqlDefault(' gen_random_uuid() ')).toBe('gen_random_uuid()');
    expect(normaliseSqlDefault("('a'::text || 'b'::text)")).toBe("('a'::text || 'b'::text)");
  });
});
