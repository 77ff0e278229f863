/**
 * Python for the release rehearsal: the SDK's sdist and wheel built as `python -m build` builds
 * them, a loopback package index (PEP 503) that stands in for PyPI for our wheel, and a virtual
 * environment with a program's requirements.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, createReadStream, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import * as path from "node:path";
import { REPO_ROOT } from "../../../harness/programModules";

/** The first python with setuptools and wheel (.ci/run installs Debian's for /usr/bin/python3). */
export function findPython(): string {
  for (const candidate of ["python3", "/usr/bin/python3"]) {
    const probe = spawnSync(candidate, ["-c", "import setuptools, wheel"], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    "no python3 with setuptools and wheel: apt-get install python3-setuptools python3-wheel (.ci/run does)",
  );
}

/** Runs setuptools' PEP 517 hook `hook` in `dir`, writing into `out`; returns the file's name. */
function buildHook(python: string, hook: "build_sdist" | "build_wheel", dir: string, out: string): string {
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

/** The SDK's sdist and wheel (paths), built under `work`. */
export interface PythonDists {
  sdist: string;
  wheel: string;
}

/**
 * As `python -m build` does (no network): the sdist from a copy of `sdk/python` (the build writes
 * beside the sources), then the wheel from the unpacked sdist, which proves the sdist complete.
 */
export function buildPythonDists(work: string): PythonDists {
  const src = path.join(work, "src");
  cpSync(path.join(REPO_ROOT, "sdk/python"), src, { recursive: true });
  const out = path.join(work, "dist");
  const python = findPython();
  const sdist = path.join(out, buildHook(python, "build_sdist", src, out));
  const unpacked = path.join(work, "unpacked");
  mkdirSync(unpacked);
  execFileSync("tar", ["-xzf", sdist, "-C", unpacked]);
  const [root] = readdirSync(unpacked);
  const wheel = path.join(out, buildHook(python, "build_wheel", path.join(unpacked, root), out));
  return { sdist, wheel };
}

/** A running PEP 503 index. */
export interface PythonIndex {
  /** `http://127.0.0.1:<port>/simple/`: what `--extra-index-url` (PIP_EXTRA_INDEX_URL) takes. */
  readonly url: string;
  /** The paths requested so far. */
  readonly requests: string[];
  stop(): Promise<void>;
}

/** PEP 503's normalized project name: `pulumi_genauth` → `pulumi-genauth`. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * Serves `files` (wheels and sdists) as a PEP 503 simple index on a free loopback port, as PyPI
 * serves a project's files: `/simple/<project>/` lists them with their sha256, and each is
 * downloadable beside it. Anything else is a 404.
 */
export async function startPythonIndex(files: string[]): Promise<PythonIndex> {
  const projects = new Map<string, string[]>();
  for (const file of files) {
    const project = normalize(/^(.+?)-\d/.exec(path.basename(file))![1]);
    projects.set(project, [...(projects.get(project) ?? []), file]);
  }
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? "");
    requests.push(url);
    const match = /^\/simple\/([^/]+)\/([^/]*)$/.exec(url);
    const listed = match ? projects.get(normalize(match[1])) : undefined;
    if (url === "/simple/") {
      const links = [...projects.keys()].map((p) => `<a href="${p}/">${p}</a>`);
      res.writeHead(200, { "content-type": "text/html" }).end(page(links));
    } else if (match && listed && match[2] === "") {
      const links = listed.map((file) => {
        const digest = createHash("sha256").update(readFileSync(file)).digest("hex");
        return `<a href="${path.basename(file)}#sha256=${digest}">${path.basename(file)}</a>`;
      });
      res.writeHead(200, { "content-type": "text/html" }).end(page(links));
    } else if (match && listed?.some((file) => path.basename(file) === match[2])) {
      const file = listed.find((f) => path.basename(f) === match[2])!;
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": statSync(file).size,
      });
      createReadStream(file).pipe(res);
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function page(links: string[]): string {
  return `<!DOCTYPE html>\n<html><body>\n${links.join("<br>\n")}\n</body></html>\n`;
}
