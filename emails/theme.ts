import type { CSSProperties } from "react";

/**
 * Inline styles shared by every email. Mail clients ignore stylesheets and most modern CSS,
 * so everything is inline, sized in px, and laid out with the tables React Email emits.
 */
const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', Meiryo, sans-serif";

export const colors = {
  ink: "#1d2433",
  soft: "#4a5468",
  muted: "#5f6b80",
  line: "#e2e6ef",
  page: "#f6f7fb",
  brand: "#3b4cca",
  brandInk: "#2a38a3",
} as const;

export const styles = {
  body: { backgroundColor: colors.page, margin: 0, padding: "24px 0", fontFamily: font, color: colors.ink },
  container: { maxWidth: "560px", width: "100%", margin: "0 auto", padding: "0 12px" },
  header: { padding: "8px 4px 16px" },
  wordmark: { margin: 0, fontSize: "20px", lineHeight: "28px", fontWeight: 800, color: colors.ink, letterSpacing: "0.01em" },
  wordmarkDot: { color: colors.brand },
  card: { backgroundColor: "#ffffff", border: `1px solid ${colors.line}`, borderRadius: "10px" },
  cardPadding: { padding: "32px 28px" },
  h1: { margin: "0 0 16px", fontSize: "22px", lineHeight: "30px", fontWeight: 700, color: colors.ink },
  text: { margin: "0 0 16px", fontSize: "16px", lineHeight: "26px", color: colors.ink },
  /** A customer's own words (their comment), set apart. */
  quote: {
    margin: "0 0 16px",
    padding: "12px 16px",
    borderLeft: `4px solid ${colors.brand}`,
    backgroundColor: colors.page,
    fontSize: "16px",
    lineHeight: "26px",
    color: colors.ink,
    whiteSpace: "pre-wrap" as const,
  },
  small: { margin: "0 0 8px", fontSize: "14px", lineHeight: "22px", color: colors.muted },
  buttonRow: { padding: "8px 0 24px" },
  button: {
    backgroundColor: colors.brand,
    borderRadius: "8px",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: 700,
    lineHeight: "24px",
    textDecoration: "none",
    textAlign: "center",
    display: "inline-block",
    padding: "12px 24px",
  },
  url: { margin: "0 0 16px", fontSize: "13px", lineHeight: "20px", wordBreak: "break-all", color: colors.brandInk },
  link: { color: colors.brandInk, textDecoration: "underline" },
  hr: { border: "none", borderTop: `1px solid ${colors.line}`, margin: "24px 0" },
  footer: { padding: "16px 4px 0" },
  footerText: { margin: "0 0 4px", fontSize: "12px", lineHeight: "18px", color: colors.muted },
} satisfies Record<string, CSSProperties>;
