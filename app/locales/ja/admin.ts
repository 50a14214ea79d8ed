import type en from "../en/admin";
import type { Translation } from "../translation";

export default {} as const satisfies Translation<typeof en>;
