import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { IdeaLinkForm } from "../domain/ideas";
import { linkResponseToIdea } from "../services/idea-console.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf } from "../utils/refusal.server";

/** POST from an NPS response's page: links its comment to an idea, then back to the response (with the refusal worded, if any). */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:idea:any");
  const form = IdeaLinkForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) throw new Response("Unknown response", { status: 400 });
  const { responseId, idea } = form.data;
  const back = `/cs/responses/${responseId}`;
  try {
    linkResponseToIdea(user, responseId, idea, clientIp(request));
    return redirect(`${back}?ideaLinked=1#ideas-heading`, 303);
  } catch (error) {
    // The code, not a sentence: the page words it, and nobody can put their own text on it through the address.
    const refusal = refusalOf(error, user.language);
    return redirect(`${back}?ideaError=${refusal.error.code}#ideas-heading`, 303);
  }
}

/** Nothing to show at this address: a signed-in reader gets a 404, anyone else the sign-in page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:idea:any");
  throw new Response("Not found", { status: 404 });
}
