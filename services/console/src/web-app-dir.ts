import { fileURLToPath } from 'node:url';

/** Where `vite build` put the single-page app (web/vite.config.ts): dist/web, next to this build. */
export const webAppDir = fileURLToPath(new URL('../dist/web', import.meta.url));
