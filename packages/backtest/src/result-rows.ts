// A backtest result's rows and curves, built on first read from the logs and columns its run kept, and
// the accessors through which the result reads them.
import type { EquityPoint } from '@ats/analytics';
import type { BacktestFillLog, BacktestFillRow } from './backtest-fill-log.js';
import type { BacktestOrderLog, BacktestOrderRow } from './backtest-order-log.js';
import type { ResultColumns } from './result-columns.js';

/**
 * The rows, the curve and the buy-and-hold curve of one result, each built at its first read: a printed
 * summary, the optimizer and the benchmark read none of them (a million-bar run would otherwise make a
 * million objects nobody reads; the rows' texts were a twentieth of a run with many orders).
 */
export class ResultRows {
  private orderRows: BacktestOrderRow[] | undefined = undefined;
  private fillRows: BacktestFillRow[] | undefined = undefined;
  private curvePoints: EquityPoint[] | undefined = undefined;
  private benchmarkPoints: number[] | undefined = undefined;

  constructor(
    readonly columns: ResultColumns,
    private readonly orderLog: BacktestOrderLog,
    private readonly fillLog: BacktestFillLog,
  ) {}

  orders(): BacktestOrderRow[] {
    if (this.orderRows === undefined) {
      this.columns.read();
      this.orderRows = this.orderLog.orderRows();
    }
    return this.orderRows;
  }

  fills(): BacktestFillRow[] {
    if (this.fillRows === undefined) {
      this.columns.read();
      this.fillRows = this.fillLog.rows();
    }
    return this.fillRows;
  }

  equityCurve(): readonly EquityPoint[] {
    this.curvePoints ??= pointsOf(this.columns.read());
    return this.curvePoints;
  }

  benchmarkCurve(): readonly number[] {
    this.benchmarkPoints ??= Array.prototype.slice.call(this.columns.read().benchmark) as number[];
    return this.benchmarkPoints;
  }

  equityColumns(): { time: Float64Array; equity: Float64Array; exposure: Float64Array } {
    const { time, equity, exposure } = this.columns.read();
    return { time, equity, exposure };
  }
}

/** Where a result keeps its rows (a symbol: JSON and structured clones do not see it). */
const rowsKey = Symbol('backtest result rows');

function rowsOf(result: object): ResultRows {
  return (result as Record<symbol, ResultRows>)[rowsKey] as ResultRows;
}

/**
 * The accessors every result gets, made once. They are functions shared by all results, not closures
 * made per result: V8 gives objects the same hidden class only when their accessors are the same
 * functions, so getters made per run gave each result a hidden class of its own, kept in the old
 * generation, whose pointers held the whole run (kernel, bus, logs; about 35 KB of a five-bar run)
 * through every young collection until a full one. Enumerable (except the columns), as an object
 * literal's getters are: JSON and structured clones carry the rows and curves as plain arrays.
 */
const accessors: PropertyDescriptorMap = {
  orders: { get: readOrders, enumerable: true, configurable: true },
  fills: { get: readFills, enumerable: true, configurable: true },
  equityCurve: { get: readEquityCurve, enumerable: true, configurable: true },
  benchmarkCurve: { get: readBenchmarkCurve, enumerable: true, configurable: true },
};
const columnsAccessor: PropertyDescriptor = { get: readEquityColumns, enumerable: false, configurable: true };

function readOrders(this: object): BacktestOrderRow[] {
  return rowsOf(this).orders();
}
function readFills(this: object): BacktestFillRow[] {
  return rowsOf(this).fills();
}
function readEquityCurve(this: object): readonly EquityPoint[] {
  return rowsOf(this).equityCurve();
}
function readBenchmarkCurve(this: object): readonly number[] {
  return rowsOf(this).benchmarkCurve();
}
function readEquityColumns(this: object): ReturnType<ResultRows['equityColumns']> {
  return rowsOf(this).equityColumns();
}

/** Gives `result` its rows: the enumerable row and curve accessors, and the equity columns (not enumerable). */
export function attachRows(result: object, rows: ResultRows): void {
  Object.defineProperty(result, rowsKey, { value: rows });
  Object.defineProperties(result, accessors);
  Object.defineProperty(result, 'equityColumns', columnsAccessor);
}

/** The rows a result was given, or undefined for an object that is not a result of this process (a clone). */
export function rowsOfResult(result: object): ResultRows | undefined {
  return (result as Record<symbol, ResultRows | undefined>)[rowsKey];
}

function pointsOf(columns: {
  time: Float64Array;
  equity: Float64Array;
  exposure: Float64Array;
}): EquityPoint[] {
  const points: EquityPoint[] = new Array(columns.time.length);
  for (let point = 0; point < points.length; point++) {
    points[point] = {
      time: columns.time[point] as number,
      equity: columns.equity[point] as number,
      exposure: columns.exposure[point] as number,
    };
  }
  return points;
}
