import * as config from "../../../provider/inputs/config";
import { ConnectionSettings } from "../../../provider/core/connectionSettings";
import { ApplicationSecretProvider } from "../../../provider/core/provider";
import { ConnectionInputs } from "../../../provider/inputs/types";

const pair = { "genauth:accessKeyId": "cfg-id", "genauth:accessKeySecret": "cfg-secret" };
const fallbacks = [config.configSource((key) => pair[key as keyof typeof pair]), config.envSource({})];

afterEach(() => jest.restoreAllMocks());

describe("ConnectionSettings", () => {
  it("resolves each distinct connection once and answers an equal one with the same resolution", () => {
    const resolve = jest.spyOn(config, "resolveSettings");
    const settings = new ConnectionSettings(fallbacks);
    const first = settings.resolve({ host: "https://a.example" });
    expect(settings.resolve({ host: "https://a.example" })).toBe(first);
    expect(settings.resolve(undefined)).toBe(settings.resolve({}));
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it("resolves exactly as resolveSettings over the connection and the fallbacks does", () => {
    const settings = new ConnectionSettings(fallbacks);
    for (const connection of [
      undefined,
      { host: "https://b.example/" },
      { accessKeyId: "conn-id" },
      { userPoolId: "pool id" },
    ] as ConnectionInputs[]) {
      expect(settings.resolve(connection)).toEqual(
        config.resolveSettings([config.connectionSource(connection), ...fallbacks]),
      );
    }
  });

  it("keeps connections apart that differ in any field, and reads a boolean and its text alike", () => {
    const settings = new ConnectionSettings(fallbacks);
    const plain = settings.resolve({});
    expect(settings.resolve({ allowInsecureHttp: true })).not.toBe(plain);
    expect(settings.resolve({ tlsInsecureSkipVerify: true })).not.toBe(plain);
    expect(settings.resolve({ tlsInsecureSkipVerify: "true" } as unknown as ConnectionInputs)).toBe(
      settings.resolve({ tlsInsecureSkipVerify: true }),
    );
  });
});

describe("ApplicationSecretProvider settings", () => {
  it("resolves one connection once for every resource that has it, and again after configure", async () => {
    const resolve = jest.spyOn(config, "resolveSettings");
    const provider = new ApplicationSecretProvider({ env: {}, now: () => new Date() });
    const configure = () =>
      provider.configure({ config: { get: (key: string) => pair[key as keyof typeof pair] } } as never);
    await configure();
    const connection = { host: "http://127.0.0.1:9" };
    await provider.check({}, { appId: "app-1", connection });
    await provider.check({}, { appId: "app-2", connection });
    expect(resolve).toHaveBeenCalledTimes(1);
    await configure();
    await provider.check({}, { appId: "app-1", connection });
    expect(resolve).toHaveBeenCalledTimes(2);
  });
});
