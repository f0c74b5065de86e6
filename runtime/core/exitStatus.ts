/**
 * The one place where an error becomes a `piaa` exit status (as httpErrors.ts is for HTTP):
 * 0 success, 1 a finding the user asked about, 2 usage or input error, 3 environment or service
 * failure, 70 a bug in piaa, 130 interrupted. Commands throw typed errors, findings included
 * (FindingError, after their report is printed).
 */
import { CommanderError } from "commander";
import {
  BucketUnavailableError,
  FindingError,
  ForbiddenError,
  InvalidBucketError,
  InvalidDocumentError,
  InvalidObjectNameError,
  InvalidRequestError,
  InvalidSegmentError,
  NotFoundError,
  OutputPathError,
  OverloadedError,
  PiaaError,
  PreconditionFailedError,
  StarNotFoundError,
  StoreUnavailableError,
  UnauthorizedError,
  UsageError,
} from "./errors.js";

export const EXIT_STATUS = {
  success: 0,
  /** What the user asked to check was found wanting (policy violation, unfixed segment). */
  finding: 1,
  usage: 2,
  environment: 3,
  /** sysexits.h EX_SOFTWARE: an unexpected error, i.e. a bug; not one of the documented outcomes. */
  internal: 70,
  /** 128 + SIGINT, as shells report a command stopped with Ctrl-C. */
  interrupted: 130,
} as const;

const USAGE_ERRORS = [UsageError, StarNotFoundError, InvalidObjectNameError, InvalidRequestError, InvalidBucketError, InvalidSegmentError, OutputPathError, NotFoundError];
const ENVIRONMENT_ERRORS = [
  BucketUnavailableError,
  StarNotFoundError,
  StoreUnavailableError,
  InvalidDocumentError,
  PreconditionFailedError,
  OverloadedError,
  UnauthorizedError,
  ForbiddenError,
];

/** A Node system error (ENOSPC, EACCES, ECONNREFUSED…): the machine, not piaa, said no. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && typeof (error as NodeJS.ErrnoException).syscall === "string";
}

export function exitStatusOf(error: unknown): number {
  // commander has printed its own message (or the help, or the version) already.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_STATUS.success : EXIT_STATUS.usage;
  if (error instanceof FindingError) return EXIT_STATUS.finding;
  if (USAGE_ERRORS.some((type) => error instanceof type)) return EXIT_STATUS.usage;
  if (ENVIRONMENT_ERRORS.some((type) => error instanceof type)) return EXIT_STATUS.environment;
  // Other domain errors name a value the user gave (InfraConfigError: a stack config key).
  if (error instanceof PiaaError) return EXIT_STATUS.usage;
  if (isSystemError(error)) return EXIT_STATUS.environment;
  return EXIT_STATUS.internal;
}

/** The scheme as `piaa --help` and the README state it. */
export const EXIT_STATUS_HELP =
  "Exit status: 0 success; 1 a finding you asked about (policy violation, a segment reconcile could not fix);\n" +
  "2 usage or input error; 3 environment or service failure (bucket missing or unreachable, store failing);\n" +
  "70 a bug in piaa (LOG_LEVEL=debug prints its stack trace); 130 interrupted (Ctrl-C).";
