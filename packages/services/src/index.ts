// Public surface of @ats/services.
export {};
