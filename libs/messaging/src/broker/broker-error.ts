/**
 * A failed broker operation, as an adapter reports it when its library's errors carry no shape the
 * rest of the code reads (kafkajs' do: `KafkaJS*` names and `type`). `type` is Kafka's name for the
 * broker's answer (e.g. MESSAGE_TOO_LARGE, ILLEGAL_GENERATION) where there was one; a failure made
 * of several answers (one per partition or attempt) lists each in `errors`.
 */
export class BrokerError extends Error {
  override readonly name = 'BrokerError';

  constructor(
    message: string,
    readonly type: string | undefined,
    readonly errors: BrokerError[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
