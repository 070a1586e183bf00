import hre from "hardhat";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Builder } from "../server/builder/builder";
import { hardhatChain } from "../server/chain/hardhat";
import { formatAmount } from "../server/format";
import { inspectBlock } from "../server/inspector/inspector";
import { getAmountOut } from "../server/math/amm";
import { toBaseUnits } from "../server/world/config";
import { deployWorld } from "../server/world/deploy";
import type { PoolHandle, World } from "../server/world/types";
import {
  approveAll,
  balanceOf,
  mineBlock,
  poolNamed,
  reservesFor,
  type SwapOrder,
  sendSwap,
  tipped,
} from "./helpers/blocks";
import { takeSnapshot } from "./helpers/chain";

describe("inspector: sandwiches", () => {
  const chain = hardhatChain(hre);
  // Blocks built as the sandbox builds them: by tip, bundles first.
  Builder.attach(chain);
  let world: World;
  let pool: PoolHandle;
  let restore: () => Promise<void>;

  const weth = (whole: bigint) => toBaseUnits(whole, 18);
  const frontIn = weth(30n);
  const aliceIn = weth(20n);

  beforeAll(async () => {
    world = await deployWorld(chain);
    pool = poolNamed(world, "DEX A WETH/USDC");
    const { alice, bob, searcher } = world.actors;
    await approveAll(
      chain,
      world,
      [alice.signer, bob.signer, searcher.signer],
      ["WETH", "USDC"],
      await world.dexes.dexA.router.getAddress(),
    );
    restore = await takeSnapshot();
  });

  beforeEach(async () => {
    await restore();
  });

  /** A WETH → USDC buy on DEX A from `who` at `tipGwei`. */
  function buy(who: "alice" | "bob" | "searcher" | "borrower", amountIn: bigint, tipGwei: bigint): SwapOrder {
    return {
      from: world.actors[who].signer,
      dex: "dexA",
      tokenIn: "WETH",
      tokenOut: "USDC",
      amountIn,
      tipGwei,
    };
  }

  /**
   * Sends the searcher's front-run (tip `frontTip`) and back-run (tip `backTip`), the back-run selling
   * exactly the USDC the front-run buys (it is first in the block, so its output is known).
   */
  async function sendSandwich(frontTip: bigint, backTip: bigint, between: () => Promise<string[]>) {
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH", "USDC");
    const frontOut = getAmountOut(frontIn, reserveIn, reserveOut, pool.feeBps);
    const front = await sendSwap(world, buy("searcher", frontIn, frontTip));
    const middle = await between();
    const back = await sendSwap(world, {
      ...buy("searcher", frontOut, backTip),
      tokenIn: "USDC",
      tokenOut: "WETH",
    });
    return { front, middle, back, preAttack: { reserveIn, reserveOut } };
  }

  it("labels front-run, victim and back-run, with the victim's loss and the searcher's profit", async () => {
    const { alice, searcher } = world.actors;
    const aliceUsdcBefore = await balanceOf(world, "USDC", alice.address);
    const searcherWethBefore = await balanceOf(world, "WETH", searcher.address);
    const sent = await sendSandwich(3n, 1n, async () => [await sendSwap(world, buy("alice", aliceIn, 2n))]);

    const block = await mineBlock(chain);
    expect(block.receipts.map((r) => [r.hash, r.status])).toEqual(
      [sent.front, sent.middle[0], sent.back].map((hash) => [hash, 1]),
    );
    const events = await inspectBlock(block, world);

    const aliceGot = (await balanceOf(world, "USDC", alice.address)) - aliceUsdcBefore;
    const searcherMade = (await balanceOf(world, "WETH", searcher.address)) - searcherWethBefore;
    const counterfactual = getAmountOut(
      aliceIn,
      sent.preAttack.reserveIn,
      sent.preAttack.reserveOut,
      pool.feeBps,
    );
    const loss = counterfactual - aliceGot;
    expect(loss).toBeGreaterThan(0n);
    expect(searcherMade).toBeGreaterThan(0n);
    const usdc = (amount: bigint) => ({ amount: amount.toString(), symbol: "USDC", decimals: 6 });
    expect(events).toEqual([
      {
        type: "mev:classified",
        block: block.number,
        kind: "sandwich",
        txs: [sent.front, sent.middle[0], sent.back],
        profits: [
          {
            actor: { address: searcher.address, label: "searcher" },
            profit: { amount: searcherMade.toString(), symbol: "WETH", decimals: 18 },
          },
        ],
        victim: {
          actor: { address: alice.address, label: "alice" },
          tx: sent.middle[0],
          actualOut: usdc(aliceGot),
          counterfactualOut: usdc(counterfactual),
          loss: usdc(loss),
        },
        explanation: expect.any(String),
        // its parts, checked in inspector.receipt.test.ts: here, that it speaks of the same trade
        victimReceipt: expect.objectContaining({
          tx: sent.middle[0],
          noAttackOut: usdc(counterfactual),
          actualOut: usdc(aliceGot),
          mevLoss: usdc(loss),
        }),
      },
    ]);
    const explanation = events[0]!.explanation;
    expect(explanation).toContain("searcher sandwiched alice in DEX A WETH/USDC: front-ran with 30 WETH");
    expect(explanation).toContain(
      `alice got ${formatAmount(aliceGot, 6)} USDC instead of ${formatAmount(counterfactual, 6)} (−${formatAmount(loss, 6)} USDC)`,
    );
    expect(explanation).toContain(`searcher made ${formatAmount(searcherMade, 18)} WETH`);
  });

  it("quotes the victim on the reserves before the front-run when replaying its trade fails", async () => {
    // the borrower approves the router in this very block: a replay on the parent block reverts
    const { borrower } = world.actors;
    const router = await world.dexes.dexA.router.getAddress();
    await world.tokens.WETH.contract.connect(borrower.signer).approve(router, aliceIn, tipped(10n));
    const usdcBefore = await balanceOf(world, "USDC", borrower.address);
    const sent = await sendSandwich(3n, 1n, async () => [
      await sendSwap(world, buy("borrower", aliceIn, 2n)),
    ]);

    const events = await inspectBlock(await mineBlock(chain), world);

    const got = (await balanceOf(world, "USDC", borrower.address)) - usdcBefore;
    const counterfactual = getAmountOut(
      aliceIn,
      sent.preAttack.reserveIn,
      sent.preAttack.reserveOut,
      pool.feeBps,
    );
    expect(events.map((e) => [e.kind, e.victim?.actor.label])).toEqual([["sandwich", "borrower"]]);
    expect(events[0]!.victim!.counterfactualOut.amount).toBe(counterfactual.toString());
    expect(events[0]!.victim!.loss.amount).toBe((counterfactual - got).toString());
  });

  it("does not count a same-direction trade before the front-run or after the back-run as a victim", async () => {
    const { bob } = world.actors;
    const bobBefore = await sendSwap(world, buy("bob", aliceIn, 5n));
    const sent = await sendSandwich(4n, 2n, async () => [await sendSwap(world, buy("alice", aliceIn, 3n))]);
    const bobAfter = await sendSwap(world, buy("bob", aliceIn, 1n));

    const block = await mineBlock(chain);
    expect(block.receipts.map((r) => r.hash)).toEqual([
      bobBefore,
      sent.front,
      sent.middle[0],
      sent.back,
      bobAfter,
    ]);
    const events = await inspectBlock(block, world);

    expect(events.map((e) => [e.kind, e.txs, e.victim?.actor.label])).toEqual([
      ["sandwich", [sent.front, sent.middle[0], sent.back], "alice"],
    ]);
    expect(events[0]!.explanation).not.toContain("bob");
    expect(events[0]!.explanation).not.toContain(bob.address);
  });

  it("labels nothing for two unrelated buys in one pool", async () => {
    await sendSwap(world, buy("alice", aliceIn, 2n));
    await sendSwap(world, buy("bob", aliceIn, 1n));
    const block = await mineBlock(chain);
    expect(block.receipts).toHaveLength(2);
    expect(await inspectBlock(block, world)).toEqual([]);
  });

  it("labels nothing for a buy and a sell by one sender with nobody in between", async () => {
    const sent = await sendSandwich(3n, 2n, async () => []);
    await sendSwap(world, buy("alice", aliceIn, 1n));
    const block = await mineBlock(chain);
    expect(block.receipts.map((r) => r.hash).slice(0, 2)).toEqual([sent.front, sent.back]);
    expect(block.receipts).toHaveLength(3);
    expect(await inspectBlock(block, world)).toEqual([]);
  });
});
