// Shows an SVG chart string from @ats/charts (the same code the backtest report uses) with its hover.
import { attachChartHover } from '@ats/charts';
import { useEffect, useRef } from 'preact/hooks';

export function SvgChart(props: { svg: string; testId?: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (container.current) attachChartHover(container.current);
  }, [props.svg]);
  // The markup is built by our chart code from numbers and escaped labels, never from raw user text.
  return (
    <div
      class="chart"
      ref={container}
      data-testid={props.testId}
      dangerouslySetInnerHTML={{ __html: props.svg }}
    />
  );
}
