import type { EmailPropsOf, EmailTemplateName } from "../../emails";
import type { Language } from "../../app/locales";
import { transaction } from "../../app/utils/db.server";
import { enqueueEmail, renderEmail, type EmailToQueue } from "../../app/utils/email.server";

export type QueueTestEmailOptions = Omit<EmailToQueue, "template" | "subject" | "html" | "text" | "locale"> & { locale: Language };

/**
 * Renders a template and queues it in its own transaction: a test's shortcut for an email no
 * business change caused (the app always renders first and queues inside the change's transaction).
 */
export async function sendEmail<Name extends EmailTemplateName>(template: Name, props: EmailPropsOf<Name>, options: QueueTestEmailOptions): Promise<number> {
  const rendered = await renderEmail(template, props, options.locale);
  const email = { ...options, ...rendered, template };
  return transaction((tx) => enqueueEmail(tx, email));
}
