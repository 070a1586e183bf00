/**
 * The risk controls of the sandwicher, the liquidator, the JIT provider and the back-runner, on real
 * runs through the API: each counts one attempt per action it sent, settled from its receipts; the
 * instructor's kill switch stops its next action, the position limit refuses an action over it, the
 * drawdown stop halts it after its equity falls; each time it sends nothing, and its decision names
 * the control that stopped it.
 */
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RISK_LIMITS, type RiskLimits } from "../server/bots/kit/risk";
import type { OpportunitySkipped, RiskLimitHit, SandboxEvent } from "../server/events";
import type { Sandbox } from "../server/sandbox";
import { findScenario } from "../server/scenarios";
import { setOraclePrice } from "../server/scenarios/actions";
import { type BotSettings, botsFor } from "../server/scenarios/bots";
import type { ScenarioDefinition, StepDefinition } from "../server/scenarios/scenario";
import type { ActorName } from "../server/world/actors";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";

const ETH = 10n ** 18n;
const asInstructor = { token: TEST_TOKEN };

/** Each guarded bot, the scenario it acts in (at its defaults), its account, and its settings there. */
const BOTS = [
  {
    bot: "sandwicher",
    scenario: "sandwich",
    actor: "searcher",
    settings: (risk: Partial<RiskLimits>): BotSettings => ({
      sandwicher: { capital: 1_000n * ETH, path: "public", risk },
    }),
  },
  {
    bot: "liquidator",
    scenario: "liquidation",
    actor: "liquidator",
    settings: (risk: Partial<RiskLimits>): BotSettings => ({
      liquidator: { flash: false, path: "public", risk },
    }),
  },
  {
    bot: "jit",
    scenario: "jit-liquidity",
    actor: "searcher",
    settings: (risk: Partial<RiskLimits>): BotSettings => ({ jit: { capital: 1_000n * ETH, risk } }),
  },
  {
    bot: "backrunner",
    scenario: "backrun",
    actor: "arbitrageur",
    settings: (risk: Partial<RiskLimits>): BotSettings => ({ backrunner: { maxHops: 3, risk } }),
  },
] as const satisfies readonly { bot: string; scenario: string; actor: ActorName; settings: unknown }[];

/** A shipped scenario whose bot runs with `risk` limits (and `steps`, if given): registered only here. */
function variant(
  entry: (typeof BOTS)[number],
  name: string,
  risk: Partial<RiskLimits>,
  steps?: (base: StepDefinition<never>[]) => StepDefinition<never>[],
): ScenarioDefinition {
  const base = findScenario(entry.scenario) as ScenarioDefinition;
  return {
    ...base,
    name,
    bots: (world) => botsFor(world, entry.settings(risk)),
    steps: steps ? (steps(base.steps as StepDefinition<never>[]) as never) : base.steps,
  };
}

/** Each bot's scenario with a position limit of 1 ETH, below what its one action puts in. */
const TIGHT = BOTS.map((entry) => variant(entry, `${entry.scenario}-tight`, { maxPosition: ETH }));
/** The JIT provider at DEFAULT_RISK_LIMITS' 250 ETH position limit: its deposit is worth more. */
const JIT_AT_DEFAULTS = variant(BOTS[2], "jit-at-defaults", DEFAULT_RISK_LIMITS);
/** The oracle's WETH price rises 1% before alice trades: the searcher's stablecoins would be worth ~20 ETH less. */
const ORACLE_RISE: StepDefinition<never> = {
  title: "The oracle's WETH price rises 1%",
  async run({ engine }) {
    await setOraclePrice(engine, "WETH", 2_020n * 10n ** 8n);
    await engine.mine();
    return { narration: "the admin moved the oracle's WETH price to $2,020" };
  },
};
/** The searcher loses 2 ETH of its own before alice trades (it pays them to bob). */
const SEARCHER_LOSS: StepDefinition<never> = {
  title: "The searcher pays 2 ETH away",
  async run({ world, engine }) {
    const { searcher, bob } = world.actors;
    await searcher.signer.sendTransaction({ to: bob.address, value: 2n * ETH });
    await engine.mine();
    return { narration: "the searcher sent 2 ETH to bob" };
  },
};
const withStep = (step: StepDefinition<never>) => (steps: StepDefinition<never>[]) => [
  steps[0]!,
  step,
  ...steps.slice(1),
];
const SANDWICH_AFTER_RISE = variant(BOTS[0], "sandwich-after-rise", {}, withStep(ORACLE_RISE));
const SANDWICH_AFTER_LOSS = variant(BOTS[0], "sandwich-after-loss", {}, withStep(SEARCHER_LOSS));

