import { SettingInputs, SettingName } from "../inputs/settings";

// The schema's configuration docs are these (scripts/native-schema.ts writes them from here).
/**
 * The provider's configuration: the stack's `genauth:*` config for the default provider, or the
 * inputs of an explicit `genauth.Provider` resource (one per user pool, for stacks that touch
 * several). Each key the provider does not get falls back to its `GENAUTH_*` environment variable.
 */
export type ProviderConfig = SettingInputs<SettingName>;
