/**
 * `npm run bench` arguments: the sections to run, none = all.
 */

export const BENCH_SECTIONS = [
  "scan",
  "chain",
  "server",
  "bundles",
  "classroom",
  "class",
  "store",
  "reorder",
  "mev-share",
  "throughput",
] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

export const BENCH_USAGE = `Usage: npm run bench [-- <section> …]

Measures the figures the issues set targets for, on this machine; prints a table on stdout.

Sections (none = all):
  scan      arbitrage scan on 1,000 and 10,000 pools: enumeration of every cycle of ≤ 3 hops,
            pairs and triangles, Bellman-Ford
  chain     sandwicher decision latency, reset, and each scenario end to end from a warm process
  server    socket.io fan-out to 300 viewers; the hot reads at 1,000 requests/s beside Express
            alone and a bare node:http server
  bundles   bundles of 3 swaps simulated per second, and the chain's raw tx/s
  classroom a sandwich run while GET /api/world and run:join are flooded (wall time, peak RSS,
            health p99)
  class     100 students join and trade a swap per block for 20 blocks beside 300 viewers (join
            time, block build time, block → student's page delay, standings against the chain)
  store     the run store: events written per second, a recorded run against --data-dir :memory:,
            GET /api/mev/stats over 1,000,000 events
  reorder   a block re-executed in another order on a fork: the sandwich's 3-transaction block
            and a 50-transaction block (p50/p99)
  mev-share the hint stream's delay: a private transaction with hints posted → its hint received by
            @flashbots/mev-share-client in another process (p50/p99); the mev-share scenario warm
  throughput signed swaps mined through the builder beside the same swaps mined by plain Hardhat
            (no builder), several alternating rounds, and the builder's share of the raw figure

Options:
  -h, --help show this help
`;

export type BenchArgs =
  | { kind: "help" }
  | { kind: "run"; sections: BenchSection[] }
  | { kind: "error"; message: string };

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  if (argv.includes("-h") || argv.includes("--help")) return { kind: "help" };
  const unknown = argv.filter((arg) => !(BENCH_SECTIONS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    return {
      kind: "error",
      message: `unknown section(s) ${unknown.join(", ")}; accepted: ${BENCH_SECTIONS.join(", ")} (none = all)`,
    };
  }
  return { kind: "run", sections: argv.length === 0 ? [...BENCH_SECTIONS] : (argv as BenchSection[]) };
}
