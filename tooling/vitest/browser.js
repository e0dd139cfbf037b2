// Vitest browser mode in headless Chromium (Debian's /usr/bin/chromium through Playwright), for
// backends that need a browser (WebGL2, WebGPU through SwiftShader) and for proving that a
// package's tests run in one. Never run `playwright install`: the browser is the system one.
import { playwright } from '@vitest/browser-playwright';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reporters, workspaceAliases } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Chromium flags: WebGPU on SwiftShader, and nothing that reaches the network. */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Playwright provider on the system Chromium (`CHROMIUM_PATH` overrides the path). */
export function chromiumProvider() {
  return playwright({
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  });
}

/**
 * The browser test preset: `*.browser.test.ts` files run in headless Chromium, workspace packages
 * resolved from source as in the node preset. Served from 127.0.0.1 (a secure context: WebGPU).
 * The browser may read the repository and the shared vectors beside it (`../shared`, e.g. the
 * ONNX node tests through `commands.readFile`).
 */
export function browserPreset(overrides = {}) {
  return {
    resolve: { alias: workspaceAliases() },
    server: { host: '127.0.0.1', fs: { allow: [root, join(root, '..', 'shared')] } },
    test: {
      include: ['src/**/*.browser.test.ts', 'test/**/*.browser.test.ts'],
      testTimeout: 120_000,
      reporters: reporters('browser'),
      browser: {
        enabled: true,
        headless: true,
        provider: chromiumProvider(),
        instances: [{ browser: 'chromium' }],
        screenshotFailures: false,
      },
      ...overrides,
    },
  };
}
