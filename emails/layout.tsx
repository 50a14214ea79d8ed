import { Body, Button, Column, Container, Head, Html, Link, Preview, Row, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import { styles } from "./theme";
import type { EmailChrome } from "./types";

/**
 * The frame every Kizuna email shares: language attribute, a preheader (the grey line inbox
 * lists show after the subject), the wordmark, a white card for the message, and a footer.
 * React Email renders it as nested tables, which Gmail and Outlook lay out reliably.
 */
export function EmailLayout({ locale, t, preheader, children }: EmailChrome & { preheader: string; children: ReactNode }) {
  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preheader}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Block padding={styles.header.padding}>
            <Text style={styles.wordmark}>
              {t("layout.brand")}
              <span style={styles.wordmarkDot} data-skip-in-text="true">
                .
              </span>
            </Text>
          </Block>
          <Block style={styles.card} padding={styles.cardPadding.padding}>
            {children}
          </Block>
          <Block padding={styles.footer.padding}>
            <Text style={styles.footerText}>{t("layout.footer")}</Text>
          </Block>
        </Container>
      </Body>
    </Html>
  );
}

/**
 * A full-width table row whose padding sits on the cell: Outlook ignores padding on tables,
 * so spacing set on a Section alone collapses there.
 */
export function Block({ style, padding, children }: { style?: CSSProperties; padding: string; children: ReactNode }) {
  return (
    <Section style={style}>
      <Row>
        <Column style={{ padding }}>{children}</Column>
      </Row>
    </Section>
  );
}

/** The call to action: a button, then the same address written out for clients that hide buttons. */
export function ButtonWithLink({ href, label, fallback }: { href: string; label: string; fallback: string }) {
  return (
    <>
      <Block padding={styles.buttonRow.padding}>
        <Button href={href} style={styles.button}>
          {label}
        </Button>
      </Block>
      <Text style={styles.small}>{fallback}</Text>
      <Text style={styles.url}>
        <Link href={href} style={styles.link}>
          {href}
        </Link>
      </Text>
    </>
  );
}
