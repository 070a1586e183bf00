/** Amounts as events carry them and as sentences show them. */
import type { TokenAmount } from "../../events";
import { formatAmount, formatToken } from "../../format";

/** What a bot needs to know of a token to show an amount of it. */
export interface TokenInfo {
  symbol: string;
  decimals: number;
}

/** The tokens a bot may name, by symbol (`world.tokens` is one). */
export type TokenInfos = Readonly<Record<string, TokenInfo>>;

/** An amount of ETH (wei) as events carry it: bids and payments to the builder. */
export function ethAmount(wei: bigint): TokenAmount {
  return { amount: wei.toString(), symbol: "ETH", decimals: 18 };
}

/** An amount of a token, for events. */
export function tokenAmount(tokens: TokenInfos, symbol: string, amount: bigint): TokenAmount {
  return { amount: amount.toString(), symbol, decimals: tokens[symbol]!.decimals };
}

/** "1.2345 WETH": an amount for sentences. */
export function show(tokens: TokenInfos, symbol: string, amount: bigint, digits = 6): string {
  return formatToken(amount, tokens[symbol]!, digits);
}

/** "0.012345 ETH": wei for sentences. */
export function showEth(wei: bigint): string {
  return `${formatAmount(wei, 18, 6)} ETH`;
}
