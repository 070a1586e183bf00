/**
 * The MEV-Share scenario's figures, read from the chain: where the back-run and the refund landed,
 * and the same sale three ways — in public (the sandwicher's own plan, before gas), on the protected
 * path (exactly getAmountOut, nothing back), and on MEV-Share (the same output, plus the refund).
 */
import type { BlockMined, FormulaUse, RefundPaid } from "../events";
import { formatAmount, formatBps } from "../format";
import type { World } from "../world/types";
import { aliceOutcome, sandwichAvoided } from "./protected-swap";
import type { StepResult } from "./scenario";
import { sentences, worldAmount } from "./text";

const eth = (wei: bigint) => `${formatAmount(wei, 18, 6)} ETH`;

/** A refund transfer's value, read from the chain. */
async function refundValue(world: World, refund: RefundPaid): Promise<bigint> {
  return (await world.chain.provider.getTransaction(refund.refundTx))!.value;
}

/** The refund formula with each refund's numbers, as the builder applied it. */
export function refundFormulas(refunds: readonly RefundPaid[]): FormulaUse[] {
  return refunds.map((refund) => ({
    name: "MEV-Share refund",
    expression:
      "refund = searcherPayment · shareBps / 10000, where searcherPayment is the block producer's balance change the back-run causes at its place in the block",
    inputs: { searcherPayment: refund.searcherPayment, shareBps: String(refund.shareBps) },
    result: `${refund.amount} wei to ${refund.user.label}`,
  }));
}

/** Where the user's transaction, the back-run and the refund landed in `block`, and what was paid. */
export async function refundText(
  world: World,
  block: BlockMined,
  refunds: readonly RefundPaid[],
): Promise<string> {
  if (refunds.length === 0) {
    return "No back-run landed, so nothing was refunded: alice's sale went in alone, as a protected transaction.";
  }
  const parts: string[] = [];
  for (const refund of refunds) {
    const position = (hash: string) => block.txs.findIndex((tx) => tx.hash === hash) + 1;
    const backrun = block.txs
      .filter((tx) => tx.bundle === refund.bundle && tx.hash !== refund.txHash && tx.hash !== refund.refundTx)
      .map((tx) => `#${tx.index + 1}`);
    parts.push(
      `${refund.user.label}'s swap is #${position(refund.txHash)}, ${refund.searcher.label}'s back-run (${backrun.join(", ")}) right after it. ` +
        `It paid the builder ${eth(BigInt(refund.searcherPayment))} (the producer's balance change its transactions cause, simulated at their place in the block), ` +
        `and the builder's transfer #${position(refund.refundTx)} pays ${refund.user.label} ${formatBps(BigInt(refund.shareBps))} of it: ` +
        `${eth(await refundValue(world, refund))}, read on chain as the transfer's value`,
    );
  }
  return sentences(...parts);
}

export interface SaleFacts {
  /** The block alice's sale landed in. */
  block: number;
  amountIn: bigint;
  toleranceBps: bigint;
  /** What the sandwicher could put into a frontrun (its setting, at most its WETH). */
  capital: bigint;
  refunds: readonly RefundPaid[];
}

/** The same sale three ways, with the numbers: public (sandwiched), protected (no refund), MEV-Share (refunded). */
export async function threeWays(world: World, sale: SaleFacts): Promise<StepResult> {
  const outcome = await aliceOutcome(world, sale.block, sale.amountIn);
  const avoided = sandwichAvoided(world, outcome, sale.toleranceBps, sale.capital, "");
  let refunded = 0n;
  for (const refund of sale.refunds)
    if (refund.user.label === "alice") refunded += await refundValue(world, refund);
  // The refund in USDC at DEX A's price before her trade (reserveOut USDC per reserveIn WETH).
  const refundUsdc = (refunded * outcome.reserveOut) / outcome.reserveIn;
  const usdc = (amount: bigint) => worldAmount(world, amount, "USDC");
  const mevShareTotal = outcome.received + refundUsdc;
  const refundFormula: FormulaUse = {
    name: "the refund in USDC",
    expression: "refund · Rout / Rin, at DEX A's price before her trade",
    inputs: {
      refund: refunded.toString(),
      Rin: outcome.reserveIn.toString(),
      Rout: outcome.reserveOut.toString(),
    },
    result: `${refundUsdc} (USDC base units)`,
  };
  const mevShareText =
    refunded === 0n
      ? `Through MEV-Share she received ${usdc(outcome.received)} and nothing back: no back-run was worth paying for`
      : `Through MEV-Share she received ${usdc(outcome.received)} — the same, as her swap ran first, on the same reserves — ` +
        `and ${eth(refunded)} back from the builder, worth about ${usdc(refundUsdc)} at DEX A's price before her trade: ` +
        `${usdc(mevShareTotal - outcome.counterfactual)} more than protected, ${usdc(mevShareTotal - avoided.publicOut)} more than in public`;
  return {
    narration: sentences(
      `The same ${worldAmount(world, sale.amountIn, "WETH")} sale three ways, on the reserves before her block ` +
        `(${worldAmount(world, outcome.reserveIn, "WETH")} and ${usdc(outcome.reserveOut)})`,
      avoided.text,
      `On the protected path: exactly getAmountOut, ${usdc(outcome.counterfactual)}, and nothing back`,
      mevShareText,
      "MEV-Share keeps the protected path's privacy (nobody can get in front of her) and hands her a share of the value her trade creates, which searchers bid for",
    ),
    formulas: [outcome.formula, ...avoided.formulas, refundFormula],
  };
}
