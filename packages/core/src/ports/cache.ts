// The cache port: latest values by key (last quote, last bar), in process or in Redis.

export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMilliseconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
}
