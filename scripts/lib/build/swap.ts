/**
 * Putting a finished build in place by renames, so that no reader sees it half-written.
 */
import { lstatSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Moves the folder `fresh` to `target`: the old one is renamed aside first, then deleted (rename
 * cannot replace a non-empty folder), so `target` is missing only between two renames.
 */
export function replaceDir(fresh: string, target: string, aside: string): void {
  rmSync(aside, { recursive: true, force: true });
  if (exists(target)) renameSync(target, aside);
  renameSync(fresh, target);
  rmSync(aside, { recursive: true, force: true });
}

/**
 * Points the link `link` at `folder`, a sibling folder, in one rename: a server reading through
 * the link sees the old folder or the new one, never none. A real folder at `link` (the layout
 * before links) is moved aside once.
 */
export function repointLink(link: string, folder: string, aside: string): void {
  const staged = join(dirname(link), `.${basename(link)}-link-${process.pid}`);
  rmSync(staged, { force: true });
  // "junction": a folder link Windows lets anyone make; elsewhere the type is ignored.
  symlinkSync(folder, staged, "junction");
  if (exists(link) && !lstatSync(link).isSymbolicLink()) {
    rmSync(aside, { recursive: true, force: true });
    renameSync(link, aside);
  }
  try {
    renameSync(staged, link);
  } catch (error) {
    // Windows does not rename over an existing link: there, one moment without it.
    if (process.platform !== "win32") throw error;
    rmSync(link, { force: true });
    renameSync(staged, link);
  }
  rmSync(aside, { recursive: true, force: true });
}

/** The folder name `link` points at, or undefined when it is no link. */
export function linkTarget(link: string): string | undefined {
  try {
    return basename(readlinkSync(link));
  } catch {
    return undefined;
  }
}
