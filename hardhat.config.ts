import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import { type HardhatUserConfig, subtask } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import { AUTOMINE, BLOCK_GAS_LIMIT, CHAIN_ID, GENESIS_DATE } from "./server/chain/settings";
import { COINBASE_ADDRESS } from "./server/world/actors";

// The Solidity compiler comes from the `solc` npm package (solcjs), never from a download:
// the project builds behind a firewall and on machines that only reach the npm registry.
const solcPackage = require("solc/package.json") as { version: string };
const SOLC_VERSION = solcPackage.version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version(),
  };
});

/**
 * Fork mode (`npm start -- --fork <rpc-url> [--fork-block N]`): scripts/start.ts sets these
 * variables before Hardhat loads this file; the world is then deployed on top of the forked state.
 */
const forkUrl = process.env.SANDBOX_FORK_URL;
const forkBlock = process.env.SANDBOX_FORK_BLOCK;
const forking = forkUrl
  ? { url: forkUrl, ...(forkBlock ? { blockNumber: Number(forkBlock) } : {}) }
  : undefined;

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" },
  },
  networks: {
    hardhat: {
      chainId: CHAIN_ID,
      initialDate: GENESIS_DATE,
      // MEV lives in the mempool: transactions wait there until the sandbox mines a block. The
      // sandbox's builder (server/builder) orders each block: bundles first, then the rest by tip.
      // It needs the pool in arrival order ("fifo") to put its order in: see docs/builder-ordering.md.
      mining: { auto: AUTOMINE, interval: 0, mempool: { order: "fifo" } },
      // 30 gwei, as the sandbox holds it for every block it mines (server/chain/chain.ts).
      initialBaseFeePerGas: 30_000_000_000,
      // The named block producer ("builder") collects the priority fees, so learners see its take.
      coinbase: COINBASE_ADDRESS,
      blockGasLimit: BLOCK_GAS_LIMIT,
      ...(forking ? { forking } : {}),
    },
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  paths: { tests: "tests" },
};

export default config;
