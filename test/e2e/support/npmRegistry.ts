/**
 * A local npm registry for the release rehearsal: verdaccio 5 (a devDependency; 6.x needs Node 22)
 * started by the test on a free loopback port, with its config and storage in a temp directory.
 * This package's names (`pulumi-genauth`, `@pulumi-genauth/*`) live only here: what a user gets is
 * what the test published. Every other package is proxied from the machine's npm registry, as a
 * user's install would fetch it.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import { REPO_ROOT } from "../../../harness/programModules";
import { assertNoSurvivors, killAll, waitForExit } from "./processes";

/** Set in verdaccio's environment, so a check can find it (and what it started) if it outlives a test. */
const MARKER = "GENAUTH_E2E_VERDACCIO";

/** A running registry. */
export interface NpmRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** An npm userconfig holding this registry and a publisher's token (not the user's ~/.npmrc). */
  readonly userconfig: string;
  /**
   * Environment for npm: this registry, that userconfig (instead of ~/.npmrc), no audit or fund
   * calls, and the machine's npm cache (tarballs are cached by their integrity, so packages
   * proxied from the real registry are not downloaded twice).
   */
  readonly env: Record<string, string>;
  /** Runs npm with {@link env} in `cwd`; throws with its output unless it exits 0. */
  npm(args: string[], cwd: string): string;
  /** Stops verdaccio; fails when it, or anything it started, is still running afterwards. */
  stop(): Promise<void>;
}

/** A free loopback port (listened on, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts verdaccio with its files under `dir`; resolves once it answers. */
export async function startNpmRegistry(dir: string): Promise<NpmRegistry> {
  mkdirSync(path.join(dir, "storage"), { recursive: true });
  const upstream = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim();
  const config = path.join(dir, "config.yaml");
  writeFileSync(
    config,
    [
      `storage: ${path.join(dir, "storage")}`,
      "auth:",
      "  htpasswd:",
      `    file: ${path.join(dir, "htpasswd")}`,
      "uplinks:",
      "  upstream:",
      `    url: ${upstream}`,
      "    timeout: 60s",
      "packages:",
      // No uplink for this package's names: a name taken on the real registry cannot mix in.
      "  'pulumi-genauth':",
      "    access: $all",
      "    publish: $authenticated",
      "  '@pulumi-genauth/*':",
      "    access: $all",
      "    publish: $authenticated",
      "  '**':",
      "    access: $all",
      "    publish: $authenticated",
      "    proxy: upstream",
      "web:",
      "  enable: false",
      "logs: { type: stdout, format: json, level: warn }",
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules/verdaccio/bin/verdaccio"),
      "--config",
      config,
      "--listen",
      `127.0.0.1:${port}`,
    ],
    { cwd: dir, env: { ...process.env, [MARKER]: dir }, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      if ((await waitForExit([child.pid], 5_000)).length > 0) killAll([child.pid]);
    }
    await assertNoSurvivors(MARKER, dir, "verdaccio");
  };
  try {
    await waitUntilUp(url, child, () => output);
    // A publisher: verdaccio's htpasswd plugin creates the user and answers with a token.
    const token = await addUser(url);
    const userconfig = path.join(dir, "npmrc");
    writeFileSync(userconfig, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
    const env = {
      npm_config_registry: url,
      npm_config_userconfig: userconfig,
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      // Lockfiles record where each package came from (a user's ~/.npmrc may say otherwise).
      npm_config_omit_lockfile_registry_resolved: "false",
    };
    return {
      url,
      userconfig,
      env,
      npm(args, cwd) {
        try {
          return execFileSync("npm", args, {
            cwd,
            env: { ...process.env, ...env },
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            timeout: 170_000,
          });
        } catch (error) {
          const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
          throw new Error(`npm ${args.join(" ")} failed:\n${stdout}${stderr}\nverdaccio:\n${output}`);
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited ${child.exitCode}:\n${output()}`);
    try {
      const answer = await fetch(`${url}-/ping`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`verdaccio did not answer on ${url} within 30 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function addUser(url: string): Promise<string> {
  const name = "rehearsal";
  const answer = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "rehearsal-password", type: "user", roles: [] }),
  });
  const body = (await answer.json()) as { token?: string };
  if (!answer.ok || !body.token)
    throw new Error(`verdaccio refused the user: ${answer.status} ${JSON.stringify(body)}`);
  return body.token;
}
