// Hover and keyboard read-out for the SVG charts: a vertical line and the values under the pointer.
// Self-contained (no imports, no outer names), so the standalone report inlines its source as a script.

/** Wires every `svg[data-hover]` under `root`: pointer moves and arrow keys show the nearest values. */
export function attachChartHover(root: ParentNode): void {
  const svgNamespace = 'http://www.w3.org/2000/svg';
  for (const svg of Array.from(root.querySelectorAll('svg[data-hover]'))) {
    if (svg.getAttribute('data-hover-ready') === 'yes') continue;
    svg.setAttribute('data-hover-ready', 'yes');
    const data = JSON.parse(svg.getAttribute('data-hover') ?? '{}') as {
      top: number;
      bottom: number;
      points: (number | string)[][];
    };
    if (!data.points || data.points.length === 0) continue;
    const box = (svg as SVGSVGElement).viewBox.baseVal;
    const group = document.createElementNS(svgNamespace, 'g');
    group.setAttribute('pointer-events', 'none');
    group.setAttribute('visibility', 'hidden');
    const line = document.createElementNS(svgNamespace, 'line');
    line.setAttribute('y1', String(data.top));
    line.setAttribute('y2', String(data.bottom));
    line.setAttribute('stroke', '#667085');
    line.setAttribute('stroke-dasharray', '3 3');
    const panel = document.createElementNS(svgNamespace, 'rect');
    panel.setAttribute('fill', 'white');
    panel.setAttribute('stroke', '#d0d5dd');
    panel.setAttribute('rx', '4');
    const text = document.createElementNS(svgNamespace, 'text');
    text.setAttribute('font-size', '12');
    text.setAttribute('fill', '#101828');
    group.append(line, panel, text);
    svg.append(group);
    const live = document.createElement('span');
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('style', 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)');
    svg.parentNode?.insertBefore(live, svg.nextSibling);
    let shown = -1;
    const show = (index: number) => {
      const point = data.points[index];
      if (!point) return;
      shown = index;
      const x = Number(point[0]);
      const rows = point.slice(1).map(String);
      line.setAttribute('x1', String(x));
      line.setAttribute('x2', String(x));
      text.textContent = '';
      const panelWidth = Math.max(...rows.map((row) => row.length)) * 6.6 + 12;
      const left = x + panelWidth + 12 > box.width ? x - panelWidth - 8 : x + 8;
      rows.forEach((row, rowIndex) => {
        const span = document.createElementNS(svgNamespace, 'tspan');
        span.setAttribute('x', String(left + 6));
        span.setAttribute('y', String(data.top + 16 + rowIndex * 15));
        if (rowIndex === 0) span.setAttribute('font-weight', '600');
        span.textContent = row;
        text.append(span);
      });
      panel.setAttribute('x', String(left));
      panel.setAttribute('y', String(data.top + 3));
      panel.setAttribute('width', String(panelWidth));
      panel.setAttribute('height', String(rows.length * 15 + 8));
      group.setAttribute('visibility', 'visible');
      live.textContent = rows.join(', ');
    };
    const nearest = (x: number) => {
      let best = 0;
      let distance = Number.POSITIVE_INFINITY;
      data.points.forEach((point, index) => {
        const gap = Math.abs(Number(point[0]) - x);
        if (gap < distance) {
          distance = gap;
          best = index;
        }
      });
      return best;
    };
    svg.addEventListener('pointermove', (event) => {
      const rectangle = svg.getBoundingClientRect();
      const pointer = event as PointerEvent;
      show(nearest(((pointer.clientX - rectangle.left) / rectangle.width) * box.width));
    });
    svg.addEventListener('pointerleave', () => group.setAttribute('visibility', 'hidden'));
    svg.addEventListener('blur', () => group.setAttribute('visibility', 'hidden'));
    svg.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      const last = data.points.length - 1;
      const next =
        key === 'ArrowRight'
          ? Math.min(last, shown + 1)
          : key === 'ArrowLeft'
            ? Math.max(0, shown < 0 ? last : shown - 1)
            : key === 'Home'
              ? 0
              : key === 'End'
                ? last
                : null;
      if (next === null) return;
      event.preventDefault();
      show(next);
    });
  }
}
