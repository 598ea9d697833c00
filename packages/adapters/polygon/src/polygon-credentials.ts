// Polygon's API key from the environment: POLYGON_API_KEY.
import { AtsError } from '@ats/core';

export const polygonEnvironmentKey = 'POLYGON_API_KEY';

/** The key, or an error naming the variable (never its value). */
export function polygonApiKeyFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): string {
  const key = environment[polygonEnvironmentKey]?.trim();
  if (!key)
    throw new AtsError(
      'CONFIG_INVALID',
      `${polygonEnvironmentKey} must be set to use the Polygon data provider`,
      {
        details: { variable: polygonEnvironmentKey },
      },
    );
  return key;
}
