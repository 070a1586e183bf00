/**
 * Signed control (`--instructor-key`): a control request needs the token and an Ed25519 signature
 * over method, path, body, timestamp and nonce. A good one passes; a bad one, a replayed nonce, a
 * stale or future timestamp are refused with their reason; the audit chain keeps the signature;
 * socket.io controls are refused; `npm run sign` makes keys and headers the sandbox accepts.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStartOptions } from "../scripts/lib/startOptions";
import { SIGNED_CONTROL_OVER_SOCKET_MESSAGE } from "../server/http/socket";
import {
  parsePublicKey,
  publicKeyHex,
  SIGNATURE_HEADERS,
  type SignatureHeaders,
  signControl,
} from "../server/lib/controlSignature";
import type { Sandbox } from "../server/sandbox";
import { type Json, startTestSandbox, TEST_TOKEN } from "./helpers/http";
import { runScript } from "./helpers/script";

describe("signed control", () => {
  const keys = generateKeyPairSync("ed25519");
  const dir = mkdtempSync(join(tmpdir(), "sandbox-signed-"));
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox(hre, { instructorKey: parsePublicKey(publicKeyHex(keys.publicKey)) });
  });

  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends a request with the token (unless `token: null`) and the given signature headers. */
  async function send(
    method: string,
    path: string,
    body: string,
    signature: SignatureHeaders | undefined,
    token: string | null = TEST_TOKEN,
  ): Promise<{ status: number; body: Json }> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    if (signature) {
      headers[SIGNATURE_HEADERS.timestamp] = signature.timestamp;
      headers[SIGNATURE_HEADERS.nonce] = signature.nonce;
      headers[SIGNATURE_HEADERS.signature] = signature.signature;
    }
    const response = await fetch(`${sandbox.http.url}${path}`, { method, headers, body: body || undefined });
    return { status: response.status, body: await response.json() };
  }

  const signed = (
    method: string,
    path: string,
    body = "",
    at = Date.now(),
    key: KeyObject = keys.privateKey,
  ) => signControl(key, { method, path, body }, at);

  it("accepts a good signature, and the audit entry carries it", async () => {
    const body = '{"enabled":true,"blockTime":0}';
    const headers = signed("POST", "/api/live", body);
    const accepted = await send("POST", "/api/live", body, headers);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.enabled).toBe(true);

    const audit = await send("GET", "/api/audit?limit=1", "", undefined);
    expect(audit.status).toBe(200);
    expect(audit.body.entries[0]).toMatchObject({
      actor: { role: "instructor" },
      method: "POST",
      path: "/api/live",
      body: { enabled: true, blockTime: 0 },
      status: 200,
      signature: headers,
    });
  });

  it("refuses a bad signature, a replayed nonce, a stale or future timestamp, and none, each with its reason", async () => {
    const refusal = async (signature: SignatureHeaders | undefined, body = "") => {
      const answer = await send("POST", "/api/live/mine", body, signature);
      expect(answer.status).toBe(401);
      return answer.body.error as { code: string; message: string };
    };
    const other = generateKeyPairSync("ed25519").privateKey;
    expect(await refusal(signed("POST", "/api/live/mine", "", Date.now(), other))).toMatchObject({
      code: "signature_invalid",
      message: expect.stringContaining("bad signature"),
    });
    // Signed for another path, or another body: the same refusal.
    expect((await refusal(signed("POST", "/api/runs/run-1/step"))).code).toBe("signature_invalid");
    expect((await refusal(signed("POST", "/api/live/mine", "{}"), '{"x":1}')).code).toBe("signature_invalid");

    const once = signed("POST", "/api/live/mine");
    expect((await send("POST", "/api/live/mine", "", once)).status).toBe(200);
    expect(await refusal(once)).toMatchObject({
      code: "signature_replayed",
      message: expect.stringContaining("replayed request: this nonce was already used"),
    });

    expect(await refusal(signed("POST", "/api/live/mine", "", Date.now() - 120_000))).toMatchObject({
      code: "signature_stale",
      message: expect.stringMatching(/stale timestamp: signed 1[12]\d s ago, more than 60 s/),
    });
    expect((await refusal(signed("POST", "/api/live/mine", "", Date.now() + 120_000))).code).toBe(
      "signature_future",
    );
    expect(await refusal(undefined)).toMatchObject({
      code: "signature_missing",
      message: expect.stringContaining("this sandbox takes signed control only (--instructor-key)"),
    });
    // The token is still needed: a signature alone is not enough.
    const noToken = await send("POST", "/api/live/mine", "", signed("POST", "/api/live/mine"), null);
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe("unauthorized");

    const audit = await send("GET", "/api/audit?limit=3", "", undefined);
    expect(audit.body.entries.map((e: Json) => [e.status, e.signature === null])).toEqual([
      [401, false],
      [401, true],
      [401, false],
    ]);
  });

  it("refuses run controls over socket.io, and records the refusal", async () => {
    const socket = connect(sandbox.http.url, {
      transports: ["websocket"],
      auth: { token: TEST_TOKEN },
      reconnection: false,
    });
    const answer = await new Promise<Json>((resolve) =>
      socket.emit("run:control", { runId: "run-1", action: "step" }, resolve),
    );
    socket.disconnect();
    expect(answer.error).toMatchObject({
      code: "signed_control_required",
      message: SIGNED_CONTROL_OVER_SOCKET_MESSAGE,
    });
    const audit = await send("GET", "/api/audit?limit=1", "", undefined);
    expect(audit.body.entries[0]).toMatchObject({ method: "SOCKET", path: "run:control", status: 401 });
  });

  it("npm run sign: --keygen makes a pair, and the headers it prints are accepted", async () => {
    const keyFile = join(dir, "instructor.key");
    const made = await runScript("sign.ts", ["--keygen", "--key", keyFile]);
    expect(made.code).toBe(0);
    const hex = /--instructor-key ([0-9a-f]{64})/.exec(made.stdout)?.[1];
    expect(hex).toBeDefined();
    expect(parsePublicKey(readFileSync(`${keyFile}.pub`, "utf8")).equals(parsePublicKey(hex!))).toBe(true);
    expect((await runScript("sign.ts", ["--keygen", "--key", keyFile])).stderr).toContain("EEXIST");

    // The sandbox's own key, as a file the script reads.
    const ours = join(dir, "ours.key");
    writeFileSync(ours, keys.privateKey.export({ type: "pkcs8", format: "pem" }));
    const body = '{"ordering":"profit"}';
    const printed = await runScript("sign.ts", ["PUT", "/api/mev/builder", body, "--key", ours]);
    expect(printed.code).toBe(0);
    const header = (name: string) => new RegExp(`^${name}: (\\S+)$`, "m").exec(printed.stdout)?.[1] ?? "";
    const headers = {
      timestamp: header(SIGNATURE_HEADERS.timestamp),
      nonce: header(SIGNATURE_HEADERS.nonce),
      signature: header(SIGNATURE_HEADERS.signature),
    };
    const accepted = await send("PUT", "/api/mev/builder", body, headers);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.ordering).toBe("profit");
  });

  it("npm start takes --instructor-key (env SANDBOX_INSTRUCTOR_KEY) and refuses a key it cannot read", async () => {
    const hex = publicKeyHex(keys.publicKey);
    const parsed = parseStartOptions([], { SANDBOX_INSTRUCTOR_KEY: hex });
    expect(parsed).toMatchObject({ kind: "options", options: { instructorKey: hex } });
    const started = await runScript("start.ts", ["--instructor-key", "not-a-key"]);
    expect(started.code).toBe(2);
    expect(started.stderr).toContain("npm start: --instructor-key: must be an Ed25519 public key");
    expect(started.stdout).not.toContain("Starting the chain");
  });
});
