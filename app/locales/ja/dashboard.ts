import type en from "../en/dashboard";
import type { Translation } from "../translation";

export default {} as const satisfies Translation<typeof en>;
