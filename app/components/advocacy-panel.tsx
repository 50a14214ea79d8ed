import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AdvocacyKindValue } from "../domain/advocacy-timeline";
import { ADVOCACY_KIND_VALUES } from "../domain/advocacy-timeline";
import { LocalTime } from "./local-time";

export type AdvocacyEntryView = {
  id: number;
  kind: AdvocacyKindValue;
  at: number;
  source: string;
  contactId: number | null;
  contactName: string | null;
  detail: Record<string, string | number | null> | null;
  recordedBy: string | null;
};

/** What a record says beside its kind: the score, the prospect and outcome, the review site, the title. */
export function AdvocacyDetail({ entry }: { entry: AdvocacyEntryView }) {
  const { t } = useTranslation("stories");
  const detail = entry.detail ?? {};
  if (entry.kind === "promoter_answer" && detail.score !== undefined) return <>{t("advocacy.detail.score", { score: detail.score })}</>;
  if (entry.kind === "reference_given")
    return (
      <>
        {t("advocacy.detail.prospect", {
          prospect: detail.prospect ?? "",
          outcome: t(`advocacy.outcomes.${String(detail.outcome ?? "unknown") as "unknown"}`),
        })}
        {detail.note ? <span className="muted"> — {detail.note}</span> : null}
      </>
    );
  if (entry.kind === "review_written")
    return (
      <a href={String(detail.url ?? "")} rel="noopener noreferrer" target="_blank">
        {t("advocacy.detail.review", { site: t(`advocacy.sites.${String(detail.site ?? "other") as "other"}`) })}
      </a>
    );
  if (entry.kind === "accepted_answer" || entry.kind === "like_received") {
    return detail.topicId ? <a href={`/community/t/${detail.topicId}`}>{detail.title ? String(detail.title) : `#${detail.topicId}`}</a> : null;
  }
  if (entry.kind === "story_published" && entry.source === "story") return <>{detail.title ? String(detail.title) : null}</>;
  return detail.title ? <>{String(detail.title)}</> : null;
}

/** The account 360's advocacy panel: totals by kind and the newest records, with the way to the full timeline. */
export function AdvocacyPanel({ accountId, entries, totals }: { accountId: number; entries: AdvocacyEntryView[]; totals: Record<AdvocacyKindValue, number> }) {
  const { t } = useTranslation("stories");
  const kinds = ADVOCACY_KIND_VALUES.filter((kind) => totals[kind] > 0);
  return (
    <section className="card" aria-labelledby="advocacy-heading">
      <h2 id="advocacy-heading">{t("advocacy.panelHeading")}</h2>
      <p className="muted small">{t("advocacy.panelIntro")}</p>
      {kinds.length === 0 ? (
        <p className="muted">{t("advocacy.empty")}</p>
      ) : (
        <>
          <ul className="advocacy-totals" role="list">
            {kinds.map((kind) => (
              <li key={kind}>
                <span className="advocacy-total">{totals[kind]}</span> {t(`advocacy.kinds.${kind}`)}
              </li>
            ))}
          </ul>
          <ol className="advocacy-timeline" role="list">
            {entries.slice(0, 8).map((entry) => (
              <li key={entry.id}>
                <span className="muted small nowrap">
                  <LocalTime value={entry.at} dateOnly />
                </span>{" "}
                <strong>{t(`advocacy.kinds.${entry.kind}`)}</strong> {entry.contactName ? <span>· {entry.contactName}</span> : null}{" "}
                <span className="small">
                  <AdvocacyDetail entry={entry} />
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      <p className="small">
        <Link to={`/cs/accounts/${accountId}/advocacy`}>{t("advocacy.viewAll")}</Link>
      </p>
    </section>
  );
}
