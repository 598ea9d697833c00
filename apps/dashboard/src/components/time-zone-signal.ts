// Which zone times are shown in: the exchange's (New York) or the user's; kept in localStorage.
type Zone = 'exchange' | 'user';
const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem('ats.zone');

export const signal: { zone: Zone } = { zone: stored === 'user' ? 'user' : 'exchange' };

export function setZone(zone: Zone): void {
  signal.zone = zone;
  localStorage.setItem('ats.zone', zone);
}
