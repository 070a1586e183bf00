import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import type { PriceFeed } from "../typechain-types";
import { enableAutomine, expectRevert } from "./helpers/chain";
import { eventOf, usd } from "./helpers/lending";

describe("PriceFeed", () => {
  let feed: PriceFeed;
  let admin: Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];
  let learner: Awaited<ReturnType<typeof hre.ethers.getSigners>>[number];

  beforeAll(async () => {
    await enableAutomine();
    [admin, learner] = (await hre.ethers.getSigners()) as [typeof admin, typeof learner];
    feed = (await hre.ethers.deployContract("PriceFeed", [
      8,
      "ETH / USD",
      usd(2_000n),
      admin.address,
    ])) as unknown as PriceFeed;
  });

  it("describes itself as a Chainlink USD feed", async () => {
    expect(await feed.decimals()).toBe(8n);
    expect(await feed.description()).toBe("ETH / USD");
    expect(await feed.version()).toBe(1n);
  });

  it("answers the initial price in round 1", async () => {
    const [roundId, answer, startedAt, updatedAt, answeredInRound] = await feed.latestRoundData();
    expect(roundId).toBe(1n);
    expect(answer).toBe(usd(2_000n));
    expect(startedAt).toBe(updatedAt);
    expect(answeredInRound).toBe(1n);
    expect(await feed.latestAnswer()).toBe(usd(2_000n));
  });

  it("opens a new round on each update, with Chainlink's events", async () => {
    const newPrice = usd(1_800n);
    const tx = feed.updateAnswer(newPrice);
    const answered = await eventOf(tx, feed.interface, "AnswerUpdated");
    const block = await hre.ethers.provider.getBlock("latest");
    expect(answered.args.toArray()).toEqual([newPrice, 2n, BigInt(block!.timestamp)]);
    const receipt = await (await tx).wait();
    const newRound = receipt!.logs
      .map((log) => feed.interface.parseLog(log))
      .find((e) => e?.name === "NewRound");
    expect(newRound!.args.toArray()).toEqual([2n, admin.address, BigInt(block!.timestamp)]);

    const [roundId, answer, , updatedAt] = await feed.latestRoundData();
    expect([roundId, answer, updatedAt]).toEqual([2n, newPrice, BigInt(block!.timestamp)]);
    // the previous round is still readable
    expect((await feed.getRoundData(1))[1]).toBe(usd(2_000n));
  });

  it("lets only the owner update", async () => {
    await expectRevert(feed.connect(learner).updateAnswer(1n), feed.interface, "OwnableUnauthorizedAccount", [
      learner.address,
    ]);
  });

  it("refuses prices of zero or less", async () => {
    await expectRevert(feed.updateAnswer(0n), feed.interface, "InvalidPrice", [0n]);
    await expectRevert(feed.updateAnswer(-1n), feed.interface, "InvalidPrice", [-1n]);
  });

  it("reverts on rounds that do not exist", async () => {
    const [latestRound] = await feed.latestRoundData();
    await expectRevert(feed.getRoundData(0), feed.interface, "RoundNotFound", [0n]);
    await expectRevert(feed.getRoundData(latestRound + 1n), feed.interface, "RoundNotFound", [
      latestRound + 1n,
    ]);
  });
});
