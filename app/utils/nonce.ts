import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the page being rendered: set by the server entry for
 * each request, read by root for `<Scripts>` and `<ScrollRestoration>`. Empty in the browser
 * (browsers hide a nonce once the page has loaded, and scripts added later need none).
 */
export const NonceContext = createContext("");

export const useNonce = () => useContext(NonceContext);
