/**
 * Passing the secret on while it stays secret: the application secret goes into a dotenv-style
 * local file (mode 0600) through a small dynamic resource defined here, which needs no provider
 * plugin. The file's content is a secret input and output of that resource, so state holds it
 * encrypted, previews show [secret], and the file is rewritten whenever the secret rotates.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApplicationSecret } from "pulumi-genauth";

/** Inputs of {@link SecretFile}. */
export interface SecretFileArgs {
  /** Where to write (an absolute path, or relative to the program directory). */
  path: pulumi.Input<string>;
  /** What to write; pass a secret Output and it stays one. */
  content: pulumi.Input<string>;
}

interface FileProps {
  path: string;
  content: string;
}

/** Writes with owner-only permissions. `fs` is required here: the provider is serialized into state. */
function writeFile(props: FileProps): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("fs") as typeof import("fs");
  fs.writeFileSync(props.path, props.content, { mode: 0o600 });
  fs.chmodSync(props.path, 0o600);
}

const fileProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: FileProps) {
    writeFile(inputs);
    return { id: inputs.path, outs: { path: inputs.path, content: inputs.content } };
  },
  async diff(_id: string, olds: FileProps, news: FileProps) {
    const moved = olds.path !== news.path;
    return { changes: moved || olds.content !== news.content, replaces: moved ? ["path"] : [] };
  },
  async update(_id: string, _olds: FileProps, news: FileProps) {
    writeFile(news);
    return { outs: { path: news.path, content: news.content } };
  },
  async delete(_id: string, props: FileProps) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("fs") as typeof import("fs")).rmSync(props.path, { force: true });
  },
};

/** A local file whose content is kept secret in state (`additionalSecretOutputs`). */
export class SecretFile extends pulumi.dynamic.Resource {
  /** The file's path. */
  declare readonly path: pulumi.Output<string>;
  /** The file's content (a Pulumi secret). */
  declare readonly content: pulumi.Output<string>;

  constructor(name: string, args: SecretFileArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      fileProvider,
      name,
      { path: args.path, content: args.content },
      {
        ...opts,
        additionalSecretOutputs: ["content"],
      },
    );
  }
}

const config = new pulumi.Config();
const appId = config.require("appId");

const secret = new ApplicationSecret("app-secret", {
  appId,
  rotationTrigger: config.get("rotationTrigger") ?? "2026-01",
});

// interpolate keeps the result secret because secret.secret is.
const lines = pulumi.interpolate`GENAUTH_APP_ID=${appId}\nGENAUTH_APP_SECRET=${secret.secret}\n`;

const file = new SecretFile("app-secret-file", {
  path: config.get("path") ?? "app-secret.env",
  content: lines,
});

/** Where the secret was written. */
export const filePath = file.path;
/** The file's content (a Pulumi secret, like every value derived from the secret). */
export const dotenv = file.content;
/** A short digest of the secret: shows a rotation without showing the secret. */
export const fingerprint = secret.fingerprint;
