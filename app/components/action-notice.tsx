/** What a console action answered: success read out politely, a refusal as an alert. */
export type ActionOutcome = { ok: boolean; message: string };

export function ActionNotice({ result }: { result: ActionOutcome | undefined }) {
  if (!result) return null;
  return (
    <div className={`notice ${result.ok ? "success" : "error"}`} role={result.ok ? "status" : "alert"}>
      {result.message}
    </div>
  );
}
