// The checked-in Prometheus and Alertmanager configuration passes Debian's own checks: promtool check
// config, promtool test rules (with a unit test for every alert rule) and amtool check-config.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configurationCopy, deployFolder, prometheusTools } from './support/prometheus-tools.js';

const tools = prometheusTools();

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!tools)('the Prometheus and Alertmanager configuration in deploy/', () => {
  it('passes promtool check config, promtool test rules and amtool check-config', () => {
    if (!tools) return;
    const copy = configurationCopy();
    const config = run(tools.promtool, ['check', 'config', 'prometheus.yml'], copy.prometheus);
    expect(config.output).toContain('SUCCESS');
    expect(config.status, config.output).toBe(0);
    const rules = run(tools.promtool, ['test', 'rules', 'tests/alerts.test.yml'], copy.prometheus);
    expect(rules.status, rules.output).toBe(0);
    const alertmanager = run(tools.amtool, ['check-config', 'alertmanager.yml'], copy.alertmanager);
    expect(alertmanager.status, alertmanager.output).toBe(0);
  }, 120_000);

  it('has a unit test for every alert rule, each with a firing case', () => {
    const rules = parse(readFileSync(join(deployFolder, 'prometheus/rules/alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; for?: string; labels?: { severity?: string } }[] }[];
    };
    const alerts = rules.groups.flatMap((group) => group.rules);
    const tests = parse(readFileSync(join(deployFolder, 'prometheus/tests/alerts.test.yml'), 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const firing = new Set(
      tests.tests.flatMap((test) =>
        test.alert_rule_test.filter((each) => each.exp_alerts.length > 0).map((each) => each.alertname),
      ),
    );
    expect(alerts.length).toBeGreaterThanOrEqual(11);
    expect(alerts.map((rule) => rule.alert).filter((name) => !firing.has(name))).toEqual([]);
    // Every rule says how long it must hold and how bad it is.
    for (const rule of alerts) {
      expect(rule.for, rule.alert).toBeDefined();
      expect(['critical', 'warning']).toContain(rule.labels?.severity);
    }
  });
});
