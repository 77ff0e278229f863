/**
 * `pulumi-genauth/emulator`: an offline GenAuth V3 management API for tests and demos.
 * Start one with `startEmulator()`, point a client at `url`, and steer it with `control` (in process) or
 * `EmulatorControlClient` (from another process): faults, a per-pool rate limit, outages, and a record
 * of every issued secret (also appended to the file `GENAUTH_EMULATOR_SECRET_LOG` names) for leak scans.
 */
export { startEmulator } from "./server";
export type { EmulatorOptions, RunningEmulator } from "./server";
export { EmulatorControl, ControlError } from "./control";
export type { AppSnapshot, NewApp, RateLimitStatus } from "./control";
export { EmulatorControlClient, EmulatorControlHttpError } from "./control-client";
export {
  DEFAULT_SEED,
  POOL_A_ID,
  POOL_A_SECRET,
  POOL_B_ID,
  POOL_B_SECRET,
  COLLABORATOR_KEY_ID,
  COLLABORATOR_KEY_SECRET,
  SEEDED_APPS,
  parseSeed,
} from "./seed";
export type { Seed, SeedApp, SeedUserPool, SeedAccessKey } from "./seed";
export type { FaultRule, FaultEffect, FaultKind, ActiveFault } from "./faults";
export type { RateLimitSettings } from "./rateLimit";
export { SecretRecord, SECRET_LOG_ENV } from "./secretRecord";
export type { IssuedSecrets } from "./secretRecord";
export { EmulatorState } from "./state";
export type { AppRecord, StateOptions } from "./state";
export { Instruments } from "./instruments";
export type { Admission, InstrumentOptions } from "./instruments";
export type { RequestLogEntry } from "./requestLog";
export type { Envelope } from "./envelope";
export { ApiCode } from "./envelope";
export type { Operation } from "./routes";
export type { AuthScheme } from "./auth";
