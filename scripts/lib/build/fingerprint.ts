/**
 * What a build step reads, and one hash of it. A step is up to date when the hash of its inputs
 * equals the one recorded with its outputs; paths are hashed relative to the checkout, so moving
 * the checkout changes nothing.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Files tsc and vite read as code, and so follow imports from. */
const SOURCE_FILE = /\.(?:[cm]?ts|tsx)$/;

/** `from "x"`, `import "x"`, `import("x")`, `require("x")`: type-only imports too (tsc reads them). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"'\n]+)["']/g;

/** How TypeScript finds a relative import written without its extension. */
const CANDIDATE_SUFFIXES = ["", ".ts", ".tsx", ".d.ts", "/index.ts", "/index.tsx"];

const toPosix = (path: string) => path.split(sep).join("/");

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Every file under `dir` (paths relative to `root`, "/"-separated, sorted), leaving out entries
 * whose name `skip` matches, at any depth.
 */
export function filesUnder(
  root: string,
  dir: string,
  skip: (name: string) => boolean = () => false,
): string[] {
  const found: string[] = [];
  const walk = (relativeDir: string) => {
    const entries = readdirSync(join(root, relativeDir), { withFileTypes: true });
    for (const entry of entries) {
      if (skip(entry.name)) continue;
      const path = `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}

/** The file a relative import from `fromFile` names (absolute paths), or undefined. */
export function resolveImport(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const bases = base.endsWith(".js") ? [base, base.slice(0, -".js".length)] : [base];
  for (const candidate of bases.flatMap((b) => CANDIDATE_SUFFIXES.map((suffix) => b + suffix))) {
    if (isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The files reachable from `entries` through relative imports, entries included (paths relative
 * to `root`, sorted). Packages are left out: package-lock.json stands for them.
 */
export function importClosure(root: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const pending = entries.map((entry) => resolve(root, entry));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!SOURCE_FILE.test(file)) continue;
    for (const match of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
      const specifier = match[1]!;
      if (!specifier.startsWith(".")) continue;
      const target = resolveImport(file, specifier);
      if (target !== undefined && !seen.has(target)) pending.push(target);
    }
  }
  return [...seen].map((file) => toPosix(relative(root, file))).sort();
}

/** sha256 over `salt` and each file's path and contents, in sorted order; a missing file counts as such. */
export function fingerprint(root: string, files: readonly string[], salt: string): string {
  const hash = createHash("sha256").update(salt);
  for (const file of [...new Set(files)].sort()) {
    let contents: Buffer | undefined;
    try {
      contents = readFileSync(join(root, file));
    } catch {
      contents = undefined;
    }
    hash.update(`\0${file}\0${contents?.length ?? "missing"}\0`);
    if (contents) hash.update(contents);
  }
  return hash.digest("hex");
}
