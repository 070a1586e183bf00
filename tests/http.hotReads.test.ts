/**
 * The hot reads (server/http/hotReads.ts): a repeated GET of a polled route is answered in front of
 * Express, byte for byte as Express answered it, until the data changes; classroom mode's share per
 * address still counts every request.
 */
import { request } from "node:http";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../server/sandbox";
import { startTestSandbox, TEST_TOKEN, waitFor } from "./helpers/http";

interface RawAnswer {
  status: number;
  /** Header names and values as sent, in order, without Date (the clock's). */
  headers: [string, string][];
  body: string;
}

/** A GET over plain node:http, keeping the headers exactly as they came. */
function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          if (res.rawHeaders[i]!.toLowerCase() !== "date")
            pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode!, headers: pairs, body: Buffer.concat(chunks).toString() });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** Any Authorization header sends a request to Express (the instructor's answers may differ). */
const THROUGH_EXPRESS = { authorization: "Bearer not-the-instructor" };

const HOT_URLS = [
  "/api/health",
  "/api/world",
  "/api/scenarios",
  "/api/mev/opportunities",
  "/api/mev/opportunities?limit=5&type=found",
  "/api/mev/stats",
  "/api/mev/stats?kind=sandwich",
];

describe("hot reads (solo mode)", () => {
  let sandbox: Sandbox;
  let url: string;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    url = sandbox.http.url;
    const run = sandbox.control.runs.create("sandwich", {});
    sandbox.control.runs.play(run.id, 100);
    await sandbox.control.runs.settled(run.id);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("answers a repeated GET byte for byte as Express answered it: status, headers in order, body", async () => {
    for (const path of HOT_URLS) {
      const { hits, misses } = sandbox.http.hotReads;
      const express = await get(url, path); // the first: Express answers, and its answer is kept
      const fast = await get(url, path);
      expect(sandbox.http.hotReads.misses, path).toBe(misses + 1);
      expect(sandbox.http.hotReads.hits, path).toBe(hits + 1);
      expect(fast, path).toEqual(express);
      expect(express.status).toBe(200);
      const names = express.headers.map(([name]) => name);
      expect(names).toEqual(expect.arrayContaining(["Content-Security-Policy", "X-Frame-Options", "ETag"]));
    }
    // The decisions are really there to be listed.
    expect(JSON.parse((await get(url, "/api/mev/opportunities")).body).total).toBeGreaterThan(0);
  });

  it("answers a conditional GET with Express's own 304", async () => {
    const path = "/api/mev/opportunities?limit=5";
    const { headers } = await get(url, path);
    const etag = headers.find(([name]) => name === "ETag")![1];
    const hits = sandbox.http.hotReads.hits;
    const fast = await get(url, path, { "if-none-match": etag });
    expect(sandbox.http.hotReads.hits).toBe(hits + 1);
    expect(fast.status).toBe(304);
    expect(fast).toEqual(await get(url, path, { "if-none-match": etag, ...THROUGH_EXPRESS }));
  });

  it("leaves to Express what it has not answered with a 200, other methods, and the instructor", async () => {
    const before = { ...sandbox.http.hotReads };
    for (let i = 0; i < 2; i++) expect((await get(url, "/api/mev/opportunities?limit=999")).status).toBe(400);
    expect(sandbox.http.hotReads.hits).toBe(before.hits);
    const head = await new Promise<number>((resolve) =>
      request(`${url}/api/world`, { method: "HEAD" }, (res) => resolve(res.statusCode!)).end(),
    );
    expect(head).toBe(200);
    await get(url, "/api/mev/stats", { authorization: `Bearer ${TEST_TOKEN}` });
    expect(sandbox.http.hotReads.hits).toBe(before.hits);
  });

  it("drops a kept answer when its data changes: new decisions, a new block", async () => {
    const paths = ["/api/mev/opportunities?limit=3", "/api/mev/stats", "/api/health"];
    const old = await Promise.all(paths.map((path) => get(url, path)));
    const run = sandbox.control.runs.create("arbitrage", {});
    sandbox.control.runs.play(run.id, 100);
    await sandbox.control.runs.settled(run.id);
    await sandbox.control.live.mineNow();
    for (const [i, path] of paths.entries()) {
      const fast = await get(url, path);
      expect(fast.body, path).not.toBe(old[i]!.body);
      expect(fast, path).toEqual(await get(url, path, THROUGH_EXPRESS));
    }
    // The world is read again lazily (at most once a second, after a block): the kept answer follows it.
    const block = sandbox.control.published.latestBlock();
    await waitFor(async () =>
      (await get(url, "/api/world")).body.includes(`"blockNumber":${block},`) ? true : undefined,
    );
    expect(await get(url, "/api/world")).toEqual(await get(url, "/api/world", THROUGH_EXPRESS));
  });
});

describe("hot reads (classroom mode)", () => {
  let sandbox: Sandbox;
  let url: string;
  const LIMIT = 6;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, {
      classroom: true,
      openRateLimit: { windowMs: 60_000, limit: LIMIT },
      overShareDelayMs: 10,
    });
    url = sandbox.http.url;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("counts every request in the address's one share, and refuses past it as Express does", async () => {
    const hits = sandbox.http.hotReads.hits;
    const answers = [
      await get(url, "/api/world"), // Express answers the first
      await get(url, "/api/runs"), // not a hot read: Express, counted in the same share
      ...(await Promise.all(Array.from({ length: LIMIT - 2 }, () => get(url, "/api/world")))),
    ];
    expect(answers.map((a) => a.status)).toEqual(Array(LIMIT).fill(200));
    expect(sandbox.http.hotReads.hits).toBe(hits + LIMIT - 2);
    const remaining = answers.map((a) => a.headers.find(([name]) => name === "RateLimit")![1]);
    expect(new Set(remaining).size).toBe(LIMIT); // each answer says how much of the share is left
    // Apart from the limiter's count, a kept answer is Express's.
    const withoutCount = (a: (typeof answers)[number]) => a.headers.filter(([name]) => name !== "RateLimit");
    expect(withoutCount(answers[2]!)).toEqual(withoutCount(answers[0]!));
    expect(answers[2]!.body).toBe(answers[0]!.body);

    const fastRefusal = await get(url, "/api/world");
    const expressRefusal = await get(url, "/api/scenarios?not=kept");
    expect(fastRefusal.status).toBe(429);
    expect(fastRefusal.body).toBe(expressRefusal.body);
    expect(JSON.parse(fastRefusal.body).error.code).toBe("rate_limited");
    const names = (a: RawAnswer) => a.headers.map(([name]) => name);
    expect(names(fastRefusal)).toEqual(names(expressRefusal));
    // GET /api/health is not counted, and the instructor is not either.
    for (let i = 0; i < LIMIT + 2; i++) expect((await get(url, "/api/health")).status).toBe(200);
    expect((await get(url, "/api/world", { authorization: `Bearer ${TEST_TOKEN}` })).status).toBe(200);
  });
});
