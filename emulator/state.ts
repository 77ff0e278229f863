/**
 * Everything the emulator knows, in one class with private maps and named queries (firebase auth
 * emulator style). It is built only in the constructor from a Seed, so "reset" means "build a new one";
 * nothing else ever re-initialises it. Time and secrets come from injectable functions so tests control
 * both without sleeping. It holds only what GenAuth holds: the emulator's test instruments (call counts,
 * faults, rate limiter, request log) are in instruments.ts, and each issued secret is only reported to a
 * sink (the SecretRecord the server keeps across resets).
 */
import { randomBytes } from "node:crypto";
import type { SecretSink } from "./secretRecord";
import { DEFAULT_SEED, Seed, SeedApp } from "./seed";
import { MAX_CLOCK_SKEW_MS } from "./signature";
import { signJwt, verifyJwt } from "./token";

/** An application as the emulator stores it. */
export interface AppRecord {
  appId: string;
  appName: string;
  appIdentifier: string;
  appType: string;
  userPoolId: string;
  /** The current secret; the previous one stops working the moment it changes. */
  secret: string;
  /** How many times the secret has changed since seeding (API refreshes and console rotations). */
  rotations: number;
}

/** A key pair able to get management tokens and sign requests. */
export interface AccessKeyRecord {
  accessKeyId: string;
  accessKeySecret: string;
  userPoolId: string;
}

/** How to build a state besides the seed. */
export interface StateOptions {
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** Makes app secrets. @default 16 random bytes as 32 hex characters, like GenAuth's */
  generateSecret?: () => string;
  /** Lifetime of new management tokens. @default 7200 (GenAuth's documented default) */
  tokenLifetimeSeconds?: number;
  /** Told of every app secret and token issued (the server's SecretRecord, shared across resets). @default nobody */
  secretSink?: SecretSink;
}

/** The emulator's whole state. */
export class EmulatorState {
  /** The clock, in milliseconds since the epoch. */
  readonly now: () => number;
  /** Lifetime of management tokens issued from now on, in seconds. */
  tokenLifetimeSeconds: number;
  private readonly generateSecret: () => string;
  private readonly jwtKey = randomBytes(32);
  private readonly userPools = new Set<string>();
  private readonly accessKeys = new Map<string, AccessKeyRecord>();
  private readonly apps = new Map<string, AppRecord>();
  private readonly tokens = new Map<string, { userPoolId: string; expiresAt: number }>();
  private readonly nonces = new Map<string, number>();
  private readonly secretSink: SecretSink | undefined;

  /** Builds the state from a seed; throws if the seed contradicts itself (duplicate IDs, unknown pool). */
  constructor(seed: Seed = DEFAULT_SEED, options: StateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.generateSecret = options.generateSecret ?? (() => randomBytes(16).toString("hex"));
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 7200;
    this.secretSink = options.secretSink;
    for (const pool of seed.userPools) {
      if (this.userPools.has(pool.userPoolId)) throw new Error(`duplicate user pool ${pool.userPoolId}`);
      this.userPools.add(pool.userPoolId);
      this.addAccessKey(pool.userPoolId, pool.accessKeySecret, pool.userPoolId);
      for (const app of pool.apps ?? []) this.addApp(pool.userPoolId, app);
    }
    for (const key of seed.accessKeys ?? []) {
      this.addAccessKey(key.accessKeyId, key.accessKeySecret, key.userPoolId);
    }
  }

  /** The IDs of all user pools. */
  userPoolIds(): string[] {
    return [...this.userPools];
  }

  /** The key pair with this ID, if any. */
  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined {
    const key = this.accessKeys.get(accessKeyId);
    return key && { ...key };
  }

  /** All key pairs (for the bin's start-up banner). */
  listAccessKeys(): AccessKeyRecord[] {
    return [...this.accessKeys.values()].map((key) => ({ ...key }));
  }

  /** A copy of the app with this ID, whatever its pool. */
  findApp(appId: string): AppRecord | undefined {
    const app = this.apps.get(appId);
    return app && { ...app };
  }

  /** A copy of the app if it exists in this pool: another pool's app is as good as absent. */
  findAppInPool(userPoolId: string, appId: string): AppRecord | undefined {
    const app = this.apps.get(appId);
    return app?.userPoolId === userPoolId ? { ...app } : undefined;
  }

