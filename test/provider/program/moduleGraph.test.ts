/**
 * A user's program loads the program and inputs layers only: the settings' defaults and checks
 * live in provider/inputs, so the program never loads the provider process's client (retry, TLS,
 * transport) or core. `client/errors` is the one exception: `GenAuthError` is a public export.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../..");

/** The modules under provider/ that loading the package's entry loads, relative to provider/. */
function loadedByProgram(): string[] {
  const script =
    `require("./provider/index.ts");` +
    `const base = ${JSON.stringify(path.join(ROOT, "provider") + path.sep)};` +
    `console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.startsWith(base)).map((k) => k.slice(base.length))));`;
  const run = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout) as string[];
}

describe("the program's modules", () => {
  it("are those of provider/program and provider/inputs, and client/errors for GenAuthError", () => {
    const loaded = loadedByProgram();
    expect(loaded).toContain("inputs/config.ts");
    expect(loaded).toContain("inputs/settings.ts");
    expect(loaded.filter((m) => !/^(index\.ts|program\/|inputs\/)/.test(m))).toEqual(["client/errors.ts"]);
  });
});
