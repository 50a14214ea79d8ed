import type en from "../en/accounts";
import type { Translation } from "../translation";

export default {} as const satisfies Translation<typeof en>;
