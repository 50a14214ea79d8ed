import { useWordMessage } from "./settings-form";

/**
 * What a console action answered: success read out politely, a refusal as an alert. The message is
 * a sentence the action wrote in the reader's language, or a code from `fieldMessage`, worded here.
 */
export type ActionOutcome = { ok: boolean; message: string };

export function ActionNotice({ result }: { result: ActionOutcome | undefined }) {
  const word = useWordMessage();
  if (!result) return null;
  return (
    <div className={`notice ${result.ok ? "success" : "error"}`} role={result.ok ? "status" : "alert"}>
      {word(result.message)}
    </div>
  );
}
