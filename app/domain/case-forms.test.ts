import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { BulkAssignForm, CaseForm, CaseNote, CaseOwnerId, CaseReply, CaseStatusChange, SelectedIds } from "./case-forms";
import { CASE_NOTE_MAX_LENGTH, CLOSE_REASON_MAX_LENGTH, MAX_BULK_ASSIGN } from "./case-workflow";
import { wordMessage } from "./field-message";
import { firstError, parseInput } from "./form-input";
import { ServiceError } from "./service-error";

function post<Schema extends typeof CaseForm | typeof BulkAssignForm>(schema: Schema, fields: Record<string, string | string[]>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) form.append(key, one);
  return parseWithZod(form, { schema });
}

describe("the case page's forms", () => {
  it("put each refusal on the field it is about", () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ intent: "status", status: "closed" }, "status", /^Choose a status\.$/],
      [{ intent: "status", status: "wont_fix", reason: "x".repeat(CLOSE_REASON_MAX_LENGTH + 1) }, "reason", /at most 2000 characters/],
      [{ intent: "assign", owner: "everyone" }, "owner", /^Choose who owns the case\.$/],
      [{ intent: "assign", owner: "-3" }, "owner", /Choose who owns the case/],
      [{ intent: "assign" }, "owner", /Choose who owns the case/],
      [{ intent: "note", note: "   " }, "note", /^Write the note first\.$/],
      [{ intent: "note" }, "note", /^Write the note first\.$/],
      [{ intent: "note", note: "n".repeat(CASE_NOTE_MAX_LENGTH + 1) }, "note", /at most 5000 characters/],
      [{ intent: "reply", reply: "\n\n" }, "reply", /^Write the reply first\.$/],
      [{ intent: "close" }, "intent", /forms on the page/],
    ];
    for (const [fields, field, message] of cases) {
      const submission = post(CaseForm, fields);
      expect(submission.status, JSON.stringify(fields)).toBe("error");
      const result = submission.reply();
      expect(wordMessage(result.error?.[field]?.[0] ?? "", "en"), JSON.stringify(fields)).toMatch(message);
      expect(firstError(result)).toMatch(message);
    }
  });

  it("read what a person typed: trimmed text, no reason as null, nobody as null", () => {
    expect(post(CaseForm, { intent: "note", note: "  Called.  " })).toMatchObject({ status: "success", value: { intent: "note", note: "Called." } });
    expect(post(CaseForm, { intent: "status", status: "contacted" })).toMatchObject({ value: { status: "contacted", reason: null } });
    expect(post(CaseForm, { intent: "assign", owner: "none" })).toMatchObject({ value: { owner: null } });
    expect(post(CaseForm, { intent: "assign", owner: "12" })).toMatchObject({ value: { owner: 12 } });
  });

  it("are the schemas the services check their own input with", () => {
    expect(CaseNote.safeParse({ note: "  " }).success).toBe(false);
    expect(CaseReply.safeParse({ reply: "Thanks." }).success).toBe(true);
    expect(CaseStatusChange.parse({ status: "resolved", reason: undefined })).toEqual({ status: "resolved", reason: null });
    expect(CaseOwnerId.safeParse(null).success).toBe(true);
    expect(CaseOwnerId.safeParse(0).success).toBe(false);
    expect(wordMessage(SelectedIds("case").safeParse([]).error!.issues[0].message, "en")).toBe("Select at least one case.");
  });
});

describe("the response list's bulk assign", () => {
  it("names the selection, not one box, and the owner beside its select", () => {
    const cases: [Record<string, string | string[]>, string, RegExp][] = [
      [{ owner: "3" }, "response", /^Select at least one response\.$/],
      [{ response: ["4", "nope"], owner: "3" }, "response", /selection is not valid/],
      [{ response: Array.from({ length: MAX_BULK_ASSIGN + 1 }, (_, i) => String(i + 1)), owner: "3" }, "response", /at most 200 responses/],
      [{ response: "4" }, "owner", /Choose who owns the case/],
      [{ response: "4", owner: "1.5" }, "owner", /Choose who owns the case/],
    ];
    for (const [fields, field, message] of cases) {
      const result = post(BulkAssignForm, fields).reply();
      expect(wordMessage(result.error?.[field]?.[0] ?? "", "en"), JSON.stringify(fields)).toMatch(message);
    }
    expect(post(BulkAssignForm, { response: ["4", "9"], owner: "none" })).toMatchObject({ status: "success", value: { response: [4, 9], owner: null } });
  });
});

describe("parseInput", () => {
  it("refuses a service's bad input as a 400 on the field named by the schema (or mapped to the form's name)", () => {
    const caught = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      throw new Error("expected a refusal");
    };
    const refusal = caught(() => parseInput(CaseNote, { note: "" }));
    expect(refusal).toBeInstanceOf(ServiceError);
    // The schema's code is the refusal's: the page words it in the reader's language.
    expect(refusal).toMatchObject({ status: 400, code: "caseNoteEmpty", field: "note", message: "Write the note first." });
    expect(caught(() => parseInput(BulkAssignForm, { response: [], owner: "none" }, { response: "ids" }))).toMatchObject({ status: 400, field: "ids" });
    expect(parseInput(CaseNote, { note: " ok " })).toEqual({ note: "ok" });
  });
});
