/**
 * The victim's receipt on the real chain: for the sandwich, JIT and back-run scenarios, the parts add
 * up to the trade's result to the base unit, and that result is what the victim's balances did in
 * the block (the output token received, the input spent, the gas paid in ETH).
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { MevClassified } from "../server/events";
import type { TokenSymbol } from "../server/world/config";
import type { World } from "../server/world/types";
import { expectReceiptAddsUp } from "./helpers/receipt";
import { balanceAt, blockOf, classified, play } from "./helpers/runs";

describe("the victim's receipt", () => {
  let runner: CleanWorld;
  let world: World;

  beforeAll(async () => {
    runner = await CleanWorld.create(hardhatChain(hre));
    world = runner.world;
  });

  /** What `actor` holds of a symbol after block n minus before it. */
  async function change(symbol: TokenSymbol | "ETH", actor: string, block: number): Promise<bigint> {
    return (
      (await balanceAt(world, symbol, actor, block)) - (await balanceAt(world, symbol, actor, block - 1))
    );
  }

  async function checkScenario(name: string, kind: MevClassified["kind"]): Promise<MevClassified> {
    const run = await play(runner, name);
    const label = classified(run).find((l) => l.kind === kind)!;
    const receipt = label.victimReceipt!;
    expect(receipt).toBeDefined();
    expectReceiptAddsUp(receipt);
    // The receipt speaks of the event's victim, with the event's counterfactual and actual output.
    expect(receipt.tx).toBe(label.victim!.tx);
    expect(receipt.noAttackOut).toEqual(label.victim!.counterfactualOut);
    expect(receipt.actualOut).toEqual(label.victim!.actualOut);
    // The result is what the victim's balances did in the block.
    const block = await blockOf(world, receipt.tx);
    const victim = receipt.actor.address;
    const [tokenIn, tokenOut] = [receipt.amountIn.symbol, receipt.actualOut.symbol] as TokenSymbol[];
    expect(await change(tokenOut!, victim, block)).toBe(BigInt(receipt.actualOut.amount));
    expect(await change(tokenIn!, victim, block)).toBe(-BigInt(receipt.amountIn.amount));
    expect(await change("ETH", victim, block)).toBe(-BigInt(receipt.gas.amount));
    expect(receipt.summary).toContain(receipt.valuedAt);
    return label;
  }

  it("sandwich: alice's LP fee, own price impact and MEV loss add up to her result at the mid price", async () => {
    const label = await checkScenario("sandwich", "sandwich");
    const receipt = label.victimReceipt!;
    expect(receipt.mevLoss).toEqual(label.victim!.loss);
    expect(BigInt(receipt.mevLoss.amount)).toBeGreaterThan(0n);
    expect(receipt.valuedAt).toBe(
      "DEX A WETH/USDC's mid price before the front-run: 1 WETH = 2,000 USDC; gas in ETH",
    );
  });

  it("JIT liquidity: bob's MEV part is a gain (the deeper pool paid more) and the parts still add up", async () => {
    const label = await checkScenario("jit-liquidity", "jit");
    expect(BigInt(label.victimReceipt!.mevLoss.amount)).toBeLessThan(0n);
    expect(label.victimReceipt!.mevLoss).toEqual(label.victim!.loss);
  });

  it("back-run: the target loses nothing to MEV; fee and impact are its whole cost", async () => {
    const label = await checkScenario("backrun", "backrun");
    expect(label.victimReceipt!.mevLoss.amount).toBe("0");
  });
});
