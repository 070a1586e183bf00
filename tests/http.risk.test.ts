/**
 * The risk API: GET /api/mev/risk/status for anyone; the kill switch and resume for the instructor
 * only (a student's token refused as such), bad input refused naming what is accepted; a kill stops
 * the bot's next decision, with risk:killed and risk:resumed in the run's events.
 */
import { Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OpportunityFound, OpportunitySkipped, SandboxEvent } from "../server/events";
import { MISSING_TOKEN_MESSAGE, STUDENT_TOKEN_MESSAGE } from "../server/http/auth";
import type { Sandbox } from "../server/sandbox";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";

describe("risk API", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  let runId: string;
  let studentToken: string;
  const asInstructor = { token: TEST_TOKEN };
  const events = (): SandboxEvent[] => sandbox.control.runs.view(runId).events;
  const step = () => api("POST", `/api/runs/${runId}/step`, asInstructor);
  const kill = (bot: string, body: Json = {}, as: { token?: string } = asInstructor) =>
    api("POST", `/api/mev/risk/${bot}/kill`, { body, ...as });
  const decisionsOf = (bot: string, stepIndex: number) =>
    events().filter(
      (e): e is OpportunityFound | OpportunitySkipped =>
        (e.type === "opportunity:found" || e.type === "opportunity:skipped") &&
        e.bot === bot &&
        e.step === stepIndex,
    );

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
    const joined = await api("POST", "/api/students", {
      body: { name: "ada", address: Wallet.createRandom().address },
    });
    studentToken = joined.body.token;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("has no bot to show or stop before any run", async () => {
    expect((await api("GET", "/api/mev/risk/status")).body).toEqual({
      runId: null,
      block: expect.any(Number),
      bots: [],
    });
    const refused = await kill("arbitrageur");
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("unknown_bot");
  });

  it("shows each bot's limits, figures read from the chain, and no stop, during a bad-day run", async () => {
    runId = (await api("POST", "/api/runs", { body: { scenario: "bad-day" }, ...asInstructor })).body.id;
    await step(); // the stage
    await step(); // round 1: the arbitrageur's trade reverts behind the rival's
    const { status, body } = await api("GET", "/api/mev/risk/status");
    expect(status).toBe(200);
    expect(body.runId).toBe(runId);
    expect(body.bots.map((b: Json) => b.bot)).toEqual(["arbitrageur", "rival"]);
    const arbitrageur = body.bots[0];
    expect(arbitrageur.limits).toMatchObject({
      maxDrawdown: { amount: (15n * 10n ** 15n).toString(), symbol: "ETH", decimals: 18 },
      successWindow: 5,
      throttleAfterFailures: 3,
    });
    expect(arbitrageur.figures).toMatchObject({
      block: body.block,
      attempts: 1,
      successes: 0,
      successRateBps: 0,
      consecutiveFailures: 1,
      position: { amount: "0" },
    });
    expect(BigInt(arbitrageur.figures.drawdown.amount)).toBeGreaterThan(0n);
    expect(arbitrageur.stopped).toBeNull();
  });

  it("refuses the kill switch without the instructor's token, a student's token as such", async () => {
    const anonymous = await kill("arbitrageur", {}, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toBe(MISSING_TOKEN_MESSAGE);
    const student = await kill("arbitrageur", {}, { token: studentToken });
    expect(student.status).toBe(401);
    expect(student.body.error.message).toBe(STUDENT_TOKEN_MESSAGE);
    const resume = await api("POST", "/api/mev/risk/arbitrageur/resume", { token: studentToken });
    expect(resume.status).toBe(401);
  });

  it("refuses bad input, naming what is accepted", async () => {
    const reason = await kill("arbitrageur", { reason: 5 });
    expect(reason.status).toBe(400);
    expect(reason.body.error.message).toContain("reason: must be a sentence of 1 to 200 characters");
    const extra = await kill("arbitrageur", { why: "x" });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details.problems[0].message).toContain("why");
    const badName = await kill("Arb!trageur");
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toContain("must be a bot's name such as arbitrageur");
    const unknown = await kill("sandwicher");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain("(accepted: arbitrageur, rival)");
    expect(unknown.body.error.details.accepted).toEqual(["arbitrageur", "rival"]);
    const resumeBody = await api("POST", "/api/mev/risk/arbitrageur/resume", {
      body: { now: true },
      ...asInstructor,
    });
    expect(resumeBody.status).toBe(400);
    const notStopped = await api("POST", "/api/mev/risk/arbitrageur/resume", asInstructor);
    expect(notStopped.status).toBe(409);
    expect(notStopped.body.error.code).toBe("not_stopped");
  });

  it("kills a bot: it declines its next opportunity saying why, while the rival trades alone", async () => {
    const killed = await kill("arbitrageur", { reason: "class break" });
    expect(killed.status).toBe(200);
    expect(killed.body.stopped).toMatchObject({ control: "kill-switch", effect: "halted" });
    expect(killed.body.stopped.explanation).toContain("(class break)");
    expect((await kill("arbitrageur")).status).toBe(200); // pulled twice: nothing more happens
    const killedEvents = events().filter((e) => e.type === "risk:killed");
    expect(killedEvents).toEqual([
      expect.objectContaining({ type: "risk:killed", runId, bot: "arbitrageur", reason: "class break" }),
    ]);

    await step(); // round 2 (step index 2)
    const declined = decisionsOf("arbitrageur", 2);
    expect(declined.map((d) => [d.type, d.type === "opportunity:skipped" ? d.reason : ""])).toEqual([
      ["opportunity:skipped", "risk-kill-switch"],
    ]);
    const round = events().filter((e) => e.type === "block:mined" && e.step === 2);
    const senders = round.flatMap((b) => (b.type === "block:mined" ? b.txs.map((tx) => tx.from.label) : []));
    expect(senders).not.toContain("arbitrageur");
    expect(senders).toContain("rival");
  });

  it("resumes it: the halt is cleared, its record starts afresh, and it trades again", async () => {
    const resumed = await api("POST", "/api/mev/risk/arbitrageur/resume", asInstructor);
    expect(resumed.status).toBe(200);
    expect(resumed.body.stopped).toBeNull();
    expect(resumed.body.figures).toMatchObject({ attempts: 0, drawdown: { amount: "0" } });
    expect(events().filter((e) => e.type === "risk:resumed")).toEqual([
      expect.objectContaining({ bot: "arbitrageur", cleared: ["kill-switch"] }),
    ]);
    await step(); // round 3
    expect(decisionsOf("arbitrageur", 3).map((d) => d.type)).toEqual(["opportunity:found"]);
  });
});
