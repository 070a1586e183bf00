import { JsonRpcProvider, Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAmountOut } from "../server/math/amm";
import { type Sandbox, startSandbox } from "../server/sandbox";
import { FIRST_LEARNER_ACCOUNT, hardhatAccount } from "../server/world/actors";
import { FAUCET_DRIP, toBaseUnits } from "../server/world/config";
import { reservesFor } from "../server/world/market";
import { AmmRouter__factory, Faucet__factory, TestToken__factory } from "../typechain-types";

describe("the sandbox's JSON-RPC endpoint, used by an outside ethers client", () => {
  let sandbox: Sandbox;
  let provider: JsonRpcProvider;
  let wallet: Wallet;

  beforeAll(async () => {
    sandbox = await startSandbox(hre, { host: "127.0.0.1", rpcPort: 0, httpPort: 0, blockTime: 0 });
    provider = new JsonRpcProvider(sandbox.rpc.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
    wallet = new Wallet(hardhatAccount(FIRST_LEARNER_ACCOUNT).privateKey, provider);
  });

  afterAll(async () => {
    provider?.destroy();
    await sandbox?.close();
  });

  /** What an outside user does to get a block: the standard Hardhat call. */
  const mine = () => provider.send("evm_mine", []);

  it("serves chain id 31337 and the deployed contracts", async () => {
    expect((await provider.getNetwork()).chainId).toBe(31337n);
    const usdc = sandbox.world.tokens.USDC;
    expect(await TestToken__factory.connect(usdc.address, provider).symbol()).toBe("USDC");
  });

  it("lets a learner take tokens from the faucet and swap on DEX A", async () => {
    const { WETH, USDC } = sandbox.world.tokens;
    const faucet = Faucet__factory.connect(await sandbox.world.faucet.getAddress(), wallet);
    const router = AmmRouter__factory.connect(await sandbox.world.dexes.dexA.router.getAddress(), wallet);
    const weth = TestToken__factory.connect(WETH.address, wallet);
    const usdc = TestToken__factory.connect(USDC.address, wallet);

    const drip = await faucet.drip(wallet.address);
    await mine();
    expect((await drip.wait())?.status).toBe(1);
    const wethDrip = toBaseUnits(FAUCET_DRIP.WETH, WETH.decimals);
    expect(await weth.balanceOf(wallet.address)).toBe(wethDrip);

    await (await weth.approve(await router.getAddress(), wethDrip)).wait(0);
    await mine();

    const pool = sandbox.world.pools.find((p) => p.name === "DEX A WETH/USDC")!;
    const { reserveIn, reserveOut } = await reservesFor(pool, "WETH");
    const amountIn = toBaseUnits(1n, WETH.decimals);
    const expectedOut = getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps);
    const usdcBefore = await usdc.balanceOf(wallet.address);

    const deadline = BigInt((await provider.getBlock("latest"))!.timestamp + 600);
    const swap = await router.swapExactTokensForTokens(
      amountIn,
      expectedOut,
      [WETH.address, USDC.address],
      wallet.address,
      deadline,
    );
    expect(await provider.getTransactionReceipt(swap.hash)).toBeNull(); // waiting in the mempool
    await mine();
    expect((await swap.wait())?.status).toBe(1);
    expect((await usdc.balanceOf(wallet.address)) - usdcBefore).toBe(expectedOut);
  });
});
