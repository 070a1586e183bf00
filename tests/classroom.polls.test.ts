/**
 * Predictions: the instructor asks, students answer with their token (the last answer counts), the
 * reveal reads the true value from the run's events and names who was right or closest.
 */
import { Wallet } from "ethers";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MevClassified, SandboxEvent } from "../server/events";
import { formatTokenAmount } from "../server/format";
import type { Sandbox } from "../server/sandbox";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";

describe("polls: predict before the reveal", () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};
  const seen: SandboxEvent[] = [];
  let sandwich: MevClassified;
  const asInstructor = { token: TEST_TOKEN };

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
    sandbox.control.bus.on((event) => {
      if (event.type.startsWith("poll:")) seen.push(event);
    });
    for (const name of ["ada", "bea", "cy"]) {
      const joined = await api("POST", "/api/students", {
        body: { name, address: Wallet.createRandom().address },
      });
      tokens[name] = joined.body.token;
    }
    // The run the polls ask about: alice is sandwiched.
    const run = (await api("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor })).body;
    await api("POST", `/api/runs/${run.id}/play`, { body: { speed: 100 }, ...asInstructor });
    const view = await sandbox.control.runs.settled(run.id);
    sandwich = view.events.find(
      (e): e is MevClassified => e.type === "mev:classified" && e.kind === "sandwich",
    )!;
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const answer = (id: string, name: string, value: string | number) =>
    api("POST", `/api/polls/${id}/answers`, { body: { answer: value }, token: tokens[name] });

  it("reveals a number with the victim's loss read from the run, and who was closest", async () => {
    const opened = await api("POST", "/api/polls", {
      body: {
        question: "How much USDC will alice lose to the sandwich?",
        kind: "number",
        answerFrom: { event: "mev:classified", path: "victim.loss" },
      },
      ...asInstructor,
    });
    expect(opened.status).toBe(201);
    const { id } = opened.body;
    const loss = sandwich.victim!.loss;
    const exact = formatTokenAmount(loss, loss.decimals).split(" ")[0]!.replaceAll(",", "");
    expect((await answer(id, "ada", "100")).body.answers).toBe(1);
    await answer(id, "bea", "5000");
    await answer(id, "cy", "1");
    expect((await answer(id, "ada", exact)).body.answers).toBe(3); // the last answer counts

    const revealed = (await api("POST", `/api/polls/${id}/reveal`, asInstructor)).body;
    expect(revealed.status).toBe("revealed");
    expect(revealed.reveal.truth).toBe(formatTokenAmount(loss));
    expect(revealed.reveal.truthFrom).toMatch(/^run-\d+, mev:classified victim\.loss$/);
    expect(revealed.reveal.closest).toEqual(["ada"]);
    expect(revealed.reveal.answers).toEqual([
      { name: "ada", answer: exact },
      { name: "bea", answer: "5000" },
      { name: "cy", answer: "1" },
    ]);
    const answered = seen.filter((e) => e.type === "poll:answered" && e.id === id);
    expect(answered.map((e) => (e.type === "poll:answered" ? e.answers : 0))).toEqual([1, 2, 3, 3]);
    expect(JSON.stringify(answered)).not.toContain("5000"); // counts only before the reveal
  });

  it("reveals a choice with the inspector's label, with the distribution", async () => {
    const { id } = (
      await api("POST", "/api/polls", {
        body: {
          question: "What will the inspector call it?",
          kind: "choice",
          options: ["arbitrage", "sandwich", "liquidation"],
          answerFrom: { event: "mev:classified", path: "kind" },
        },
        ...asInstructor,
      })
    ).body;
    await answer(id, "ada", "Sandwich");
    await answer(id, "bea", "arbitrage");
    const revealed = (await api("POST", `/api/polls/${id}/reveal`, asInstructor)).body;
    expect(revealed.reveal.truth).toBe(sandwich.kind);
    expect(revealed.reveal.distribution).toEqual({ arbitrage: 1, sandwich: 1, liquidation: 0 });
    expect(revealed.reveal.closest).toEqual(["ada"]);
  });

  it("refuses what does not fit, naming it: a bad answer, no token, a closed poll, a missing truth", async () => {
    const { id } = (
      await api("POST", "/api/polls", {
        body: { question: "Pick", kind: "choice", options: ["a", "b"] },
        ...asInstructor,
      })
    ).body;
    const bad = await answer(id, "ada", "c");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('answer must be one of "a", "b"');
    const anonymous = await api("POST", `/api/polls/${id}/answers`, { body: { answer: "a" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message).toContain("needs your student token");
    const instructor = await api("POST", `/api/polls/${id}/answers`, {
      body: { answer: "a" },
      ...asInstructor,
    });
    expect(instructor.status).toBe(401);
    const noTruth = await api("POST", `/api/polls/${id}/reveal`, asInstructor);
    expect(noTruth.status).toBe(400);
    expect(noTruth.body.error.message).toContain("reveal it with { answer }");
    expect(
      (await api("POST", `/api/polls/${id}/reveal`, { body: { answer: "b" }, ...asInstructor })).status,
    ).toBe(200);
    const late = await answer(id, "bea", "a");
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain("answers are closed");
    const noOptions = await api("POST", "/api/polls", {
      body: { question: "?", kind: "choice" },
      ...asInstructor,
    });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body.error.message).toContain("a choice poll needs its options");
    const list = (await api("GET", "/api/polls")).body.polls as Json[];
    expect(list.map((p) => p.status)).toEqual(["revealed", "revealed", "revealed"]);
  });
});
