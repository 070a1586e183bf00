/**
 * Arbitrage between two chains over a bridge: buy on one chain's pool, bridge what was bought (the
 * bridge keeps a fee), sell it on the other chain's pool. Pure functions over bigint base units, with
 * the contracts' rounding (AmmLibrary's getAmountOut, MockBridge's bridgeFee).
 *
 * What the formulas cannot see is time: the sale happens after the bridge's delay, on whatever the
 * other chain's pool holds by then. Every profit here is the profit at the prices read now.
 */
import { BPS, getAmountOut, type HopReserves } from "./amm";
import { max, min, sqrt } from "./bigint";

/** The bridge's fee, mirrored from MockBridge.bridgeFee: `amount · feeBps / 10000`, rounded down. */
export function bridgeFee(amount: bigint, feeBps: bigint): bigint {
  return (amount * feeBps) / BPS;
}

/** Buy on one pool, bridge with a fee, sell on the other pool; reserves oriented along the trade. */
export interface CrossChainRoute {
  /** Where the start token X buys the bridged token Y: `reserveIn` is X, `reserveOut` is Y. */
  buy: HopReserves;
  /** The bridge's fee on Y, in basis points. */
  feeBps: bigint;
  /** Where Y is sold back for X on the other chain: `reserveIn` is Y, `reserveOut` is X. */
  sell: HopReserves;
}

/** What each leg of a cross-chain trade gives, with the contracts' rounding. */
export interface CrossChainOutcome {
  /** X paid on the first chain. */
  amountIn: bigint;
  /** Y bought there, and locked in the bridge. */
  bought: bigint;
  /** Y the bridge keeps. */
  fee: bigint;
  /** Y released on the other chain: `bought − fee`. */
  released: bigint;
  /** X the sale of `released` gives on the other chain, at the reserves given. */
  amountOut: bigint;
  /** `amountOut − amountIn`, in X, before gas. */
  profit: bigint;
}

/** The legs of a trade of `amountIn` along `route`, each rounded as its contract rounds it. */
export function crossChainOutcome(amountIn: bigint, route: CrossChainRoute): CrossChainOutcome {
  const bought = getAmountOut(amountIn, route.buy.reserveIn, route.buy.reserveOut, route.buy.feeBps);
  const fee = bridgeFee(bought, route.feeBps);
  const released = bought - fee;
  const amountOut =
    released > 0n
      ? getAmountOut(released, route.sell.reserveIn, route.sell.reserveOut, route.sell.feeBps)
      : 0n;
  return { amountIn, bought, fee, released, amountOut, profit: amountOut - amountIn };
}

/**
 * The input that maximises the profit of a route at its reserves, before rounding, rounded down; 0n or
 * less when no trade beats the pools' and the bridge's fees.
 *
 * With γA = gA/10000, γB = gB/10000 the pools' shares kept after their fees and β = q/10000 the
 * bridge's (q = 10000 − feeBps), the legs compose into one curve (see arbitrage.ts, virtualPool):
 *
 *   out(x) = γA·γB·β·Aout·Bout·x / (Ain·Bin + γA·(Bin + γB·β·Aout)·x)
 *
 * whose profit out(x) − x is highest where the derivative is 0:
 *
 *   x* = (√(γA·γB·β·Ain·Aout·Bin·Bout) − Ain·Bin) / (γA·(Bin + γB·β·Aout))
 *
 * In integers, numerator and denominator times 10000³:
 * `x* = (√(10000³·gA·gB·q·Ain·Aout·Bin·Bout) − 10000³·Ain·Bin) / (gA·(10000²·Bin + gB·q·Aout))`.
 * With no bridge fee (q = 10000) it is arbitrage.ts's twoPoolClosedForm.
 */
export function crossChainClosedForm(route: CrossChainRoute): bigint {
  const { buy, sell } = route;
  const gA = BPS - buy.feeBps;
  const gB = BPS - sell.feeBps;
  const q = BPS - route.feeBps;
  const scale = BPS * BPS * BPS;
  const root = sqrt(scale * gA * gB * q * buy.reserveIn * buy.reserveOut * sell.reserveIn * sell.reserveOut);
  return (
    (root - scale * buy.reserveIn * sell.reserveIn) /
    (gA * (BPS * BPS * sell.reserveIn + gB * q * buy.reserveOut))
  );
}

/**
 * The trade the closed form chooses, at most `maxAmountIn` (the trader's capital), with its legs
 * rounded as the contracts round them; null when no trade gains anything at these reserves.
 */
export function optimalCrossChainTrade(
  route: CrossChainRoute,
  maxAmountIn: bigint,
): CrossChainOutcome | null {
  const amountIn = min(max(crossChainClosedForm(route), 0n), maxAmountIn);
  if (amountIn <= 0n) return null;
  const outcome = crossChainOutcome(amountIn, route);
  return outcome.profit > 0n ? outcome : null;
}

/**
 * How far the sale's proceeds may fall, in basis points of what they are worth now, before the trade
 * loses money after `costs` (gas, in X): `(amountOut − amountIn − costs) · 10000 / amountOut`, rounded
 * down; negative when it already loses.
 */
export function breakEvenDropBps(outcome: CrossChainOutcome, costs: bigint): bigint {
  if (outcome.amountOut === 0n) return 0n;
  return ((outcome.profit - costs) * BPS) / outcome.amountOut;
}

/**
 * The input that raises the price of a pool's other token, in the input token, by the factor `num/den`
 * (≥ 1), the swap fee aside: the reserve of the input must grow to `Rin·√(num/den)`, so the input is
 * `√(Rin²·num/den) − Rin`, rounded down. (The fee stays in the pool: the price moves a little less.)
 *
 * @example
 * // WETH 4% dearer on a 1,000 WETH / 2,000,000 USDC pool: about 39,608 USDC of WETH bought
 * amountInToRaisePrice(2_000_000n * 10n ** 6n, 10_400n, 10_000n);
 */
export function amountInToRaisePrice(reserveIn: bigint, num: bigint, den: bigint): bigint {
  if (num < den) throw new RangeError("amountInToRaisePrice: the factor num/den must be at least 1");
  return sqrt((reserveIn * reserveIn * num) / den) - reserveIn;
}
