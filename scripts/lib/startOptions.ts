/**
 * `npm start` options: flags first, then environment variables, then defaults.
 * Every value is validated; a bad one is reported with what is accepted.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { BUILDER_ORDERINGS } from "../../server/builder/ordering";
import { BLOCK_TIME_RULE, isBlockTime } from "../../server/chain/settings";

export const START_USAGE = `Usage: npm start -- [options]

Starts a local Hardhat chain with the MEV Sandbox's DeFi world deployed on it, its bots, the
HTTP API with live events (socket.io) and the visualizer.

Options:
  --host <address>      address the servers bind to; 0.0.0.0 for a classroom LAN
                                                                (env SANDBOX_HOST, default 127.0.0.1)
  --classroom           classroom mode: only the instructor token may mine, reset or change the
                        chain, nobody may sign with the sandbox's accounts, every client gets a
                        fair share; on by default whenever --host is not a loopback address
                                                                (env SANDBOX_CLASSROOM=1)
  --class-code <code>   the code students type to join the class (classroom mode; 4–16 letters
                        and digits); random when not given       (env SANDBOX_CLASS_CODE)
  --tls-cert <file>     serve the page, the API and JSON-RPC over TLS (https, wss) with this
                        certificate (PEM), so the instructor token never crosses the LAN in the clear
                                                                (env SANDBOX_TLS_CERT)
  --tls-key <file>      the certificate's private key (PEM), with --tls-cert (env SANDBOX_TLS_KEY)
  --rpc-port <port>     JSON-RPC port, 0 for any free port      (env SANDBOX_RPC_PORT, default 8545)
  --http-port <port>    HTTP port (API, socket.io, visualizer)  (env SANDBOX_HTTP_PORT, default 3000)
  --block-time <s>      seconds between blocks the sandbox mines; 0 = only on request
                                                                (env SANDBOX_BLOCK_TIME, default 12)
  --token <token>       the instructor token (at least 8 characters); random when not given
                                                                (env SANDBOX_TOKEN)
  --fork <rpc-url>      run on a fork of this chain; the world is deployed on top of its state
                                                                (env SANDBOX_FORK_URL)
  --fork-block <n>      the block to fork from (with --fork; default: its latest)
                                                                (env SANDBOX_FORK_BLOCK)
  --builder-ordering <rule>
                        how the block builder ranks bundles: gas-price (what each pays per gas,
                        as Flashbots does) or profit (what each pays in total)
                                                    (env SANDBOX_BUILDER_ORDERING, default gas-price)
  --data-dir <dir>      where runs, events and the class are kept across restarts (an existing,
                        writable folder); :memory: keeps nothing after the sandbox stops
                                                  (env SANDBOX_DATA_DIR, default .sandbox-data/)
  --instructor-key <key>
                        signed control: every control request must also carry an Ed25519 signature
                        by this public key (64 hex digits or base64 of its 32 bytes, or a PEM file;
                        npm run sign -- --keygen makes a pair)    (env SANDBOX_INSTRUCTOR_KEY)
  -h, --help            show this help
`;

const port = z.coerce
  .number({ error: "must be a whole number from 0 to 65535" })
  .int("must be a whole number from 0 to 65535")
  .min(0, "must be a whole number from 0 to 65535")
  .max(65535, "must be a whole number from 0 to 65535");

const StartOptionsSchema = z
  .object({
    host: z.string().min(1, "must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0"),
    rpcPort: port,
    httpPort: port,
    blockTime: z.coerce.number({ error: BLOCK_TIME_RULE }).refine(isBlockTime, { error: BLOCK_TIME_RULE }),
    token: z
      .string()
      .regex(/^[\x21-\x7e]{8,128}$/, "must be 8 to 128 printable characters without spaces")
      .optional(),
    fork: z
      .url({ protocol: /^(https?|wss?)$/, error: "must be an http(s) or ws(s) JSON-RPC URL" })
      .optional(),
    forkBlock: z.coerce
      .number({ error: "must be a block number (a whole number, 0 or more)" })
      .int("must be a block number (a whole number, 0 or more)")
      .min(0, "must be a block number (a whole number, 0 or more)")
      .optional(),
    builderOrdering: z.enum(BUILDER_ORDERINGS, {
      error: `must be ${BUILDER_ORDERINGS.join(" or ")}`,
    }),
    classroom: z.boolean(),
    classCode: z
      .string()
      .regex(/^[A-Za-z0-9]{4,16}$/, "must be 4 to 16 letters and digits")
      .transform((code) => code.toUpperCase())
      .optional(),
    tlsCert: z.string().min(1, "must be the path of a PEM certificate file").optional(),
    tlsKey: z.string().min(1, "must be the path of a PEM private key file").optional(),
    dataDir: z.string().min(1, "must be a folder, or :memory: to keep nothing").optional(),
    instructorKey: z.string().min(1, "must be an Ed25519 public key (hex, base64 or a PEM file)").optional(),
  })
  .refine((options) => (options.tlsCert === undefined) === (options.tlsKey === undefined), {
    message: "goes with --tls-key: give both files (certificate and key), or neither",
    path: ["tlsCert"],
  })
  .refine((options) => options.forkBlock === undefined || options.fork !== undefined, {
    message: "needs --fork <rpc-url>: the block of which chain?",
    path: ["forkBlock"],
  });

export type StartOptions = z.infer<typeof StartOptionsSchema>;

export type ParsedStart =
  | { kind: "help" }
  | { kind: "options"; options: StartOptions }
  | { kind: "error"; message: string };

const FLAG_OF: Record<keyof StartOptions, string> = {
  host: "--host",
  rpcPort: "--rpc-port",
  httpPort: "--http-port",
  blockTime: "--block-time",
  token: "--token",
  fork: "--fork",
  forkBlock: "--fork-block",
  builderOrdering: "--builder-ordering",
  classroom: "--classroom",
  classCode: "--class-code",
  tlsCert: "--tls-cert",
  tlsKey: "--tls-key",
  dataDir: "--data-dir",
  instructorKey: "--instructor-key",
};

/** Parses `npm start` arguments and environment; never throws. */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedStart {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: "string" },
        "rpc-port": { type: "string" },
        "http-port": { type: "string" },
        "block-time": { type: "string" },
        token: { type: "string" },
        fork: { type: "string" },
        "fork-block": { type: "string" },
        "builder-ordering": { type: "string" },
        classroom: { type: "boolean" },
        "class-code": { type: "string" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        "data-dir": { type: "string" },
        "instructor-key": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: "error", message: `${(error as Error).message}\n\n${START_USAGE}` };
  }
  if (values.help) return { kind: "help" };
  const host = (values.host as string | undefined) ?? env.SANDBOX_HOST ?? "127.0.0.1";
  const parsed = StartOptionsSchema.safeParse({
    host,
    // Safe by default: a class on a LAN needs no flag to be protected.
    classroom: values.classroom === true || env.SANDBOX_CLASSROOM === "1" || !isLoopback(host),
    classCode: values["class-code"] ?? (env.SANDBOX_CLASS_CODE || undefined),
    tlsCert: values["tls-cert"] ?? (env.SANDBOX_TLS_CERT || undefined),
    tlsKey: values["tls-key"] ?? (env.SANDBOX_TLS_KEY || undefined),
    rpcPort: values["rpc-port"] ?? env.SANDBOX_RPC_PORT ?? "8545",
    httpPort: values["http-port"] ?? env.SANDBOX_HTTP_PORT ?? "3000",
    blockTime: values["block-time"] ?? env.SANDBOX_BLOCK_TIME ?? "12",
    token: values.token ?? (env.SANDBOX_TOKEN || undefined),
    fork: values.fork ?? (env.SANDBOX_FORK_URL || undefined),
    forkBlock: values["fork-block"] ?? (env.SANDBOX_FORK_BLOCK || undefined),
    dataDir: values["data-dir"] ?? (env.SANDBOX_DATA_DIR || undefined),
    instructorKey: values["instructor-key"] ?? (env.SANDBOX_INSTRUCTOR_KEY || undefined),
    builderOrdering: values["builder-ordering"] ?? (env.SANDBOX_BUILDER_ORDERING || "gas-price"),
  });
  if (parsed.success) return { kind: "options", options: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0] as keyof StartOptions;
    return `${FLAG_OF[key]}: ${issue.message}`;
  });
  return { kind: "error", message: `${problems.join("\n")}\n\n${START_USAGE}` };
}

/** Whether `host` is reachable only from this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}
