import { useTranslation } from "react-i18next";
import { useFormat } from "./use-format";

export type CampaignStatus = "draft" | "scheduled" | "sending" | "sent" | "cancelled" | "closed";

/** The status's name and what it means, in the reader's language. */
export function useCampaignStatus() {
  const { t } = useTranslation("campaigns");
  return { label: (status: CampaignStatus) => t(`status.${status}`), help: (status: CampaignStatus) => t(`statusHelp.${status}`) };
}

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { label, help } = useCampaignStatus();
  return (
    <span className={`badge campaign-${status}`} title={help(status)}>
      {label(status)}
    </span>
  );
}

/** A response rate ("12.5 %", "12.5%") in the reader's language, or an em dash before anyone could answer. */
export function useFormatRate() {
  const { t } = useTranslation("campaigns");
  const format = useFormat();
  return (rate: number | null) => (rate === null ? "—" : t("rate", { value: format.number(rate, 1) }));
}

/** "12.5 %" or an em dash before anyone could answer (English; pages use `useFormatRate`). */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : `${rate.toLocaleString("en", { maximumFractionDigits: 1 })} %`;
}
