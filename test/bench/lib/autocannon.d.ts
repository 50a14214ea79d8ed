/** The part of autocannon's programmatic API the benchmarks use (it ships no types). */
declare module "autocannon" {
  type Percentiles = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    total: number;
  };
  export type Result = {
    latency: Percentiles;
    requests: Percentiles & { sent: number };
    throughput: Percentiles;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    "2xx": number;
    "3xx": number;
    "4xx": number;
    "5xx": number;
  };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    pipelining?: number;
    timeout?: number;
    workers?: number;
    /** Sets up each request, e.g. to vary the body; return the request to send. */
    setupClient?: (client: unknown) => void;
    requests?: {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      setupRequest?: (req: Record<string, unknown>, context: Record<string, unknown>) => Record<string, unknown>;
    }[];
  };
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
