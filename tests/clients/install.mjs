/**
 * Installs the real-client test package (this folder: @flashbots/ethers-provider-bundle with the
 * ethers 6.7.1 it pins) from its package-lock.json when its node_modules is missing or older than
 * the lockfile. `npm ci --prefer-offline` takes what npm's cache has, so a second clone installs
 * without the network. Run by `npm run clients` (and so by `npm run lint` and `npm test`), and as
 * vitest's globalSetup for a direct `npx vitest run`.
 */
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** When a file was last written, in ms; 0 when it does not exist. */
function writtenAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export function installClients() {
  // npm ci writes node_modules/.package-lock.json last: its time is the install's.
  const installed = writtenAt(join(here, "node_modules", ".package-lock.json"));
  if (installed >= writtenAt(join(here, "package-lock.json"))) return;
  console.error("installing the real-client test package (tests/clients) from its lockfile…");
  execFileSync("npm", ["ci", "--prefix", here, "--prefer-offline", "--no-audit", "--no-fund"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** vitest's globalSetup. */
export default function setup() {
  installClients();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) installClients();
