import { createHash } from "crypto";
import { fingerprint } from "../../../../provider/client/fingerprint";
import { carryOver, recordSecret } from "../../../../provider/core/lifecycle/outputs";
import { HISTORY_LIMIT } from "../../../../provider/core/state";

const at = (day: number) => new Date(Date.UTC(2026, 10, day));

describe("fingerprint", () => {
  it("is 16 hex characters, stable, and differs between secrets", () => {
    expect(fingerprint("abc")).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint("abc")).toBe(fingerprint("abc"));
    expect(fingerprint("abc")).not.toBe(fingerprint("abd"));
  });
  it("is not a plain SHA-256 prefix of the secret (domain separated)", () => {
    const plain = createHash("sha256").update("abc").digest("hex").slice(0, 16);
    expect(fingerprint("abc")).not.toBe(plain);
  });
});

describe("recordSecret", () => {
  it("holds no undefined value, so the engine accepts the outputs", () => {
    const outs = recordSecret(
      undefined,
      { appId: "a", rotationTrigger: undefined },
      { secret: "s", reason: "created", at: at(1) },
    );
    expect(Object.values(outs)).not.toContain(undefined);
    expect(outs).not.toHaveProperty("rotationTrigger");
    expect(outs.history[0].requestId).toBeNull();
  });

  it("counts every change and keeps only the last ten, without secrets", () => {
    let outs = recordSecret(undefined, { appId: "a" }, { secret: "s0", reason: "created", at: at(1) });
    for (let i = 1; i <= 12; i++)
      outs = recordSecret(outs, { appId: "a" }, { secret: `s${i}`, reason: "trigger", at: at(1 + i) });
    expect(outs.rotationCount).toBe(13);
    expect(outs.history).toHaveLength(HISTORY_LIMIT);
    expect(outs.history[HISTORY_LIMIT - 1]).toEqual({
      at: at(13).toISOString(),
      reason: "trigger",
      fingerprint: fingerprint("s12"),
      requestId: null,
    });
    expect(JSON.stringify(outs.history)).not.toMatch(/"s\d+"/);
  });

  it("sets nextRotationAt from the schedule", () => {
    const outs = recordSecret(
      undefined,
      { appId: "a", rotateAfter: "2d" },
      { secret: "s", reason: "created", at: at(1) },
    );
    expect(outs.nextRotationAt).toBe(at(3).toISOString());
  });
});

describe("carryOver", () => {
  it("keeps the secret and its time, and recomputes the schedule from the new inputs", () => {
    const prev = recordSecret(undefined, { appId: "a" }, { secret: "s", reason: "created", at: at(1) });
    const outs = carryOver(prev, { appId: "a", rotateAfter: "1w", onDelete: "rotate" });
    expect(outs).toMatchObject({
      secret: "s",
      rotatedAt: at(1).toISOString(),
      onDelete: "rotate",
      nextRotationAt: at(8).toISOString(),
    });
  });
});
