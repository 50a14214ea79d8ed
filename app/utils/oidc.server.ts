import { createCookie } from "@remix-run/node";
import * as client from "openid-client";
import { z } from "zod";
import { env } from "./env.server";

/*
 * OpenID Connect sign-in for the CS team (docs/decisions/044): the authorization code flow with
 * PKCE, through openid-client. What the round trip needs to remember (state, nonce, the PKCE
 * verifier, where to go afterwards) rides in a short-lived signed cookie, not the database.
 */

export type OidcProvider = { name: string };

/** The provider the sign-in page offers, or null when OIDC is not configured. */
export function oidcProvider(): OidcProvider | null {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID) return null;
  return { name: OIDC_NAME ?? new URL(OIDC_ISSUER).hostname };
}

export const OIDC_CALLBACK_PATH = "/cs/login/oidc/callback";
const FLOW_MS = 10 * 60_000;

let discovered: { key: string; config: Promise<client.Configuration> } | null = null;

/**
 * The provider's configuration, discovered once (and again after a failure, or when the settings
 * change, which only tests do). Plain-http issuers are refused, as openid-client does by default,
 * except when NODE_ENV=test (the tests' local provider).
 */
function configuration(): Promise<client.Configuration> {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, NODE_ENV } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID) throw new Error("OIDC is not configured");
  const key = [OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET].join("\n");
  if (discovered?.key === key) return discovered.config;
  const insecure = NODE_ENV === "test" && OIDC_ISSUER.startsWith("http://");
  const config = client.discovery(
    new URL(OIDC_ISSUER),
    OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET,
    OIDC_CLIENT_SECRET ? client.ClientSecretPost(OIDC_CLIENT_SECRET) : client.None(),
    insecure ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  discovered = { key, config };
  config.catch(() => {
    if (discovered?.config === config) discovered = null;
  });
  return config;
}

const FlowState = z.object({ state: z.string(), nonce: z.string(), verifier: z.string(), redirectTo: z.string(), startedAt: z.number() });
type FlowState = z.infer<typeof FlowState>;

let flowCookie: ReturnType<typeof createCookie> | null = null;

function cookie() {
  if (!flowCookie) {
    const secure = env().APP_URL.startsWith("https://");
    // SameSite=Lax: the provider sends the browser back with a top-level GET, which carries it.
    flowCookie = createCookie(`${secure ? "__Host-" : ""}kizuna_oidc`, {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      secrets: [env().SESSION_SECRET],
      maxAge: FLOW_MS / 1000,
    });
  }
  return flowCookie;
}

/** Where to send the browser to sign in at the provider, and the cookie that remembers this attempt. */
export async function beginOidcSignIn(redirectTo: string, now = Date.now()): Promise<{ url: string; setCookie: string }> {
  const config = await configuration();
  const flow: FlowState = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    redirectTo,
    startedAt: now,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: env().APP_URL + OIDC_CALLBACK_PATH,
    scope: "openid email profile",
    response_type: "code",
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
  });
  return { url: url.href, setCookie: await cookie().serialize(flow) };
}

export type OidcIdentity = { subject: string; email: string | null; emailVerified: boolean; redirectTo: string };

export class OidcFlowError extends Error {}

/** The cookie header that forgets the attempt (sent with every answer of the callback). */
export function clearOidcCookie(): Promise<string> {
  return cookie().serialize("", { maxAge: 0 });
}

/**
 * Finishes the round trip: the code is exchanged (with the PKCE verifier) and the ID token's
 * signature, issuer, audience, expiry, nonce and the state are checked by openid-client. Any
 * failure (no or stale cookie, a state or nonce that does not match, an error from the provider)
 * throws OidcFlowError.
 */
export async function finishOidcSignIn(request: Request, now = Date.now()): Promise<OidcIdentity> {
  const parsed = FlowState.safeParse(await cookie().parse(request.headers.get("Cookie")));
  if (!parsed.success || now - parsed.data.startedAt > FLOW_MS) throw new OidcFlowError("no sign-in in progress");
  const flow = parsed.data;
  const config = await configuration();
  // The address the provider sent the browser to, on APP_URL (a proxy in front may have changed the request's own).
  const current = new URL(request.url);
  const callback = new URL(env().APP_URL + OIDC_CALLBACK_PATH + current.search);
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (error) {
    throw new OidcFlowError(error instanceof Error ? error.message : "the provider's answer was refused");
  }
  if (!claims) throw new OidcFlowError("no ID token");
  return {
    subject: claims.sub,
    email: typeof claims.email === "string" ? claims.email : null,
    emailVerified: emailIsVerified(claims),
    redirectTo: flow.redirectTo,
  };
}

/**
 * Whether the provider vouches for the email: `email_verified: true` (Google Workspace and most
 * providers), or Microsoft Entra ID's `xms_edov: true` ("email domain owner verified"), an optional
 * claim the app registration adds; Entra ID sends no `email_verified` (decision 044).
 */
function emailIsVerified(claims: client.IDToken): boolean {
  return claims.email_verified === true || claims.email_verified === "true" || claims.xms_edov === true || claims.xms_edov === "true";
}
