/**
 * Real-browser tests: Debian's Chromium (/usr/bin/chromium; `.ci/run` installs it) driven by
 * playwright-core, never a downloaded browser. Pages record console errors so a test can assert
 * there were none. The visualizer's build (web/dist) is made here when it is missing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const WEB_DIST = resolve(__dirname, "../../web/dist");
/** Where the screenshots go: CI keeps this folder as an artifact (named in the README). */
export const SCREENSHOTS = resolve(__dirname, "../../test-artifacts/screenshots");

export const PROJECTOR = { width: 1920, height: 1080 };
export const LAPTOP = { width: 1366, height: 768 };

/** Builds web/dist if there is no build yet (`npm test` builds it first). */
export function ensureWebBuild(): string {
  if (!existsSync(join(WEB_DIST, "index.html"))) {
    // The project's own build: incremental, locked, and swapped into web/dist at once.
    execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts", "page"], {
      cwd: resolve(__dirname, "../.."),
      stdio: "inherit",
    });
  }
  return WEB_DIST;
}

/** Chromium with the flags MACHINE-NOTES gives; playwright gives each launch a fresh profile directory. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does it)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

/** A page at `viewport` with reduced motion (steady screenshots), recording its console errors. */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, reducedMotion: "reduce" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  // Name the failing URL: the console only says "Failed to load resource".
  page.on("response", (response) => {
    if (response.status() >= 500) errors.push(`HTTP ${response.status()} from ${response.url()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Starts recording the `data-hash` of every element matching `selector` added inside `#rootId`
 * from now on, even if a later render removes it; the returned function reads what was seen.
 */
export async function recordAddedHashes(
  page: Page,
  rootId: string,
  selector: string,
): Promise<() => Promise<string[]>> {
  const key = `__added_${rootId}`;
  await page.evaluate(
    ({ rootId, selector, key }) => {
      const seen = new Set<string>();
      (window as unknown as Record<string, Set<string>>)[key] = seen;
      const note = (element: Element) => {
        const hash = element.getAttribute("data-hash");
        if (hash) seen.add(hash);
      };
      const root = document.getElementById(rootId)!;
      root.querySelectorAll(selector).forEach(note);
      new MutationObserver((records) => {
        for (const record of records) {
          record.addedNodes.forEach((node) => {
            if (!(node instanceof Element)) return;
            if (node.matches(selector)) note(node);
            node.querySelectorAll(selector).forEach(note);
          });
        }
      }).observe(root, { childList: true, subtree: true });
    },
    { rootId, selector, key },
  );
  return () => page.evaluate((key) => [...(window as unknown as Record<string, Set<string>>)[key]!], key);
}
