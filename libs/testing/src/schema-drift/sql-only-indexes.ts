/**
 * Indexes the migrations create that schema.prisma does not declare, each with why; any other
 * index only the database has is drift. All are partial: Prisma 7 writes partial indexes only
 * behind its `partialIndexes` preview feature, and its DMMF drops the `where:` even then, so a
 * declared predicate could not be checked. An entry reads exactly as the check reports the index
 * (PostgreSQL's spelling of the predicate) and applies to every database that has its table.
 */
export const sqlOnlyIndexes: readonly { index: string; why: string }[] = [
  {
    index: 'index outbox(id) WHERE (quarantined_at IS NOT NULL)',
    why: '`npm run outbox -- list | resend` finds the few quarantined rows without reading the backlog',
  },
  {
    index: "index shipments(dispatch_after) WHERE (status = 'PACKING'::text)",
    why: 'the dispatcher picks due PACKING shipments; shipped and cancelled ones stay out',
  },
  {
    index: "index orders(created_at) WHERE (status <> ALL (ARRAY['COMPLETED'::text, 'CANCELLED'::text]))",
    why: 'the watchdog scans open orders by age; finished ones, nearly all rows, stay out',
  },
  {
    index:
      'index orders(cancellation_requested_at) WHERE ((cancellation_requested IS NOT NULL) AND ' +
      "(status <> ALL (ARRAY['COMPLETED'::text, 'CANCELLED'::text])))",
    why: 'the watchdog announces unanswered cancellations again, oldest first',
  },
  {
    index: "index payments(updated_at) WHERE (status = ANY (ARRAY['PENDING'::text, 'REFUND_PENDING'::text]))",
    why: 'the reconciler settles half-settled payments by age; settled ones stay out',
  },
];
