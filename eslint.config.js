// Lint rules, including the layers of docs/decisions/001: routes reach the database only through
// services and models, app/domain stays pure, and components never import server modules.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Type-only imports vanish from the build, so domain code and components may name a server module's types.
const serverModules = { group: ["**/*.server", "**/*.server.ts", "**/*.server.tsx"], message: "Server code stays out of this layer.", allowTypeImports: true };
const database = { group: ["**/db/**", "drizzle-orm", "drizzle-orm/*", "better-sqlite3"], message: "Only services and models touch the database." };

export default tseslint.config(
  { ignores: ["build/", "public/build/", "data/", "test-results/", "playwright-report/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // Lists styled without bullets lose their list semantics in Safari/VoiceOver unless the role is restated.
      "jsx-a11y/no-redundant-roles": ["error", { ul: ["list"], ol: ["list"] }],
      // Choice labels wrap the input and a text block of two spans (label, hint).
      "jsx-a11y/label-has-associated-control": ["error", { depth: 3 }],
    },
  },
  {
    // Tests read route results as loose JSON (what a page or client would receive).
    files: ["test/**", "**/*.test.ts", "**/*.test.tsx"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The Content-Security-Policy allows no inline style: classes in app.css instead (SVG presentation attributes are fine).
    files: ["app/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "JSXAttribute[name.name='style']", message: "No inline style attributes (the CSP refuses them): use a class." },
      ],
    },
  },
  {
    files: ["app/routes/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [database] }] },
  },
  {
    // Customer pages validate on the server only: zod (and any domain module built on it) stays out
    // of their browser bundle (issue 11, P5). Their schemas live in app/utils/customer-forms.server.ts.
    files: ["app/routes/s.*", "app/routes/u.*", "app/routes/login*", "app/routes/portal*"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["zod", "zod/*", "@conform-to/zod", "@conform-to/zod/*"],
              message: "Customer pages validate on the server only: put the schema in a .server module.",
            },
            {
              group: [
                "account-rows",
                "api-scopes",
                "campaign-form",
                "campaign-rules",
                "contact-rows",
                "money",
                "rows",
                "settings-forms",
                "staff-users",
                "survey",
              ].map((name) => `**/domain/${name}`),
              message: "This domain module builds zod schemas at load time: import what the page needs from a zod-free module (e.g. domain/survey-text).",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/domain/**"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            serverModules,
            { ...database, allowTypeImports: true },
            {
              group: ["node:*", "**/utils/**", "**/models/**", "**/services/**", "**/emails/**"],
              message: "app/domain is pure logic: no I/O, no server code.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/components/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [serverModules, database] }] },
  },
);
