/**
 * The sandbox heals itself. Whatever reaches the chain (a learner's hardhat_reset in solo mode, an
 * instructor's evm_revert past the clean snapshot, a changed setting), the guard notices that the
 * world is gone or altered and brings the clean world back at the same addresses, then says so:
 * a `sandbox:healed` event, and `GET /api/health` reporting `healing` / `degraded` until it is done.
 *
 * It looks in two ways: at once, when the JSON-RPC port reports an outside admin call; and every
 * few seconds, by reading the world's fingerprint (contract code, the clean block, mining settings).
 */
import { Chain } from "../chain/chain";
import type { CleanWorld, ResetOutcome } from "../engine/cleanWorld";
import type { EventBus, SandboxHealed } from "../events";
import type { World } from "../world/types";
import { LIVE_RUN_ID } from "./liveChain";
import type { ChainLock } from "./lock";

/** How often the guard reads the world's fingerprint. */
export const GUARD_INTERVAL_MS = 2_000;

/** What is wrong, and what it takes to put right. */
export interface Problem {
  reason: string;
  /** "settings": put the mining settings back; "revert": the clean snapshot; "rebuild": from genesis. */
  cure: "settings" | "revert" | "rebuild";
}

export type Health =
  | { status: "ok" }
  | { status: "healing"; reason: string }
  | { status: "degraded"; reason: string };

/** Outside calls that change a mining setting: healed at once. */
const SETTING_METHODS = new Set([
  "evm_setAutomine",
  "evm_setIntervalMining",
  "evm_setBlockGasLimit",
  "hardhat_setCoinbase",
]);

export interface GuardOptions {
  world: World;
  clean: CleanWorld;
  bus: EventBus;
  lock: ChainLock;
  /** Fails the run holding the chain, if any, with this reason (its results are not the world's). */
  abortRun: (reason: string) => void;
  /** Starts the live chain again from the chain's state (after a heal). */
  resumeLiveChain: () => Promise<void>;
  onError?: (error: unknown) => void;
}

export class WorldGuard {
  private health: Health = { status: "ok" };
  private codes = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  /** A problem an outside call made certain (a revert past the clean snapshot, a reset). */
  private known: Problem | null = null;
  private healing: Promise<void> | null = null;
  /** Counts outside admin calls, to look again when one came during a heal. */
  private notes = 0;
  private readonly rebuiltListeners = new Set<() => void>();

  constructor(private readonly options: GuardOptions) {}

