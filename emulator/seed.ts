/**
 * The data an emulator starts from. A seed is plain JSON so that it can come from a file
 * (`genauth-emulator --seed file.json`), from the control API (`POST /__emulator/reset`) or from a test.
 * App secrets are normally left out: the emulator then generates them, as GenAuth does when an app is
 * created, so no test can come to depend on a fixed secret.
 */
import { fields, list, optional, text } from "./fields";

/** One application to create at start-up. */
export interface SeedApp {
  /** The application ID (GenAuth uses 24 hex characters; the emulator accepts any non-empty string). */
  appId: string;
  /** Display name. */
  appName: string;
  /** @default the appName */
  appIdentifier?: string;
  /** @default "web" */
  appType?: string;
  /** A fixed starting secret. @default a random 32-hex-character secret generated at seed time */
  secret?: string;
}

/** One user pool, with its user-pool-wide key pair (accessKeyId = userPoolId) and its apps. */
export interface SeedUserPool {
  /** The user pool ID; it is also the accessKeyId of the pool's own key pair. */
  userPoolId: string;
  /** The user pool secret, i.e. the accessKeySecret of the pool's own key pair. */
  accessKeySecret: string;
  /** @default [] */
  apps?: SeedApp[];
}

/** A collaborator administrator's key pair, scoped to one user pool. */
export interface SeedAccessKey {
  /** The key ID. */
  accessKeyId: string;
  /** The key secret. */
  accessKeySecret: string;
  /** The user pool this key manages; must be one of the seeded pools. */
  userPoolId: string;
}

/** Everything an emulator is built from. */
export interface Seed {
  /** The user pools, each with its key pair and apps. */
  userPools: SeedUserPool[];
  /** Extra (collaborator) key pairs. @default [] */
  accessKeys?: SeedAccessKey[];
}

/** User pool A: the pool most tests use. */
export const POOL_A_ID = "6229ffaa00000000000000a0";
/** Pool A's user pool secret (a public, emulator-only test credential). */
export const POOL_A_SECRET = "emulator-pool-a-secret-0001";
/** User pool B: a second pool, to prove that one pool's credential cannot reach another pool's apps. */
export const POOL_B_ID = "6229ffbb00000000000000b0";
/** Pool B's user pool secret (a public, emulator-only test credential). */
export const POOL_B_SECRET = "emulator-pool-b-secret-0001";
/** A collaborator key pair that manages pool A. */
export const COLLABORATOR_KEY_ID = "emulator-collaborator-key";
/** The collaborator key's secret (a public, emulator-only test credential). */
export const COLLABORATOR_KEY_SECRET = "emulator-collaborator-secret-01";
/** App IDs of the default seed, by name. */
export const SEEDED_APPS = {
  web: "6229ffaa0000000000000001",
  api: "6229ffaa0000000000000002",
  worker: "6229ffaa0000000000000003",
  billing: "6229ffbb0000000000000001",
} as const;

/** The seed the emulator uses unless told otherwise: pools A (web, api, worker) and B (billing). */
export const DEFAULT_SEED: Seed = {
  userPools: [
    {
      userPoolId: POOL_A_ID,
      accessKeySecret: POOL_A_SECRET,
      apps: [
        { appId: SEEDED_APPS.web, appName: "web", appType: "web" },
        { appId: SEEDED_APPS.api, appName: "api", appType: "api" },
        { appId: SEEDED_APPS.worker, appName: "worker", appType: "api" },
      ],
    },
    {
      userPoolId: POOL_B_ID,
      accessKeySecret: POOL_B_SECRET,
      apps: [{ appId: SEEDED_APPS.billing, appName: "billing", appType: "web" }],
    },
  ],
  accessKeys: [
    { accessKeyId: COLLABORATOR_KEY_ID, accessKeySecret: COLLABORATOR_KEY_SECRET, userPoolId: POOL_A_ID },
  ],
};

/**
 * Checks that an untrusted value (a parsed seed file or control-API body) is a Seed, and says which field
 * is wrong otherwise, so that a typo in a seed file fails at start-up rather than as a puzzling 2011 later.
 */
export function parseSeed(value: unknown): Seed {
  const root = fields(value, "seed");
  const userPools = list(root.userPools, "seed.userPools").map((raw, i): SeedUserPool => {
    const where = `seed.userPools[${i}]`;
    const pool = fields(raw, where);
    const apps = optional(pool.apps, `${where}.apps`, list) ?? [];
    return {
      userPoolId: text(pool.userPoolId, `${where}.userPoolId`),
      accessKeySecret: text(pool.accessKeySecret, `${where}.accessKeySecret`),
      apps: apps.map((app, j) => parseSeedApp(app, `${where}.apps[${j}]`)),
    };
  });
  const keys = optional(root.accessKeys, "seed.accessKeys", list) ?? [];
  const accessKeys = keys.map((raw, i): SeedAccessKey => {
    const where = `seed.accessKeys[${i}]`;
    const key = fields(raw, where);
    return {
      accessKeyId: text(key.accessKeyId, `${where}.accessKeyId`),
      accessKeySecret: text(key.accessKeySecret, `${where}.accessKeySecret`),
      userPoolId: text(key.userPoolId, `${where}.userPoolId`),
    };
  });
  return { userPools, accessKeys };
}

/** Checks one app entry of a seed (also used for `POST /__emulator/apps`). */
function parseSeedApp(value: unknown, where: string): SeedApp {
  const app = fields(value, where);
  return {
    appId: text(app.appId, `${where}.appId`),
    appName: text(app.appName, `${where}.appName`),
    appIdentifier: optional(app.appIdentifier, `${where}.appIdentifier`, text),
    appType: optional(app.appType, `${where}.appType`, text),
    secret: optional(app.secret, `${where}.secret`, text),
  };
}
