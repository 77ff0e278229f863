/**
 * Release rehearsal, Python: the sdist and the wheel of `sdk/python` build (setuptools' PEP 517
 * backend, as `python -m build` drives it, with no network), and hold what users need: the package
 * data (`py.typed`, `pulumi-plugin.json` with the plugin's `server`, `config/__init__.pyi`), the
 * LICENSE, and metadata naming `pulumi-genauth` at this version. 45-release-python-program runs a
 * Python program with the wheel.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildPythonDists } from "./support/python";
import { PLUGIN_DOWNLOAD_URL, VERSION } from "./support/release";

describe("the Python SDK's sdist and wheel", () => {
  let work: string;
  let wheelFiles: string[];
  let sdistFiles: string[];
  let wheel: string;
  let sdist: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "genauth-python-"));
    ({ sdist, wheel } = buildPythonDists(work));
    wheelFiles = execFileSync("unzip", ["-Z1", wheel], { encoding: "utf8" }).trim().split("\n");
    sdistFiles = execFileSync("tar", ["-tzf", sdist], { encoding: "utf8" }).trim().split("\n");
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("both are named for pulumi-genauth at this version", () => {
    // setuptools < 69.3 (Debian's 66 here) keeps the dash; newer ones (the release workflow's)
    // write the normalized name PyPI asks for.
    expect(path.basename(sdist)).toMatch(
      new RegExp(`^pulumi[-_]genauth-${VERSION.replace(/\\./g, "\\.")}\\.tar\\.gz$`),
    );
    expect(path.basename(wheel)).toBe(`pulumi_genauth-${VERSION}-py3-none-any.whl`);
    expect(readdirSync(path.dirname(wheel)).sort()).toEqual(
      [path.basename(sdist), path.basename(wheel)].sort(),
    );
  });

  test("the wheel holds the package data and the LICENSE", () => {
    for (const file of [
      "pulumi_genauth/__init__.py",
      "pulumi_genauth/py.typed",
      "pulumi_genauth/pulumi-plugin.json",
      "pulumi_genauth/config/__init__.py",
      "pulumi_genauth/config/__init__.pyi",
      "pulumi_genauth/config/vars.py",
      `pulumi_genauth-${VERSION}.dist-info/LICENSE`,
    ]) {
      expect(wheelFiles).toContain(file);
    }
  });

  test("the wheel's pulumi-plugin.json names the plugin, its version and where to download it", () => {
    const text = execFileSync("unzip", ["-p", wheel, "pulumi_genauth/pulumi-plugin.json"], {
      encoding: "utf8",
    });
    expect(JSON.parse(text)).toEqual({
      resource: true,
      name: "genauth",
      version: VERSION,
      server: PLUGIN_DOWNLOAD_URL,
    });
  });

  test("the wheel's metadata: name, version, licence, Python and the Pulumi SDK requirement", () => {
    const metadata = execFileSync("unzip", ["-p", wheel, `pulumi_genauth-${VERSION}.dist-info/METADATA`], {
      encoding: "utf8",
    });
    expect(metadata).toMatch(/^Name: pulumi-genauth$/m);
    expect(metadata).toMatch(new RegExp(`^Version: ${VERSION.replace(/\./g, "\\.")}$`, "m"));
    expect(metadata).toMatch(/^License: Apache-2\.0$/m);
    expect(metadata).toMatch(/^Requires-Python: >=3\.9$/m);
    // `pulumi (<4.0.0,>=3.269.0)` from older setuptools, `pulumi<4.0.0,>=3.269.0` from newer.
    expect(metadata).toMatch(/^Requires-Dist: pulumi ?\(?<4\.0\.0,>=3\.269\.0\)?$/m);
  });

  test("the sdist holds the sources, the package data, the LICENSE and PKG-INFO", () => {
    const root = path.basename(sdist, ".tar.gz");
    for (const file of [
      "PKG-INFO",
      "pyproject.toml",
      "LICENSE",
      "pulumi_genauth/__init__.py",
      "pulumi_genauth/py.typed",
      "pulumi_genauth/pulumi-plugin.json",
      "pulumi_genauth/config/__init__.pyi",
    ]) {
      expect(sdistFiles).toContain(`${root}/${file}`);
    }
  });
});
