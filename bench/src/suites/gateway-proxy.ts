// Measures what the multi-process gateway adds to an API call: the same small JSON answer asked from a
// loopback service directly and through the gateway's /api/<service>/ forwarding (@fastify/reply-from),
// one request at a time. Seven runs of 1,000 requests each way: the median latency with its spread
// (lowest to highest run median), and the p99 of all requests.
import { performance } from 'node:perf_hooks';
import { registerGatewayProxyRoutes } from '@ats/services';
import Fastify from 'fastify';
import { type BenchmarkRow, type BenchmarkSuite, formatDuration, quantile } from '../benchmark-row.js';
import { loadText } from '../run-statistics.js';

const requestsPerRun = 1_000;
const runs = 7;

async function timings(url: string): Promise<{ medians: number[]; all: number[] }> {
  const medians: number[] = [];
  const all: number[] = [];
  for (let warm = 0; warm < 200; warm++) await (await fetch(url)).arrayBuffer();
  for (let run = 0; run < runs; run++) {
    const each: number[] = [];
    for (let request = 0; request < requestsPerRun; request++) {
      const begin = performance.now();
      await (await fetch(url)).arrayBuffer();
      each.push(performance.now() - begin);
    }
    each.sort((a, b) => a - b);
    medians.push(quantile(each, 0.5));
    all.push(...each);
  }
  medians.sort((a, b) => a - b);
  all.sort((a, b) => a - b);
  return { medians, all };
}

const describe = (figures: { medians: number[]; all: number[] }) =>
  `median ${formatDuration(quantile(figures.medians, 0.5))} (runs ${formatDuration(figures.medians[0] as number)}–${formatDuration(figures.medians.at(-1) as number)}), p99 ${formatDuration(quantile(figures.all, 0.99))}, ${runs}x${requestsPerRun}; ${loadText()}`;

export const gatewayProxySuite: BenchmarkSuite = {
  name: 'gateway-proxy',
  async run(): Promise<readonly BenchmarkRow[]> {
    const positions = Array.from({ length: 10 }, (_, index) => ({
      symbol: `SYM${index}`,
      netQuantity: index * 10,
      averagePrice: '123.4500',
    }));
    const service = Fastify();
    service.get('/portfolio', async () => ({ cash: '100000.0000', positions }));
    const serviceUrl = await service.listen({ host: '127.0.0.1', port: 0 });
    const gateway = Fastify();
    await registerGatewayProxyRoutes(gateway, [{ name: 'trade-executor', url: serviceUrl }]);
    const gatewayUrl = await gateway.listen({ host: '127.0.0.1', port: 0 });
    try {
      const direct = await timings(`${serviceUrl}/portfolio`);
      const proxied = await timings(`${gatewayUrl}/api/trade-executor/portfolio`);
      const added = quantile(proxied.medians, 0.5) - quantile(direct.medians, 0.5);
      return [
        {
          component: 'Gateway',
          metric: 'API call, service directly (loopback)',
          target: '',
          measured: describe(direct),
          ratio: Number.NaN,
        },
        {
          component: 'Gateway',
          metric: 'API call through /api/<service>/',
          target: '',
          measured: `${describe(proxied)}; adds ${formatDuration(added)} at the median`,
          ratio: Number.NaN,
        },
      ];
    } finally {
      await gateway.close();
      await service.close();
    }
  },
};
