/**
 * The provider runtime entry, published as `pulumi-genauth/provider-runtime`. The serialized shim
 * in state requires it by that name, so it must never move or be renamed: state written by any
 * version of this package has to refresh and destroy with every later one.
 */
import { withPlainErrors } from "./core/plainErrors";
import { ApplicationSecretProvider, processEnvironment } from "./core/provider";

/**
 * The process-wide provider: shares management tokens between all resources of a deployment. Its
 * errors reach the CLI without this package's stack traces. Once the engine that started the
 * dynamic-provider host is gone, it starts no rotation and ends the host (`processEnvironment`).
 */
export const provider = withPlainErrors(new ApplicationSecretProvider(processEnvironment()));
