/**
 * Findings → `mev:classified` events: labels on addresses, amounts with their symbols, and one
 * sentence with the block's real numbers. Pure: everything read from the chain comes in `facts`.
 */
import type { ActorProfit, EventDraft, MevClassified, TokenAmount } from "../events";
import { formatAmount, formatBps } from "../format";
import { jitFeeShare, valueIn } from "../math/jit";
import { collateralValueInBase, debtValueInBase } from "../math/lending";
import { USD_DECIMALS } from "../world/config";
import type {
  ArbitrageFinding,
  BackrunFinding,
  Finding,
  JitFinding,
  LiquidationFinding,
  SandwichFinding,
} from "./classify";
import { type Counterfactual, quoteOnReserves } from "./counterfactual";
import type { DecodedSwap, PoolTokens } from "./logs";

export interface TokenInfo {
  symbol: string;
  decimals: number;
}

/** What the chain told the inspector about the tokens, victims and prices of the findings. */
export interface InspectionFacts {
  /** The name of an address (the registry's, or a shortened address). */
  label(address: string): string;
  /** Token address → symbol and decimals. */
  tokens: ReadonlyMap<string, TokenInfo>;
  /** Victim transaction hash → its output on the pre-attack state. */
  counterfactuals: ReadonlyMap<string, Counterfactual>;
  /** `priceKey(pool, asset)` → the lending pool's USD price of one whole asset (8 decimals). */
  prices: ReadonlyMap<string, bigint>;
  /** Pool address → its tokens and swap fee, for the pools of JIT findings. */
  pools?: ReadonlyMap<string, { tokens: PoolTokens; feeBps: bigint }>;
}

export function priceKey(pool: string, asset: string): string {
  return `${pool}:${asset}`;
}

const USD: TokenInfo = { symbol: "USD", decimals: USD_DECIMALS };

function tokenInfo(facts: InspectionFacts, address: string): TokenInfo {
  const info = facts.tokens.get(address);
  if (!info) throw new Error(`inspector: no symbol and decimals for token ${address}`);
  return info;
}

function tokenAmount(amount: bigint, token: TokenInfo): TokenAmount {
  return { amount: amount.toString(), symbol: token.symbol, decimals: token.decimals };
}

/** "12.5 WETH" */
function show(amount: bigint, token: TokenInfo): string {
  return `${formatAmount(amount, token.decimals)} ${token.symbol}`;
}

/** "+1.5 WETH", "−897.77 USDC": a change, signed with a real minus sign. */
function showChange(delta: bigint, token: TokenInfo): string {
  return `${delta < 0n ? "−" : "+"}${show(delta < 0n ? -delta : delta, token)}`;
}

/** "$1,234.50", "−$3.00" */
function showUsd(amount: bigint): string {
  const sign = amount < 0n ? "−" : "";
  return `${sign}$${formatAmount(amount < 0n ? -amount : amount, USD_DECIMALS, 2, 2)}`;
}

function actor(facts: InspectionFacts, address: string) {
  return { address, label: facts.label(address) };
}

function profitOf(facts: InspectionFacts, address: string, amount: bigint, token: TokenInfo): ActorProfit {
  return { actor: actor(facts, address), profit: tokenAmount(amount, token) };
}

/** "10.3 WETH on DEX A WETH/USDC" */
function hopText(facts: InspectionFacts, swap: DecodedSwap): string {
  return `${show(swap.amountOut, tokenInfo(facts, swap.tokenOut))} on ${facts.label(swap.pool)}`;
}

function arbitrageEvent(
  finding: ArbitrageFinding,
  block: number,
  facts: InspectionFacts,
): EventDraft<MevClassified> {
  const token = tokenInfo(facts, finding.token);
  const searcher = facts.label(finding.searcher);
  const path = [show(finding.amountIn, token), ...finding.hops.map((hop) => hopText(facts, hop))].join(" → ");
  return {
    type: "mev:classified",
    block,
    kind: "arbitrage",
    txs: [finding.txHash],
    profits: [profitOf(facts, finding.searcher, finding.profit, token)],
    explanation:
      `${searcher} ran a ${finding.hops.length}-hop arbitrage cycle: ${path}; ` +
      `${searcher} made ${show(finding.profit, token)}`,
  };
}

/**
 * A sandwich: the event's `victim` is the first victim (the catalog has room for one); the
 * explanation names every victim with their loss. Each loss is in the token the victims bought.
 */
