/**
 * Release rehearsal, Python: the sdist and the wheel of `sdk/python` build (setuptools' PEP 517
 * backend, as `python -m build` drives it, with no network), and hold what users need: the package
 * data (`py.typed`, `pulumi-plugin.json` with the plugin's `server`, `config/__init__.pyi`), the
 * LICENSE, and metadata naming `pulumi-genauth` at this version. Running a Python program is not
 * possible here (no PyPI: the Pulumi Python SDK's dependencies cannot be installed).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../harness/programModules";
import { PLUGIN_DOWNLOAD_URL, VERSION } from "./support/release";

/** The first python with setuptools and wheel (.ci/run installs Debian's for /usr/bin/python3). */
function findPython(): string {
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(candidate, ["-c", "import setuptools, wheel"], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    "no python3 with setuptools and wheel: apt-get install python3-setuptools python3-wheel (.ci/run does)",
  );
}

/** Runs setuptools' PEP 517 hook `hook` in `dir`, writing into `out`; returns the file's name. */
function build(python: string, hook: "build_sdist" | "build_wheel", dir: string, out: string): string {
  const printed = execFileSync(
    python,
    ["-c", `import sys\nfrom setuptools import build_meta\nprint(build_meta.${hook}(sys.argv[1]))`, out],
    {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, PIP_NO_INDEX: "1", SOURCE_DATE_EPOCH: "1767225600" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  // setuptools prints its progress to stdout too: the hook's answer is the last line.
  return printed.trim().split("\n").pop()!;
}

describe("the Python SDK's sdist and wheel", () => {
  let work: string;
  let wheelFiles: string[];
  let sdistFiles: string[];
  let wheel: string;
  let sdist: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "genauth-python-"));
    // A copy: the build writes build/ and *.egg-info beside the sources.
    const src = path.join(work, "src");
    cpSync(path.join(REPO_ROOT, "sdk/python"), src, { recursive: true });
    const out = path.join(work, "dist");
    const python = findPython();
    // As `python -m build` does: the sdist from the sources, then the wheel from the unpacked sdist
    // (so the wheel proves the sdist complete).
    sdist = path.join(out, build(python, "build_sdist", src, out));
    const unpacked = path.join(work, "unpacked");
    mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", sdist, "-C", unpacked]);
    const [root] = readdirSync(unpacked);
    wheel = path.join(out, build(python, "build_wheel", path.join(unpacked, root), out));
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
