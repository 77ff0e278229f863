/**
 * The release rehearsal's stand-ins for where users get the product from, on loopback:
 *
 * - {@link startReleaseServer}: an HTTP server (in the test process) laid out as the GitHub release
 *   the schema's `pluginDownloadURL` names, and the `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` value that
 *   sends the CLI to it instead of api.github.com; it records every request.
 * - {@link buildGoProxy}: a file-based `GOPROXY` directory holding `sdk/go` as the tag
 *   `sdk/go/v<version>` publishes it (`<module>/@v/{list,v<V>.info,v<V>.mod,v<V>.zip}`, the zip in Go's
 *   module zip format), and the Go environment that resolves it with no `replace`.
 */
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { REPO_ROOT } from "../../../harness/programModules";

/** This package's version (the plugin's, the schema's and every SDK's). */
export const VERSION: string = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;

/** The schema's `pluginDownloadURL`: the GitHub organisation whose releases hold the plugin. */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/pulumi-genauth";

/** The archive the CLI asks for on this machine. */
export const PLUGIN_ARCHIVE = `pulumi-resource-genauth-v${VERSION}-linux-amd64.tar.gz`;

/** The Go SDK's module path (`sdk/go/go.mod`). */
export const GO_SDK_MODULE = "github.com/pulumi-genauth/pulumi-genauth/sdk/go";

/** One request the release server answered. */
export interface ServedRequest {
  method: string;
  url: string;
  status: number;
}

/** A running release server. */
export interface ReleaseServer {
  /** `http://127.0.0.1:<port>/<prefix>`: where the archives are. */
  readonly url: string;
  /** The `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` value that sends `pluginDownloadURL` here. */
  readonly override: string;
  /** Every request so far, in order. */
  readonly requests: ServedRequest[];
  /** The URL path of a file of the release (`/<prefix>/<name>`). */
  pathOf(name: string): string;
  stop(): Promise<void>;
}

/**
 * Serves the files of `dir` (dist/: the plugin archives and SHA256SUMS) under
 * `/pulumi-genauth/releases/download/v<version>/`, as GitHub serves a release's assets; anything
 * else is a 404. Listens on a free loopback port.
 */
export async function startReleaseServer(dir: string): Promise<ReleaseServer> {
  const prefix = `/pulumi-genauth/releases/download/v${VERSION}`;
  const requests: ServedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "";
    const name = url.startsWith(`${prefix}/`) ? decodeURIComponent(url.slice(prefix.length + 1)) : "";
    const file = path.join(dir, name);
    const found =
      req.method === "GET" && /^[\w.-]+$/.test(name) && existsSync(file) && statSync(file).isFile();
    requests.push({ method: req.method ?? "", url, status: found ? 200 : 404 });
    if (!found) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "content-length": statSync(file).size,
    });
    createReadStream(file).pipe(res);
  });
  // Keep-alive sockets would hold close() open after the CLI is gone.
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}${prefix}`;
  return {
    url,
    override: `^${PLUGIN_DOWNLOAD_URL}=${url}`,
    requests,
    pathOf: (name) => `${prefix}/${name}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Go proxy stand-in and the environment that uses it. */
export interface GoProxy {
  /** The file-based proxy directory. */
  dir: string;
  /** The module's files the zip holds (relative to the module root). */
  files: string[];
  /**
   * Environment for `go` (and the Go language host): this proxy first, then the machine's
   * configured one; no checksum database for the SDK's module path (a fresh release is not in
   * sum.golang.org yet); `-mod=mod` so `go` may update go.mod and go.sum.
   */
  env: Record<string, string>;
  /**
   * Removes the SDK's module from the machine's module cache (call before and after a test). The
   * machine's cache is used, not one of the test's own, because the Go build cache keys compiled
   * packages by their directory: a fresh module cache would recompile the Pulumi SDK and gRPC
   * (~100 s on 2 cores) where the other Go tests have compiled them already.
   */
  forget(): void;
}

/**
 * Writes, under `root`, a file-based GOPROXY with `sdk/go` of this checkout as the module
 * version `v<version>` (what the tag `sdk/go/v<version>` publishes).
 */
export function buildGoProxy(root: string): GoProxy {
  const go = (args: string[]) => execFileSync("go", args, { encoding: "utf8" }).trim();
  const dir = path.join(root, "goproxy");
  const moduleDir = path.join(REPO_ROOT, "sdk/go");
  const at = path.join(dir, ...GO_SDK_MODULE.split("/"), "@v");
  mkdirSync(at, { recursive: true });
  const v = `v${VERSION}`;
  const files = listFiles(moduleDir);
  writeFileSync(path.join(at, "list"), `${v}\n`);
  writeFileSync(path.join(at, `${v}.info`), JSON.stringify({ Version: v, Time: "2026-01-01T00:00:00Z" }));
  writeFileSync(path.join(at, `${v}.mod`), readFileSync(path.join(moduleDir, "go.mod")));
  writeFileSync(
    path.join(at, `${v}.zip`),
    zipFiles(
      files.map((f) => ({ name: `${GO_SDK_MODULE}@${v}/${f}`, data: readFileSync(path.join(moduleDir, f)) })),
    ),
  );
  const modCache = go(["env", "GOMODCACHE"]);
  const flags = go(["env", "GOFLAGS"]);
  const org = GO_SDK_MODULE.split("/").slice(0, 2);
  return {
    dir,
    files,
    env: {
      GOPROXY: [`file://${dir}`, go(["env", "GOPROXY"])].join(","),
      GONOSUMDB: org.join("/"),
      GOFLAGS: [flags, "-mod=mod"].filter(Boolean).join(" "),
      GOMODCACHE: modCache,
      GOPATH: go(["env", "GOPATH"]),
      GOCACHE: go(["env", "GOCACHE"]),
      GOTOOLCHAIN: "local",
    },
    forget() {
      for (const entry of [path.join(modCache, "cache", "download", ...org), path.join(modCache, ...org)]) {
        makeWritable(entry);
        rmSync(entry, { recursive: true, force: true });
      }
    },
  };
}

/** Makes a directory tree removable (Go writes its module cache read-only). */
export function makeWritable(dir: string): void {
  if (!existsSync(dir)) return;
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) makeWritable(path.join(dir, entry.name));
  }
}

/** Files under `dir`, relative, sorted, `/`-separated. */
function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(dir, path.posix.join(prefix, e.name)) : [path.posix.join(prefix, e.name)],
    )
    .sort();
}

/**
 * A zip archive (deflated entries, no directory entries, fixed times) as Go's module zips are:
 * every file under `<module>@<version>/`. Written here: Node has no zip writer, and the format's
 * few records are simple.
 */
export function zipFiles(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1; // 2026-01-01
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const deflated = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(8, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(deflated.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);
    parts.push(local, nameBytes, deflated);
    offset += local.length + nameBytes.length + deflated.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
