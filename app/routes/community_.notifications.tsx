import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "../components/customer-shell";
import { TeamTimeZone, useFormat } from "../components/use-format";
import { MarkReadForm, NotificationsQuery } from "../domain/community-notify-forms";
import { topicPath } from "../domain/community-rules";
import { teamTimeZone } from "../models/settings.server";
import { markNotificationsRead, notificationsPageFor } from "../services/community-preferences.server";
import { requireCommunityReader } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

// Plain links and forms: no client scripts.
export const handle = SERVER_RENDERED_ONLY;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const t = await fixedT(reader.language, "communityNotify");
  const query = NotificationsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw data(t("errors.invalid"), { status: 400 });
  const page = query.data.page;
  const list = notificationsPageFor(reader, page);
  return {
    title: t("list.metaTitle"),
    language: reader.language,
    timeZone: teamTimeZone(),
    page,
    unread: list.unread,
    hasNext: list.hasNext,
    items: list.items.map((item) => ({
      id: item.id,
      kind: item.kind,
      actorName: item.actorName,
      count: item.count,
      topicTitle: item.topicTitle,
      href: `${topicPath({ id: item.topicId, slug: item.topicSlug })}${item.postNumber > 1 ? `#post-${item.postNumber}` : ""}`,
      createdAt: item.createdAt.toISOString(),
      unread: item.readAt === null,
    })),
  };
}

/** Marks one notification read, or all; back to the same page (303), so a reload posts nothing again. */
export async function action({ request }: ActionFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const form = MarkReadForm.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) {
    const t = await fixedT(reader.language, "communityNotify");
    return data({ error: t("errors.invalid") }, { status: 400 });
  }
  markNotificationsRead(reader, form.data.intent === "readAll" ? "all" : { id: form.data.id });
  const url = new URL(request.url);
  return redirect(`/community/notifications${url.search}`, 303);
}

export default function CommunityNotifications() {
  const page = useLoaderData<typeof loader>();
  return (
    <TeamTimeZone.Provider value={page.timeZone}>
      <CustomerShell signedIn unreadNotifications={page.unread}>
        <NotificationList />
      </CustomerShell>
    </TeamTimeZone.Provider>
  );
}

function NotificationList() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation("communityNotify");
  const format = useFormat();
  return (
    <div className="stack community-notifications">
      <div className="community-notify-head">
        <h1>{t("list.heading")}</h1>
        <a href="/community/preferences">{t("list.preferences")}</a>
      </div>
      <p className="muted">{t("list.intro")}</p>
      {page.unread > 0 ? (
        <Form method="post" reloadDocument>
          <input type="hidden" name="intent" value="readAll" />
          <button type="submit" className="secondary small">
            {t("list.markAllRead")}
          </button>
        </Form>
      ) : null}
      {page.items.length === 0 ? (
        <p className="card">{t("list.empty")}</p>
      ) : (
        <ul className="notification-list" role="list">
          {page.items.map((item) => (
            <li key={item.id} className={item.unread ? "notification is-unread" : "notification"}>
              <div className="notification-body">
                {item.unread ? <span className="badge">{t("list.unread")}</span> : null}{" "}
                <a href={item.href} className="notification-title">
                  {item.topicTitle}
                </a>
                <p>
                  {item.kind === "like"
                    ? t("kinds.like", { name: item.actorName ?? t("someone"), count: Math.max(item.count - 1, 0) })
                    : t(`kinds.${item.kind}`, { name: item.actorName ?? t("someone") })}
                </p>
                <time className="muted" dateTime={item.createdAt}>
                  {format.dateTime(item.createdAt)}
                </time>
              </div>
              {item.unread ? (
                <Form method="post" reloadDocument>
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" className="secondary small">
                    {t("list.markRead")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {page.page > 1 || page.hasNext ? (
        <nav className="pager" aria-label={t("list.pageLabel")}>
          {page.page > 1 ? (
            <a href={page.page === 2 ? "/community/notifications" : `/community/notifications?page=${page.page - 1}`}>{t("list.newer")}</a>
          ) : null}
          {page.hasNext ? <a href={`/community/notifications?page=${page.page + 1}`}>{t("list.older")}</a> : null}
        </nav>
      ) : null}
    </div>
  );
}
