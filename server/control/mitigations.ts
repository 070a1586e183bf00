/**
 * What would have saved a victim: each mitigation re-executed on a fork of the chain at the end of the
 * block before the attack (server/replay), never estimated, the real chain untouched.
 *
 * - tight slippage: the same swap with `amountOutMin` 0.1% under its no-attack output. For a
 *   sandwich victim the sandwich bot is asked again (its pure `decide`, on the fork's state, with live
 *   mode's settings) and what it would send is mined around the swap; for other victims the block is
 *   mined again as it was, with the swap's limit tightened.
 * - protected path: the swap alone, as the builder's private path would have mined it.
 * - split into 4: four swaps of a quarter each (the last takes the remainder) with the same worst
 *   price, one per block in turn; the sandwich bot is asked about each.
 */

import { routerSwap } from "../bots/kit/routerSwap";
import { BLOCK_TIME_SECONDS } from "../chain/chain";
import type { PendingTx } from "../engine/bot";
import { pendingTxOf } from "../engine/pendingFeed";
import type { Labelled, MevClassified, TokenAmount, VictimReceipt } from "../events";

/** What the mitigations read of a label: its kind and its victim's receipt. */
export type VictimLabel = Pick<MevClassified, "kind" | "victimReceipt">;

import { amountOutMinFor } from "../math/amm";
import type { BlockContext, Replayer } from "../replay/fork";
import { minedTransactions } from "../replay/mined";
import { type WorldIndex, worldIndex } from "../world/market";
import type { World } from "../world/types";
import {
  type BotAsk,
  type TradeOutcome,
  tradeInBlock,
  tradeWithBot,
  type VictimTrade,
  victimCall,
  victimTrade,
} from "./forkTrades";

/** The tight limit: 10 bps (0.1%) under the swap's no-attack output. */
export const TIGHT_SLIPPAGE_BPS = 10n;
/** Into how many equal parts the split mitigation cuts the swap. */
export const SPLIT_PARTS = 4n;

export type MitigationKind = "tight-slippage" | "protected" | "split";

/** One block of a mitigation: the swap's size and limit, what it received, and what the searcher did. */
export interface MitigationBlock {
  amountIn: string;
  amountOutMin: string;
  amountOut: string;
  status: "success" | "reverted";
  /** Null where no searcher was asked (the block mined again as it was, or the protected path). */
  attacked: boolean | null;
  decision: string | null;
}

export interface Mitigation {
  kind: MitigationKind;
  description: string;
  /** What the victim would have received in all. */
  amountOut: TokenAmount;
  /** `amountOut` minus what it really received. */
  versusActual: TokenAmount;
  blocks: MitigationBlock[];
}

export interface VictimMitigations {
  findingKind: MevClassified["kind"];
  tx: string;
  actor: Labelled;
  actualOut: TokenAmount;
  noAttackOut: TokenAmount;
  /** Empty when the swap is not a router swap through one of the world's pools (`unavailable` says why). */
  mitigations: Mitigation[];
  unavailable?: string;
}

export interface MitigationsReport {
  block: number;
  /** Live mode's sandwich bot settings, with which the bot is asked again. */
  botCapital: TokenAmount;
  victims: VictimMitigations[];
}

interface Job {
  world: World;
  index: WorldIndex;
  replayer: Replayer;
  block: number;
  context: BlockContext;
  ask: BotAsk;
}

/** The mined transaction as the bots read a pending one (for routerSwap). */
async function pendingOf(world: World, hash: string): Promise<PendingTx | undefined> {
  const tx = await world.chain.provider.getTransaction(hash);
  if (!tx) return undefined;
  return pendingTxOf(tx, { kind: "swap", sentence: "", args: {} }, "public");
}

function blockOf(
  swap: { amountIn: bigint; amountOutMin: bigint },
  outcome: Pick<TradeOutcome, "amountOut" | "status"> & Partial<TradeOutcome>,
): MitigationBlock {
  return {
    amountIn: swap.amountIn.toString(),
    amountOutMin: swap.amountOutMin.toString(),
    amountOut: outcome.amountOut.toString(),
    status: outcome.status,
    attacked: outcome.attacked ?? null,
    decision: outcome.decision ?? null,
  };
}

/** The swap with its limit tightened: asking the sandwich bot (a sandwich), or the block mined again. */
async function tightSlippage(job: Job, trade: VictimTrade, label: VictimLabel, noAttack: bigint) {
  const swap = { amountIn: trade.swap.amountIn, amountOutMin: amountOutMinFor(noAttack, TIGHT_SLIPPAGE_BPS) };
  if (label.kind === "sandwich") {
    const outcome = await job.replayer.withFork(job.block - 1, (fork) =>
      tradeWithBot(fork, job.world, job.index, trade, swap, job.context, job.ask),
    );
    return [blockOf(swap, outcome)];
  }
  const mined = await minedTransactions(job.world.chain, job.block);
  const position = mined.findIndex((tx) => tx.hash === trade.swap.tx.hash);
  const txs = mined.map((tx, i) =>
    i === position ? victimCall(trade, swap.amountIn, swap.amountOutMin) : { raw: tx.raw },
  );
  const outcome = await job.replayer.withFork(job.block - 1, (fork) =>
    tradeInBlock(fork, job.world, trade, txs, position, job.context),
  );
  return [blockOf(swap, outcome)];
}

