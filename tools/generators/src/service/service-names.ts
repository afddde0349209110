import { names } from '@nx/devkit';

/** Every form of the new service's name the templates and the edits use. */
export interface ServiceNames {
  name: string;
  className: string;
  propertyName: string;
  database: string;
  /** Its example table and the Prisma model over it. */
  table: string;
  model: string;
  modelProperty: string;
  /** Its own example event: type, key in `topics`, and the defineEvent constant. */
  eventType: string;
  eventKey: string;
  eventConst: string;
  /** The event its example reaction consumes, in the same forms. */
  consumes: string;
  consumedKey: string;
  consumedClass: string;
  consumedFile: string;
  consumedProperty: string;
}

export const serviceNamePattern = /^[a-z][a-z0-9]{1,30}$/;
const eventTypePattern = /^([a-z][a-z0-9]*)\.([a-z][a-z0-9]*)\.v([0-9]+)$/;

/** `order.placed.v1` is `orderPlacedV1` in `topics`, as every key there is. */
export function topicKeyOf(eventType: string): string {
  const [, producer, fact, version] = eventTypePattern.exec(eventType) ?? [];
  if (!producer || !fact || !version)
    throw new Error(`${eventType} is not an event type such as order.placed.v1`);
  return `${producer}${names(fact).className}V${version}`;
}

export function serviceNamesOf(name: string, consumes: string): ServiceNames {
  if (!serviceNamePattern.test(name)) {
    throw new Error(`"${name}" is not a service name: 2 to 31 lower-case letters and digits, e.g. loyalty`);
  }
  const { className, propertyName } = names(name);
  const [, producer = '', fact = ''] = eventTypePattern.exec(consumes) ?? [];
  const consumed = names(`${producer}-${fact}`);
  return {
    name,
    className,
    propertyName,
    database: `saga_${name}`,
    table: `${name}_records`,
    model: `${className}Record`,
    modelProperty: `${propertyName}Record`,
    eventType: `${name}.recorded.v1`,
    eventKey: topicKeyOf(`${name}.recorded.v1`),
    eventConst: `${propertyName}Recorded`,
    consumes,
    consumedKey: topicKeyOf(consumes),
    consumedClass: consumed.className,
    consumedFile: consumed.fileName,
    consumedProperty: consumed.propertyName,
  };
}
