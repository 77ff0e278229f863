/**
 * The committed SDKs are what Pulumi's generators (scripts/sdkgen) make of the committed schema (run
 * `npm run sdk` after `npm run schema`), and the Python and Node.js SDKs compile. No Python
 * runtime for Pulumi can be installed here, so the Python SDK is not run.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateSdks, SDK_DIR, SDK_LANGUAGES } from "../../scripts/native-sdk";
import { E2E_TIMEOUT_MS } from "./support/scenario";

jest.setTimeout(E2E_TIMEOUT_MS);

/** Every file under `dir`, relative path → content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = path.join(sub, name);
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else out[rel] = readFileSync(path.join(dir, rel), "utf8");
    }
  };
  walk("");
  return out;
}

let fresh: string;
beforeAll(() => {
  fresh = mkdtempSync(path.join(os.tmpdir(), "genauth-sdk-"));
  generateSdks(fresh);
});
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

test.each(SDK_LANGUAGES)(
  "sdk/%s is exactly what the generators make of the schema (run npm run sdk)",
  (lang) => {
    const committed = tree(path.join(SDK_DIR, lang));
    expect(Object.keys(committed).length).toBeGreaterThan(5);
    expect(tree(path.join(fresh, lang))).toEqual(committed);
  },
);

test("the generated Python SDK compiles", () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "genauth-pycache-"));
  try {
    execFileSync("python3", ["-m", "compileall", "-q", path.join(SDK_DIR, "python")], {
      env: { ...process.env, PYTHONPYCACHEPREFIX: out },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const compiled = tree(out);
    expect(Object.keys(compiled).filter((f) => f.endsWith(".pyc")).length).toBeGreaterThanOrEqual(8);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the generated Node.js SDK compiles, and its package carries the plugin's server", () => {
  // The release workflow builds it the same way (tsc), with this repository's TypeScript and
  // @pulumi/pulumi found from sdk/nodejs by walking up to the root node_modules.
  const out = mkdtempSync(path.join(os.tmpdir(), "genauth-nodejs-sdk-"));
  try {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", path.join(SDK_DIR, "nodejs"), "--outDir", out],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const built = Object.keys(tree(out));
    expect(built).toEqual(
      expect.arrayContaining(["index.js", "index.d.ts", "applicationSecret.js", "provider.js"]),
    );
    const pkg = JSON.parse(readFileSync(path.join(SDK_DIR, "nodejs", "package.json"), "utf8"));
    expect(pkg.pulumi).toMatchObject({
      resource: true,
      name: "genauth",
      server: "github://api.github.com/pulumi-genauth",
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