/** The swap alone, as the protected path mines it: nobody sees it before it is in the block. */
async function protectedPath(job: Job, trade: VictimTrade) {
  const swap = { amountIn: trade.swap.amountIn, amountOutMin: trade.swap.amountOutMin };
  const outcome = await job.replayer.withFork(job.block - 1, (fork) =>
    tradeInBlock(
      fork,
      job.world,
      trade,
      [victimCall(trade, swap.amountIn, swap.amountOutMin)],
      0,
      job.context,
    ),
  );
  return [blockOf(swap, outcome)];
}

/** Four quarters in four blocks, in turn, the sandwich bot asked about each (same worst price). */
async function split(job: Job, trade: VictimTrade) {
  const { amountIn, amountOutMin } = trade.swap;
  const part = amountIn / SPLIT_PARTS;
  return job.replayer.withFork(job.block - 1, async (fork) => {
    const blocks: MitigationBlock[] = [];
    for (let k = 0n; k < SPLIT_PARTS; k++) {
      const size = k === SPLIT_PARTS - 1n ? amountIn - part * k : part;
      const swap = { amountIn: size, amountOutMin: (amountOutMin * size) / amountIn };
      const timestamp = job.context.timestamp + Number(k) * BLOCK_TIME_SECONDS;
      const context = { ...job.context, number: job.context.number + Number(k), timestamp };
      // a trader splitting the order sends each part with a deadline its own block can meet
      const deadline = trade.deadline < BigInt(timestamp) ? BigInt(timestamp) : trade.deadline;
      const outcome = await tradeWithBot(
        fork,
        job.world,
        job.index,
        { ...trade, deadline },
        swap,
        context,
        job.ask,
      );
      blocks.push(blockOf(swap, outcome));
    }
    return blocks;
  });
}

const DESCRIPTIONS: Record<MitigationKind, string> = {
  "tight-slippage": `the same swap with its minimum ${Number(TIGHT_SLIPPAGE_BPS) / 100}% under its no-attack output`,
  protected: "the swap alone, sent through the protected path (no searcher sees it)",
  split: `the swap in ${SPLIT_PARTS} equal parts, one per block in turn, each with the same worst price`,
};

function mitigation(kind: MitigationKind, blocks: MitigationBlock[], actual: TokenAmount): Mitigation {
  const total = blocks.reduce((sum, b) => sum + BigInt(b.amountOut), 0n);
  return {
    kind,
    description: DESCRIPTIONS[kind],
    amountOut: { ...actual, amount: total.toString() },
    versusActual: { ...actual, amount: (total - BigInt(actual.amount)).toString() },
    blocks,
  };
}

async function mitigate(job: Job, label: VictimLabel, receipt: VictimReceipt): Promise<VictimMitigations> {
  const base = {
    findingKind: label.kind,
    tx: receipt.tx,
    actor: receipt.actor,
    actualOut: receipt.actualOut,
    noAttackOut: receipt.noAttackOut,
  };
  const pending = await pendingOf(job.world, receipt.tx);
  const trade = pending && victimTrade(job.world, job.index, routerSwap(job.world, job.index, pending));
  if (!trade)
    return { ...base, mitigations: [], unavailable: "not a router swap through one of the world's pools" };
  const noAttack = BigInt(receipt.noAttackOut.amount);
  const tight = await tightSlippage(job, trade, label, noAttack);
  const alone = await protectedPath(job, trade);
  const parts = await split(job, trade);
  return {
    ...base,
    mitigations: [
      mitigation("tight-slippage", tight, receipt.actualOut),
      mitigation("protected", alone, receipt.actualOut),
      mitigation("split", parts, receipt.actualOut),
    ],
  };
}

/** Every victim's mitigations in block `block`, from the block's labels (each victim once). */
export async function mitigationsOf(
  world: World,
  replayer: Replayer,
  block: number,
  labels: readonly VictimLabel[],
  ask: BotAsk,
): Promise<MitigationsReport> {
  const job: Job = {
    world,
    index: await worldIndex(world),
    replayer,
    block,
    context: await replayer.blockContext(block),
    ask,
  };
  const seen = new Set<string>();
  const victims: VictimMitigations[] = [];
  for (const label of labels) {
    const receipt = label.victimReceipt;
    if (!receipt || seen.has(receipt.tx)) continue;
    seen.add(receipt.tx);
    victims.push(await mitigate(job, label, receipt));
  }
  return { block, botCapital: { amount: ask.capital.toString(), symbol: "WETH", decimals: 18 }, victims };
}
