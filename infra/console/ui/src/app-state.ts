// What every page shares: roles, the hash route, and loading a JSON resource with reload.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, type Role } from './api.ts';

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** True when `role` may do what `needed` may (the server checks again). */
export const can = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

/** Navigates to a page of the console (#/bots/x). */
export function go(path: string): void {
  location.hash = `#${path}`;
}

/** The current route, e.g. ["bots", "mehmet_trader"]. */
export function useRoute(): string[] {
  const read = () => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** GET `path` on mount and on `reload()`; `error` is the server's line. */
export function useLoad<T>(path: string): { data: T | undefined; error: string | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    api.get<T>(path).then((d) => live && (setData(d), setError(undefined)), (e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [path, n]);
  return { data, error, reload: useCallback(() => setN((x) => x + 1), []) };
}
