/**
 * The cross-chain scenario on two real chains: the arbitrageur's WETH and USDC on each chain, before
 * and after, read from the chains, are what the narration says; the bridge releases locked − fee, no
 * sooner than its delay and once; a long delay turns the profit into a loss; two runs give the same
 * events; bad parameters are refused with what is accepted.
 */
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { hardhatChain } from "../server/chain/hardhat";
import { type SideChain, sideChain } from "../server/crosschain/sideChain";
import { CleanWorld } from "../server/engine/cleanWorld";
import type { SandboxEvent } from "../server/events";
import { toJsonLines } from "../server/events";
import { formatAmount } from "../server/format";
import { bridgeFee } from "../server/math/crossChain";
import { createRun } from "../server/runs/create";
import type { Run } from "../server/runs/run";
import { ParamError } from "../server/scenarios/params";
import { MockBridge__factory } from "../typechain-types";
import { expectRevert } from "./helpers/chain";
import { play, runEvents } from "./helpers/runs";

type Of<T extends SandboxEvent["type"]> = Extract<SandboxEvent, { type: T }>;
const all = <T extends SandboxEvent["type"]>(run: Run, type: T) =>
  run.events.filter((e): e is Of<T> => e.type === type);
const one = <T extends SandboxEvent["type"]>(run: Run, type: T) => all(run, type)[0]!;

