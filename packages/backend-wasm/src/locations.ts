/**
 * Where the package's files are when an app says so (`wasmPaths`, `workerUrl`): a CDN, a folder
 * the server copies them to, or the folder beside a single-file bundle, for hosts whose bundler
 * does not follow `new URL(…, import.meta.url)` (esbuild, Rollup without a plugin) or that load
 * the package without one.
 */
import { BackendInitError } from '@dcnn/core';
import { isNode } from './runtime.js';

/** A URL with a scheme (`file:`, `http:`, `https:`, …; two letters at least, so not `C:\`). */
const hasScheme = (value: string): boolean => /^[a-z][a-z\d+.-]+:/i.test(value);

/**
 * Resolves a location given as a URL, an absolute URL string, or a path: in Node a file path
 * (relative ones against the working directory), in browsers relative to the page. `folder`
 * adds the trailing slash a folder URL needs for the file names to resolve inside it. A string
 * that is no URL (`http://[x`) is a BackendInitError naming the option `arg`.
 */
export async function resolveLocation(value: string | URL, folder: boolean, arg: string): Promise<URL> {
  let url: URL;
  try {
    if (value instanceof URL) url = new URL(value.href);
    else if (hasScheme(value)) url = new URL(value);
    else if (isNode) {
      // Node-only: the comments keep bundlers from resolving it for a browser build (webpack fails on Node's modules).
      const { pathToFileURL } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:url');
      url = pathToFileURL(value);
    } else {
      const page = globalThis as { document?: { baseURI: string }; location?: { href: string } };
      url = new URL(value, page.document?.baseURI ?? page.location?.href);
    }
  } catch (error) {
    throw new BackendInitError({ op: 'wasm', arg, expected: 'a URL or a path', actual: `${JSON.stringify(String(value))} (${(error as Error).message})` });
  }
  if (folder && !url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
