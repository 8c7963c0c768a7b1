/** A route key parsed for matching: `POST /events`, `ANY /items/{id}`, `GET /files/{path+}`, `$default`. */
export interface ParsedRoute<T> {
  readonly routeKey: string;
  readonly method: string;
  readonly segments: readonly string[];
  readonly target: T;
}

/** A request matched to a route. */
export interface RouteMatch<T> {
  readonly route: ParsedRoute<T>;
  readonly pathParameters?: Record<string, string>;
}

export function parseRoute<T>(routeKey: string, target: T): ParsedRoute<T> {
  if (routeKey === "$default") return { routeKey, method: "ANY", segments: [], target };
  const [method, path] = routeKey.split(" ");
  if (!method || !path?.startsWith("/")) throw new Error(`route key "${routeKey}" is not "<METHOD> /<path>" or $default`);
  return { routeKey, method, segments: path.split("/").slice(1), target };
}

function matchSegments(route: readonly string[], path: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < route.length; i++) {
    const segment = route[i]!;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      if (i !== route.length - 1 || path.length <= i) return undefined;
      parameters[greedy[1]!] = path.slice(i).map(decodeURIComponent).join("/");
      return parameters;
    }
    if (i >= path.length) return undefined;
    const variable = /^\{(.+)\}$/.exec(segment);
    if (variable) parameters[variable[1]!] = decodeURIComponent(path[i]!);
    else if (segment !== path[i]) return undefined;
  }
  return route.length === path.length ? parameters : undefined;
}

/** How specific a route is: literal segments beat variables, variables beat a greedy tail. */
function specificity(route: ParsedRoute<unknown>): number[] {
  return route.segments.map((segment) => (segment.endsWith("+}") ? 0 : segment.startsWith("{") ? 1 : 2));
}

function compareSpecificity(a: ParsedRoute<unknown>, b: ParsedRoute<unknown>): number {
  const sa = specificity(a);
  const sb = specificity(b);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const diff = (sb[i] ?? -1) - (sa[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return (a.method === "ANY" ? 1 : 0) - (b.method === "ANY" ? 1 : 0);
}

/**
 * The route API Gateway picks for a request (http-api-develop-routes): the most specific path
 * (literal over `{variable}` over `{greedy+}`), an exact method over ANY, `$default` last.
 */
export function matchRoute<T>(routes: readonly ParsedRoute<T>[], method: string, path: string): RouteMatch<T> | undefined {
  const segments = path.split("/").slice(1);
  const candidates = routes
    .filter((route) => route.routeKey !== "$default" && (route.method === "ANY" || route.method === method))
    .flatMap((route) => {
      const pathParameters = matchSegments(route.segments, segments);
      return pathParameters ? [{ route, pathParameters }] : [];
    })
    .sort((a, b) => compareSpecificity(a.route, b.route));
  const best = candidates[0];
  if (best) return { route: best.route, pathParameters: Object.keys(best.pathParameters).length > 0 ? best.pathParameters : undefined };
  const fallback = routes.find((route) => route.routeKey === "$default");
  return fallback ? { route: fallback } : undefined;
}
