import type en from "../en/responses";
import type { Translation } from "../translation";

export default {} as const satisfies Translation<typeof en>;
