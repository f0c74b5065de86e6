/**
 * The Authorization header forms the push verifier accepts (oidcVerifier.ts), and what its
 * refusals say. Tokens come from the local issuer (runtime/local/localOidcIssuer.ts), its keys
 * handed to the verifier as the key source would.
 */
import { describe, expect, it } from "vitest";
import { ForbiddenError, UnauthorizedError } from "../../../runtime/core/errors.js";
import { createLocalOidcIssuer, type IdTokenClaims } from "../../../runtime/local/localOidcIssuer.js";
import { createOidcVerifier, GOOGLE_ISSUERS } from "../../../runtime/proxy/oidcVerifier.js";

const AUDIENCE = "https://proxy.example.test/pubsub/push";
const PUSH_ACCOUNT = "push@piaa-test.iam.gserviceaccount.com";
const issuer = createLocalOidcIssuer();
const verifier = createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certificates: async () => issuer.certificates() });
const nowS = () => Math.floor(Date.now() / 1000);
const token = (overrides: Partial<IdTokenClaims> = {}) =>
  issuer.sign({ iss: "https://accounts.google.com", aud: AUDIENCE, email: PUSH_ACCOUNT, email_verified: true, sub: "42", iat: nowS(), exp: nowS() + 600, ...overrides });
const refusal = (authorization: string | undefined): Promise<Error> => verifier.verify(authorization).then(
  () => {
    throw new Error("expected a refusal");
  },
  (error: Error) => error,
);

describe("the Authorization header", () => {
  it("accepts the Bearer scheme in any case, with extra spaces around and between", async () => {
    for (const form of [`Bearer ${token()}`, `bearer ${token()}`, `BEARER   ${token()}`, `  Bearer ${token()}  `]) {
      await expect(verifier.verify(form)).resolves.toEqual({ email: PUSH_ACCOUNT, subject: "42" });
    }
  });

  it.each<[string, string | undefined, string]>([
    ["absent", undefined, "unauthorized: missing Authorization header"],
    ["empty", "", "unauthorized: missing Authorization header"],
    ["a scheme without a token", "Bearer", "unauthorized: Authorization header is not a Bearer token"],
    ["two words after the scheme", "Bearer a b", "unauthorized: Authorization header is not a Bearer token"],
    ["a token without the scheme", "abc.def.ghi", "unauthorized: Authorization header is not a Bearer token"],
    ["another scheme", "Token abc", "unauthorized: Authorization header is not a Bearer token"],
    ["text before the scheme", "x Bearer abc", "unauthorized: Authorization header is not a Bearer token"],
  ])("refuses a header that is %s", async (_case, authorization, message) => {
    const error = await refusal(authorization);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe(message);
  });
});

describe("the refusals", () => {
  it("keep only the library's leading reason, so no token reaches a log", async () => {
    const error = await refusal(`Bearer ${token({ aud: "https://elsewhere.example.test/" })}`);
    expect(error.message).toMatch(/^unauthorized: invalid OIDC token: Wrong recipient$/);
  });

  it("name the account a token is for, or null", async () => {
    expect((await refusal(`Bearer ${token({ email: "intruder@x.iam.gserviceaccount.com" })}`)).message).toBe(
      'forbidden: token is for "intruder@x.iam.gserviceaccount.com", not the push service account',
    );
    const none = await refusal(`Bearer ${token({ email: undefined })}`);
    expect(none).toBeInstanceOf(ForbiddenError);
    expect(none.message).toBe("forbidden: token is for null, not the push service account");
  });

  it("require email_verified to be true itself, not merely truthy", async () => {
    const error = await refusal(`Bearer ${token({ email_verified: "true" as unknown as boolean })}`);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe("forbidden: token email is not verified");
  });

  it("accept both of Google's issuer forms and no other", () => {
    expect(GOOGLE_ISSUERS).toEqual(["accounts.google.com", "https://accounts.google.com"]);
  });
});
