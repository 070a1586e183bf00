/**
 * The sandbox as one object: the in-process chain, the deployed world (with a clean snapshot), the
 * second chain of the cross-chain scenario (server/crosschain) with its own JSON-RPC port,
 * the controls (runs, live mode, MEV, the guard that heals the world), JSON-RPC for outsiders, and
 * the HTTP API with socket.io. Knows nothing of terminals: `scripts/start.ts` prints it.
 */
import type { KeyObject } from "node:crypto";
import type { HardhatNetworkConfig, HardhatRuntimeEnvironment } from "hardhat/types";
import type { Builder } from "./builder/builder";
import type { Chain } from "./chain/chain";
import { hardhatChain } from "./chain/hardhat";
import { CHAIN_ID } from "./chain/settings";
import type { ConnectInfo } from "./classroom/views";
import { SandboxControl } from "./control";
import { MAIN_CHAIN } from "./crosschain/config";
import { PublishedSideChain } from "./crosschain/describe";
import { sideChain } from "./crosschain/sideChain";
import { CleanWorld } from "./engine/cleanWorld";
import type { RateLimitSettings, SocketLimits } from "./http/deps";
import { SandboxMetrics } from "./http/metrics";
import { defaultStaticDir, type HttpServerHandle, startHttpServer } from "./http/server";
import { generateClassCode, generateToken } from "./lib/token";
import { Replayer } from "./replay/fork";
import { type Eip1193Provider, RpcGateway, type RpcRateLimits } from "./rpc/gateway";
import type { RpcMode } from "./rpc/policy";
import {
  PROTECTED_RPC_PATH,
  type RpcServer,
  type RpcServerOptions,
  startRpcServer,
  type TlsFiles,
} from "./rpc/server";
import type { ScenarioDefinition } from "./scenarios/scenario";
import { MEMORY, type RunStore, SqliteStore } from "./store";
import { COINBASE_ADDRESS } from "./world/actors";
import type { World } from "./world/types";

export interface SandboxOptions {
  /** Address both servers bind to. */
  host: string;
  rpcPort: number;
  /** The second chain's JSON-RPC port (the cross-chain scenario's); by default the one after `rpcPort` (0 when that is 0). */
  sideRpcPort?: number;
  httpPort: number;
  /** Seconds between blocks the sandbox mines on its own; 0 mines only on request. */
  blockTime: number;
  /**
   * Classroom mode: the JSON-RPC port enforces who may do what (see server/rpc/policy.ts) and every
   * client gets a fair share. Solo mode (false) leaves the port open for one learner.
   */
  classroom?: boolean;
  /** Serve HTTPS and JSON-RPC over TLS with this certificate and key. */
  tls?: TlsFiles;
  /** The instructor token; a random one when omitted. */
  token?: string;
  /** Signed control: every instructor request must also carry this Ed25519 key's signature. */
  instructorKey?: KeyObject;
  /** The code students type to join, in classroom mode; a random one when omitted. */
  classCode?: string;
  staticDir?: string;
  rateLimit?: RateLimitSettings;
  /** Open routes' share per address (classroom mode). */
  openRateLimit?: RateLimitSettings;
  /** Reorders per address (classroom mode; default DEFAULT_REORDER_RATE_LIMIT). */
  reorderRateLimit?: RateLimitSettings;
  rpcRateLimits?: RpcRateLimits;
  /** socket.io's fair share (default DEFAULT_SOCKET_LIMITS). */
  socketLimits?: SocketLimits;
  /** How long refusals for going over one's share wait, in ms (default 1 s; tests make it short). */
  overShareDelayMs?: number;
  extraScenarios?: readonly ScenarioDefinition[];
  /** Answer the hot reads in front of Express (server/http/hotReads.ts); true unless false. */
  hotReads?: boolean;
  /** How often the guard checks the world, in ms (default 2 s). */
  guardIntervalMs?: number;
  /**
   * Where runs and events are kept (server/store); an in-memory store when omitted. The sandbox
   * closes it when it stops.
   */
  store?: RunStore;
  /** Called when background work fails (a timer's block, a played run); the sandbox keeps going. */
  onError?: (error: unknown) => void;
}

export interface Sandbox {
  chain: Chain;
  world: World;
  clean: CleanWorld;
  /** Builds every block (the same as `clean.builder`). */
  builder: Builder;
  control: SandboxControl;
  metrics: SandboxMetrics;
  rpc: RpcServer;
  /** The second chain's JSON-RPC (server/crosschain): same rules, its own chain id. */
  sideRpc: RpcServer;
  http: HttpServerHandle;
  token: string;
  mode: RpcMode;
  /** The class code students type to join (classroom mode), or null (solo: no code). */
  classCode: string | null;
  /** How a page reaches the chain (GET /api/connect). */
  connect: ConnectInfo;
  close(): Promise<void>;
}

