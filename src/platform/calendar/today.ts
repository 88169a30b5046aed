const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in the UK ('YYYY-MM-DD'), whatever the server's time zone: due dates are UK dates. */
export function ukToday(now: Date = new Date()): string {
  return londonDate.format(now);
}

/** A UK date ('YYYY-MM-DD') moved by whole days (calendar days: no time zone or clock change moves it). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The Monday that starts the week of a date (weeks in the UK start on Monday). */
export function weekStarting(date: string): string {
  return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
}
