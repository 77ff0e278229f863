/**
 * `pulumi-genauth/emulator`: an offline GenAuth V3 management API for tests and demos.
 * Start one with `startEmulator()`, point a client at `url`, and steer it with `control` (in process) or
 * `EmulatorControlClient` (from another process).
 */
export { startEmulator } from "./server";
export type { EmulatorOptions, RunningEmulator } from "./server";
export { EmulatorControl, ControlError } from "./control";
export type { AppSnapshot, NewApp } from "./control";
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
export { EmulatorState } from "./state";
export type { AppRecord, RequestLogEntry, StateOptions } from "./state";
export type { Envelope } from "./envelope";
export { ApiCode } from "./envelope";
export type { Operation } from "./routes";
export type { AuthScheme } from "./auth";
