import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { errorMessage } from "../domain/service-error";
import { setUserLocale } from "../models/user.server";
import { requireStaff, safeRedirectPath } from "../utils/auth.server";

const ConsoleLanguageForm = z.object({ lng: z.enum(["en", "ja"]), redirectTo: z.string().optional() });

/**
 * The console header's language switch: one click sets the signed-in person's language (kept on
 * their user, so every device and every email to them follows), then returns to the same page.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "read:account:any");
  const parsed = ConsoleLanguageForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    throw new Response(errorMessage("profileLanguage", {}, user.language), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  setUserLocale(user.id, parsed.data.lng);
  return redirect(safeRedirectPath(parsed.data.redirectTo, "/cs"));
}

// Changing the language changes state, so a GET only lands on the console.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:account:any");
  return redirect("/cs");
}
