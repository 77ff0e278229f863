/**
 * The entry point of the `pulumi-resource-genauth` plugin: the engine starts it with its own address
 * as the first argument, and the plugin prints the port it serves on. Once that engine is gone, the
 * plugin starts no rotation and exits (see core/engineWatchdog.ts). The schema it serves is the
 * committed `schema.json` (the package version is the schema's).
 */
import { plain } from "../core/plainErrors";
import { engineAddress } from "../core/engineLiveness";
import { processEnvironment } from "../core/provider";
import { engineWarn } from "./engineLog";
import { NativeProvider } from "./nativeProvider";
import { serve } from "./pluginServer";
import schema from "./schema.json";

const args = process.argv.slice(2);
const environment = processEnvironment(args);
const native = new NativeProvider({
  version: schema.version,
  schema: JSON.stringify(schema),
  environment,
  warn: engineWarn(engineAddress(args)),
});
// Watched from the start, not from the first call: a plugin whose engine dies before calling it
// (a YAML host still evaluating, a kill during configure) must end too.
environment.watchdog?.start();

serve(native, args).catch((error: unknown) => {
  console.error(`pulumi-resource-genauth: ${String((plain(error) as Error).message)}`);
  process.exit(1);
});
