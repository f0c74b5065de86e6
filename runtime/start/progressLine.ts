/**
 * One line of progress on stderr: rewritten in place on a terminal; on a pipe or in CI, a line
 * when the phase changes and at most one every few seconds, so logs stay readable.
 */
export interface ProgressLine {
  update(text: string): void;
  /** Ends the progress line, printing `text` on its own line if given. */
  done(text?: string): void;
}

/** Between two progress lines when the output is not a terminal. */
export const PIPE_INTERVAL_MS = 5_000;

export function createProgressLine(stream: NodeJS.WritableStream & { isTTY?: boolean }, now: () => number = Date.now): ProgressLine {
  let onLine = false;
  let lastPhase = "";
  let lastPrinted = -Infinity;
  return {
    update(text) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${text}`);
        onLine = true;
        return;
      }
      const phase = text.split(":")[0]!;
      if (phase !== lastPhase || now() - lastPrinted >= PIPE_INTERVAL_MS) {
        stream.write(`${text}\n`);
        lastPhase = phase;
        lastPrinted = now();
      }
    },
    done(text) {
      if (onLine) stream.write("\r\x1b[K");
      onLine = false;
      if (text !== undefined) stream.write(`${text}\n`);
    },
  };
}
