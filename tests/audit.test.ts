/**
 * The audit chain of a real sandbox on a real data dir: the instructor's and a student's actions
 * through the API and socket.io, each recorded with who did it; `npm run audit -- verify` on the
 * dir while the sandbox runs, then on copies of it with an edited, a deleted and two swapped
 * entries, each named.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Wallet } from "ethers";
import hre from "hardhat";
import Database from "libsql";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../server/sandbox";
import { LOCK_FILE, openStore, STORE_FILE } from "../server/store";
import { apiClient, type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";
import { runScript } from "./helpers/script";

const ROOT = join(__dirname, "..");
const asInstructor = { token: TEST_TOKEN };

describe("the audit chain of a running sandbox", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sandbox-audit-"));
  const copies: string[] = [];
  let sandbox: Sandbox | undefined;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { store: openStore(dataDir, ROOT) });
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
    for (const dir of [dataDir, ...copies]) rmSync(dir, { recursive: true, force: true });
  });

  const verify = (dir: string) => runScript("audit.ts", ["verify", "--data-dir", dir]);

  it("records who did what: the instructor, a student by name, refusals, over HTTP and socket.io", async () => {
    const call = async (method: string, path: string, options: { body?: unknown; token?: string } = {}) =>
      (await api(method, path, options)).status;
    expect(await call("POST", "/api/live/mine", asInstructor)).toBe(200);
    const joined = await api("POST", "/api/students", {
      body: { name: "ada", address: Wallet.createRandom().address, code: "K7QX2M" },
    });
    expect(joined.status).toBe(201);
    const ada = { token: joined.body.token as string };
    const poll = { question: "Who wins?", kind: "choice", options: ["searcher", "alice"] };
    expect(await call("POST", "/api/polls", { body: poll, ...asInstructor })).toBe(201);
    expect(await call("POST", "/api/polls/poll-1/answers", { body: { answer: "searcher" }, ...ada })).toBe(
      200,
    );
    expect(await call("POST", "/api/runs", { body: { scenario: "sandwich" }, ...ada })).toBe(401);
    expect(await call("POST", "/api/runs", { body: { scenario: "sandwich" }, ...asInstructor })).toBe(201);
    expect(await call("PUT", "/api/mev/builder", { body: { ordering: "profit" }, ...asInstructor })).toBe(
      200,
    );
    expect(await call("GET", "/api/runs")).toBe(200); // reading is not audited
    const socket = connect(sandbox!.http.url, {
      transports: ["websocket"],
      auth: asInstructor,
      reconnection: false,
    });
    const stepped = await new Promise<Json>((resolve) =>
      socket.emit("run:control", { runId: "run-1", action: "step" }, resolve),
    );
    socket.disconnect();
    expect(stepped.data.nextStep).toBe(1);
    expect(await call("POST", "/api/runs/run-1/reset", asInstructor)).toBe(200);

    const page = await api("GET", "/api/audit?order=oldest&limit=100", asInstructor);
    expect(page.status).toBe(200);
    const who = (actor: Json) => (actor.role === "student" ? `student ${actor.name}` : actor.role);
    expect(page.body.entries.map((e: Json) => [who(e.actor), e.method, e.path, e.status])).toEqual([
      ["instructor", "POST", "/api/live/mine", 200],
      ["student ada", "POST", "/api/students", 201],
      ["instructor", "POST", "/api/polls", 201],
      ["student ada", "POST", "/api/polls/poll-1/answers", 200],
      ["student ada", "POST", "/api/runs", 401],
      ["instructor", "POST", "/api/runs", 201],
      ["instructor", "PUT", "/api/mev/builder", 200],
      ["instructor", "SOCKET", "run:control", 200],
      ["instructor", "POST", "/api/runs/run-1/reset", 200],
    ]);
    const [, join, , answer] = page.body.entries;
    expect(join.body).toMatchObject({ name: "ada", code: "[redacted]" });
    expect(answer.body).toEqual({ answer: "searcher" });
    expect(JSON.stringify(page.body)).not.toContain(ada.token);
    expect(JSON.stringify(page.body)).not.toContain(TEST_TOKEN);
    expect(page.body.entries[1].prevHash).toBe(page.body.entries[0].hash);

    const newest = await api("GET", "/api/audit?limit=2&offset=1", asInstructor);
    expect(newest.body).toMatchObject({ total: 9, order: "newest", head: { seq: 9 } });
    expect(newest.body.entries.map((e: Json) => e.seq)).toEqual([8, 7]);
    expect((await api("GET", "/api/audit")).status).toBe(401);
    expect((await api("GET", "/api/audit", ada)).status).toBe(401);
    expect((await api("GET", "/api/audit?limit=0", asInstructor)).status).toBe(400);
  });

  it("npm run audit -- verify: intact, while the sandbox holds the data dir", async () => {
    const result = await verify(dataDir);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("audit chain intact: 9 entries, head ");
    expect(result.code).toBe(0);
  });

  it("an edited, a deleted and two swapped entries: each detected and named", async () => {
    await sandbox!.close();
    sandbox = undefined;
    const tampered = (sql: string) => {
      const copy = mkdtempSync(join(tmpdir(), "sandbox-audit-tampered-"));
      copies.push(copy);
      cpSync(dataDir, copy, { recursive: true, filter: (path) => !path.endsWith(LOCK_FILE) });
      const db = new Database(join(copy, STORE_FILE));
      db.exec(sql);
      db.close();
      return copy;
    };

    const edited = await verify(tampered(`UPDATE audit SET body = '{"scenario":"arbitrage"}' WHERE seq = 6`));
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("audit chain BROKEN at entry 6 (hash-mismatch): entry 6 was altered");

    const deleted = await verify(tampered("DELETE FROM audit WHERE seq = 3"));
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain(
      "audit chain BROKEN at entry 3 (gap): entry 3 is missing: after entry 2 comes entry 4",
    );

    const swapped = await verify(
      tampered(
        "UPDATE audit SET seq = -1 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = -1",
      ),
    );
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain(
      "audit chain BROKEN at entry 4 (previous-hash-mismatch): entry 4 does not follow entry 3",
    );

    expect((await verify(tampered("SELECT 1"))).code).toBe(0);
  });
});
