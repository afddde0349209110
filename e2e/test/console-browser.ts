import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { workspaceRoot } from '@saga-shop/testing';

/**
 * Debian's Chromium driven by playwright-core, headless, with a fresh profile and nothing that
 * reaches for the network (the machine has none). CHROMIUM_PATH points elsewhere if needed.
 */
export class ConsoleBrowser {
  private context: BrowserContext | undefined;
  private profileDir: string | undefined;

  async open(): Promise<Page> {
    this.profileDir = await mkdtemp(path.join(tmpdir(), 'saga-console-chromium-'));
    this.context = await chromium.launchPersistentContext(this.profileDir, {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1360, height: 860 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return this.context.pages()[0] ?? this.context.newPage();
  }

  async close(): Promise<void> {
    await this.context?.close();
    if (this.profileDir) await rm(this.profileDir, { recursive: true, force: true });
  }
}

/** The documented screenshots (README), written by the console suite. */
export const screenshotPath = (name: string) => path.join(workspaceRoot, 'docs', `console-${name}.png`);