function sandwichEvent(
  finding: SandwichFinding,
  block: number,
  facts: InspectionFacts,
): EventDraft<MevClassified> {
  const { front, back, victims } = finding;
  const startToken = tokenInfo(facts, finding.token);
  const boughtToken = tokenInfo(facts, front.tokenOut);
  const attacker = facts.label(finding.attacker);
  const losses = victims.map((swap) => {
    const counterfactual = facts.counterfactuals.get(swap.txHash);
    if (!counterfactual) throw new Error(`inspector: no counterfactual for victim ${swap.txHash}`);
    const out = counterfactual.amountOut;
    return { swap, out, loss: out - swap.amountOut };
  });
  const victimTexts = losses.map(
    ({ swap, out, loss }) =>
      `${facts.label(swap.txFrom)} got ${show(swap.amountOut, boughtToken)} instead of ` +
      `${formatAmount(out, boughtToken.decimals)} (${showChange(-loss, boughtToken)})`,
  );
  const partial =
    finding.matchedAmount === front.amountOut && finding.matchedAmount === back.amountIn
      ? ""
      : ` (counted on the ${show(finding.matchedAmount, boughtToken)} both legs have in common)`;
  const first = losses[0]!;
  return {
    type: "mev:classified",
    block,
    kind: "sandwich",
    txs: [front.txHash, ...new Set(victims.map((swap) => swap.txHash)), back.txHash],
    profits: [profitOf(facts, finding.attacker, finding.profit, startToken)],
    victim: {
      actor: actor(facts, first.swap.txFrom),
      tx: first.swap.txHash,
      actualOut: tokenAmount(first.swap.amountOut, boughtToken),
      counterfactualOut: tokenAmount(first.out, boughtToken),
      loss: tokenAmount(first.loss, boughtToken),
    },
    explanation:
      `${attacker} sandwiched ${[...new Set(victims.map((swap) => facts.label(swap.txFrom)))].join(" and ")} ` +
      `in ${facts.label(finding.pool)}: front-ran with ${show(front.amountIn, startToken)}, ` +
      `${victimTexts.join(", ")}, then sold ${show(back.amountIn, boughtToken)} back for ` +
      `${show(back.amountOut, startToken)}; ${attacker} made ${show(finding.profit, startToken)}${partial}`,
  };
}

function liquidationEvent(
  finding: LiquidationFinding,
  block: number,
  facts: InspectionFacts,
): EventDraft<MevClassified> {
  const { liquidation } = finding;
  const collateral = tokenInfo(facts, liquidation.collateralAsset);
  const debt = tokenInfo(facts, liquidation.debtAsset);
  const collateralPrice = facts.prices.get(priceKey(liquidation.pool, liquidation.collateralAsset));
  const debtPrice = facts.prices.get(priceKey(liquidation.pool, liquidation.debtAsset));
  if (collateralPrice === undefined || debtPrice === undefined)
    throw new Error(`inspector: no oracle prices for liquidation in ${liquidation.txHash}`);
  // valued as the pool values them: collateral rounded down, debt rounded up
  const seizedUsd = collateralValueInBase(
    liquidation.collateralSeized,
    collateralPrice,
    BigInt(collateral.decimals),
  );
  const coveredUsd = debtValueInBase(liquidation.debtCovered, debtPrice, BigInt(debt.decimals));
  const profit = seizedUsd - coveredUsd;
  const liquidator = facts.label(liquidation.liquidator);
  const swapsText =
    finding.swaps.length === 0
      ? ""
      : `. The same transaction also swapped ${finding.swaps
          .map((swap) => `${show(swap.amountIn, tokenInfo(facts, swap.tokenIn))} → ${hopText(facts, swap)}`)
          .join(", ")}: a flash liquidation that sold the collateral`;
  return {
    type: "mev:classified",
    block,
    kind: "liquidation",
    txs: [liquidation.txHash],
    profits: [profitOf(facts, liquidation.liquidator, profit, USD)],
    explanation:
      `${liquidator} liquidated ${facts.label(liquidation.user)} in ${facts.label(liquidation.pool)}: ` +
      `repaid ${show(liquidation.debtCovered, debt)} of debt (${showUsd(coveredUsd)} at ${showUsd(debtPrice)}/${debt.symbol}) ` +
      `and seized ${show(liquidation.collateralSeized, collateral)} of collateral ` +
      `(${showUsd(seizedUsd)} at ${showUsd(collateralPrice)}/${collateral.symbol}); ` +
      `${liquidator} made ${showUsd(profit)} at oracle prices${swapsText}`,
  };
}

/** A pool's two amounts (token0, token1) oriented for a trade that sells `tokenIn`. */
function oriented(tokens: PoolTokens, tokenIn: string, amount0: bigint, amount1: bigint): [bigint, bigint] {
  return tokenIn === tokens.token0 ? [amount0, amount1] : [amount1, amount0];
}

/**
 * JIT liquidity. The provider's share while the swaps run is read from the logs as its deposit over
 * the reserves after it (`mintIn / reserveIn`, the Sync before Mint); its fee share is that share of
 * each swap's fee (swaps in the first swap's direction). Its profit is what it took out minus what it
 * put in, valued in the swaps' input token at the pool's price right after its deposit (before the
 * swaps): gas and any payment to the builder not counted, as for the other labels.
 */
