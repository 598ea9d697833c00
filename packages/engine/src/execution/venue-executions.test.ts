// The set of venue executions: an execution is added once per venue, and the same id at two venues is two executions.
import { describe, expect, it } from 'vitest';
import { VenueExecutions } from './venue-executions.js';

describe('VenueExecutions', () => {
  it('adds an execution once: the second add of the same venue and id returns false', () => {
    const executions = new VenueExecutions();
    expect(executions.add('BACKTEST', 'BACKTEST-E1')).toBe(true);
    expect(executions.add('BACKTEST', 'BACKTEST-E1')).toBe(false);
    expect(executions.has('BACKTEST', 'BACKTEST-E1')).toBe(true);
  });

  it('keeps venues apart: the same execution id at another venue is not known there', () => {
    const executions = new VenueExecutions();
    executions.add('PAPER', 'E7');
    expect(executions.has('ALPACA', 'E7')).toBe(false);
    expect(executions.add('ALPACA', 'E7')).toBe(true);
  });

  it('forgets a deleted execution, so it can be added again', () => {
    const executions = new VenueExecutions();
    executions.add('PAPER', 'E1');
    executions.delete('PAPER', 'E1');
    expect(executions.has('PAPER', 'E1')).toBe(false);
    expect(executions.add('PAPER', 'E1')).toBe(true);
  });
});

describe('VenueExecutions under exactly-once delivery', () => {
  it('keeps no execution: every add is new and has() is always false', () => {
    const executions = new VenueExecutions('exactly-once');
    expect(executions.add('BACKTEST', 'BACKTEST-E1')).toBe(true);
    expect(executions.add('BACKTEST', 'BACKTEST-E1')).toBe(true);
    expect(executions.has('BACKTEST', 'BACKTEST-E1')).toBe(false);
  });
});
