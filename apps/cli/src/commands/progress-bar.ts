// A progress bar on standard error for long commands (quiet when stderr is not a terminal).

export function progressBar(label: string): { update(done: number): void; finish(): void } {
  const interactive = process.stderr.isTTY === true;
  let lastPercent = -1;
  return {
    update(done: number) {
      const percent = Math.floor(done * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      const width = 30;
      const filled = Math.round(done * width);
      const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}%`;
      if (interactive) process.stderr.write(`\r${line}`);
      else if (percent % 25 === 0) process.stderr.write(`${line}\n`);
    },
    finish() {
      if (interactive) process.stderr.write('\n');
    },
  };
}
