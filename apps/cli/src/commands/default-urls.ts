// Where the command line finds a running ATS by default (no imports: registration files read it at start).

export const defaultBaseUrl = process.env.ATS_URL ?? 'http://127.0.0.1:8000';
