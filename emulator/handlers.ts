/**
 * One pure handler per operation: `(state, input, ctx) → envelope`. Handlers never see HTTP: the server
 * parses the request (query for GET, JSON body for POST), authenticates it and hands over the caller's
 * pool in `ctx`; a handler only reads and changes the state and says what the envelope is.
 */
import { APP_NOT_FOUND, Envelope, fail, invalidArgument, ok } from "./envelope";
import type { Operation } from "./routes";
import type { AppRecord, EmulatorState } from "./state";

/** Query pairs (GET) or top-level JSON body fields (POST). */
export type HandlerInput = Record<string, unknown>;

/** What every handler knows besides its input. */
export interface RequestContext {
  /** The requestId of this call, put in the envelope. */
  requestId: string;
}

/** What a handler of an authenticated operation knows: also the caller's user pool. */
export interface AuthenticatedContext extends RequestContext {
  /** The pool the credential belongs to; apps of other pools are invisible. */
  userPoolId: string;
}

/** A handler of an authenticated operation. */
export type Handler = (state: EmulatorState, input: HandlerInput, ctx: AuthenticatedContext) => Envelope;

/** ApplicationDto as the emulator renders it (the real one has many more fields, none secret-bearing). */
export interface ApplicationDto {
  appId: string;
  appIdentifier: string;
  appName: string;
  appType: string;
  userPoolId: string;
  defaultProtocol: "oidc";
  redirectUris: string[];
}

/** The largest `limit` list-applications accepts, as documented. */
const MAX_PAGE_SIZE = 50;

/**
 * `POST /api/v3/get-management-token` `{accessKeyId, accessKeySecret}` → `{access_token, expires_in}`.
 * The only operation without a credential: it is how a credential is obtained.
 */
export function getManagementToken(state: EmulatorState, input: HandlerInput, ctx: RequestContext): Envelope {
  const { accessKeyId, accessKeySecret } = input;
  if (typeof accessKeyId !== "string" || accessKeyId === "") {
    return fail(ctx.requestId, invalidArgument("accessKeyId is required"));
  }
  if (typeof accessKeySecret !== "string" || accessKeySecret === "") {
    return fail(ctx.requestId, invalidArgument("accessKeySecret is required"));
  }
  const key = state.findAccessKey(accessKeyId);
  if (key === undefined || key.accessKeySecret !== accessKeySecret) {
    return fail(ctx.requestId, {
      statusCode: 401,
      apiCode: 2020,
      message: "invalid accessKeyId or accessKeySecret",
    });
  }
  const { token, expiresIn } = state.issueToken(key.userPoolId);
  return ok(ctx.requestId, { access_token: token, expires_in: expiresIn });
}

/** `POST /api/v3/refresh-application-secret` `{appId}` → `{secret}`: a new secret at every call. */
export const refreshApplicationSecret: Handler = (state, input, ctx) =>
  withApp(state, input, ctx, (app) => ok(ctx.requestId, { secret: state.rotateSecret(app.appId) }));

/** `GET /api/v3/get-application-secret?appId=` → `{secret}`: the truth after a lost refresh response. */
export const getApplicationSecret: Handler = (state, input, ctx) =>
  withApp(state, input, ctx, (app) => ok(ctx.requestId, { secret: app.secret }));

/** `GET /api/v3/get-application?appId=` → ApplicationDto (no secret in it). */
export const getApplication: Handler = (state, input, ctx) =>
  withApp(state, input, ctx, (app) => ok(ctx.requestId, toApplicationDto(app)));

/** `GET /api/v3/get-application-simple-info?appId=` → the light existence check. */
export const getApplicationSimpleInfo: Handler = (state, input, ctx) =>
  withApp(state, input, ctx, (app) =>
    ok(ctx.requestId, {
      appId: app.appId,
      appIdentifier: app.appIdentifier,
      appName: app.appName,
      appLogo: "",
      appType: app.appType,
      isIntegrateApp: false,
    }),
  );

/** `GET /api/v3/list-applications?page=&limit=` → `{list, totalCount}` of the caller's pool. */
export const listApplications: Handler = (state, input, ctx) => {
  const page = positiveInteger(input.page, 1);
  const limit = positiveInteger(input.limit, 10);
  if (page === undefined)
    return fail(ctx.requestId, invalidArgument("page must be an integer of at least 1"));
  if (limit === undefined || limit > MAX_PAGE_SIZE) {
    return fail(
      ctx.requestId,
      invalidArgument(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${String(input.limit)}`),
    );
  }
  const apps = state.listApps(ctx.userPoolId);
  const list = apps.slice((page - 1) * limit, page * limit).map(toApplicationDto);
  return ok(ctx.requestId, { list, totalCount: apps.length });
};

/** The handler of every authenticated operation. */
export const HANDLERS: Record<Exclude<Operation, "get-management-token">, Handler> = {
  "refresh-application-secret": refreshApplicationSecret,
  "get-application-secret": getApplicationSecret,
  "get-application": getApplication,
  "get-application-simple-info": getApplicationSimpleInfo,
  "list-applications": listApplications,
};

/** Renders an app as ApplicationDto. */
function toApplicationDto(app: AppRecord): ApplicationDto {
  return {
    appId: app.appId,
    appIdentifier: app.appIdentifier,
    appName: app.appName,
    appType: app.appType,
    userPoolId: app.userPoolId,
    defaultProtocol: "oidc",
    redirectUris: [],
  };
}

/** Validates `appId` and finds the app in the caller's pool before running `then`. */
function withApp(
  state: EmulatorState,
  input: HandlerInput,
  ctx: AuthenticatedContext,
  then: (app: AppRecord) => Envelope,
): Envelope {
  const { appId } = input;
  if (typeof appId !== "string" || appId === "") {
    return fail(ctx.requestId, invalidArgument("appId is required and must be a non-empty string"));
  }
  const app = state.findAppInPool(ctx.userPoolId, appId);
  return app === undefined ? fail(ctx.requestId, APP_NOT_FOUND) : then(app);
}

/** Parses an optional positive integer (query values arrive as strings, JSON ones as numbers). */
function positiveInteger(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === "") return fallback;
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number >= 1 ? number : undefined;
}
