/**
 * What every guarded bot does with its risk controls (./riskGuard.ts), once: its guard made from its
 * settings (each limit defaulting to DEFAULT_RISK_LIMITS'), its equity read once per block it sees,
 * what an action puts in valued in ETH and checked before it acts, and each action it sent followed
 * until the chain settles it: every one of its own transactions mined, or a bundle's block past
 * (what landed counts; nothing landed: dropped, no attempt).
 */
import type { TransactionReceipt } from "ethers";
import type { Bot, BotContext, MinedBlock } from "../../engine/bot";
import type { ActorName } from "../../world/actors";
import type { TokenSymbol } from "../../world/config";
import { DEFAULT_RISK_LIMITS, type RiskLimits, type RiskVerdict } from "./risk";
import { RiskGuard, withRiskGuard } from "./riskGuard";

/** What one action puts in: amounts of the world's tokens. */
export type Stake = readonly (readonly [TokenSymbol, bigint])[];

/** An action sent and not yet settled by the chain. */
interface OpenAction {
  /** What it put in, in wei. */
  notional: bigint;
  /** Its own transactions (not a victim's or a target's): their receipts settle it. */
  txs: readonly string[];
  /** A bundle's target block: once it is mined, what landed settles it. */
  targetBlock?: number;
  receipts: Map<string, TransactionReceipt>;
}

export class RiskBook {
  readonly guard: RiskGuard;
  private open: OpenAction[] = [];
  /** The block its equity was last read after. */
  private observed: number | undefined;

  constructor(
    bot: string,
    actor: ActorName,
    limits: Partial<RiskLimits> = {},
    defaults = DEFAULT_RISK_LIMITS,
  ) {
    this.guard = new RiskGuard(bot, actor, { ...defaults, ...limits });
  }

  get limits(): RiskLimits {
    return this.guard.limits;
  }

  /** `bot`, its guard reachable by the instructor's controls. */
  guarding<B extends Bot>(bot: B): B {
    return withRiskGuard(bot, this.guard);
  }

  /** Reads its equity after the latest block, once a block (announcing a limit that now stops it). */
  async observe(ctx: BotContext): Promise<void> {
    if (this.observed === ctx.blockNumber) return;
    this.observed = ctx.blockNumber;
    await this.guard.observe(ctx);
  }

  /** Before it acts: what `stake` is worth in wei, and whether a control stops it (and which). */
  async vet(ctx: BotContext, stake: Stake): Promise<RiskVerdict & { notional: bigint }> {
    await this.observe(ctx);
    const notional = stake.reduce(
      (sum, [symbol, amount]) => sum + this.guard.valueOf(symbol, amount, ctx),
      0n,
    );
    return { ...this.guard.check(ctx, notional), notional };
  }

  /** It sent an action of `notional` wei: its own transactions, public, or a bundle for `targetBlock`. */
  sent(notional: bigint, txs: readonly string[], targetBlock?: number): void {
    this.guard.opened(notional);
    this.open.push({ notional, txs, targetBlock, receipts: new Map() });
  }

  /** After each block: settles the actions the chain settled, then reads its equity. */
  async afterBlock(block: MinedBlock, ctx: BotContext): Promise<void> {
    const open: OpenAction[] = [];
    for (const action of this.open) {
      if (await this.settles(action, block, ctx))
        this.guard.settledAll(
          action.notional,
          action.txs.flatMap((hash) => action.receipts.get(hash) ?? []),
        );
      else open.push(action);
    }
    this.open = open;
    await this.observe(ctx);
  }

  /** Collects the action's receipts; whether it is over. */
  private async settles(action: OpenAction, block: MinedBlock, ctx: BotContext): Promise<boolean> {
    for (const hash of action.txs) {
      if (action.receipts.has(hash)) continue;
      const receipt =
        block.receipts.find((r) => r.hash === hash) ??
        // A bundle lands in its block or never; a public transaction may have been mined unseen.
        (action.targetBlock === undefined ? await ctx.chain.provider.getTransactionReceipt(hash) : null);
      if (receipt) action.receipts.set(hash, receipt);
    }
    if (action.targetBlock !== undefined) return block.number >= action.targetBlock;
    return action.receipts.size === action.txs.length;
  }
}
