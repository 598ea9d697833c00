// The processes the multi-process mode runs for each service: one, or for a service partitioned by
// symbol (strategy_engine, data_collector) `instances` of them, each named, on a port of its own.
import type { AtsConfig } from '../config/config-schema.js';
import { type DistributedService, distributedServices, servicePort } from './service-process.js';

export interface ServiceInstancePlan {
  /** The supervisor's name for the process: the service, then `service-2`, `service-3`, ... */
  readonly name: string;
  readonly service: DistributedService;
  /** `ats service <service> --instance <instance>`; absent for an unpartitioned service. */
  readonly instance?: string;
  readonly port: number;
}

/** How far apart the ports of one service's instances are: instance k on the service port + 100 × (k − 1). */
export const instancePortStep = 100;

function partitioning(config: AtsConfig, service: DistributedService) {
  if (service === 'strategy-engine') return config.strategy_engine;
  if (service === 'data-collector') return config.data_collector;
  return null;
}

/**
 * Every process of the deployment, in the order of `distributedServices`. A partitioned service's
 * instances are named 1..N (lease owners and consumer groups carry the name, so a restarted instance
 * resumes its own); the first keeps the service's name and port, so the gateway, the monitoring and
 * the health views reach it where they reach an unpartitioned one.
 */
export function serviceInstancesOf(config: AtsConfig): ServiceInstancePlan[] {
  return distributedServices.flatMap((service): ServiceInstancePlan[] => {
    const port = servicePort(config, service);
    const partition = partitioning(config, service);
    if (!partition?.partition_by_symbol) return [{ name: service, service, port }];
    return Array.from({ length: partition.instances }, (_, index) => ({
      name: index === 0 ? service : `${service}-${index + 1}`,
      service,
      instance: String(index + 1),
      port: port + instancePortStep * index,
    }));
  });
}

/**
 * The port of a named instance when none is given (`ats service strategy-engine --instance 2`): an
 * instance named by a number k listens where `ats start --distributed` puts instance k, the service
 * port + 100 × (k − 1); any other name, on the service port.
 */
export function instancePort(config: AtsConfig, service: DistributedService, instance: string): number {
  const port = servicePort(config, service);
  if (!/^[1-9][0-9]?$/.test(instance)) return port;
  return port + instancePortStep * (Number(instance) - 1);
}
