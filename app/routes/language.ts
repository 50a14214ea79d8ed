import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { safeRedirectPath } from "../utils/auth.server";
import { languageCookie } from "../utils/i18n.server";

const LanguageForm = z.object({ lng: z.enum(["en", "ja"]), redirectTo: z.string().optional() });

/** The language switcher posts here (works without JS), then returns to the page it came from. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Choose English (en) or Japanese (ja).", { status: 400 });
  return redirect(safeRedirectPath(parsed.data.redirectTo, "/"), {
    headers: { "Set-Cookie": await languageCookie.serialize(parsed.data.lng) },
  });
}

export function loader() {
  return redirect("/");
}
