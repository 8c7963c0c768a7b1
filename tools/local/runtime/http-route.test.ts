import { describe, expect, it } from "vitest";
import { matchRoute, parseRoute } from "./http-route";

const routes = ["POST /events", "POST /events/batch", "GET /items/{id}", "ANY /items/{id}", "GET /files/{path+}", "$default"].map((key) => parseRoute(key, key));
const match = (method: string, path: string) => {
  const found = matchRoute(routes, method, path);
  return found && [found.route.routeKey, found.pathParameters];
};

describe("matchRoute", () => {
  it("matches literal routes by method and path", () => {
    expect(match("POST", "/events")).toEqual(["POST /events", undefined]);
    expect(match("POST", "/events/batch")).toEqual(["POST /events/batch", undefined]);
  });

  it("prefers an exact method over ANY, and extracts path parameters", () => {
    expect(match("GET", "/items/a%20b")).toEqual(["GET /items/{id}", { id: "a b" }]);
    expect(match("DELETE", "/items/7")).toEqual(["ANY /items/{id}", { id: "7" }]);
  });

  it("gives a greedy parameter the rest of the path", () => {
    expect(match("GET", "/files/a/b/c.txt")).toEqual(["GET /files/{path+}", { path: "a/b/c.txt" }]);
  });

  it("falls back to $default, and to nothing without it", () => {
    expect(match("GET", "/events")).toEqual(["$default", undefined]);
    expect(matchRoute(routes.filter((r) => r.routeKey !== "$default"), "GET", "/nowhere")).toBeUndefined();
  });

  it("refuses a route key that is not METHOD /path", () => {
    expect(() => parseRoute("events", "x")).toThrow(/route key "events" is not "<METHOD> \/<path>" or \$default/);
  });
});
