/**
 * What a challenge's standing must say, read from the chain independently of the sandbox's own
 * scoring: holdings before and after, the change valued at the oracle prices of the last block, and
 * what the account's transactions paid in gas (from their receipts).
 */
import type { Provider } from "ethers";
import { valueInUsd } from "../../server/math/price";
import type { TokenSymbol } from "../../server/world/config";
import type { World } from "../../server/world/types";

const SYMBOLS: TokenSymbol[] = ["WETH", "USDC", "DAI", "WBTC"];

export async function expectedStanding(
  world: World,
  provider: Provider,
  who: { name: string; address: string },
  fromBlock: number,
  toBlock: number,
): Promise<{
  name: string;
  address: string;
  balanceChanges: Record<string, string>;
  gasPaid: string;
  score: string;
}> {
  const holdingsAt = async (block: number): Promise<Record<string, bigint>> => ({
    ETH: await provider.getBalance(who.address, block),
    ...Object.fromEntries(
      await Promise.all(
        SYMBOLS.map(async (s) => [
          s,
          await world.tokens[s].contract.balanceOf(who.address, { blockTag: block }),
        ]),
      ),
    ),
  });
  const [before, after] = [await holdingsAt(fromBlock - 1), await holdingsAt(toBlock)];
  let score = 0n;
  const balanceChanges: Record<string, string> = {};
  for (const symbol of ["ETH", ...SYMBOLS] as const) {
    const change = after[symbol]! - before[symbol]!;
    balanceChanges[symbol] = change.toString();
    const [, price] = await world.feeds[symbol === "ETH" ? "WETH" : symbol].latestRoundData({
      blockTag: toBlock,
    });
    score += valueInUsd(change, symbol === "ETH" ? 18 : world.tokens[symbol].decimals, price);
  }
  let gasPaid = 0n;
  for (let number = fromBlock; number <= toBlock; number++) {
    const block = await provider.getBlock(number, true);
    for (const tx of block!.prefetchedTransactions) {
      if (tx.from.toLowerCase() !== who.address.toLowerCase()) continue;
      const receipt = (await provider.getTransactionReceipt(tx.hash))!;
      gasPaid += receipt.gasUsed * receipt.gasPrice;
    }
  }
  return { ...who, balanceChanges, gasPaid: gasPaid.toString(), score: score.toString() };
}
