import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { safeRedirectPath } from "../utils/auth.server";
import { browserLanguage, fixedT } from "../utils/i18n.server";
import { beginOidcSignIn, oidcProvider } from "../utils/oidc.server";

/** "Sign in with …": sends the browser to the company's provider, remembering the attempt in a short-lived signed cookie. */
export async function action({ request }: ActionFunctionArgs) {
  if (!oidcProvider()) throw new Response("Not Found", { status: 404 });
  const redirectTo = safeRedirectPath((await request.formData()).get("redirectTo"), "/cs");
  let started;
  try {
    started = await beginOidcSignIn(redirectTo);
  } catch {
    // The provider could not be reached (its discovery document): say so rather than fail with a 500.
    const t = await fixedT(await browserLanguage(request), "staffAuth");
    throw new Response(t("sso.unavailable"), { status: 502 });
  }
  return redirect(started.url, { headers: { "Set-Cookie": started.setCookie } });
}

export function loader() {
  return redirect("/cs/login");
}