describe("risk controls of the sandwicher, liquidator, JIT provider and back-runner", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, {
      extraScenarios: [...TIGHT, JIT_AT_DEFAULTS, SANDWICH_AFTER_RISE, SANDWICH_AFTER_LOSS] as never,
    });
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const events = (runId: string): SandboxEvent[] => sandbox.control.runs.view(runId).events;

  async function start(scenario: string): Promise<string> {
    const created = await api("POST", "/api/runs", { body: { scenario }, ...asInstructor });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function stepToEnd(runId: string): Promise<void> {
    while (sandbox.control.runs.view(runId).status !== "finished") {
      const stepped = await api("POST", `/api/runs/${runId}/step`, asInstructor);
      expect(stepped.status, JSON.stringify(stepped.body)).toBe(200);
    }
  }

  /** The bot's decisions, risk:limit-hit and its account's mined transactions after the stage (step 0, which may approve). */
  function outcome(runId: string, bot: string, actor: string, from = 1) {
    const all = events(runId).filter((e) => e.step >= from);
    return {
      found: all.filter((e) => e.type === "opportunity:found" && e.bot === bot),
      skipped: all.filter((e): e is OpportunitySkipped => e.type === "opportunity:skipped" && e.bot === bot),
      hits: all.filter((e): e is RiskLimitHit => e.type === "risk:limit-hit"),
      sent: all.flatMap((e) =>
        e.type === "block:mined" ? e.txs.filter((tx) => tx.from.label === actor).map((tx) => tx.hash) : [],
      ),
    };
  }

  async function statusOf(bot: string): Promise<Json> {
    const { body } = await api("GET", "/api/mev/risk/status");
    return body.bots.find((b: Json) => b.bot === bot);
  }

  it.each(BOTS)(
    "$bot at its defaults: acts as before, one attempt per action settled from its receipts",
    async ({ bot, scenario }) => {
      const runId = await start(scenario);
      await stepToEnd(runId);
      expect(outcome(runId, bot, "").found).toHaveLength(1);
      const status = await statusOf(bot);
      expect(status.limits.maxPosition.amount).toBe(
        (bot === "jit" ? 2_500n * ETH : DEFAULT_RISK_LIMITS.maxPosition).toString(),
      );
      expect(status.figures).toMatchObject({ attempts: 1, successes: 1, position: { amount: "0" } });
      expect(status.stopped).toBeNull();
    },
  );

  it.each(BOTS)(
    "$bot: the instructor's kill switch stops its next action, named in its decision",
    async ({ bot, scenario, actor }) => {
      const runId = await start(scenario);
      await api("POST", `/api/runs/${runId}/step`, asInstructor); // the stage: its bots are made
      const killed = await api("POST", `/api/mev/risk/${bot}/kill`, {
        body: { reason: "class break" },
        ...asInstructor,
      });
      expect(killed.status).toBe(200);
      expect(killed.body.stopped).toMatchObject({ control: "kill-switch", effect: "halted" });
      await stepToEnd(runId);
      const { found, skipped, sent } = outcome(runId, bot, actor);
      expect(found).toEqual([]);
      expect(sent).toEqual([]);
      const refusal = skipped.find((s) => s.reason === "risk-kill-switch");
      expect(refusal?.explanation).toContain("but the instructor's kill switch holds it back");
      expect(refusal?.explanation).toContain("(class break)");
      expect(refusal?.inputs["risk control"]).toBe("kill-switch");
      expect(events(runId).filter((e) => e.type === "risk:killed")).toEqual([
        expect.objectContaining({ bot, reason: "class break" }),
      ]);
      // The kill stands by the bot's name: resumed here so the next runs start free.
      const resumed = await api("POST", `/api/mev/risk/${bot}/resume`, asInstructor);
      expect(resumed.body.stopped).toBeNull();
    },
  );

  it.each(BOTS.map((entry, i) => ({ ...entry, tight: TIGHT[i]!.name })))(
    "$bot: the position limit refuses an action putting in more than it, with risk:limit-hit",
    async ({ bot, tight, actor }) => {
      const runId = await start(tight);
      await stepToEnd(runId);
      const { found, skipped, hits, sent } = outcome(runId, bot, actor);
      expect(found).toEqual([]);
      expect(sent).toEqual([]);
      const refusal = skipped.find((s) => s.reason === "risk-position");
      expect(refusal?.explanation).toContain("but the position limit holds it back");
      expect(refusal?.explanation).toContain("more than its 1 ETH position limit");
      const proposed = BigInt(refusal!.inputs["trade size (wei)"]!);
      expect(proposed).toBeGreaterThan(ETH);
      expect(refusal?.inputs["max position (wei)"]).toBe(ETH.toString());
      // Announced once a block it declines (the liquidator tries again each block while the position is below 1).
      expect(hits[0]).toMatchObject({ bot, control: "position", effect: "refused", block: refusal!.block });
      expect(hits.every((hit) => hit.bot === bot && hit.control === "position")).toBe(true);
      expect(new Set(hits.map((hit) => hit.block)).size).toBe(hits.length);
    },
  );

  it("the JIT provider's deposit is worth more than DEFAULT_RISK_LIMITS' position limit: hence its own default", async () => {
    const runId = await start(JIT_AT_DEFAULTS.name);
    await stepToEnd(runId);
    const { found, skipped } = outcome(runId, "jit", "searcher");
    expect(found).toEqual([]);
    const proposed = BigInt(skipped.find((s) => s.reason === "risk-position")!.inputs["trade size (wei)"]!);
    expect(proposed).toBeGreaterThan(DEFAULT_RISK_LIMITS.maxPosition);
    expect(proposed).toBeLessThan(2_500n * ETH);
  });

  it("sandwicher: the drawdown stop halts it once its equity falls more than 1 ETH below its peak", async () => {
    const runId = await start(SANDWICH_AFTER_LOSS.name);
    await stepToEnd(runId);
    const { found, skipped, hits } = outcome(runId, "sandwicher", "searcher");
    expect(found).toEqual([]);
    // After its loss (step 1) the searcher sends nothing.
    expect(outcome(runId, "sandwicher", "searcher", 2).sent).toEqual([]);
    // Announced after the block of the loss (step 1), before alice's swap is even sent.
    expect(hits).toEqual([
      expect.objectContaining({ bot: "sandwicher", control: "drawdown", effect: "halted", step: 1 }),
    ]);
    const [hit] = hits;
    // The 2 ETH paid away, plus the transfer's gas: nothing else moved its equity.
    const drawdown = BigInt(hit!.figures.drawdown.amount);
    expect(drawdown).toBeGreaterThan(2n * ETH);
    expect(drawdown).toBeLessThan(2n * ETH + ETH / 100n);
    const refusal = skipped.find((s) => s.reason === "risk-drawdown");
    expect(refusal?.explanation).toContain("but the drawdown stop holds it back");
    expect((await statusOf("sandwicher")).stopped).toMatchObject({ control: "drawdown", effect: "halted" });
    const resumed = await api("POST", "/api/mev/risk/sandwicher/resume", asInstructor);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ stopped: null, figures: { drawdown: { amount: "0" } } });
  });

  it("sandwicher: a 1% rise of the oracle's WETH price is no loss of its own: it sandwiches as at its defaults", async () => {
    const runId = await start(SANDWICH_AFTER_RISE.name);
    await stepToEnd(runId);
    const { found, hits, sent } = outcome(runId, "sandwicher", "searcher");
    expect(hits).toEqual([]);
    expect(found.length).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThan(0);
    expect((await statusOf("sandwicher")).stopped).toBeNull();
  });
});
