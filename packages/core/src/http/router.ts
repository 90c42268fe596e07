import { CallwireError } from '../errors.js';
import type { Route } from './route.js';

/** What {@link Router.match} finds for a method and a path. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'none' };

/** A table of routes, matched by path segments; literal segments win over `:params`. */
export interface Router {
  match(method: string, path: string): RouteMatch;
  /** True when some route, of any method, answers `path`. */
  serves(path: string): boolean;
}

interface Compiled {
  route: Route;
  segments: string[];
  /** Literal segments count, to order more specific routes first. */
  literals: number;
}

const split = (path: string) => path.split('/').filter((segment) => segment.length > 0);

/** Builds a {@link Router}; throws `TypeError` on two routes with the same method and path shape. */
export function createRouter(routes: readonly Route[]): Router {
  const seen = new Set<string>();
  const compiled: Compiled[] = routes.map((route) => {
    if (!route.path.startsWith('/')) throw new TypeError(`Route path "${route.path}" must start with "/".`);
    const segments = split(route.path);
    const shape = `${route.method} /${segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/')}`;
    if (seen.has(shape)) throw new TypeError(`Two routes answer ${route.method} ${route.path}.`);
    seen.add(shape);
    return { route, segments, literals: segments.filter((s) => !s.startsWith(':')).length };
  });
  compiled.sort((a, b) => b.literals - a.literals);
  // Paths without parameters (every webhook) are looked up whole: a path that equals a literal route's is answered by
  // that path's routes (a literal segment wins over a parameter, so no parameter route can come first).
  const literal = new Map<string, Map<string, Route>>();
  for (const { route, segments } of compiled) {
    if (segments.some((segment) => segment.startsWith(':'))) continue;
    const path = `/${segments.join('/')}`;
    const byMethod = literal.get(path) ?? new Map<string, Route>();
    byMethod.set(route.method, route);
    literal.set(path, byMethod);
  }

  return {
    serves(path) {
      if (literal.has(path)) return true;
      const parts = split(path);
      return compiled.some((candidate) => matchSegments(candidate.segments, parts) !== undefined);
    },
    match(method, path) {
      const route = literal.get(path)?.get(method);
      if (route) return { kind: 'found', route, params: {} };
      const parts = split(path);
      const allow = new Set<string>();
      for (const candidate of compiled) {
        const params = matchSegments(candidate.segments, parts);
        if (!params) continue;
        if (candidate.route.method === method) return { kind: 'found', route: candidate.route, params };
        allow.add(candidate.route.method);
      }
      if (allow.size === 0) return { kind: 'none' };
      if (allow.has('GET')) allow.add('HEAD');
      return { kind: 'wrong-method', allow: [...allow].sort() };
    },
  };
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const part = parts[index]!;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeSegment(part);
    else if (segment !== part) return undefined;
  }
  return params;
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new CallwireError('bad_request', 'The path has a malformed percent-encoding.');
  }
}
