import type { ServiceDefaults } from '@saga-shop/config';

/** The console's place in the stack (../shared/DESIGN.md): port 3000 and its own database. */
export const consoleDefaults: ServiceDefaults = { name: 'console', port: 3000, database: 'saga_console' };
