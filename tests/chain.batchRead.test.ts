import { AbiCoder } from "ethers";
import hre from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addressArgsCall,
  type BatchRead,
  decodeResults,
  encodeReads,
  ethBalanceRead,
  readBatch,
  readUints,
  tokenBalanceRead,
} from "../server/chain/batchRead";
import { hardhatChain } from "../server/chain/hardhat";
import { CleanWorld } from "../server/engine/cleanWorld";
import { ACTOR_NAMES } from "../server/world/actors";
import type { World } from "../server/world/types";
import { BatchReader__factory, LendingPool__factory } from "../typechain-types";

const reader = BatchReader__factory.createInterface();
const lending = LendingPool__factory.createInterface();
const ALICE = "0x70997970c51812dc3a010c7d01b50e0d4c4e0f79";
const TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

describe("batched reads (server/chain/batchRead.ts)", () => {
  it("encodes calldata as ethers' ABI coder does", () => {
    const reads: BatchRead[] = [
      tokenBalanceRead(TOKEN, ALICE),
      ethBalanceRead(ALICE),
      { target: TOKEN, data: "0x0102030405" },
      { target: ALICE, data: lending.encodeFunctionData("debtOf", [ALICE, TOKEN]) },
    ];
    expect(encodeReads(reads)).toBe(reader.encodeFunctionData("read", [reads]));
    expect(encodeReads([])).toBe(reader.encodeFunctionData("read", [[]]));
    expect(addressArgsCall(lending.getFunction("collateralOf").selector, ALICE, TOKEN)).toBe(
      lending.encodeFunctionData("collateralOf", [ALICE, TOKEN]),
    );
  });

  it("decodes results as ethers' ABI coder does", () => {
    const results = ["0x", `0x${"ab".repeat(32)}`, "0x010203", `0x${"cd".repeat(70)}`];
    expect(decodeResults(AbiCoder.defaultAbiCoder().encode(["bytes[]"], [results]))).toEqual(results);
    expect(decodeResults(AbiCoder.defaultAbiCoder().encode(["bytes[]"], [[]]))).toEqual([]);
  });

  describe("on the chain", () => {
    const chain = hardhatChain(hre);
    let world: World;

    beforeAll(async () => {
      world = (await CleanWorld.create(chain)).world;
    });

    it("reads what the same calls read one by one, in one eth_call", async () => {
      const owners = ACTOR_NAMES.map((name) => world.actors[name].address);
      const tokens = Object.values(world.tokens);
      const reads = [
        ...owners.map(ethBalanceRead),
        ...tokens.flatMap((token) => owners.map((owner) => tokenBalanceRead(token.address, owner))),
      ];
      const oneByOne = [
        ...(await Promise.all(owners.map((owner) => chain.provider.getBalance(owner)))),
        ...(await Promise.all(
          tokens.flatMap((token) => owners.map((owner) => token.contract.balanceOf(owner))),
        )),
      ];
      expect(oneByOne.some((value) => value > 0n)).toBe(true);
      expect(await readUints(chain, reads)).toEqual(oneByOne);
      // More reads than one call takes: split, in order.
      const many = Array.from({ length: 30 }, () => reads).flat();
      expect(await readUints(chain, many)).toEqual(Array.from({ length: 30 }, () => oneByOne).flat());
      expect(await readBatch(chain, [])).toEqual([]);
    });

    it("rejects when a read reverts or returns more than one word", async () => {
      const { WETH } = world.tokens;
      const bad = { target: WETH.address, data: "0xdeadbeef" };
      await expect(readBatch(chain, [ethBalanceRead(ALICE), bad])).rejects.toThrow();
      const twoWords = { target: world.pools[0]!.address, data: "0x0902f1ac" }; // getReserves()
      await expect(readUints(chain, [twoWords])).rejects.toThrow(/not one word/);
    });
  });
});
