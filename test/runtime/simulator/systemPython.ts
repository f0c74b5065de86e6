/**
 * Runs a script under the Debian python3 (/usr/bin/python3, which has python3-astropy; NOT the
 * pyenv python3 on PATH), passing JSON on stdin and parsing JSON from stdout. Used to check our
 * astronomy and FITS output against astropy, an independent implementation.
 */
import { execFile } from "node:child_process";

export const SYSTEM_PYTHON = "/usr/bin/python3";

/** astropy set-up shared by the scripts: no network, no IERS downloads, quiet warnings. */
export const ASTROPY_PRELUDE = `
import json, sys, warnings
warnings.simplefilter("ignore")
from astropy.utils import iers
iers.conf.auto_download = False
iers.conf.iers_degraded_accuracy = "ignore"
`;

export function runPython<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = execFile(SYSTEM_PYTHON, ["-c", ASTROPY_PRELUDE + script], { timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${SYSTEM_PYTHON} failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as T);
    });
    child.stdin!.end(JSON.stringify(input));
  });
}
