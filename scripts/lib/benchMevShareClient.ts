/**
 * A child process of the MEV-Share benchmark: a searcher with @flashbots/mev-share-client, listening
 * to the sandbox's hint stream with on("transaction"). Each hint received is timed on the machine's
 * clock (performance.timeOrigin + now(), shared by every process). Prints "ready" once the stream is
 * open, then, on stdin "done", the receive time of each hint by its hash.
 */
import { performance } from "node:perf_hooks";
import MevShareClient from "@flashbots/mev-share-client";
import { Wallet } from "ethers";

const [streamUrl, apiUrl] = process.argv.slice(2);
const now = () => performance.timeOrigin + performance.now();
const received: Record<string, number> = {};

const client = new MevShareClient(new Wallet(Wallet.createRandom().privateKey), {
  streamUrl: streamUrl!,
  apiUrl: apiUrl!,
});
const stream = client.on("transaction", (tx) => {
  received[tx.hash] = now();
});
stream.onopen = () => process.stdout.write("ready\n");

process.stdin.on("data", () => {
  process.stdout.write(`${JSON.stringify(received)}\n`);
  stream.close();
  process.exit(0);
});
