/**
 * The shape a translation must have: every key of the English strings, nested the same way, each
 * a string (plural `_one` forms are optional, since Japanese has one form). A Japanese file that
 * `satisfies Translation<typeof en>` fails the type check on a missing or an unknown key.
 */
export type Translation<T> = {
  [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string ? string : Translation<T[K]>;
};
