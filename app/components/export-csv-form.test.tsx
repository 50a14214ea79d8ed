import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExportCsvForm } from "./export-csv-form";

describe("ExportCsvForm", () => {
  it("is a GET form to the export route carrying the view's filters, not its page position", () => {
    const html = renderToString(
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
  });

  it("offers the three encodings, UTF-8 with BOM selected unless told otherwise", () => {
    const html = renderToString(<ExportCsvForm filters={{}} />);
    expect(html.match(/<option /g)).toHaveLength(3);
    expect(html).toMatch(/<option value="utf8-bom" selected="">/);
    expect(renderToString(<ExportCsvForm filters={{}} defaultEncoding="shift_jis" />)).toMatch(/<option value="shift_jis" selected="">/);
  });
});
