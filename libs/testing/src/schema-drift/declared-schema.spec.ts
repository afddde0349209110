import { describe, expect, it } from '@jest/globals';
import { readDeclaredSchema } from './declared-schema.js';

const schema = `
datasource db {
  provider = "postgresql"
}
model Order {
  id     String      @id @default(uuid()) @db.Uuid
  status String      @default("PENDING")
  lines  OrderLine[]

  @@map("orders")
}
model OrderLine {
  orderId String @map("order_id") @db.Uuid
  sku     String
  order   Order  @relation(fields: [orderId], references: [id])

  @@id([orderId, sku])
  @@index([sku(sort: Desc)])
  @@index([orderId], type: Hash)
  @@map("order_lines")
}`;

describe('what schema.prisma declares', () => {
  const declared = readDeclaredSchema(schema);

  it('expects no database default for uuid(), which Prisma Client fills in', () => {
    expect(declared.tables.get('orders')?.get('id')?.default).toBeUndefined();
    expect(declared.tables.get('orders')?.get('status')?.default).toBe("'PENDING'");
  });

  it('reads primary keys and @@index with their column names, sort order and method', () => {
    expect([...declared.indexes]).toEqual([
      'primary key orders(id)',
      'primary key order_lines(order_id, sku)',
      'index order_lines(sku DESC)',
      'index order_lines(order_id) USING hash',
    ]);
  });

  it("gives a relation without actions Prisma's defaults: ON DELETE RESTRICT ON UPDATE CASCADE", () => {
    expect([...declared.foreignKeys]).toEqual([
      'foreign key order_lines(order_id) -> orders(id) ON DELETE RESTRICT ON UPDATE CASCADE',
    ]);
  });
});
