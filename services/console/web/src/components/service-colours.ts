/** One colour per service, the same on every page (the CSS classes `service-<name>`). */
const known = ['order', 'inventory', 'payment', 'fulfilment', 'console'];

export function serviceClass(service: string): string {
  return known.includes(service) ? `service-${service}` : 'service-other';
}
