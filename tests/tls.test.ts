/**
 * Optional TLS (--tls-cert, --tls-key): the page, the API and JSON-RPC over https/wss, so the
 * instructor token does not cross a classroom LAN in the clear. The certificate is made here.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { Sandbox } from "../server/sandbox";
import { startTestSandbox, TEST_TOKEN } from "./helpers/http";

/** A self-signed certificate for 127.0.0.1 (openssl is part of Debian's base system). */
function selfSigned(): { cert: Buffer; key: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-tls-"));
  const [key, cert] = [join(dir, "key.pem"), join(dir, "cert.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
    ],
    { stdio: "ignore" },
  );
  return { cert: readFileSync(cert), key: readFileSync(key) };
}

/** An HTTPS request trusting only our certificate. */
function httpsJson(
  url: string,
  ca: Buffer,
  options: { method?: string; body?: string; token?: string } = {},
) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const req = request(url, { method: options.method ?? "GET", ca, headers }, (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("TLS", () => {
  let sandbox: Sandbox;
  let tls: { cert: Buffer; key: Buffer };

  beforeAll(async () => {
    tls = selfSigned();
    sandbox = await startTestSandbox(hre, { classroom: true, tls });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it("serves the API over https", async () => {
    expect(sandbox.http.url).toMatch(/^https:\/\//);
    const health = await httpsJson(`${sandbox.http.url}/api/health`, tls.cert);
    expect(health).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("serves JSON-RPC over https and wss, with the instructor's token inside the encrypted request", async () => {
    expect(sandbox.rpc.url).toMatch(/^https:\/\//);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] });
    const mined = await httpsJson(sandbox.rpc.url, tls.cert, { method: "POST", body, token: TEST_TOKEN });
    expect(mined.body).toMatchObject({ result: "0x0" });
    const ws = new WebSocket(sandbox.rpc.url.replace(/^https/, "wss"), { ca: tls.cert });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const reply = new Promise<string>((resolve) => ws.once("message", (data) => resolve(data.toString())));
    ws.send(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "eth_chainId", params: [] }));
    expect(JSON.parse(await reply)).toMatchObject({ result: "0x7a69" });
    ws.close();
  });

  it("does not answer in the clear", async () => {
    const plain = sandbox.http.url.replace(/^https/, "http");
    await expect(fetch(`${plain}/api/health`)).rejects.toThrow();
  });
});
