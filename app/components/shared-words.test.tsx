import { describe, expect, it } from "vitest";
import { renderIn } from "../../test/setup/render-in";
import { ActionNotice } from "./action-notice";
import { CaseDue, CaseStatusBadge } from "./case-status";
import { useSegmentOptions } from "./filter-select";
import { FollowUpCell } from "./follow-up-cell";
import { ListEmptyState } from "./list-empty-state";
import { countOf, KeysetPager, Pager, useCountOf } from "./pager";
import { ResponseScore } from "./response-score";
import { ResponseTagList } from "./response-tag-list";
import { fieldMessage } from "../domain/field-message";

/** The visible text of some HTML, tags dropped. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

function Counts() {
  const countOf = useCountOf();
  return <p>{[countOf(1, "account"), countOf(2000, "case"), countOf(1, "response")].join(" | ")}</p>;
}

function Segments() {
  return (
    <p>
      {useSegmentOptions()
        .map((option) => `${option.value}=${option.label}`)
        .join(" ")}
    </p>
  );
}

const DAY = 86_400_000;
const due = Date.UTC(2026, 11, 7, 3);

describe("the console's shared pieces, in both languages", () => {
  it("counts with each language's plurals and number format", async () => {
    expect(text(await renderIn("en", <Counts />))).toBe("1 account | 2,000 cases | 1 response");
    expect(text(await renderIn("ja", <Counts />))).toBe("1 件のアカウント | 2,000 件のケース | 1 件の回答");
    // The English helper keeps its behaviour for pages not yet translated.
    expect(countOf(2000, "account")).toBe("2,000 accounts");
  });

  it("pages: the summary, the page count and the links", async () => {
    const en = await renderIn("en", <Pager page={2} pageSize={50} total={2001} noun="accounts" />, { path: "/cs/accounts?page=2&segment=high" });
    expect(text(en)).toBe("51–100 of 2,001 accounts · page 2 of 41 ← Previous Next →");
    expect(en).toContain('aria-label="Account pages"');
    expect(en).toContain('href="/cs/accounts?page=3&amp;segment=high"');
    const ja = await renderIn("ja", <Pager page={2} pageSize={50} total={2001} noun="accounts" />, { path: "/cs/accounts?page=2" });
    expect(text(ja)).toBe("51–100 件目（全 2,001 件） · 2 / 41 ページ ← 前へ 次へ →");
    expect(ja).toContain('aria-label="アカウントのページ送り"');
    expect(text(await renderIn("ja", <Pager page={1} pageSize={50} total={0} noun="contacts" />))).toBe("コンタクトはありません");
    // A noun the strings do not count comes in the reader's language; the pager words the rest.
    expect(text(await renderIn("en", <Pager page={1} pageSize={50} total={1} noun="widgets" />))).toBe("1–1 of 1 widget");
    expect(text(await renderIn("ja", <Pager page={1} pageSize={50} total={3} noun="ウィジェット" />))).not.toMatch(/[A-Za-z]/);
  });

  it("keyset pages", async () => {
    const en = await renderIn("en", <KeysetPager shown={50} pageSize={50} next="123.4" noun="case" label="Case pages" />, { path: "/cs/cases?after=9.1" });
    expect(text(en)).toBe("50 cases on this page (up to 50) ← First page Next page →");
    expect(en).toContain('aria-label="Case pages"');
    const ja = await renderIn("ja", <KeysetPager shown={1} pageSize={50} next={null} noun="response" />, { path: "/cs/responses?after=9.1" });
    expect(text(ja)).toBe("このページに 1 件（最大 50 件） ← 最初のページ");
    expect(ja).toContain('aria-label="回答のページ送り"');
  });

  it("empty lists", async () => {
    const cases = [
      [{ total: 10, filtered: false }, "No accounts on this page Back to the first page", "このページにはアカウントがありません 最初のページに戻る"],
      [
        { total: 0, filtered: true },
        "No accounts match Try fewer filters or another search.",
        "条件に一致するアカウントはありません 絞り込みの条件を減らすか、別の言葉で検索してください。",
      ],
      [{ total: 0, filtered: false }, "No accounts yet Import some.", "アカウントはまだありません Import some."],
    ] as const;
    for (const [props, en, ja] of cases) {
      const node = <ListEmptyState noun="accounts" listPath="/cs/accounts" whenEmpty="Import some." {...props} />;
      expect(text(await renderIn("en", node))).toBe(en);
      expect(text(await renderIn("ja", node))).toBe(ja);
    }
  });

  it("case statuses, due dates and follow-ups", async () => {
    expect(text(await renderIn("ja", <CaseStatusBadge status="wont_fix" />))).toBe("対応しない");
    expect(text(await renderIn("en", <CaseStatusBadge status="wont_fix" />))).toBe("Won't fix");
    expect(await renderIn("ja", <CaseDue status="open" dueAt={due} now={due + DAY} />, { timeZone: "Asia/Tokyo" })).toMatch(
      />2026年12月7日<\/time>から期限超過</,
    );
    expect(text(await renderIn("ja", <CaseDue status="open" dueAt={due} now={due - DAY} />, { timeZone: "Asia/Tokyo" }))).toBe("期限 2026年12月7日");
    expect(text(await renderIn("en", <CaseDue status="open" dueAt={due} now={due + DAY} />))).toBe("Overdue since 2026-12-07");
    const dense = <CaseDue status="contacted" dueAt={due} now={due + DAY} dense />;
    expect(await renderIn("ja", dense, { timeZone: "Asia/Tokyo" })).toMatch(
      /<time dateTime="2026-12-07T03:00:00.000Z" title="2026年12月7日">12\/7<\/time>から期限超過/,
    );
    expect(text(await renderIn("en", dense))).toBe("Overdue since Dec 7");
    // A follow-up cell sits in a list: its due date is the dense one.
    const cell = <FollowUpCell followUp={{ caseId: 4, status: "contacted", dueAt: due, ownerName: null }} now={due - DAY} />;
    expect(text(await renderIn("ja", cell))).toBe("連絡済み 未割り当て 期限 12/7");
    expect(text(await renderIn("en", cell))).toBe("Contacted Unassigned Due Dec 7");
  });

  it("scores, segments, tags and notices", async () => {
    expect(await renderIn("ja", <ResponseScore score={2} category="detractor" />)).toContain('title="批判者"');
    expect(await renderIn("en", <ResponseScore score={10} category="promoter" />)).toContain('title="Promoter"');
    expect(text(await renderIn("ja", <Segments />))).toBe("high=ハイタッチ low=ロータッチ tech=テックタッチ");
    const tags = <ResponseTagList tags={[{ id: 1, name: "価格", source: "rule" }]} canEdit />;
    const ja = await renderIn("ja", tags);
    expect(text(ja)).toBe("価格 ルール ×");
    expect(ja).toContain('aria-label="タグ「価格」を外す"');
    expect(ja).toContain('title="タグのキーワードルールで付与"');
    expect(text(await renderIn("ja", <ResponseTagList tags={[]} canEdit={false} />))).toBe("タグはまだありません。");
    expect(text(await renderIn("en", tags))).toBe("価格 rule ×");
    // A notice words a message code in the reader's language; a sentence passes as it is.
    expect(text(await renderIn("ja", <ActionNotice result={{ ok: false, message: fieldMessage("selectAtLeastOne", { context: "case" }) }} />))).toBe(
      "ケースを 1 件以上選んでください。",
    );
    expect(text(await renderIn("en", <ActionNotice result={{ ok: true, message: "Saved." }} />))).toBe("Saved.");
  });
});
