import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { Builder } from "../server/builder/builder";
import { hardhatChain } from "../server/chain/hardhat";
import { ACTORS, COINBASE_ADDRESS, hardhatAccount } from "../server/world/actors";
import {
  baseUnitsWorth,
  FUNDING,
  LENDING_LIQUIDITY,
  POOLS,
  TOKENS,
  toBaseUnits,
} from "../server/world/config";
import { deployWorld } from "../server/world/deploy";
import { describeWorld } from "../server/world/describe";
import type { World } from "../server/world/types";

/** Every address the registry knows, by name. */
function addressBook(world: World): Record<string, string> {
  return Object.fromEntries(world.registry.entries().map((entry) => [entry.name, entry.address]));
}

describe("deployWorld", () => {
  const chain = hardhatChain(hre);
  // Blocks built as the sandbox builds them: by tip, bundles first.
  Builder.attach(chain);
  let world: World;
  let firstAddresses: Record<string, string>;
  let firstStateBlock: number;

  beforeAll(async () => {
    const clean = await chain.snapshot();
    world = await deployWorld(chain);
    firstAddresses = addressBook(world);
    firstStateBlock = (await chain.latestBlock()).number;
    await chain.revert(clean);
    world = await deployWorld(chain);
  });

  it("puts every contract at the same address when deployed twice", () => {
    expect(addressBook(world)).toEqual(firstAddresses);
    expect(Object.keys(firstAddresses).length).toBeGreaterThan(30);
  });

  it("mines the same blocks with deterministic timestamps", async () => {
    const latest = await chain.latestBlock();
    expect(latest.number).toBe(firstStateBlock);
    const parent = await chain.provider.getBlock(latest.number - 1);
    expect(latest.timestamp - parent!.timestamp).toBe(12);
  });

  it("names the actors after fixed Hardhat accounts and credits tips to the builder", () => {
    expect(world.actors.alice.address).toBe(hardhatAccount(ACTORS.alice.index).address);
    expect(world.actors.builder.address).toBe(COINBASE_ADDRESS);
    expect(world.registry.label(world.actors.searcher.address)).toBe("searcher");
  });

  it("keeps every token's real decimals", async () => {
    for (const spec of TOKENS) {
      expect(await world.tokens[spec.symbol].contract.decimals()).toBe(BigInt(spec.decimals));
      expect(await world.tokens[spec.symbol].contract.symbol()).toBe(spec.symbol);
    }
  });

  it("seeds every pool at the oracle prices, so both DEXes agree", async () => {
    for (const [i, spec] of POOLS.entries()) {
      const pool = world.pools[i]!;
      const [reserve0, reserve1] = await pool.pair.getReserves();
      const reserveOf = (symbol: string) => (symbol === pool.token0 ? reserve0 : reserve1);
      for (const symbol of spec.tokens) {
        const token = TOKENS.find((t) => t.symbol === symbol)!;
        expect(reserveOf(symbol)).toBe(baseUnitsWorth(spec.liquidityUsd / 2n, token));
      }
    }
    const state = await describeWorld(world);
    const pairs = new Map<string, bigint[]>();
    for (const pool of state.pools) {
      const key = `${pool.base}/${pool.quote}`;
      pairs.set(key, [...(pairs.get(key) ?? []), BigInt(pool.price)]);
    }
    for (const [pair, prices] of pairs) {
      expect(prices, pair).toHaveLength(2);
      const [a, b] = prices as [bigint, bigint];
      // Integer reserves round the last digit: the two DEXes agree to 1 part in a million.
      expect((a > b ? a - b : b - a) * 1_000_000n <= a, `${pair}: ${a} vs ${b}`).toBe(true);
    }
    const wethUsdc = state.pools.find((p) => p.name === "DEX A WETH/USDC")!;
    expect(BigInt(wethUsdc.price)).toBe(2_000n * 10n ** 6n);
  });

  it("funds the actors and lends the liquidity provider's deposit", async () => {
    for (const [name, balances] of Object.entries(FUNDING)) {
      const actor = world.actors[name as keyof typeof world.actors];
      for (const [symbol, whole] of Object.entries(balances)) {
        const token = world.tokens[symbol as keyof typeof world.tokens];
        expect(await token.contract.balanceOf(actor.address), `${name} ${symbol}`).toBe(
          toBaseUnits(whole, token.decimals),
        );
      }
    }
    const poolAddress = await world.lendingPool.getAddress();
    for (const [symbol, whole] of Object.entries(LENDING_LIQUIDITY)) {
      const token = world.tokens[symbol as keyof typeof world.tokens];
      expect(await token.contract.balanceOf(poolAddress)).toBe(toBaseUnits(whole, token.decimals));
    }
  });

  it("leaves automine off: a transaction waits in the mempool until the sandbox mines", async () => {
    const { alice, bob } = world.actors;
    const usdc = world.tokens.USDC.contract.connect(alice.signer);
    const before = await usdc.balanceOf(bob.address);
    const tx = await usdc.transfer(bob.address, 1n);
    expect(await chain.provider.getTransactionReceipt(tx.hash)).toBeNull();
    await chain.mine();
    expect(await usdc.balanceOf(bob.address)).toBe(before + 1n);
  });
});
