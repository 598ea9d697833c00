// The Almgren–Chriss trajectory against its closed forms: the straight line without risk aversion,
// front-loading as urgency grows, the discrete κ equation, and cost against variance on the frontier.
import { describe, expect, it } from 'vitest';
import { almgrenChrissTrajectory } from './almgren-chriss.js';

const base = {
  quantity: 1_000_000,
  slices: 5,
  horizonDays: 5,
  volatility: 0.95,
  temporaryImpact: 2.5e-6,
  permanentImpact: 2.5e-7,
};

describe('Almgren–Chriss trajectory', () => {
  it('is the straight line of TWAP when risk aversion is zero', () => {
    const { holdings, kappa } = almgrenChrissTrajectory({ ...base, riskAversion: 0 });
    expect(kappa).toBe(0);
    holdings.forEach((held, j) => {
      expect(held).toBeCloseTo(1_000_000 * (1 - j / 5), 6);
    });
  });

  it('solves (2/τ²)(cosh κτ − 1) = λσ²/η̃ and follows x_j = X sinh(κ(T − t_j)) / sinh(κT)', () => {
    const riskAversion = 2e-6;
    const { holdings, kappa } = almgrenChrissTrajectory({ ...base, riskAversion });
    const tau = 1;
    const etaTilde = base.temporaryImpact - 0.5 * base.permanentImpact * tau;
    expect((2 / tau ** 2) * (Math.cosh(kappa * tau) - 1)).toBeCloseTo(
      (riskAversion * base.volatility ** 2) / etaTilde,
      9,
    );
    for (let j = 0; j <= 5; j++)
      expect(holdings[j]).toBeCloseTo((1_000_000 * Math.sinh(kappa * (5 - j))) / Math.sinh(kappa * 5), 3);
    expect(holdings[5]).toBeCloseTo(0, 6);
  });

  it('front-loads more, costs more and risks less as urgency grows', () => {
    const patient = almgrenChrissTrajectory({ ...base, riskAversion: 1e-7 });
    const urgent = almgrenChrissTrajectory({ ...base, riskAversion: 1e-5 });
    expect(urgent.holdings[1] as number).toBeLessThan(patient.holdings[1] as number);
    expect(urgent.expectedCost).toBeGreaterThan(patient.expectedCost);
    expect(urgent.variance).toBeLessThan(patient.variance);
  });

  it('refuses a permanent impact that makes η̃ non-positive, naming the parameters', () => {
    expect(() => almgrenChrissTrajectory({ ...base, riskAversion: 1e-6, permanentImpact: 1 })).toThrow(
      /temporaryImpact must exceed/,
    );
  });
});