  /** Copies of a pool's apps (all pools when no pool is given), in seeding order. */
  listApps(userPoolId?: string): AppRecord[] {
    return [...this.apps.values()]
      .filter((app) => userPoolId === undefined || app.userPoolId === userPoolId)
      .map((app) => ({ ...app }));
  }

  /** Adds an app to an existing pool; its secret is generated unless the seed fixes it. */
  addApp(userPoolId: string, app: SeedApp): AppRecord {
    if (!this.userPools.has(userPoolId)) throw new Error(`user pool ${userPoolId} does not exist`);
    if (this.apps.has(app.appId)) throw new Error(`application ${app.appId} already exists`);
    const record: AppRecord = {
      appId: app.appId,
      appName: app.appName,
      appIdentifier: app.appIdentifier ?? app.appName,
      appType: app.appType ?? "web",
      userPoolId,
      secret: app.secret ?? this.generateSecret(),
      rotations: 0,
    };
    this.apps.set(app.appId, record);
    this.secretSink?.appSecret(record.secret);
    return { ...record };
  }

  /** Gives an app a new secret at once (no grace period, as GenAuth documents none) and returns it. */
  rotateSecret(appId: string): string {
    const app = this.apps.get(appId);
    if (app === undefined) throw new Error(`application ${appId} does not exist`);
    app.secret = this.generateSecret();
    app.rotations += 1;
    this.secretSink?.appSecret(app.secret);
    return app.secret;
  }

  /** Issues a management token for a pool; expired tokens are forgotten on the way. */
  issueToken(userPoolId: string): { token: string; expiresIn: number } {
    const now = this.now();
    for (const [token, record] of this.tokens) if (record.expiresAt <= now) this.tokens.delete(token);
    const iat = Math.floor(now / 1000);
    const expiresIn = this.tokenLifetimeSeconds;
    const token = signJwt(
      { scoped_userpool_id: userPoolId, iat, exp: iat + expiresIn, jti: randomBytes(8).toString("hex") },
      this.jwtKey,
    );
    this.tokens.set(token, { userPoolId, expiresAt: now + expiresIn * 1000 });
    this.secretSink?.token(token);
    return { token, expiresIn };
  }

  /**
   * The pool a token was issued for, whether or not it has expired; undefined for a forged or foreign
   * token. The rate limiter uses it: an expired token still says whose pool a call is charged to.
   */
  tokenUserPool(token: string): string | undefined {
    return verifyJwt(token, this.jwtKey)?.scoped_userpool_id;
  }

  /** The pool a live token manages, or undefined for an expired, unknown or forged token. */
  verifyToken(token: string): { userPoolId: string } | undefined {
    if (verifyJwt(token, this.jwtKey) === undefined) return undefined;
    const record = this.tokens.get(token);
    return record !== undefined && record.expiresAt > this.now()
      ? { userPoolId: record.userPoolId }
      : undefined;
  }

  /** Makes every token issued so far expired; returns how many were live. */
  expireTokens(): number {
    const now = this.now();
    let live = 0;
    for (const record of this.tokens.values()) {
      if (record.expiresAt > now) live += 1;
      record.expiresAt = Math.min(record.expiresAt, now);
    }
    return live;
  }

  /** Records a signature nonce; false if it was already used within the clock-skew window. */
  useNonce(nonce: string): boolean {
    const now = this.now();
    for (const [seen, at] of this.nonces) if (now - at > MAX_CLOCK_SKEW_MS) this.nonces.delete(seen);
    if (this.nonces.has(nonce)) return false;
    this.nonces.set(nonce, now);
    return true;
  }

  private addAccessKey(accessKeyId: string, accessKeySecret: string, userPoolId: string): void {
    if (!this.userPools.has(userPoolId))
      throw new Error(`key ${accessKeyId}: user pool ${userPoolId} does not exist`);
    if (this.accessKeys.has(accessKeyId)) throw new Error(`duplicate access key ${accessKeyId}`);
    this.accessKeys.set(accessKeyId, { accessKeyId, accessKeySecret, userPoolId });
  }
}