export async function startSandbox(
  hre: HardhatRuntimeEnvironment,
  options: SandboxOptions,
): Promise<Sandbox> {
  const store = options.store ?? new SqliteStore(MEMORY);
  const chain = hardhatChain(hre);
  const clean = await CleanWorld.create(chain);
  const mode: RpcMode = options.classroom ? "classroom" : "solo";
  const classCode = mode === "classroom" ? (options.classCode ?? generateClassCode()) : null;
  const replayer = new Replayer(chain, hre.network.config as HardhatNetworkConfig);
  clean.builder.useForks(replayer);
  const control = new SandboxControl({
    clean,
    blockTime: options.blockTime,
    extraScenarios: options.extraScenarios,
    onError: options.onError,
    guardIntervalMs: options.guardIntervalMs,
    classCode,
    store,
    replayer,
  });
  const metrics = new SandboxMetrics(clean.bus);
  control.mev.onDecision((record) => {
    if (record.latencyMs !== null) metrics.observeLatency(record.event.kind, record.latencyMs);
  });
  const token = options.token ?? generateToken();
  const provider = hre.network.provider as unknown as RpcServerOptions["provider"] & Eip1193Provider;
  const gateway = new RpcGateway({
    provider,
    chain,
    builder: clean.builder,
    mode,
    rateLimits: options.rpcRateLimits,
    overShareDelayMs: options.overShareDelayMs,
    serialize: (task) => control.lock.run(task, "outside"),
    originOf: (signer) => (signer && clean.world.registry.lookup(signer)?.name) || "rpc",
    mine: () => control.mineForOutsideClient(),
    onAdminCall: (method, params) => control.guard.noteAdminCall(method, params),
  });
  control.guard.onRebuilt(() => gateway.forgetSnapshots());
  const rpc = await startRpcServer({
    gateway,
    provider,
    token,
    host: options.host,
    port: options.rpcPort,
    tls: options.tls,
  });
  const side = await sideChain();
  const sideProvider = side.provider as unknown as RpcServerOptions["provider"] & Eip1193Provider;
  const sideRpc = await startRpcServer({
    gateway: new RpcGateway({
      provider: sideProvider,
      chain: side.world.chain,
      builder: side.world.builder,
      mode,
      rateLimits: options.rpcRateLimits,
      overShareDelayMs: options.overShareDelayMs,
      serialize: (task) => control.lock.run(task, "outside"),
      mine: () => side.world.chain.mine(),
    }),
    provider: sideProvider,
    token,
    host: options.host,
    port: options.sideRpcPort ?? nextPort(options.rpcPort),
    tls: options.tls,
  });
  const sideState = new PublishedSideChain(side);
  const connect: ConnectInfo = {
    chainId: CHAIN_ID,
    rpcPort: rpc.port,
    tls: options.tls !== undefined,
    protectedPath: PROTECTED_RPC_PATH,
    classroom: mode === "classroom",
    coinbase: COINBASE_ADDRESS,
  };
  const http = await startHttpServer(
    {
      control,
      metrics,
      token,
      audit: store.audit,
      instructorKey: options.instructorKey,
      connect,
      chains: async (main) => [
        {
          chainId: main.chainId,
          name: MAIN_CHAIN.name,
          rpcPort: rpc.port,
          blockNumber: main.blockNumber,
          described: "above",
        },
        { ...(await sideState.state()), rpcPort: sideRpc.port, described: "here" },
      ],
      // The side chain's reading is a new object only when its latest block is another.
      chainsVersion: () => sideState.state(),
      staticDir: options.staticDir ?? defaultStaticDir(),
      rateLimit: options.rateLimit,
      openRateLimit: options.openRateLimit,
      reorderRateLimit: options.reorderRateLimit,
      overShareDelayMs: options.overShareDelayMs,
      socketLimits: options.socketLimits,
      classroom: mode === "classroom",
      hotReads: options.hotReads,
      onServerError: options.onError,
    },
    options.host,
    options.httpPort,
    options.tls,
  );
  await control.start();
  return {
    chain,
    world: clean.world,
    clean,
    builder: clean.builder,
    control,
    metrics,
    rpc,
    sideRpc,
    http,
    token,
    mode,
    classCode,
    connect,
    async close() {
      control.close();
      metrics.close();
      await http.close();
      await rpc.close();
      await sideRpc.close();
      store.close();
      await replayer.close();
    },
  };
}

/** The port after `port` (0, any free port, stays 0). */
function nextPort(port: number): number {
  return port === 0 || port >= 65_535 ? 0 : port + 1;
}
