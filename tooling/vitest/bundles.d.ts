import type { Browser } from 'playwright';

export function buildWithVite(pageDir: string, outDir: string, alias: Record<string, string>): Promise<{ files: string[]; problems: string[] }>;
export function buildWithWebpack(pageDir: string, outDir: string, alias: Record<string, string>): Promise<{ files: string[]; problems: string[] }>;
export function bundleForNode(entry: string, outfile: string, alias: Record<string, string>): Promise<void>;
export function serveWithViteDev(pageDir: string, appDir: string, packages: Record<string, string>): Promise<{ origin: string; close(): Promise<void> }>;
export interface ServedDirectory {
  origin: string;
  /** The paths asked for so far. */
  requests: string[];
  close(): Promise<void>;
}
export function serveDirectory(dir: string, options?: { isolated?: boolean; cors?: boolean }): Promise<ServedDirectory>;
export function launchChromium(): Promise<Browser>;
/** `window.result` of the page (or `{ error }` when it never came), plus the page's uncaught errors. */
export function pageResult<T extends object>(browser: Browser, url: string, timeout?: number): Promise<T & { error?: string; pageErrors: string[] }>;
/** One Chromium for a test file and a server per folder: `open(dir)` runs dir/index.html, `visit(url)` a served page. */
export function pageRunner(): {
  open<T extends object>(dir: string): Promise<T & { error?: string; pageErrors: string[] }>;
  visit<T extends object>(url: string): Promise<T & { error?: string; pageErrors: string[] }>;
  close(): Promise<void>;
};
