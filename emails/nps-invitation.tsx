import { Hr, Link, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import { EmailLayout } from "./layout";
import { colors, styles } from "./theme";
import { defineEmail, type EmailChrome } from "./types";

export type NpsEmailKind = "invitation" | "reminder";

export type NpsInvitationProps = {
  /** The greeting line as it should read ("Hi Sam,"); the caller decides the no-name fallback. */
  greeting: string;
  productName: string;
  /** The survey question in the email's language, product name already filled in. */
  question: string;
  /** Eleven links, one per score 0–10, in order. */
  scoreUrls: string[];
  unsubscribeUrl: string;
  /** A hidden link only machines follow: a request through it marks the email as scanned. */
  honeypotUrl: string;
};

const scoreCell: CSSProperties = {
  padding: "0 2px",
  width: "9.09%",
};

// A bulletproof button: the colour and border sit on the cell (Outlook ignores them on links),
// the link fills the cell so the whole square is the target on a phone.
const scoreBox: CSSProperties = {
  backgroundColor: "#ffffff",
  border: `1px solid ${colors.brand}`,
  borderRadius: "6px",
};
const scoreLink: CSSProperties = {
  display: "block",
  color: colors.brandInk,
  fontSize: "16px",
  fontWeight: 700,
  lineHeight: "40px",
  textAlign: "center",
  textDecoration: "none",
};
const anchorText: CSSProperties = { margin: 0, fontSize: "12px", lineHeight: "18px", color: colors.muted };
const question: CSSProperties = { ...styles.text, fontSize: "18px", lineHeight: "28px", fontWeight: 700 };
const hiddenBlock: CSSProperties = {
  display: "none",
  maxHeight: 0,
  overflow: "hidden",
  msoHide: "all",
  fontSize: "1px",
  lineHeight: "1px",
  color: "#ffffff",
} as CSSProperties;

/**
 * The NPS invitation and its reminder: the question with the eleven scores as links inside the
 * email, so one click from the inbox answers. The landing page only preselects the score; the
 * answer is recorded by the page's POST, because link scanners open every link here.
 */
export function NpsInvitationEmail({
  kind,
  greeting,
  productName,
  question: text,
  scoreUrls,
  unsubscribeUrl,
  honeypotUrl,
  locale,
  t,
}: NpsInvitationProps & EmailChrome & { kind: NpsEmailKind }) {
  return (
    <EmailLayout locale={locale} t={t} preheader={t(`nps.${kind}.preheader`, { product: productName })}>
      {/* First link in the body, invisible and unfocusable: people never reach it, crawlers do. */}
      <div style={hiddenBlock} aria-hidden="true" data-skip-in-text="true">
        <a href={honeypotUrl} tabIndex={-1} style={{ color: "#ffffff", textDecoration: "none", fontSize: "1px" }}>
          &#8203;
        </a>
      </div>
      <Text style={styles.text}>{greeting}</Text>
      {kind === "reminder" ? <Text style={styles.text}>{t("nps.reminder.nudge", { product: productName })}</Text> : null}
      <Text style={styles.text}>{t(`nps.${kind}.intro`, { product: productName })}</Text>
      {/* A heading for screen readers, but a paragraph to the text converter, which would shout an h1 in capitals. */}
      <Text style={question} role="heading" aria-level={1}>
        {text}
      </Text>
      <table
        role="presentation"
        width="100%"
        cellPadding={0}
        cellSpacing={0}
        border={0}
        style={{ borderCollapse: "separate", tableLayout: "fixed", margin: "8px 0 6px" }}
      >
        <tbody>
          <tr>
            {scoreUrls.map((url, score) => (
              <td key={score} align="center" style={scoreCell}>
                <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0} style={scoreBox}>
                  <tbody>
                    <tr>
                      <td align="center" style={{ borderRadius: "6px" }}>
                        <a href={url} style={scoreLink} aria-label={t("nps.scoreLabel", { score })} title={t("nps.scoreLabel", { score })}>
                          {score}
                        </a>
                      </td>
                    </tr>
                  </tbody>
                </table>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} border={0} style={{ margin: "0 0 20px" }} data-skip-in-text="true">
        <tbody>
          <tr>
            <td align="left" style={{ width: "50%" }}>
              <p style={anchorText}>← {t("nps.low")}</p>
            </td>
            <td align="right" style={{ width: "50%" }}>
              <p style={{ ...anchorText, textAlign: "right" }}>{t("nps.high")} →</p>
            </td>
          </tr>
        </tbody>
      </table>
      <Text style={styles.small}>{t("nps.scaleHint")}</Text>
      <Text style={styles.small}>{t("nps.afterClick")}</Text>
      <Hr style={styles.hr} />
      <Text style={styles.small}>
        {t("nps.why", { product: productName })}{" "}
        <Link href={unsubscribeUrl} style={styles.link}>
          {t("nps.unsubscribe")}
        </Link>
      </Text>
    </EmailLayout>
  );
}

const preview: NpsInvitationProps = {
  greeting: "Hi Hanako,",
  productName: "Kizuna",
  question: "How likely are you to recommend Kizuna to a friend or colleague?",
  scoreUrls: Array.from({ length: 11 }, (_, n) => `https://kizuna.example/s/preview-token?score=${n}`),
  unsubscribeUrl: "https://kizuna.example/u/preview-unsubscribe",
  honeypotUrl: "https://kizuna.example/s/preview-token/h",
};

export const npsInvitation = defineEmail<NpsInvitationProps>({
  Component: (props) => <NpsInvitationEmail {...props} kind="invitation" />,
  subject: (props, t) => t("nps.invitation.subject", { product: props.productName }),
  preview,
});

export const npsReminder = defineEmail<NpsInvitationProps>({
  Component: (props) => <NpsInvitationEmail {...props} kind="reminder" />,
  subject: (props, t) => t("nps.reminder.subject", { product: props.productName }),
  preview,
});
