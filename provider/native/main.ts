/**
 * The entry point of the `pulumi-resource-genauth` plugin: the engine starts it with its own address
 * as the first argument, and the plugin prints the port it serves on. The schema it serves is the
 * committed `schema.json` (the package version is the schema's).
 */
import { plain } from "../core/plainErrors";
import { engineAddress, engineWarn } from "./engineLog";
import { NativeProvider } from "./nativeProvider";
import { serve } from "./pluginServer";
import schema from "./schema.json";

const args = process.argv.slice(2);
const native = new NativeProvider({
  version: schema.version,
  schema: JSON.stringify(schema),
  warn: engineWarn(engineAddress(args)),
});

serve(native, args).catch((error: unknown) => {
  console.error(`pulumi-resource-genauth: ${String((plain(error) as Error).message)}`);
  process.exit(1);
});
