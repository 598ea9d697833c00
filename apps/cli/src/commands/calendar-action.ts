// The work of `ats calendar sessions|status|day`, loaded only when one of them runs.
import { NyseCalendar } from '@ats/calendar';

const calendar = new NyseCalendar();

function newYork(instant: number): string {
  return new Date(instant).toLocaleString('sv-SE', { timeZone: 'America/New_York' }).slice(0, 16);
}

function duration(milliseconds: number): string {
  const minutes = Math.round(milliseconds / 60_000);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function printSessions(options: { from: string; to: string }): void {
  for (const session of calendar.sessionsBetween(options.from, options.to)) {
    console.log(
      `${session.date}  ${newYork(session.open).slice(11)}-${newYork(session.close).slice(11)}${session.earlyClose ? '  early close' : ''}`,
    );
  }
}

export function printStatus(options: { at?: string }): void {
  const at = options.at ? Date.parse(options.at) : Date.now();
  if (Number.isNaN(at)) throw new Error(`--at '${options.at}' is not an ISO time`);
  const nextOpen = calendar.nextOpen(at);
  const nextClose = calendar.nextClose(at);
  console.log(`at          ${newYork(at)} New York (${calendar.localDate(at)})`);
  console.log(`phase       ${calendar.phaseAt(at)}`);
  console.log(`next open   ${newYork(nextOpen)} (in ${duration(nextOpen - at)})`);
  console.log(`next close  ${newYork(nextClose)} (in ${duration(nextClose - at)})`);
}

export function printDay(date: string): void {
  const session = calendar.session(date);
  if (!session) {
    console.log(`${date}: closed (${calendar.closureReason(date) ?? 'no session'})`);
    return;
  }
  console.log(
    `${date}: pre-market ${newYork(session.preOpen).slice(11)}, open ${newYork(session.open).slice(11)}, ` +
      `close ${newYork(session.close).slice(11)}${session.earlyClose ? ' (early close)' : ''}, after-hours until ${newYork(session.postClose).slice(11)}`,
  );
}
