import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { WatchForm } from "../domain/community-notify-forms";
import { isServiceError } from "../domain/service-error";
import { setWatchLevel } from "../services/community-preferences.server";
import { safeRedirectPath } from "../utils/auth.server";
import { requireCommunityReader } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";

/** Nothing to show: the form lives on topic, category and preferences pages. */
export function loader() {
  return redirect("/community/preferences");
}

/** Saves a watch level on a topic or category the reader may read, then back where the form was (303). */
export async function action({ request }: ActionFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const t = await fixedT(reader.language, "communityNotify");
  const form = WatchForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return data({ error: t("errors.invalid") }, { status: 400 });
  const { target, id, level, redirectTo } = form.data;
  try {
    setWatchLevel(reader, target === "topic" ? { topicId: id } : { categoryId: id }, level);
  } catch (error) {
    if (isServiceError(error) && error.status === 404) return data({ error: t("errors.notFound") }, { status: 404 });
    throw error;
  }
  return redirect(safeRedirectPath(redirectTo, "/community/preferences"), 303);
}
