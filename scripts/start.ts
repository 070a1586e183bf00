/**
 * `npm start`: the sandbox in one process. Starts the chain (or a fork of another chain), deploys
 * the world, serves JSON-RPC, the HTTP API with socket.io and the visualizer, and prints what is
 * there with the instructor token. Ctrl-C stops it.
 */

import type { KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SIDE_CHAIN, SIDE_DEX } from "../server/crosschain/config";
import { formatAmount, formatBps, formatUsd, shortAddress } from "../server/format";
import { parsePublicKey } from "../server/lib/controlSignature";
import type { RpcServer } from "../server/rpc/server";
import { FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { describeWorld, type WorldState } from "../server/world/describe";
import { renderBuilder, renderServer } from "./lib/startBanner";
import { parseStartOptions, START_USAGE, type StartOptions } from "./lib/startOptions";
import { renderTable } from "./lib/table";

const LEARNER_ACCOUNTS_SHOWN = 3;

async function main(): Promise<void> {
  const parsed = parseStartOptions(process.argv.slice(2), process.env);
  if (parsed.kind === "help") {
    process.stdout.write(START_USAGE);
    return;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`npm start: ${parsed.message}`);
    process.exitCode = 2;
    return;
  }
  const options = parsed.options;
  const tls = readTlsFiles(options);
  if (typeof tls === "string") {
    process.stderr.write(`npm start: ${tls}\n`);
    process.exitCode = 2;
    return;
  }
  const instructorKey = readInstructorKey(options.instructorKey);
  if (typeof instructorKey === "string") {
    process.stderr.write(`npm start: --instructor-key: ${instructorKey}\n`);
    process.exitCode = 2;
    return;
  }
  // The store is opened before anything is built, so that a bad --data-dir answers at once.
  const store = await openStoreOrExplain(options.dataDir);
  if (!store) {
    process.exitCode = 2;
    return;
  }
  // Built only now, and only what changed, so that --help and bad options (TLS files too) answer at once.
  await (await import("./lib/build/ensure")).ensureBuild(["contracts", "page"]);

  if (options.fork) {
    // hardhat.config.ts reads these when Hardhat loads it, just below: fork mode must be set first.
    process.env.SANDBOX_FORK_URL = options.fork;
    if (options.forkBlock !== undefined) process.env.SANDBOX_FORK_BLOCK = String(options.forkBlock);
    console.log(`Forking ${options.fork} at ${options.forkBlock ?? "its latest block"}…`);
  }
  console.log("Starting the chain and deploying the DeFi world…");
  // Hardhat is loaded only now, so that --help and bad options answer at once.
  const { default: hre } = await import("hardhat");
  const { startSandbox } = await import("../server/sandbox");
  const sandbox = await startSandbox(hre, {
    ...options,
    tls,
    store,
    instructorKey,
    onError: (error) => console.error(`sandbox: ${(error as Error).message ?? String(error)}`),
  });
  // Before the first block (the live chain's timer fires only after --block-time seconds).
  sandbox.builder.setOrdering(options.builderOrdering);
  const state = await describeWorld(sandbox.world);
  console.log(renderWorld(state, sandbox.rpc, sandbox.sideRpc, options));
  console.log(renderServer(sandbox.http.url, sandbox.token, options, sandbox.classCode, store.location));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping the sandbox…");
    await sandbox.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/** The run store in `dataDir`; on a StoreError, prints it and returns undefined. */
async function openStoreOrExplain(dataDir: string | undefined) {
  const { openStore, StoreError } = await import("../server/store");
  try {
    return openStore(dataDir, join(__dirname, ".."));
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    process.stderr.write(`npm start: --data-dir: ${error.message}\n`);
    return undefined;
  }
}

/** The TLS certificate and key, read from the files given; a sentence naming the problem when one cannot be read. */
function readTlsFiles(options: StartOptions): { cert: Buffer; key: Buffer } | undefined | string {
  if (!options.tlsCert || !options.tlsKey) return undefined;
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      return `${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
  };
  const cert = read("--tls-cert", options.tlsCert);
  const key = read("--tls-key", options.tlsKey);
  if (typeof cert === "string") return cert;
  if (typeof key === "string") return key;
  return { cert, key };
}

/**
 * The instructor's Ed25519 public key: the value itself (hex, base64, PEM), or else a file holding
 * one; a sentence naming the problem when it is neither.
 */
function readInstructorKey(value: string | undefined): KeyObject | undefined | string {
  if (value === undefined) return undefined;
  try {
    return parsePublicKey(value);
  } catch (asText) {
    let text: string;
    try {
      text = readFileSync(value, "utf8");
    } catch {
      return `${(asText as Error).message} (and no file ${value} could be read)`;
    }
    try {
      return parsePublicKey(text);
    } catch (error) {
      return `${value}: ${(error as Error).message}`;
    }
  }
}

function renderWorld(state: WorldState, rpc: RpcServer, sideRpc: RpcServer, options: StartOptions): string {
  const decimalsOf = new Map(state.tokens.map((t) => [t.symbol, t.decimals]));
  const symbols = state.tokens.map((t) => t.symbol);
  const out: string[] = [];
  out.push("", "MEV Sandbox is running.", "");
  out.push(`  JSON-RPC   ${rpc.url}   (chain id ${state.chainId}; HTTP and WebSocket)`);
  out.push(...renderBuilder(rpc.protectedUrl, options.builderOrdering));
  out.push(
    `  Side chain ${sideRpc.url}   (chain id ${SIDE_CHAIN.id}: the cross-chain scenario's second chain, with its own WETH, USDC and ${SIDE_DEX.name})`,
  );
  out.push(
    options.blockTime > 0
      ? `  Blocks     the sandbox mines one every ${options.blockTime} s; transactions wait in the mempool until then,`
      : "  Blocks     mined only on request: send the JSON-RPC call evm_mine; transactions wait in the mempool,",
  );
  out.push(
    "             bundles first, then by priority fee (highest tip first). evm_mine mines one at once.",
  );
  out.push(
    "",
    "Tokens",
    renderTable(
      ["symbol", "name", "decimals", "oracle price", "address"],
      state.tokens.map((t) => [
        t.symbol,
        t.name,
        String(t.decimals),
        formatUsd(BigInt(t.oraclePriceUsd)),
        t.address,
      ]),
      ["l", "l", "r", "r", "l"],
    ),
  );

  out.push(
    "",
    "Pools",
    renderTable(
      ["pool", "fee", "reserves", "price", "address"],
      state.pools.map((p) => [
        p.name,
        formatBps(BigInt(p.feeBps)),
        `${formatAmount(BigInt(p.reserve0), decimalsOf.get(p.token0)!, 2)} ${p.token0} + ${formatAmount(BigInt(p.reserve1), decimalsOf.get(p.token1)!, 2)} ${p.token1}`,
        `1 ${p.base} = ${formatAmount(BigInt(p.price), decimalsOf.get(p.quote)!, 4)} ${p.quote}`,
        p.address,
      ]),
      ["l", "r", "l", "l", "l"],
    ),
  );

  out.push(
    "",
    "Contracts",
    renderTable(
      ["name", "kind", "address"],
      state.contracts.filter((c) => c.kind !== "token").map((c) => [c.name, c.kind, c.address]),
    ),
  );

  out.push(
    "",
    "Actors",
    renderTable(
      ["name", "address", "ETH", ...symbols, "role"],
      state.actors.map((a) => [
        a.name,
        shortAddress(a.address),
        formatAmount(BigInt(a.eth), 18, 2),
        ...symbols.map((s) => formatAmount(BigInt(a.balances[s]), decimalsOf.get(s)!, 2)),
        a.role,
      ]),
      ["l", "l", "r", ...symbols.map(() => "r" as const), "l"],
    ),
  );

  out.push(
    "",
    "Your own wallet (MetaMask, ethers, viem): RPC URL above, chain id 31337. Accounts free for you:",
    renderTable(
      ["account", "address", "private key"],
      Array.from({ length: LEARNER_ACCOUNTS_SHOWN }, (_, i) => {
        const account = hardhatAccount(FIRST_LEARNER_ACCOUNT + i);
        return [`#${FIRST_LEARNER_ACCOUNT + i}`, account.address, account.privateKey];
      }),
    ),
    "  !! These are Hardhat's PUBLIC test keys. Anyone can take what they hold on a real network. Never use them outside the sandbox.",
  );
  return out.join("\n");
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
