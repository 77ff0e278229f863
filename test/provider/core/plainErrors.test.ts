import { plain, withPlainErrors } from "../../../provider/core/plainErrors";
import { UnconfirmedRotationError } from "../../../provider/core/unconfirmedRotationError";

describe("withPlainErrors", () => {
  const failing = (error: unknown) => {
    const reject = async () => {
      throw error;
    };
    return withPlainErrors({
      configure: reject,
      check: reject,
      diff: reject,
      create: reject,
      update: reject,
      read: reject,
      delete: reject,
    } as never);
  };

  it("rejects with the same error, its stack removed, so the host prints no trace", async () => {
    const error = new Error("GenAuth said no");
    await expect(failing(error).read("id", {})).rejects.toBe(error);
    expect(error.stack).toBe("");
  });

  it("keeps what makes an error partial state: id, properties and reasons", async () => {
    const error = new UnconfirmedRotationError("app", { pendingRotation: {} } as never, new Error("lost"));
    const thrown = (await failing(error)
      .create({})
      .catch((e: unknown) => e)) as UnconfirmedRotationError;
    expect([thrown.id, thrown.properties, thrown.reasons]).toEqual([
      "app",
      { pendingRotation: {} },
      [error.message],
    ]);
  });

  it("turns a thrown non-Error into an Error that says what was thrown, never [object Object]", () => {
    expect((plain({ a: 1 }) as Error).message).toBe("unexpected failure (a thrown object)");
    expect((plain("text") as Error).message).toBe("text");
  });
});
