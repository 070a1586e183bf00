/** Small helpers scenarios use to read state and write numbers into narration. */
import type {
  BlockMined,
  FormulaUse,
  MevClassified,
  OpportunityFound,
  OpportunitySkipped,
  SandboxEvent,
} from "../events";
import { formatToken } from "../format";
import type { TokenSymbol } from "../world/config";
import type { PoolHandle, World } from "../world/types";

/** "50 WETH", "98,123.45 USDC": an amount of a world token, for narration. */
export function worldAmount(world: World, amount: bigint, symbol: TokenSymbol, digits = 4): string {
  return formatToken(amount, world.tokens[symbol], digits);
}

export function poolNamed(world: World, name: string): PoolHandle {
  const pool = world.pools.find((p) => p.name === name);
  if (!pool) throw new Error(`no pool named "${name}" (pools: ${world.pools.map((p) => p.name).join(", ")})`);
  return pool;
}

/** A percentage parameter (2 = 2%) as whole basis points (200). */
export function percentToBps(percent: number): bigint {
  return BigInt(Math.round(percent * 100));
}

/** `text` as a finished sentence: a full stop added unless it already ends in one (or in "!", "?", "…"). */
export function endSentence(text: string): string {
  const trimmed = text.trim();
  return trimmed === "" || /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Narration parts joined as sentences: each part finished with a full stop, empty parts left out, so
 * that no part (an inspector's explanation, a bot's summary) runs into the next.
 */
export function sentences(...parts: readonly (string | false | undefined)[]): string {
  return parts
    .map((part) => endSentence(part || ""))
    .filter((part) => part !== "")
    .join(" ");
}

/** The decisions bots published in a step, as sentences, and the formulas they showed. */
export function decisionsIn(events: readonly SandboxEvent[]): {
  text: string;
  formulas: FormulaUse[];
  found: OpportunityFound[];
} {
  const decisions = events.filter(
    (e): e is OpportunityFound | OpportunitySkipped =>
      e.type === "opportunity:found" || e.type === "opportunity:skipped",
  );
  return {
    text: decisions
      .map((d) =>
        endSentence(
          d.type === "opportunity:found" ? `${d.bot}: ${d.summary}` : `${d.bot} declines: ${d.explanation}`,
        ),
      )
      .join("\n"),
    formulas: decisions.flatMap((d) => d.formulas),
    found: decisions.filter((d): d is OpportunityFound => d.type === "opportunity:found"),
  };
}

/**
 * What the inspector labelled in the step's blocks, briefly: its reading (which transactions, what
 * they moved) is in the MEV found panel and the run's log; or that it found nothing.
 */
export function inspectorVerdict(events: readonly SandboxEvent[], nothing: string): string {
  const kinds = events.filter((e): e is MevClassified => e.type === "mev:classified").map((l) => l.kind);
  if (kinds.length === 0) return endSentence(nothing);
  return kinds.length === 1
    ? `The inspector, reading only the block's logs, labels it ${kinds[0]} (see MEV found).`
    : `The inspector, reading only the blocks' logs, finds ${kinds.length}: ${kinds.join(", ")} (see MEV found).`;
}

/** "block #31 holds 3 transactions, in order: searcher's, alice's, searcher's": the last mined block, briefly. */
export function blockOrder(events: readonly SandboxEvent[]): string {
  const blocks = events.filter((e): e is BlockMined => e.type === "block:mined");
  const block = blocks[blocks.length - 1];
  if (!block) return "no block";
  if (block.txs.length === 0) return `block #${block.block} is empty`;
  const count = `${block.txs.length} transaction${block.txs.length === 1 ? "" : "s"}`;
  const senders = block.txs.map((tx) => `${tx.from.label}'s${tx.status === "reverted" ? " (REVERTED)" : ""}`);
  return `block #${block.block} holds ${count}${block.txs.length === 1 ? "" : ", in order"}: ${senders.join(", ")}`;
}