  /** Records the clean world's fingerprint and starts looking every GUARD_INTERVAL_MS. */
  async start(intervalMs = GUARD_INTERVAL_MS): Promise<void> {
    this.codes = await this.readCodes();
    this.timer = setInterval(() => void this.checkAndHeal(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  status(): Health {
    return this.health;
  }

  /** Calls `listener` after each rebuild (the JSON-RPC port forgets the snapshots it handed out). */
  onRebuilt(listener: () => void): void {
    this.rebuiltListeners.add(listener);
  }

  /** The JSON-RPC port forwarded an evm_* / hardhat_* call from outside: look now. */
  noteAdminCall(method: string, params: unknown): void {
    const snapshot = this.options.clean.cleanSnapshotId;
    if (method === "hardhat_reset") {
      this.known = { reason: "the chain was reset from outside (hardhat_reset)", cure: "rebuild" };
    } else if (method === "evm_revert" && snapshot !== null && revertsPast(params, snapshot)) {
      this.known = {
        reason: `an outside evm_revert to snapshot ${String((params as unknown[])[0])} went past the clean world's snapshot`,
        cure: "rebuild",
      };
    } else if (!SETTING_METHODS.has(method) && method !== "evm_revert" && !method.startsWith("hardhat_set")) {
      return;
    }
    if (this.known?.cure === "rebuild") this.options.clean.forgetCleanSnapshot();
    this.notes += 1;
    void this.checkAndHeal();
  }

  /** Finds what is wrong now, if anything (reads only). */
  async diagnose(): Promise<Problem | null> {
    if (this.known) return this.known;
    const { chain } = this.options.world;
    const clean = this.options.clean.cleanBlock;
    const block = await chain.provider.getBlock(clean.number);
    if (block?.hash !== clean.hash) {
      return {
        reason: `the chain no longer holds the clean world (block ${clean.number} is gone or changed)`,
        cure: "rebuild",
      };
    }
    const changed = await this.changedContract();
    if (changed) return { reason: `the code of ${changed} was changed from outside`, cure: "revert" };
    const drift = Chain.settingsDrift(await chain.settings());
    if (drift.length > 0) return { reason: `${drift.join("; ")} from outside`, cure: "settings" };
    return null;
  }

  /** Looks, and heals what it finds; one heal at a time. */
  async checkAndHeal(): Promise<void> {
    if (this.healing) return this.healing;
    const notes = this.notes;
    this.healing = this.run().finally(() => {
      this.healing = null;
      // An outside call came while this look was under way: look again at once.
      if (this.notes !== notes) void this.checkAndHeal();
    });
    return this.healing;
  }

  private async run(): Promise<void> {
    try {
      // An outside call noted while this look was under way says for certain what happened.
      const found = await this.diagnose();
      const problem = found && (this.known ?? found);
      if (!problem) {
        if (this.health.status === "degraded") this.health = { status: "ok" };
        return;
      }
      this.health = { status: "healing", reason: problem.reason };
      const action = await this.heal(problem);
      this.known = null;
      this.health = { status: "ok" };
      this.announce(problem, action);
    } catch (error) {
      this.health = {
        status: "degraded",
        reason: `the sandbox could not heal itself: ${(error as Error).message ?? String(error)}`,
      };
      this.options.onError?.(error);
    }
  }

  private async heal(problem: Problem): Promise<SandboxHealed["action"]> {
    const { world, clean, lock } = this.options;
    const action = await lock.run(async (): Promise<SandboxHealed["action"]> => {
      this.options.abortRun(`the world was altered from outside: ${problem.reason}; the sandbox restored it`);
      await world.chain.restoreSettings();
      if (problem.cure === "settings") return "settings-restored";
      if (problem.cure === "rebuild") clean.forgetCleanSnapshot();
      const outcome: ResetOutcome = await clean.resetChain();
      if (outcome === "rebuilt") for (const listener of this.rebuiltListeners) listener();
      return outcome === "rebuilt" ? "redeployed" : "reverted";
    });
    await this.options.resumeLiveChain();
    return action;
  }

  private announce(problem: Problem, action: SandboxHealed["action"]): void {
    void this.options.world.chain.latestBlock().then((latest) => {
      this.options.bus.emit({
        type: "sandbox:healed",
        runId: LIVE_RUN_ID,
        step: -1,
        problem: problem.reason,
        action,
        block: latest.number,
      });
    });
  }

  private async changedContract(): Promise<string | undefined> {
    const now = await this.readCodes();
    for (const [name, code] of this.codes) if (now.get(name) !== code) return name;
    return undefined;
  }

  /**
   * The code of every contract of the world, by name. Compared as it is: hashing its ~140 kB in
   * JavaScript (keccak256) held the event loop ~15 ms at every look, and requests waited.
   */
  private async readCodes(): Promise<Map<string, string>> {
    const { registry, chain } = this.options.world;
    const contracts = registry.entries().filter((entry) => entry.kind !== "actor");
    const codes = await Promise.all(contracts.map((entry) => chain.provider.getCode(entry.address)));
    return new Map(contracts.map((entry, i) => [entry.name, codes[i]!]));
  }
}

/** Whether an evm_revert to `params[0]` removes the clean snapshot (it removes every later one too). */
function revertsPast(params: unknown, cleanSnapshot: string): boolean {
  const id = Array.isArray(params) ? params[0] : undefined;
  if (typeof id !== "string" || !/^0x[0-9a-f]+$/i.test(id)) return false;
  return BigInt(id) <= BigInt(cleanSnapshot);
}
