/**
 * Release rehearsal, a Python program as users run one: the program directory `pulumi new python`
 * sets up (`runtime: {name: python, options: {virtualenv: venv}}`, a `requirements.txt`), `pulumi`
 * from PyPI and `pulumi-genauth` from a loopback package index standing in for PyPI, and the plugin
 * fetched by the CLI itself from a loopback stand-in for the GitHub release (fresh PULUMI_HOME,
 * automatic acquisition on, no `node` on PATH). Then up, a trigger rotation, refresh, import and
 * destroy through the real CLI against the emulator.
 *
 * The virtual environment is made as Pulumi's docs show for an existing project (`python -m venv
 * venv`, then `venv/bin/pip install -r requirements.txt`), and the host is pointed at its python
 * with PULUMI_PYTHON_CMD: the Python host the Go module proxy serves (sdk/v3 v3.78.0) predates
 * runtime options reaching a host over RPC, so it ignores `virtualenv: venv` (a regular install's
 * host reads it and finds the same venv; see docs/contributing.md). For the same reason `pulumi
 * import` runs with --generate-code=false (that host has no GenerateProgram), and the test writes
 * the line a regular install prints.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { POOL_A_ID, POOL_A_SECRET, SEEDED_APPS } from "../../emulator";
import { fingerprint } from "../../provider/client/fingerprint";
import { REPO_ROOT } from "../../harness/programModules";
import { TEST_PASSPHRASE } from "../../harness/workdir";
import { findLeaks, secretNeedles } from "./support/leaks";
import { buildPlugin, NativeProject } from "./support/nativeCli";
import { buildPythonDists, PythonIndex, startPythonIndex } from "./support/python";
import { PLUGIN_ARCHIVE, ReleaseServer, startReleaseServer, VERSION } from "./support/release";
import { useScenario } from "./support/scenario";

const WEB = SEEDED_APPS.web;
const API = SEEDED_APPS.api;
const TOKEN = "genauth:index:ApplicationSecret";

const MAIN_PY = `import pulumi
import pulumi_genauth as genauth

config = pulumi.Config()
web = genauth.ApplicationSecret(
    "web",
    app_id=config.require("webApp"),
    rotation_trigger=config.get("rotationTrigger") or "2026-01",
)
pulumi.export("webFingerprint", web.fingerprint)
pulumi.export("webSecret", web.secret)
`;

describe("a Python program with the released wheel and plugin", () => {
  const scenario = useScenario({ packageDir: null });
  let server: ReleaseServer;
  let index: PythonIndex;
  let project: NativeProject;
  let work: string;
  let PATH: string;
  const control = () => scenario().emulator.control;
  const home = () => project.env.PULUMI_HOME;
  const calls = async (action: () => Promise<unknown>) => (await scenario().callsDuring(action)).calls;
  const resource = (name: string) => project.resourceInState(TOKEN, name);

  beforeAll(async () => {
    await buildPlugin();
    work = mkdtempSync(path.join(os.tmpdir(), "genauth-python-program-"));
    const { wheel } = buildPythonDists(work);
    index = await startPythonIndex([wheel]);
    server = await startReleaseServer(path.join(REPO_ROOT, "dist"));
    project = new NativeProject(scenario().workDir, path.join(scenario().workDir.root, "python"), ["python"]);
    const file = (name: string, text: string) => writeFileSync(path.join(project.dir, name), text);
    // What `pulumi new python` writes (its template's files, with our package added).
    file(
      "Pulumi.yaml",
      ["name: rotate-python", "runtime:", "  name: python", "  options:", "    virtualenv: venv", ""].join(
        "\n",
      ),
    );
    file("requirements.txt", `pulumi>=3.0.0,<4.0.0\npulumi-genauth==${VERSION}\n`);
    file("__main__.py", MAIN_PY);
    // `pulumi` from PyPI, `pulumi-genauth` from the loopback index (served by this process: the
    // install must not block its event loop).
    const run = promisify(execFile);
    await run("python3", ["-m", "venv", "venv"], { cwd: project.dir });
    await run(
      path.join(project.dir, "venv/bin/pip"),
      ["install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
      { cwd: project.dir, env: { ...process.env, PIP_EXTRA_INDEX_URL: index.url } },
    );
    project.acquirePluginsFrom(server.override);
    project.env.PULUMI_PYTHON_CMD = path.join(project.dir, "venv/bin/python");
    // The CLI's directory and the Python host's, nothing else: no node.
    PATH = [path.dirname(scenario().workDir.cliBinary), project.env.PATH.split(path.delimiter)[1]].join(
      path.delimiter,
    );
    project.env.PATH = PATH;
    await project.pulumi(["stack", "init", "dev"]);
    await project.pulumi(["config", "set", "genauth:host", scenario().emulator.url]);
    await project.pulumi(["config", "set", "genauth:accessKeyId", POOL_A_ID]);
    await project.pulumi(["config", "set", "--secret", "genauth:accessKeySecret", POOL_A_SECRET]);
    await project.pulumi(["config", "set", "webApp", WEB]);
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await index?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test("pip took pulumi-genauth from the loopback index and pulumi from PyPI", () => {
    expect(index.requests).toContain("/simple/pulumi-genauth/");
    expect(index.requests.some((r) => r.endsWith(`pulumi_genauth-${VERSION}-py3-none-any.whl`))).toBe(true);
    expect(index.requests).toContain("/simple/pulumi/"); // asked here first, then found on PyPI
    const site = execFileSync(
      project.env.PULUMI_PYTHON_CMD,
      [
        "-c",
        "import pulumi, pulumi_genauth, json; print(json.dumps([pulumi.__file__, pulumi_genauth.__file__]))",
      ],
      { encoding: "utf8" },
    );
    const [sdk, ours] = JSON.parse(site) as string[];
    expect(sdk).toContain(path.join(project.dir, "venv"));
    expect(ours).toContain(path.join(project.dir, "venv"));
  });

  test("the environment has no node, and PULUMI_HOME no genauth plugin yet", () => {
    expect(PATH.split(path.delimiter).some((dir) => existsSync(path.join(dir, "node")))).toBe(false);
    const plugins = path.join(home(), "plugins");
    expect(existsSync(plugins) ? readdirSync(plugins).filter((p) => p.includes("genauth")) : []).toEqual([]);
  });

  test("up fetches the plugin once from the release location and rotates once", async () => {
    const made = await calls(() => project.pulumi(["up", "--yes"]));
    expect(server.requests).toEqual([{ method: "GET", url: server.pathOf(PLUGIN_ARCHIVE), status: 200 }]);
    expect(made["refresh-application-secret"]).toBe(1);
    expect(control().app(WEB).rotations).toBe(1);
    const web = await resource("web");
    expect(web.outputs).toMatchObject({
      appId: WEB,
      rotationReason: "created",
      fingerprint: fingerprint(scenario().secretOf(WEB)),
    });
    expect(web.outputs!.secret).toHaveProperty("ciphertext");
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json"])).stdout);
    expect(outputs).toEqual({ webFingerprint: fingerprint(scenario().secretOf(WEB)), webSecret: "[secret]" });
  });

  test("a new trigger rotates once, in place", async () => {
    await project.pulumi(["config", "set", "rotationTrigger", "2026-02"]);
    const made = await calls(() => project.pulumi(["up", "--yes"]));
    expect(made["refresh-application-secret"]).toBe(1);
    expect(control().app(WEB).rotations).toBe(2);
    expect((await resource("web")).outputs).toMatchObject({ rotationReason: "trigger" });
    expect((await resource("web")).id).toBe(WEB);
  });

  test("refresh records a rotation made outside Pulumi, without rotating", async () => {
    control().rotate(WEB);
    const rotations = control().app(WEB).rotations;
    await project.pulumi(["refresh", "--yes"]);
    expect(control().app(WEB).rotations).toBe(rotations);
    expect((await resource("web")).outputs).toMatchObject({
      rotationReason: "drift",
      fingerprint: fingerprint(scenario().secretOf(WEB)),
    });
  });

  test("import from an empty PULUMI_HOME adopts an application without rotating; its code makes up a no-op", async () => {
    // --generate-code=false: the proxy-built Python host cannot print code ("method GenerateProgram
    // not implemented"); a regular install's host prints what is written below.
    // A teammate's machine: an empty PULUMI_HOME. The installed SDK tells the CLI where the plugin is.
    const teammate = mkdtempSync(path.join(os.tmpdir(), "genauth-python-home-"));
    const made = await calls(() =>
      project.pulumi(
        ["import", TOKEN, "api", API, "--stack", "dev", "--yes", "--protect=false", "--generate-code=false"],
        {
          env: { PULUMI_HOME: teammate },
        },
      ),
    );
    expect(existsSync(path.join(teammate, "plugins", `resource-genauth-v${VERSION}`))).toBe(true);
    rmSync(teammate, { recursive: true, force: true });
    expect(server.requests.filter((r) => r.url === server.pathOf(PLUGIN_ARCHIVE))).toHaveLength(2);
    expect(made["refresh-application-secret"]).toBeUndefined();
    expect(control().app(API).rotations).toBe(0);
    expect((await resource("api")).outputs).toMatchObject({
      rotationReason: "adopted",
      fingerprint: fingerprint(scenario().secretOf(API)),
    });
    const code = `api = genauth.ApplicationSecret("api", app_id="${API}")\n`;
    writeFileSync(path.join(project.dir, "__main__.py"), `${MAIN_PY}${code}`);
    const after = await calls(() => project.pulumi(["preview", "--expect-no-changes"]));
    expect(after).toEqual({});
  });

  test("destroy removes both and leaves the applications' secrets as they are", async () => {
    const secrets = [scenario().secretOf(WEB), scenario().secretOf(API)];
    const made = await calls(() => project.pulumi(["destroy", "--yes"]));
    expect(made["refresh-application-secret"]).toBeUndefined();
    expect([scenario().secretOf(WEB), scenario().secretOf(API)]).toEqual(secrets);
    expect((await project.exportState()).deployment.resources ?? []).toEqual([]);
  });

  test("state and CLI output hold no secret", () => {
    const needles = secretNeedles(
      { "pool A key secret": POOL_A_SECRET, passphrase: TEST_PASSPHRASE },
      control().issuedSecrets(),
    );
    const { state, "CLI output": cli } = project.leakPlaces();
    expect(cli).toContain("[secret value]");
    expect(findLeaks({ state, "CLI output": cli }, needles)).toEqual([]);
  });
});
