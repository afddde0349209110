// Bootstrap only: configuration, migrations, the platform without the saga's consumer and relay
// (the console publishes nothing), the console module, and the built single-page app.
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { startService } from '@saga-shop/platform';
import { consoleDefaults } from './console-defaults.js';
import { ConsoleModule } from './console.module.js';
import { webAppDir } from './web-app-dir.js';

await startService(consoleDefaults, ConsoleModule, {
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  sagaParticipant: false,
  configure: async (app) => {
    // Vite names every asset by its content hash, so a browser may keep them for good.
    await app.register(fastifyStatic, {
      root: `${webAppDir}/assets`,
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
    });
  },
});
