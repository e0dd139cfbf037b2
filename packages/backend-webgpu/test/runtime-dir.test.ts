/**
 * The stand-in XDG_RUNTIME_DIR of the Vulkan set-up (Node on Linux): one private folder per user
 * that every set-up reuses, never a new folder per process. Each test points TMPDIR at a fresh
 * folder of its own, so the many /tmp/dcnn-xdg-* folders of other processes are never touched.
 */
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privateRuntimeDir, runtimeDirPath } from '../src/device/runtime-dir.js';
import { setupVulkan } from '../src/index.js';

const linux = process.platform === 'linux';
const uid = process.getuid?.() ?? -1;
const saved = { TMPDIR: process.env.TMPDIR, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR };
let scratch = '';

function restore(name: keyof typeof saved): void {
  if (saved[name] === undefined) delete process.env[name];
  else process.env[name] = saved[name];
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dcnn-runtime-dir-test-'));
  process.env.TMPDIR = scratch;
});
afterEach(() => {
  restore('TMPDIR');
  restore('XDG_RUNTIME_DIR');
  rmSync(scratch, { recursive: true, force: true });
});

const xdgFolders = (): string[] => readdirSync(scratch).filter((name) => name.startsWith('dcnn-xdg-'));

describe.runIf(linux)('the Vulkan set-up without XDG_RUNTIME_DIR', () => {
  it('reuses one private folder across set-ups instead of leaving one per set-up', async () => {
    const chosen: Array<string | undefined> = [];
    for (let i = 0; i < 2; i++) {
      delete process.env.XDG_RUNTIME_DIR;
      await setupVulkan();
      chosen.push(process.env.XDG_RUNTIME_DIR);
    }
    expect(chosen[0]).toBe(runtimeDirPath(scratch, uid));
    expect(chosen[1]).toBe(chosen[0]);
    expect(xdgFolders()).toHaveLength(1);
    const info = lstatSync(chosen[0]!);
    expect(info.isDirectory()).toBe(true);
    expect(info.uid).toBe(uid);
    expect(info.mode & 0o777).toBe(0o700);
  });

  it('leaves a set XDG_RUNTIME_DIR alone and makes no folder', async () => {
    process.env.XDG_RUNTIME_DIR = scratch;
    await setupVulkan();
    expect(process.env.XDG_RUNTIME_DIR).toBe(scratch);
    expect(xdgFolders()).toEqual([]);
  });
});

describe.runIf(linux)('privateRuntimeDir refuses a folder it cannot trust', () => {
  const dir = (): string => runtimeDirPath(scratch, uid);

  it('a symlink under its name (not followed, left as it is)', async () => {
    const target = join(scratch, 'elsewhere');
    mkdirSync(target, { mode: 0o700 });
    symlinkSync(target, dir());
    expect(await privateRuntimeDir()).toBeUndefined();
    expect(readlinkSync(dir())).toBe(target);
  });

  it('a file under its name', async () => {
    writeFileSync(dir(), '');
    expect(await privateRuntimeDir()).toBeUndefined();
  });

  it('a folder that others may enter', async () => {
    mkdirSync(dir());
    chmodSync(dir(), 0o755);
    expect(await privateRuntimeDir()).toBeUndefined();
  });

  // Only root can give a folder to another user.
  it.runIf(uid === 0)("another user's folder", async () => {
    mkdirSync(dir(), { mode: 0o700 });
    chownSync(dir(), 65534, 65534);
    expect(await privateRuntimeDir()).toBeUndefined();
  });
});
