/**
 * Forces an interleaving between the filesystem store and another writer on the real filesystem:
 * the first call of one `node:fs` function whose first argument the predicate accepts runs `act`
 * (another process's change: an unlink, a folder swapped for a link, a lock broken) and then the
 * real call, or throws what `act` throws (a disk error, as errno errors carry it). The store reads
 * these functions from the shared `node:fs` objects at call time, so the wrapper sees its calls.
 * Restore with `vi.restoreAllMocks()` (test files share their worker's modules).
 */
import { vi } from "vitest";

type Call = (...args: unknown[]) => unknown;

export function beforeFirstCall<T extends object>(host: T, method: keyof T & string, matches: (first: unknown) => boolean, act: () => void): void {
  const functions = host as unknown as Record<string, Call>;
  const real = functions[method]!;
  let done = false;
  vi.spyOn(functions, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
    if (!done && matches(args[0])) {
      done = true;
      act();
    }
    return real.apply(this, args);
  });
}

/** Every call of `method` while the test runs, with its first argument and what it returned (the calls go through). */
export function recordCalls<T extends object>(host: T, method: keyof T & string): { first: unknown; result: unknown }[] {
  const functions = host as unknown as Record<string, Call>;
  const real = functions[method]!;
  const seen: { first: unknown; result: unknown }[] = [];
  vi.spyOn(functions, method).mockImplementation(function (this: unknown, ...args: unknown[]) {
    const result = real.apply(this, args);
    seen.push({ first: args[0], result });
    return result;
  });
  return seen;
}

/** An errno error as node:fs throws it (`code` is what the store looks at). */
export function errnoError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, syscall, path: file });
}

export const isPath = (file: string) => (first: unknown) => first === file;
