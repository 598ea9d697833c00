// Builds the algorithm a parent's parameters name.
import type { AlgorithmParameters } from './algorithm-parameters.js';
import type { ExecutionAlgorithm } from './execution-algorithm.js';
import { IcebergAlgorithm } from './iceberg-algorithm.js';
import { ImplementationShortfallAlgorithm } from './implementation-shortfall-algorithm.js';
import { PovAlgorithm } from './pov-algorithm.js';
import { TwapAlgorithm } from './twap-algorithm.js';
import { VwapAlgorithm } from './vwap-algorithm.js';

export function algorithmOf(parameters: AlgorithmParameters, quantity: number): ExecutionAlgorithm {
  switch (parameters.kind) {
    case 'TWAP':
      return new TwapAlgorithm(parameters, quantity);
    case 'VWAP':
      return new VwapAlgorithm(parameters, quantity);
    case 'POV':
      return new PovAlgorithm(parameters, quantity);
    case 'IS':
      return new ImplementationShortfallAlgorithm(parameters, quantity);
    case 'ICEBERG':
      return new IcebergAlgorithm(parameters, quantity);
  }
}
