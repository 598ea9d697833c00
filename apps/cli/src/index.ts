// Public surface of @ats/cli.
export {};
