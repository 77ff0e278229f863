/**
 * The folders of provider/ are layers, and imports point down them: what a newcomer reads in
 * ARCHITECTURE.md ("which process runs which file") stays true. The user's program loads
 * program/ and inputs/ only, so it never loads axios or the provider's modules; the client knows
 * GenAuth and nothing of Pulumi. Type-only imports erase at compile time and load nothing, so they
 * may cross.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";

const PROVIDER = path.join(__dirname, "../../provider");

/** Which folders a folder's modules may load at run time. */
const MAY_LOAD: Record<string, readonly string[]> = {
  inputs: ["inputs"],
  client: ["client", "inputs"],
  core: ["core", "client", "inputs"],
  native: ["native", "core", "client", "inputs"],
  program: ["program", "inputs"],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The provider folder (first path segment under provider/) a file or import resolves into. */
function layerOf(file: string): string {
  return path.relative(PROVIDER, file).split(path.sep)[0];
}

/** Relative imports loaded at run time: `import type` and `export type` are left out. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gms);
  return [...found].map((match) => path.resolve(path.dirname(file), match[1]));
}

const crossings = Object.keys(MAY_LOAD).flatMap((layer) =>
  sources(path.join(PROVIDER, layer)).map((file) => [layer, path.relative(PROVIDER, file)] as const),
);

describe("provider/ layers: imports point down", () => {
  it.each(crossings)("%s: %s loads only what its layer may", (layer, file) => {
    const wrong = runtimeImports(path.join(PROVIDER, file))
      .filter((target) => !MAY_LOAD[layer].includes(layerOf(target)))
      .map((target) => path.relative(PROVIDER, target));
    expect(wrong).toEqual([]);
  });

  it("sees every layer's files", () => {
    for (const layer of Object.keys(MAY_LOAD)) {
      expect(sources(path.join(PROVIDER, layer)).length).toBeGreaterThan(0);
    }
  });
});
