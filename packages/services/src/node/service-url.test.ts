// Where one service reaches another: its configured host (containers: the compose name), else http.host.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { serviceUrl } from './service-process.js';

const configWith = (overrides: Record<string, unknown>) =>
  loadConfig({ directory: '/nonexistent-config-folder', env: {}, overrides });

describe('serviceUrl', () => {
  it('is http.host and the service port by default, and the configured host when one is given', () => {
    expect(serviceUrl(configWith({}), 'trade-executor')).toBe('http://127.0.0.1:9104');
    const hosted = configWith({ service_hosts: { trade_executor: 'trade-executor' } });
    expect(serviceUrl(hosted, 'trade-executor')).toBe('http://trade-executor:9104');
    expect(serviceUrl(hosted, 'risk-manager')).toBe('http://127.0.0.1:9103');
  });

  it('refuses a host that is not one, and a service that does not exist, naming the key', () => {
    expect(() => configWith({ service_hosts: { audit: 'http://audit' } })).toThrow(/service_hosts\.audit/);
    expect(() => configWith({ service_hosts: { gatekeeper: 'x' } })).toThrow(/service_hosts/);
  });
});
