import { describe, expect, it } from "vitest";
import { renderIn } from "../../test/setup/render-in";
import { ExportCsvForm } from "./export-csv-form";

describe("ExportCsvForm", () => {
  it("is a GET form to the export route carrying the view's filters, not its page position", async () => {
    const html = await renderIn(
      "en",
      <ExportCsvForm
        filters={{ category: "detractor", q: "遅い", segment: null, csm: 7, campaign: null, from: "2026-01-01", to: "", sort: "score" }}
        total={1234}
      />,
    );
    expect(html).toMatch(/<form method="get" action="\/cs\/responses\/export.csv"/);
    for (const [name, value] of [
      ["category", "detractor"],
      ["q", "遅い"],
      ["csm", "7"],
      ["from", "2026-01-01"],
      ["sort", "score"],
    ]) {
      expect(html).toContain(`<input type="hidden" name="${name}" value="${value}"/>`);
    }
    for (const name of ["segment", "campaign", "to", "after"]) expect(html).not.toContain(`name="${name}"`);
    expect(html).toContain("Export 1,234 rows as CSV");
    expect(await renderIn("en", <ExportCsvForm filters={{}} total={1} />)).toContain("Export 1 row as CSV");
  });

  it("offers the three encodings, UTF-8 with BOM selected unless told otherwise", async () => {
    const html = await renderIn("en", <ExportCsvForm filters={{}} />);
    expect(html.match(/<option value="(utf8-bom|utf8|shift_jis)"/g)).toHaveLength(3);
    expect(html).toMatch(/<option value="utf8-bom" selected="">/);
    expect(await renderIn("en", <ExportCsvForm filters={{}} defaultEncoding="shift_jis" />)).toMatch(/<option value="shift_jis" selected="">/);
  });

  it("asks for headers in the reader's language by default, English keys for scripts on request", async () => {
    const html = await renderIn("en", <ExportCsvForm filters={{}} />);
    expect(html).toMatch(
      /<select [^>]*name="headers"><option value="language" selected="">In English<\/option><option value="keys">English keys, for scripts<\/option>/,
    );
  });

  it("speaks Japanese to a Japanese reader", async () => {
    const html = await renderIn("ja", <ExportCsvForm filters={{}} total={1234} />);
    for (const text of [
      "文字コード",
      "UTF-8（Excel 用・BOM 付き）",
      "Shift_JIS（古い Excel 用）",
      "見出し行",
      "日本語",
      "英語のキー（プログラム用）",
      "1,234 行を CSV でエクスポート",
    ]) {
      expect(html).toContain(text);
    }
    const visible = html.replace(/<[^>]+>/g, " ");
    expect(visible).not.toMatch(/Export|encoding|rows|export\./);
  });
});
