export * from "./accounts";
export * from "./auth";
export * from "./email";
export * from "./jobs";
export * from "./settings";
export * from "./nps";
export * from "./console";
export * from "./currency";
