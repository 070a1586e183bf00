/** What `npm start` prints about its web side: URLs, the instructor token, and warnings. */
import { isLoopback, type StartOptions } from "./startOptions";

/** The builder's lines under the JSON-RPC URL: the protected endpoint and the ordering rule. */
export function renderBuilder(protectedUrl: string, ordering: StartOptions["builderOrdering"]): string[] {
  return [
    `  Protected  ${protectedUrl}   (send transactions here to keep them out of the public mempool: only the builder sees them)`,
    `  Bundles    eth_sendBundle / eth_callBundle / eth_cancelBundle on the JSON-RPC URL; ranked by ${ordering === "gas-price" ? "gas price (payment per gas)" : "profit (total payment)"}`,
  ];
}

/** Which mode the sandbox is in, and what that means for whoever reaches its ports. */
export function renderMode(options: StartOptions): string[] {
  if (options.classroom) {
    return [
      "  Mode: CLASSROOM. Students may read, send signed transactions and bundles; only the instructor",
      "    token may mine, reset, or call hardhat_*/evm_*/debug_*; nobody may sign with the sandbox's own",
      "    accounts or cut it off its world; every address gets a fair share of the server.",
    ];
  }
  return [
    "  Mode: solo (loopback). The JSON-RPC port is open to you for experiments (hardhat_*, evm_* …);",
    "    if the world is reset or altered, the sandbox restores it by itself. For a class: --classroom.",
  ];
}

export function renderServer(
  httpUrl: string,
  token: string,
  options: StartOptions,
  classCode: string | null = null,
  storeLocation = ":memory:",
): string {
  const out: string[] = [
    "",
    "Web and API",
    `  Visualizer  ${httpUrl}/`,
    `  REST API    ${httpUrl}/api   (health, world, scenarios, runs, mev, live; see README)`,
    `  Live events ${httpUrl}   (socket.io: join a run's room with run:join)`,
    `  Metrics     ${httpUrl}/metrics   (Prometheus)`,
    `  MEV-Share   ${httpUrl}/api/mev-share   (the hint stream, server-sent events: streamUrl for @flashbots/mev-share-client; apiUrl is the JSON-RPC URL)`,
    storeLocation === ":memory:"
      ? "  Data        in memory only (--data-dir :memory:): runs are gone when the sandbox stops"
      : `  Data        ${storeLocation}   (runs, events and the audit chain, kept across restarts)`,
    "",
    `  Instructor token: ${token}`,
    "    Send it as 'Authorization: Bearer <token>' to start, step or reset runs, turn live mode on,",
    "    mine or execute. Viewers need no token: reading is open to anyone who can reach the page.",
  ];
  if (options.instructorKey) {
    out.push(
      "    Signed control is on: each control request must also be signed by the instructor's Ed25519 key",
      "    (npm run -s sign -- <method> <path> [body] --key <private key file> prints the headers).",
    );
  }
  if (options.fork)
    out.push(
      "",
      `  Fork of ${options.fork} (block ${options.forkBlock ?? "latest"}); the world is deployed on top.`,
    );
  out.push("", ...renderMode(options));
  if (classCode) {
    out.push(
      `  Class code: ${classCode}   (students type it to join the class on the page; --class-code sets it)`,
    );
  }
  if (!isLoopback(options.host)) {
    out.push(
      "",
      `  WARNING: listening on ${options.host}: anyone on your network can open the page, use the chain`,
      "  and read the keys. They are PUBLIC test keys: never send real funds to them. Keep the token to yourself.",
    );
    if (!options.tlsCert) {
      out.push(
        "  The token crosses the network in the clear: add --tls-cert and --tls-key to serve over TLS.",
      );
    }
  }
  out.push("", "Press Ctrl-C to stop.");
  return out.join("\n");
}
