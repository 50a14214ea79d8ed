import type en from "../en/cases";
import type { Translation } from "../translation";

export default {} as const satisfies Translation<typeof en>;
