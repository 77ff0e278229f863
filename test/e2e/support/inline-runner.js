/**
 * Runs Automation API operations on an inline program in a plain Node process, the way a user's
 * driver script would: `@pulumi/pulumi` and the program module are loaded from the project
 * directory's node_modules, not from jest's module registry.
 *
 * Usage: node inline-runner.js <job.json>. The job names the project directory, the program module
 * and export, the stack, the CLI root, environment, config and the operations to run; one result
 * per operation is written as JSON to `job.resultFile`. Exits 0 unless the runner itself broke.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const load = (name) => require(require.resolve(name, { paths: [job.projectDir] }));
  const auto = load("@pulumi/pulumi/automation");
  const program = load(path.resolve(job.projectDir, job.programModule))[job.programExport || "program"];
  if (typeof program !== "function") throw new Error(`${job.programModule} exports no program function`);

  const pulumiCommand = await auto.PulumiCommand.get({ root: job.cliRoot, skipVersionCheck: true });
  const stack = await auto.LocalWorkspace.createOrSelectStack(
    { projectName: job.projectName, stackName: job.stackName, program },
    {
      workDir: job.workDir,
      pulumiCommand,
      envVars: job.env,
      projectSettings: { name: job.projectName, runtime: "nodejs", main: job.projectDir },
    },
  );
  await stack.setAllConfig(job.config || {});

  const results = [];
  for (const op of job.operations) {
    let text = "";
    const capture = { onOutput: (s) => (text += s), onError: (s) => (text += s) };
    try {
      const result = await stack[op](capture);
      results.push({ op, ok: true, output: text, outputs: result.outputs, summary: result.summary });
    } catch (error) {
      results.push({ op, ok: false, output: text, error: String(error && error.message) });
    }
  }
  fs.writeFileSync(job.resultFile, JSON.stringify(results));
}

main().catch((error) => {
  process.stderr.write(`inline-runner: ${error && error.stack}\n`);
  process.exit(2);
});