describe("the cross-chain scenario", () => {
  let clean: CleanWorld;
  let side: SideChain;

  beforeAll(async () => {
    clean = await CleanWorld.create(hardhatChain(hre));
    side = await sideChain();
  });

  /** The arbitrageur's USDC, WETH and ETH on each chain at the end of the blocks given (latest by default). */
  async function holdings(blocks?: { main: number; side: number }) {
    const trader = clean.world.actors.arbitrageur.address;
    const read = async (
      tokens: {
        USDC: { contract: typeof clean.world.tokens.USDC.contract };
        WETH: { contract: typeof clean.world.tokens.WETH.contract };
      },
      provider: { getBalance(a: string, b?: number): Promise<bigint> },
      blockTag?: number,
    ) => ({
      usdc: await tokens.USDC.contract.balanceOf(trader, { blockTag }),
      weth: await tokens.WETH.contract.balanceOf(trader, { blockTag }),
      eth: await provider.getBalance(trader, blockTag),
    });
    return {
      main: await read(clean.world.tokens, clean.world.chain.provider, blocks?.main),
      side: await read(side.world.tokens, side.world.chain.provider, blocks?.side),
    };
  }

  /** The last block each chain mined in the scenario's second step: before the arbitrageur's first trade. */
  function beforeTrade(run: Run) {
    const stepTwo = run.events.filter((e) => e.step === 1);
    const main = stepTwo.filter((e): e is Of<"block:mined"> => e.type === "block:mined").at(-1)!.block;
    const sideBlock = stepTwo
      .filter((e): e is Of<"crosschain:block"> => e.type === "crosschain:block")
      .at(-1)!.block;
    return { main, side: sideBlock };
  }

  const lastNarration = (run: Run) => all(run, "step:finished").at(-1)!.narration;
  const usdc = (n: bigint) => formatAmount(n, 6, 2);
  const weth = (n: bigint) => formatAmount(n, 18, 6);

  describe("with its defaults", () => {
    let run: Run;

    beforeAll(async () => {
      run = await play(clean, "cross-chain", {}, "cross-chain-default");
    });

    it("buys on the main chain, locks, and sells on the side chain: balances on both chains as the narration says", async () => {
      const before = await holdings(beforeTrade(run));
      const after = await holdings();
      const found = one(run, "opportunity:found");
      const locked = one(run, "bridge:locked");
      // Main chain: USDC paid for the WETH, all of which was locked; side chain: nothing, then the sale's USDC.
      expect(before.main.usdc - after.main.usdc).toBe(BigInt(found.size.amount));
      expect(after.main.weth).toBe(before.main.weth);
      expect(before.side.usdc).toBe(0n);
      expect([before.side.weth, after.side.weth]).toEqual([0n, 0n]);
      expect(after.side.usdc).toBeGreaterThan((BigInt(locked.amountAfterFee.amount) * 2_000n) / 10n ** 12n);
      const narration = lastNarration(run);
      expect(narration).toContain(
        `on the main chain: USDC ${usdc(before.main.usdc)} → ${usdc(after.main.usdc)} (−${usdc(before.main.usdc - after.main.usdc)}), WETH ${weth(before.main.weth)} (unchanged)`,
      );
      expect(narration).toContain(
        `on the side chain: USDC 0 → ${usdc(after.side.usdc)} (+${usdc(after.side.usdc)}), WETH 0 (unchanged), ETH ${weth(before.side.eth)} → ${weth(after.side.eth)}`,
      );
      const gained = after.main.usdc + after.side.usdc - before.main.usdc - before.side.usdc;
      expect(narration).toContain(`its USDC changed by +${usdc(gained)} USDC`);
      expect(narration).toContain("It made");
    });

    it("releases locked − fee on the side chain, the bridge's delay after the relay, and only once", async () => {
      const locked = one(run, "bridge:locked");
      const relayed = one(run, "bridge:relayed");
      const released = one(run, "bridge:released");
      const amount = BigInt(locked.amount.amount);
      expect(BigInt(locked.fee.amount)).toBe(bridgeFee(amount, 10n));
      expect(BigInt(released.amount.amount)).toBe(amount - bridgeFee(amount, 10n));
      expect(relayed.releasableAtBlock).toBe(relayed.block + 5);
      expect([released.block, released.blocksWaited]).toEqual([relayed.releasableAtBlock, 5]);
      expect([locked.chain.id, released.chain.id]).toEqual([31337, 31338]);

      const bridge = MockBridge__factory.connect(
        side.world.registry.byName("bridge").address,
        side.world.actors.admin.signer,
      );
      const transfer = await bridge.transfers(locked.transferId);
      expect([transfer.amount, transfer.released]).toEqual([amount - bridgeFee(amount, 10n), true]);
      await expectRevert(bridge.release.staticCall(locked.transferId), bridge.interface, "AlreadyReleased", [
        locked.transferId,
      ]);
      // The arbitrageur sold exactly what was released.
      const sale = all(run, "crosschain:block")
        .flatMap((b) => b.txs)
        .find((tx) => tx.from.label === "arbitrageur" && tx.sentence.includes("swaps"))!;
      expect(sale.sentence).toContain(`swaps ${weth(amount - bridgeFee(amount, 10n))} WETH`);
    });

    it("gives the same events when run again", async () => {
      const first = await runEvents(clean, "cross-chain");
      const second = await runEvents(clean, "cross-chain");
      expect(toJsonLines(second)).toBe(toJsonLines(first));
    });
  });

  it("follows its delay and fee parameters", async () => {
    const run = await play(clean, "cross-chain", { delay: 3, fee: "0.3" }, "cross-chain-terms");
    const locked = one(run, "bridge:locked");
    expect(BigInt(locked.fee.amount)).toBe(bridgeFee(BigInt(locked.amount.amount), 30n));
    expect(one(run, "bridge:released").blocksWaited).toBe(3);
    expect(one(run, "crosschain:opened")).toMatchObject({ delayBlocks: 3, feeBps: 30 });
  });

  it("loses money when the delay is long: the price drifts away while the WETH is in flight", async () => {
    const run = await play(clean, "cross-chain", { delay: 20 }, "cross-chain-losing");
    const before = await holdings(beforeTrade(run));
    const after = await holdings();
    const gained = after.main.usdc + after.side.usdc - (before.main.usdc + before.side.usdc);
    expect(gained).toBeLessThan(0n);
    expect(BigInt(one(run, "opportunity:found").expectedProfit.amount)).toBeGreaterThan(0n);
    const narration = lastNarration(run);
    expect(narration).toContain(`its USDC changed by −${usdc(-gained)} USDC`);
    expect(narration).toContain("The delay turned an expected profit of");
    expect(narration).toContain("into a loss of");
  });

  it("refuses bad parameters, naming what each accepts", () => {
    let thrown: unknown;
    try {
      createRun(clean, "cross-chain", { delay: 0, gap: 50, fee: "11", drift: "down", colour: 1 }, "bad");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ParamError);
    expect((thrown as ParamError).problems).toEqual([
      { param: "colour", message: "unknown parameter (accepted: gap, delay, fee, drift)" },
      { param: "gap", message: "must be a number from 0.5 to 20 (%)" },
      { param: "delay", message: "must be a whole number from 1 to 30 (blocks)" },
      { param: "fee", message: "must be a number from 0 to 10 (%)" },
      { param: "drift", message: "must be a number from -5 to 5 (%)" },
    ]);
    expect(() => createRun(clean, "cross-chain", { delay: 2.5 }, "bad")).toThrow(ParamError);
  });
});
