// The deployment's namespace on a shared Redis: the one place that turns a deployment name into the prefix of every key and channel.
import { AtsError } from '@ats/core';

/**
 * Deployment names: lower-case letters, digits, '-' and '_'. No ':' (a name must never be a prefix of
 * another's namespace, e.g. "ats" of "ats:eu") and no glob characters (the prefix starts PSUBSCRIBE
 * patterns, where '*', '?' or '[' would reach into other deployments' channels).
 */
export const deploymentNamePattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/**
 * The prefix of every Redis key, stream and pub/sub channel of a deployment. A Redis database index
 * (SELECT n) does not isolate pub/sub, whose channels are server-wide, so two deployments on one
 * Redis are kept apart by this prefix alone.
 */
export function redisKeyPrefix(deploymentName: string): string {
  if (!deploymentNamePattern.test(deploymentName))
    throw new AtsError(
      'INVALID_INPUT',
      `deployment name '${deploymentName}' must be 1-40 of a-z, 0-9, '-' and '_', starting with a letter or digit`,
    );
  return `${deploymentName}:`;
}
