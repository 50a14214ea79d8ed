import type { Server } from "node:http";

/** Start-up cannot go on, for a reason one line says (no stack trace: nothing is broken in the code). */
export class StartupError extends Error {}

/**
 * Listens on `port`, resolving once listening. A port someone else holds (or one this user may
 * not open) rejects with a StartupError naming PORT, so the entry can stop before starting the
 * worker.
 */
export function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") reject(new StartupError(`PORT ${port} is already in use by another process: stop it, or set PORT to a free port.`));
      else if (error.code === "EACCES") reject(new StartupError(`PORT ${port} needs privileges this user lacks: set PORT to 1024 or above.`));
      else reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port);
  });
}
