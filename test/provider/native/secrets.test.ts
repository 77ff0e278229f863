import {
  holdsSecret,
  SECRET_SIG,
  SIG_KEY,
  unwrapProperties,
  unwrapSecrets,
  wrapProperties,
  wrapSecret,
} from "../../../provider/native/secrets";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("wire secrets", () => {
  test("unwrapSecrets replaces secrets at any depth by what they hold", () => {
    const wire = { a: secret("x"), b: { c: secret({ d: secret("y") }) }, e: [secret(1), 2] };
    expect(unwrapSecrets(wire)).toEqual({ a: "x", b: { c: { d: "y" } }, e: [1, 2] });
  });

  test("unwrapProperties names the top-level keys that held a secret anywhere inside", () => {
    const { values, secretKeys } = unwrapProperties({
      appId: "app",
      connection: { host: "h", accessKeySecret: secret("s") },
      rotationTrigger: secret("t"),
    });
    expect(values).toEqual({
      appId: "app",
      connection: { host: "h", accessKeySecret: "s" },
      rotationTrigger: "t",
    });
    expect(secretKeys).toEqual(["connection", "rotationTrigger"]);
  });

  test("wrapProperties wraps the named keys that are present, once", () => {
    const out = wrapProperties({ secret: "s", connection: secret({ host: "h" }), appId: "a" }, [
      "secret",
      "connection",
      "missing",
    ]);
    expect(out).toEqual({ secret: secret("s"), connection: secret({ host: "h" }), appId: "a" });
    expect(out).not.toHaveProperty("missing");
  });

  test("wrapSecret never wraps a secret twice, and holdsSecret sees it", () => {
    expect(wrapSecret(wrapSecret("v"))).toEqual(secret("v"));
    expect(holdsSecret({ a: [{ b: secret("v") }] })).toBe(true);
    expect(holdsSecret({ a: [{ b: "v" }] })).toBe(false);
  });
});
