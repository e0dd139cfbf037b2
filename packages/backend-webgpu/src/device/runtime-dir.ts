/**
 * A stand-in XDG_RUNTIME_DIR for Dawn's Vulkan set-up in Node on Linux. Without one the Vulkan
 * WSI layer prints "XDG_RUNTIME_DIR is invalid" on every start; compute never uses the folder.
 * One folder per user, `<tmpdir>/dcnn-xdg-uid-<uid>`, serves every process, so nothing piles up
 * in /tmp (a fresh folder per process was never removed). Like a real runtime dir it must be
 * the user's own: created with mode 0700 when missing; a symlink, something that is not a
 * directory, a folder of another user or one that others may enter is not used (the caller then
 * leaves XDG_RUNTIME_DIR unset and the layer prints its line).
 */

/** The per-user folder's path under `tmpdir`. */
export function runtimeDirPath(tmpdir: string, uid: number): string {
  return `${tmpdir.replace(/\/+$/, '')}/dcnn-xdg-uid-${uid}`;
}

/** The user's private runtime folder (made if missing), or undefined where it cannot be trusted. */
export async function privateRuntimeDir(): Promise<string | undefined> {
  // Node-only: the comments keep bundlers from resolving it for a browser build.
  const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs');
  const os = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:os');
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const dir = runtimeDirPath(os.tmpdir(), uid);
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    // Another process (or an earlier run) made it: checked below like any existing folder.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  // lstat, not stat: a symlink planted under this name is refused, never followed.
  const info = fs.lstatSync(dir, { throwIfNoEntry: false });
  const trusted = info !== undefined && info.isDirectory() && !info.isSymbolicLink() && info.uid === uid && (info.mode & 0o077) === 0;
  return trusted ? dir : undefined;
}
