import type en from "../en/campaigns";
import type { Translation } from "../translation";

export default {} as const satisfies Translation<typeof en>;
