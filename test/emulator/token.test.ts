import { signJwt, verifyJwt } from "../../emulator/token";

const KEY = Buffer.alloc(32, 7);
const CLAIMS = { scoped_userpool_id: "pool", iat: 100, exp: 200, jti: "j" };

describe("token", () => {
  it("round-trips claims through signJwt and verifyJwt", () => {
    expect(verifyJwt(signJwt(CLAIMS, KEY), KEY)).toEqual(CLAIMS);
  });

  it("writes a standard HS256 header and a base64url payload any JWT decoder can read", () => {
    const [header, payload] = signJwt(CLAIMS, KEY).split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(payload, "base64url").toString()).scoped_userpool_id).toBe("pool");
  });

  it("rejects a token signed with another key", () => {
    expect(verifyJwt(signJwt(CLAIMS, Buffer.alloc(32, 8)), KEY)).toBeUndefined();
  });

  it("rejects a token whose payload was altered", () => {
    const [header, , signature] = signJwt(CLAIMS, KEY).split(".");
    const forged = Buffer.from(JSON.stringify({ ...CLAIMS, scoped_userpool_id: "other" })).toString(
      "base64url",
    );
    expect(verifyJwt(`${header}.${forged}.${signature}`, KEY)).toBeUndefined();
  });

  it.each(["", "a.b", "a.b.c.d", "not a token"])("rejects the malformed token %j", (token) => {
    expect(verifyJwt(token, KEY)).toBeUndefined();
  });
});
