/** Plain data for bots' `decide` tests: no chain, just the numbers a bot would have read. */
import type { TokenInfo } from "../../server/bots/kit/amounts";
import { BASE_FEE_PER_GAS } from "../../server/chain/chain";
import { GWEI } from "../../server/format";
import { TOKENS, type TokenSymbol } from "../../server/world/config";

/** Every world token's symbol and decimals, as a snapshot carries them. */
export const TOKEN_INFOS = Object.fromEntries(
  TOKENS.map(({ symbol, decimals }): [string, TokenInfo] => [symbol, { symbol, decimals }]),
) as Record<TokenSymbol, TokenInfo>;

/** Whole tokens in base units. */
export const units = (whole: bigint, symbol: TokenSymbol) =>
  whole * 10n ** BigInt(TOKEN_INFOS[symbol].decimals);

/** The sandbox's base fee, and a tip, in wei per gas. */
export const BASE_FEE = BASE_FEE_PER_GAS;
export const TIP = 2n * GWEI;

/** A pool as a snapshot names it; the address doubles as its graph id. */
export function poolInfo(
  name: string,
  address: string,
  dex: "dexA" | "dexB",
  token0: TokenSymbol,
  token1: TokenSymbol,
) {
  return { name, address, dex, token0, token1, feeBps: 30n };
}
