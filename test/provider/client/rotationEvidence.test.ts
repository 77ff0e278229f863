import { fingerprint } from "../../../provider/client/fingerprint";
import { rotationHappened } from "../../../provider/client/rotationEvidence";

describe("rotationHappened (did GenAuth's secret change since before the rotation?)", () => {
  it("compares with the secret held in memory", () => {
    expect(rotationHappened({ secret: "s1" }, "s2")).toBe(true);
    expect(rotationHappened({ secret: "s1" }, "s1")).toBe(false);
  });

  it("compares with the fingerprint state keeps of it", () => {
    expect(rotationHappened({ fingerprint: fingerprint("s1") }, "s2")).toBe(true);
    expect(rotationHappened({ fingerprint: fingerprint("s1") }, "s1")).toBe(false);
  });
});
