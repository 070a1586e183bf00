/**
 * The victim's receipt of a labelled finding: the targeted trade's output at the pool's mid price,
 * without the fee, without the attack and as received, with the parts between them (the formulas are
 * in server/math/receipt.ts). Pure: the pool's reserves before the attack and the trade's gas come in.
 */
import type { MevClassified, TokenAmount, VictimReceipt } from "../events";
import { formatAmount } from "../format";
import { quote } from "../math/amm";
import { type SwapCost, swapCost } from "../math/receipt";
import type { Finding } from "./classify";
import type { InspectionFacts, TokenInfo } from "./explain";
import type { DecodedSwap, PoolTokens, Reserves } from "./logs";

/** The state a victim's trade is valued on: the pool before the attack. */
export interface ReceiptBasis {
  reserves: Reserves;
  tokens: PoolTokens;
  feeBps: bigint;
  /** What "before" means: "the front-run", "the deposit", "the trade". */
  before: string;
}

/** The gas a transaction paid, from its receipt. */
export interface PaidGas {
  gasUsed: bigint;
  gasPrice: bigint;
}

/** The finding's targeted swap and what the pool is valued before, or undefined when it has no victim. */
export function targetedSwap(finding: Finding): { swap: DecodedSwap; before: string } | undefined {
  if (finding.kind === "sandwich") return { swap: finding.victims[0]!, before: "the front-run" };
  if (finding.kind === "jit") return { swap: finding.swaps[0]!, before: "the deposit" };
  if (finding.kind === "backrun") return { swap: finding.target, before: "the trade" };
  return undefined;
}

/** A JIT pool before the deposit: the reserves after it (the Sync before Mint) minus what was added. */
export function reservesBeforeDeposit(finding: Finding): Reserves | undefined {
  if (finding.kind !== "jit" || !finding.mint.reservesAfter) return undefined;
  const { mint } = finding;
  return {
    reserve0: mint.reservesAfter!.reserve0 - mint.amount0,
    reserve1: mint.reservesAfter!.reserve1 - mint.amount1,
  };
}

const ETH: TokenInfo = { symbol: "ETH", decimals: 18 };

function amountOf(amount: bigint, token: TokenInfo): TokenAmount {
  return { amount: amount.toString(), symbol: token.symbol, decimals: token.decimals };
}

function show(amount: bigint, token: TokenInfo): string {
  return `${amount < 0n ? "−" : ""}${formatAmount(amount < 0n ? -amount : amount, token.decimals)} ${token.symbol}`;
}

/** "1 WETH = 2,000 USDC": one whole input token at the mid price. */
function midPrice(reserveIn: bigint, reserveOut: bigint, tokenIn: TokenInfo, tokenOut: TokenInfo): string {
  const one = 10n ** BigInt(tokenIn.decimals);
  return `1 ${tokenIn.symbol} = ${show(quote(one, reserveIn, reserveOut), tokenOut)}`;
}

function summaryOf(who: string, cost: SwapCost, out: TokenInfo, valuedAt: string): string {
  const mev =
    cost.mevLoss < 0n ? `MEV gain ${show(-cost.mevLoss, out)}` : `MEV loss ${show(cost.mevLoss, out)}`;
  return (
    `${who}'s receipt (valued at ${valuedAt}): ${show(cost.amountOutIdeal, out)} at the mid price, minus ` +
    `LP fee ${show(cost.lpFee, out)}, own price impact ${show(cost.priceImpact, out)}, ${mev}: received ` +
    `${show(cost.amountOut, out)}, ${show(cost.pnl, out)}; and gas ${show(cost.gasCost, ETH)}.`
  );
}

/** The receipt of `event.victim`'s trade, valued on `basis`; its counterfactual is the event's. */
export function victimReceiptOf(
  event: Pick<MevClassified, "victim">,
  swap: DecodedSwap,
  basis: ReceiptBasis,
  gas: PaidGas,
  facts: Pick<InspectionFacts, "label" | "tokens">,
): VictimReceipt | undefined {
  const victim = event.victim;
  const [tokenIn, tokenOut] = [facts.tokens.get(swap.tokenIn), facts.tokens.get(swap.tokenOut)];
  if (!victim || !tokenIn || !tokenOut) return undefined;
  const zeroForOne = swap.tokenIn === basis.tokens.token0;
  const { reserve0, reserve1 } = basis.reserves;
  const [reserveIn, reserveOut] = zeroForOne ? [reserve0, reserve1] : [reserve1, reserve0];
  const cost = swapCost({
    amountIn: swap.amountIn,
    reserveIn,
    reserveOut,
    feeBps: basis.feeBps,
    amountOutNoAttack: BigInt(victim.counterfactualOut.amount),
    amountOut: BigInt(victim.actualOut.amount),
    gasUsed: gas.gasUsed,
    effectiveGasPrice: gas.gasPrice,
  });
  const pool = facts.label(swap.pool);
  const valuedAt = `${pool}'s mid price before ${basis.before}: ${midPrice(reserveIn, reserveOut, tokenIn, tokenOut)}; gas in ETH`;
  return {
    actor: victim.actor,
    tx: victim.tx,
    pool: { address: swap.pool, label: pool },
    amountIn: amountOf(swap.amountIn, tokenIn),
    reserveIn: amountOf(reserveIn, tokenIn),
    reserveOut: amountOf(reserveOut, tokenOut),
    feeBps: Number(basis.feeBps),
    valuedAt,
    idealOut: amountOf(cost.amountOutIdeal, tokenOut),
    noFeeOut: amountOf(cost.amountOutNoFee, tokenOut),
    noAttackOut: amountOf(cost.amountOutNoAttack, tokenOut),
    actualOut: amountOf(cost.amountOut, tokenOut),
    lpFee: amountOf(cost.lpFee, tokenOut),
    priceImpact: amountOf(cost.priceImpact, tokenOut),
    mevLoss: amountOf(cost.mevLoss, tokenOut),
    pnl: amountOf(cost.pnl, tokenOut),
    gas: amountOf(cost.gasCost, ETH),
    gasUsed: gas.gasUsed.toString(),
    gasPrice: gas.gasPrice.toString(),
    summary: summaryOf(victim.actor.label, cost, tokenOut, valuedAt),
  };
}
