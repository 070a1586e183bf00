/**
 * The page step: `tsc -p web` (type-check) and `vite build` into a temporary folder, renamed to
 * web/.dist-<fingerprint>; then the link web/dist is pointed at it in one rename, so the running
 * server (which serves web/dist) never sees a half-built page. A few recent builds are kept: going
 * back to sources built before only moves the link.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { filesUnder, importClosure } from "./fingerprint";
import { type BuildStep, binOf, runTool } from "./step";
import { linkTarget, repointLink } from "./swap";

const BUILD_PREFIX = ".dist-";
const WORK_PREFIX = ".dist-tmp-";
/** Builds kept in web/, the current one included. */
const KEPT_BUILDS = 3;

/** What web/ holds besides its sources: the builds, the link to one, the page shown without a build. */
const notASource = (name: string) =>
  name === "dist" || name.startsWith(BUILD_PREFIX) || name === "placeholder" || name.includes(".timestamp-");

const buildName = (fingerprint: string) => `${BUILD_PREFIX}${fingerprint.slice(0, 16)}`;
/** A build of these inputs: .dist-<fingerprint>, or .dist-<fingerprint>-<n> if rebuilt beside a live one. */
const isBuildOf = (folder: string, fingerprint: string) =>
  folder === buildName(fingerprint) || folder.startsWith(`${buildName(fingerprint)}-`);

export const pageStep: BuildStep = {
  name: "page",
  label: "building the page",
  // tsc -p web type-checks the server modules web/ imports, and they import typechain-types.
  needs: ["contracts"],
  version: "1",
  inputs(root) {
    const web = filesUnder(root, "web", notASource);
    return [...importClosure(root, web), "package-lock.json"];
  },
  isUpToDate(root, fingerprint) {
    const folder = linkTarget(join(root, "web", "dist"));
    return (
      folder !== undefined &&
      isBuildOf(folder, fingerprint) &&
      existsSync(join(root, "web", folder, "index.html"))
    );
  },
  async build(root, fingerprint, { fresh }) {
    const web = join(root, "web");
    const built = readdirSync(web).find(
      (name) => isBuildOf(name, fingerprint) && existsSync(join(web, name, "index.html")),
    );
    let folder = fresh ? undefined : built;
    if (folder === undefined) {
      // Never over a build in place: the server may be reading it.
      folder = buildName(fingerprint);
      for (let n = 2; existsSync(join(web, folder)); n++) folder = `${buildName(fingerprint)}-${n}`;
      await buildInto(root, join(web, folder));
    }
    repointLink(join(root, "web", "dist"), folder, join(root, "web", `${WORK_PREFIX}${process.pid}-old`));
    const now = new Date();
    utimesSync(join(root, "web", folder), now, now); // the newest build is the one last used
    pruneBuilds(root, folder);
  },
  clean(root) {
    for (const name of readdirSync(join(root, "web")))
      if (name.startsWith(WORK_PREFIX)) rmSync(join(root, "web", name), { recursive: true, force: true });
  },
};

/** Type-checks and bundles side by side (two processes, two cores), then renames the bundle to `target`. */
async function buildInto(root: string, target: string): Promise<void> {
  // Beside web/dist, at the same depth: the source maps' relative paths come out as they always did.
  const work = join(root, "web", `${WORK_PREFIX}${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  try {
    const results = await Promise.allSettled([
      runTool("tsc -p web", binOf("typescript", "tsc"), ["-p", "web"], { cwd: root }),
      runTool(
        "vite build",
        binOf("vite", "vite"),
        ["build", "--config", "web/vite.config.ts", "--logLevel", "warn", "--outDir", work],
        { cwd: root },
      ),
    ]);
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    renameSync(work, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Removes all but the newest builds; never `current`. */
function pruneBuilds(root: string, current: string): void {
  const web = join(root, "web");
  const builds = readdirSync(web)
    .filter((name) => name.startsWith(BUILD_PREFIX) && !name.startsWith(WORK_PREFIX) && name !== current)
    .map((name) => ({ name, modified: statSync(join(web, name)).mtimeMs }))
    .sort((a, b) => b.modified - a.modified);
  for (const { name } of builds.slice(KEPT_BUILDS - 1))
    rmSync(join(web, name), { recursive: true, force: true });
}
