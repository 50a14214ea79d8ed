import { useTranslation } from "react-i18next";
import { wordMessages } from "../domain/field-message";
import { isLanguage } from "../locales";
import type { OutboxStatus } from "../models/outbox.server";

/** In the order an email moves through them. */
export const OUTBOX_STATUS_LIST = ["queued", "sending", "sent", "local", "dead"] as const satisfies readonly OutboxStatus[];
// Every status is listed: a new one fails the type check here until it is placed in the list.
const everyStatusListed: Exclude<OutboxStatus, (typeof OUTBOX_STATUS_LIST)[number]> extends never ? true : never = true;
void everyStatusListed;

/** The status's name and what it means, in the reader's language. */
export function useOutboxStatus() {
  const { t } = useTranslation("admin");
  return { label: (status: OutboxStatus) => t(`outbox.status.${status}`), help: (status: OutboxStatus) => t(`outbox.statusHelp.${status}`) };
}

export function OutboxStatusBadge({ status }: { status: OutboxStatus }) {
  const { label, help } = useOutboxStatus();
  return (
    <span className={`badge status-${status}`} title={help(status)}>
      {label(status)}
    </span>
  );
}

/** An outbox row's last error in the reader's language (Kizuna's part worded, the provider's own words kept). */
export function useDeliveryError() {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "en";
  return (text: string) => wordMessages(text, language);
}
