/** Project templates the tests lay out as the Pulumi CLI would write them (it downloads them). */

/** The files `pulumi new typescript` writes (pulumi/templates, `typescript`), for a Node 20 project. */
export const TEMPLATE: Record<string, string | object> = {
  "Pulumi.yaml": [
    "name: rotate-app-secret",
    "description: A minimal TypeScript Pulumi program",
    "runtime:",
    "  name: nodejs",
    "  options:",
    "    packagemanager: npm",
    "config:",
    "  pulumi:tags:",
    "    value:",
    "      pulumi:template: typescript",
    "",
  ].join("\n"),
  "package.json": {
    name: "rotate-app-secret",
    main: "index.ts",
    devDependencies: { "@types/node": "^20", typescript: "^5.0.0" },
    dependencies: { "@pulumi/pulumi": "^3.216.0" },
  },
  "tsconfig.json": {
    compilerOptions: {
      strict: true,
      outDir: "bin",
      target: "es2020",
      module: "commonjs",
      moduleResolution: "node",
      sourceMap: true,
      experimentalDecorators: true,
      pretty: true,
      noFallthroughCasesInSwitch: true,
      noImplicitReturns: true,
      forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
  },
  "index.ts": 'import * as pulumi from "@pulumi/pulumi";\n',
};
