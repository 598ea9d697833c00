// Public surface of @ats/core.
export {};
