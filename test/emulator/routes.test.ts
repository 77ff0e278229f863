import { findRoute, OPERATIONS, ROUTES } from "../../emulator/routes";

describe("routes", () => {
  it("serves every operation at /api/v3/<operation>", () => {
    expect(ROUTES.map((route) => route.path)).toEqual(OPERATIONS.map((operation) => `/api/v3/${operation}`));
  });

  it("finds a route by method and path", () => {
    expect(findRoute("POST", "/api/v3/refresh-application-secret")).toMatchObject({
      kind: "route",
      route: { operation: "refresh-application-secret", method: "POST" },
    });
    expect(findRoute("POST", "/api/v3/get-management-token")).toMatchObject({
      route: { operation: "get-management-token" },
    });
  });

  it("tells a wrong method apart from an unknown path", () => {
    expect(findRoute("GET", "/api/v3/refresh-application-secret").kind).toBe("wrong-method");
    expect(findRoute("GET", "/api/v3/delete-application").kind).toBe("none");
  });
});
