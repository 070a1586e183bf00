/**
 * `npm run -s sign -- <method> <path> [body] [--key <file>]`: prints the headers that sign one control
 * request for a sandbox started with `--instructor-key` (server/lib/controlSignature.ts says what is
 * signed). `npm run -s sign -- --keygen [--key <file>]` makes a key pair: the private key (PEM) in the
 * file, the public one beside it (<file>.pub, PEM) and printed in hex for --instructor-key.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  parsePrivateKey,
  publicKeyHex,
  SIGNATURE_HEADERS,
  signControl,
} from "../server/lib/controlSignature";

const DEFAULT_KEY_FILE = "instructor.key";

const USAGE = `Usage: npm run -s sign -- <method> <path> [body] [--key <private key file>]
       npm run -s sign -- --keygen [--key <private key file>]

Prints the three headers that sign a control request for a sandbox started with
--instructor-key (valid for 60 s, once): send them with the instructor token, e.g.
  npm run -s sign -- POST /api/runs/run-1/step > headers.txt
  curl -X POST -H @headers.txt -H "Authorization: Bearer <token>" http://127.0.0.1:3000/api/runs/run-1/step
The body must be the exact bytes you send ('{"enabled":true}' for -d '{"enabled":true}').

Options:
  --key <file>  the Ed25519 private key, PEM (env SANDBOX_SIGNING_KEY, default ${DEFAULT_KEY_FILE})
  --keygen      write a new key pair: the private key to --key's file (never over an existing one),
                the public key to <file>.pub, and print the public key for npm start -- --instructor-key
  -h, --help    show this help
`;

const EXIT_USAGE = 2;

function main(): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const keyFile = values.key ?? (process.env.SANDBOX_SIGNING_KEY || DEFAULT_KEY_FILE);
  if (values.keygen)
    return positionals.length === 0 ? keygen(keyFile) : usageError("--keygen takes no arguments");
  if (positionals.length < 2 || positionals.length > 3)
    return usageError("give the method, the path and the body if any");
  const [method, path, body = ""] = positionals as [string, string, string?];
  if (!path.startsWith("/"))
    return usageError(`the path must start with "/" (e.g. /api/live/mine), got ${path}`);
  let key: ReturnType<typeof parsePrivateKey>;
  try {
    key = parsePrivateKey(readFileSync(keyFile, "utf8"));
  } catch (error) {
    process.stderr.write(`npm run sign: cannot use the key ${keyFile}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const headers = signControl(key, { method, path, body });
  process.stdout.write(
    `${SIGNATURE_HEADERS.timestamp}: ${headers.timestamp}\n${SIGNATURE_HEADERS.nonce}: ${headers.nonce}\n${SIGNATURE_HEADERS.signature}: ${headers.signature}\n`,
  );
  return 0;
}

function keygen(keyFile: string): number {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  try {
    writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { flag: "wx", mode: 0o600 });
    writeFileSync(`${keyFile}.pub`, publicKey.export({ type: "spki", format: "pem" }), { flag: "wx" });
  } catch (error) {
    process.stderr.write(`npm run sign: cannot write the key pair: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  const hex = publicKeyHex(publicKey);
  process.stdout.write(
    `private key: ${keyFile} (keep it to yourself)\npublic key:  ${keyFile}.pub\n  ${hex}\nstart with:  npm start -- --instructor-key ${hex}\n`,
  );
  return 0;
}

function usageError(problem: string): number {
  process.stderr.write(`npm run sign: ${problem}\n\n${USAGE}`);
  return EXIT_USAGE;
}

function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    options: {
      key: { type: "string" },
      keygen: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: true,
  });
}

process.exitCode = main();
