/**
 * `npm run -s audit -- verify [--data-dir D]`: checks the audit chain of a data dir (the default is
 * npm start's, .sandbox-data/; env SANDBOX_DATA_DIR). Reads the database read-only and takes no lock,
 * so it works while a sandbox runs on that dir. Exit codes: 0 the chain is intact, 1 it is broken
 * (the first altered, removed or reordered entry is named), 2 a usage error or no store to read.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DATA_DIR, MEMORY, readAuditFile, STORE_FILE, verifyChain } from "../server/store";

const USAGE = `Usage: npm run -s audit -- verify [--data-dir <dir>]

Verifies the chain of control actions the sandbox recorded (who started, stepped, reset runs, turned
live mode on, mined, set the builder, ran challenges and polls, joined the class): every entry must
carry the previous entry's hash and its own SHA-256. Names the first entry that was altered, removed
or reordered. Works while a sandbox runs on the data dir.

Options:
  --data-dir <dir>  the sandbox's data dir (env SANDBOX_DATA_DIR, default ${DEFAULT_DATA_DIR}/)
  -h, --help        show this help

Exit codes: 0 intact, 1 broken, 2 usage error or nothing to read.
`;

const EXIT_BROKEN = 1;
const EXIT_USAGE = 2;

function main(): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`npm run audit: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== "verify") {
    process.stderr.write(`npm run audit: the command is "verify"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const dataDir = parsed.values["data-dir"] ?? (process.env.SANDBOX_DATA_DIR || DEFAULT_DATA_DIR);
  if (dataDir === MEMORY) {
    process.stderr.write("npm run audit: a :memory: sandbox keeps no audit chain to verify\n");
    return EXIT_USAGE;
  }
  // Relative to the project, as npm start reads --data-dir.
  const file = join(resolve(join(__dirname, ".."), dataDir), STORE_FILE);
  if (!existsSync(file)) {
    process.stderr.write(`npm run audit: no store at ${file}: is --data-dir the sandbox's?\n`);
    return EXIT_USAGE;
  }
  let result: ReturnType<typeof verifyChain>;
  try {
    result = verifyChain(readAuditFile(file));
  } catch (error) {
    process.stderr.write(`npm run audit: cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (!result.ok) {
    process.stderr.write(
      `audit chain BROKEN at entry ${result.seq} (${result.problem}): ${result.message}\n`,
    );
    return EXIT_BROKEN;
  }
  process.stdout.write(`audit chain intact: ${result.count} entries, head ${result.head} (${file})\n`);
  return 0;
}

function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    options: { "data-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
    allowPositionals: true,
  });
}

process.exitCode = main();
