import { UNKNOWN } from "../../../provider/core/lifecycle/check";
import { isPending } from "../../../provider/core/lifecycle/pending";
import {
  decodeInputs,
  decodePartialState,
  decodeState,
  encodeState,
  SecretOutputs,
} from "../../../provider/core/state";

const OUTPUTS: SecretOutputs = {
  appId: "6229ffaa00000000000000aa",
  secret: "s3cr3t-value",
  rotatedAt: "2026-01-01T00:00:00.000Z",
  rotationReason: "created",
  fingerprint: "sha256:abc",
  rotationCount: 1,
  nextRotationAt: "",
  history: [],
};

describe("decodeInputs", () => {
  it("keeps every key as given, the dynamic host's __provider and the engine's unknown placeholder included", () => {
    const record = { appId: "6229ffaa00000000000000aa", adopt: UNKNOWN, __provider: "exports.handler = ..." };
    expect(decodeInputs(record)).toEqual(record);
  });
});

describe("decodeState", () => {
  it("keeps state written before 0.2 as it is, without userPoolId or scheduledFrom", () => {
    const {
      userPoolId: _pool,
      scheduledFrom: _from,
      ...old
    } = { ...OUTPUTS, userPoolId: "p", scheduledFrom: "t" };
    expect(decodeState(old)).toEqual(old);
    expect(decodeState(old)).not.toHaveProperty("userPoolId");
  });

  it("decodes a pending rotation as unconfirmed and a null one as confirmed", () => {
    const { secret: _secret, ...kept } = OUTPUTS;
    const pendingRotation = { reason: "trigger", at: "t", previousFingerprint: "f", requestId: null };
    expect(isPending(decodeState({ ...kept, pendingRotation }))).toBe(true);
    expect(isPending(decodeState({ ...OUTPUTS, pendingRotation: null }))).toBe(false);
  });
});

describe("decodePartialState", () => {
  it("accepts the empty record a pulumi import reads", () => {
    expect(decodePartialState({})).toEqual({});
  });
});

describe("encodeState", () => {
  it("gives the outputs back as a plain property map with the same keys and values", () => {
    const record = encodeState(OUTPUTS);
    expect(record).toEqual(OUTPUTS);
    expect(record).not.toBe(OUTPUTS);
  });
});
