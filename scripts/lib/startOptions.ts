/**
 * `npm start` options: flags first, then environment variables, then defaults.
 * Every value is validated; a bad one is reported with what is accepted.
 */
import { parseArgs } from "node:util";
import { z } from "zod";

export const START_USAGE = `Usage: npm start -- [options]

Starts a local Hardhat chain with the MEV Sandbox's DeFi world deployed on it.

Options:
  --host <address>      address the JSON-RPC server binds to   (env SANDBOX_HOST, default 127.0.0.1)
  --rpc-port <port>     JSON-RPC port, 0 for any free port      (env SANDBOX_RPC_PORT, default 8545)
  --block-time <s>      seconds between blocks the sandbox mines; 0 = only on request (evm_mine)
                                                                (env SANDBOX_BLOCK_TIME, default 12)
  -h, --help            show this help
`;

const port = z.coerce
  .number({ error: "must be a whole number from 0 to 65535" })
  .int("must be a whole number from 0 to 65535")
  .min(0, "must be a whole number from 0 to 65535")
  .max(65535, "must be a whole number from 0 to 65535");

const StartOptionsSchema = z.object({
  host: z.string().min(1, "must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0"),
  rpcPort: port,
  blockTime: z.coerce
    .number({ error: "must be a number of seconds from 0 to 3600" })
    .min(0, "must be a number of seconds from 0 to 3600")
    .max(3600, "must be a number of seconds from 0 to 3600"),
});

export type StartOptions = z.infer<typeof StartOptionsSchema>;

export type ParsedStart =
  | { kind: "help" }
  | { kind: "options"; options: StartOptions }
  | { kind: "error"; message: string };

const FLAG_OF: Record<keyof StartOptions, string> = {
  host: "--host",
  rpcPort: "--rpc-port",
  blockTime: "--block-time",
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
        "block-time": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: "error", message: `${(error as Error).message}\n\n${START_USAGE}` };
  }
  if (values.help) return { kind: "help" };
  const parsed = StartOptionsSchema.safeParse({
    host: values.host ?? env.SANDBOX_HOST ?? "127.0.0.1",
    rpcPort: values["rpc-port"] ?? env.SANDBOX_RPC_PORT ?? "8545",
    blockTime: values["block-time"] ?? env.SANDBOX_BLOCK_TIME ?? "12",
  });
  if (parsed.success) return { kind: "options", options: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path[0] as keyof StartOptions;
    return `${FLAG_OF[key]}: ${issue.message}`;
  });
  return { kind: "error", message: `${problems.join("\n")}\n\n${START_USAGE}` };
}
