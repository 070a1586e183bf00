import { describe, expect, it } from "vitest";
import { ChainLock } from "../server/control/lock";

describe("ChainLock", () => {
  it("runs one task at a time; the sandbox's own work goes before waiting outside requests", async () => {
    const lock = new ChainLock();
    const order: string[] = [];
    let release: () => void = () => {};
    const first = lock.run(() =>
      new Promise<void>((resolve) => (release = resolve)).then(() => order.push("first")),
    );
    const tasks = [
      lock.run(async () => order.push("outside 1"), "outside"),
      lock.run(async () => order.push("step 1")),
      lock.run(async () => order.push("outside 2"), "outside"),
      lock.run(async () => order.push("step 2")),
    ];
    expect(lock.busy).toBe(true);
    release();
    await Promise.all([first, ...tasks]);
    expect(order).toEqual(["first", "step 1", "step 2", "outside 1", "outside 2"]);
    expect(lock.busy).toBe(false);
  });

  it("passes a task's error to its caller and goes on with the next", async () => {
    const lock = new ChainLock();
    const failing = lock.run(async () => {
      throw new Error("boom");
    });
    const next = lock.run(async () => 42, "outside");
    await expect(failing).rejects.toThrow("boom");
    expect(await next).toBe(42);
  });
});
