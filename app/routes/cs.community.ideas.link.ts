import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { IdeaLinkForm } from "../domain/ideas";
import { errorMessage } from "../domain/service-error";
import { linkResponseToIdea } from "../services/idea-console.server";
import { requireStaff } from "../utils/auth.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalOf } from "../utils/refusal.server";

/**
 * POST from an NPS response's page: links its comment to an idea, then back to the response. A
 * refusal goes back there too, as its code (the page words it beside the field, in the reader's
 * language, and nobody can put their own text on it through the address) with what was typed.
 */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "write:idea:any");
  const submission = parseWithZod(await request.formData(), { schema: IdeaLinkForm });
  const rawId = String(submission.payload.responseId ?? "");
  // Without a response there is no page to go back to: a 400 worded for the reader.
  if (!/^[1-9]\d{0,14}$/.test(rawId)) throw new Response(errorMessage("invalidId", { value: rawId.slice(0, 40) }, user.language), { status: 400 });
  const responseId = Number(rawId);
  const typed = String(submission.payload.idea ?? "").slice(0, 200);
  const back = (code: string) => redirect(`/cs/responses/${responseId}?${new URLSearchParams({ ideaError: code, ideaValue: typed })}#ideas-heading`, 303);
  if (submission.status !== "success") return back("ideaMergeTarget");
  try {
    linkResponseToIdea(user, submission.value.responseId, submission.value.idea, clientIp(request));
    return redirect(`/cs/responses/${responseId}?ideaLinked=1#ideas-heading`, 303);
  } catch (error) {
    return back(refusalOf(error, user.language).error.code);
  }
}

/** Nothing to show at this address: a signed-in reader gets a 404, anyone else the sign-in page. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:idea:any");
  throw new Response("Not found", { status: 404 });
}