function jitEvent(finding: JitFinding, block: number, facts: InspectionFacts): EventDraft<MevClassified> {
  const { mint, burn, swaps } = finding;
  const pool = facts.pools?.get(finding.pool);
  if (!pool || !mint.reservesAfter)
    throw new Error(`inspector: no tokens or fee for JIT pool ${finding.pool}`);
  const first = swaps[0]!;
  const [inToken, outToken] = [tokenInfo(facts, first.tokenIn), tokenInfo(facts, first.tokenOut)];
  const [mintIn, mintOut] = oriented(pool.tokens, first.tokenIn, mint.amount0, mint.amount1);
  const [burnIn, burnOut] = oriented(pool.tokens, first.tokenIn, burn.amount0, burn.amount1);
  const [reserveIn, reserveOut] = oriented(
    pool.tokens,
    first.tokenIn,
    mint.reservesAfter.reserve0,
    mint.reservesAfter.reserve1,
  );
  const sameWay = swaps.filter((swap) => swap.tokenIn === first.tokenIn);
  const feeShare = sameWay.reduce(
    (sum, swap) => sum + jitFeeShare(swap.amountIn, pool.feeBps, mintIn, reserveIn),
    0n,
  );
  const [deltaIn, deltaOut] = [burnIn - mintIn, burnOut - mintOut];
  const profit = valueIn(deltaIn, deltaOut, reserveIn, reserveOut);
  const provider = facts.label(finding.provider);
  const traders = [...new Set(swaps.map((swap) => facts.label(swap.txFrom)))].join(" and ");
  const sold = sameWay.reduce((sum, swap) => sum + swap.amountIn, 0n);
  const share = formatBps((mintIn * 10_000n) / reserveIn);
  // The first trader's swap on the pool as it was before the deposit: a deeper pool paid it more.
  const before = {
    reserve0: mint.reservesAfter.reserve0 - mint.amount0,
    reserve1: mint.reservesAfter.reserve1 - mint.amount1,
  };
  const alone = quoteOnReserves(first, before, pool.tokens, pool.feeBps);
  return {
    type: "mev:classified",
    block,
    kind: "jit",
    txs: [mint.txHash, ...new Set(swaps.map((swap) => swap.txHash)), burn.txHash],
    profits: [profitOf(facts, finding.provider, profit, inToken)],
    victim: {
      actor: actor(facts, first.txFrom),
      tx: first.txHash,
      actualOut: tokenAmount(first.amountOut, outToken),
      counterfactualOut: tokenAmount(alone, outToken),
      loss: tokenAmount(alone - first.amountOut, outToken),
    },
    feeShare: tokenAmount(feeShare, inToken),
    explanation:
      `${provider} added ${show(mintIn, inToken)} and ${show(mintOut, outToken)} to ${facts.label(finding.pool)} ` +
      `(${share} of it) just before ${traders} sold ${show(sold, inToken)} into it, and removed ` +
      `${show(burnIn, inToken)} and ${show(burnOut, outToken)} just after: a JIT position. Its share of the ` +
      `${formatBps(pool.feeBps)} fee is ${show(feeShare, inToken)}; it ends with ${showChange(deltaIn, inToken)} and ` +
      `${showChange(deltaOut, outToken)}, worth ${show(profit, inToken)} at the pool's price before the swap`,
  };
}

/** A back-run: the target swap and the arbitrage right after it; the profit is the arbitrage's. */
function backrunEvent(
  finding: BackrunFinding,
  block: number,
  facts: InspectionFacts,
): EventDraft<MevClassified> {
  const { target, arbitrage } = finding;
  const token = tokenInfo(facts, arbitrage.token);
  const searcher = facts.label(arbitrage.searcher);
  return {
    type: "mev:classified",
    block,
    kind: "backrun",
    txs: [target.txHash, arbitrage.txHash],
    profits: [profitOf(facts, arbitrage.searcher, arbitrage.profit, token)],
    // The target ran before the back-run, at the price it would have had anyway: no loss.
    victim: {
      actor: actor(facts, target.txFrom),
      tx: target.txHash,
      actualOut: tokenAmount(target.amountOut, tokenInfo(facts, target.tokenOut)),
      counterfactualOut: tokenAmount(target.amountOut, tokenInfo(facts, target.tokenOut)),
      loss: tokenAmount(0n, tokenInfo(facts, target.tokenOut)),
    },
    explanation:
      `${searcher} back-ran ${facts.label(target.txFrom)}'s swap of ${show(target.amountIn, tokenInfo(facts, target.tokenIn))} ` +
      `for ${hopText(facts, target)} (transaction #${target.txIndex + 1}) with an arbitrage in the very next transaction, ` +
      `through the same pool the other way; ${searcher} made ${show(arbitrage.profit, token)}`,
  };
}

/** The `mev:classified` event of one finding in block `block`. */
export function classificationEvent(
  finding: Finding,
  block: number,
  facts: InspectionFacts,
): EventDraft<MevClassified> {
  if (finding.kind === "arbitrage") return arbitrageEvent(finding, block, facts);
  if (finding.kind === "sandwich") return sandwichEvent(finding, block, facts);
  if (finding.kind === "jit") return jitEvent(finding, block, facts);
  if (finding.kind === "backrun") return backrunEvent(finding, block, facts);
  return liquidationEvent(finding, block, facts);
}
