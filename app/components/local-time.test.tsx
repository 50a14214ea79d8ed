import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import i18next from "i18next";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "../i18n";
import { LocalTime } from "./local-time";
import { TeamTimeZone } from "./use-format";
import { countOf } from "./pager";

describe("LocalTime on the server", () => {
  it("renders moments and dates in UTC, each in its own format however they alternate", () => {
    const moment = Date.UTC(2026, 11, 6, 23, 30, 5);
    for (let round = 0; round < 2; round++) {
      expect(renderToString(<LocalTime value={moment} />)).toContain(">2026-12-06 23:30:05 UTC</time>");
      expect(renderToString(<LocalTime value={moment} dateOnly />)).toContain(">2026-12-06</time>");
    }
  });
});

describe("LocalTime in the console", () => {
  it("renders on the team's clock, in the reader's language", async () => {
    const ja = i18next.createInstance();
    await ja.use(initReactI18next).init({ ...i18nConfig, lng: "ja", ns: [...i18nConfig.ns] });
    const moment = Date.UTC(2026, 11, 6, 23, 30, 5); // Monday 08:30 in Tokyo
    const html = renderToString(
      <I18nextProvider i18n={ja}>
        <TeamTimeZone.Provider value="Asia/Tokyo">
          <LocalTime value={moment} />
          <LocalTime value={moment} dateOnly />
        </TeamTimeZone.Provider>
      </I18nextProvider>,
    );
    expect(html).toContain(">2026年12月7日(月) 08:30</time>");
    expect(html).toContain(">2026年12月7日</time>");
  });
});

describe("countOf", () => {
  it("groups thousands and picks the singular or plural", () => {
    expect(countOf(1, "account")).toBe("1 account");
    expect(countOf(2000, "account")).toBe("2,000 accounts");
    expect(countOf(1234567, "match", "matches")).toBe("1,234,567 matches");
  });
});
