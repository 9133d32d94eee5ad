interface Zone {
  format: Intl.DateTimeFormat;
  /** Text by unix second: history times are shown again on every view, and formatToParts is slow. */
  texts: Map<number, string>;
}

const zones = new Map<string, Zone>();

/** YYYY-MM-DD and 24-hour HH:MM parts, whatever the machine's locale. */
export const WALL_CLOCK: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const MAX_CACHED = 4096;

/** "2026-11-27 14:05" in the given zone: for exports, where the year matters. */
export function formatDateTime(ms: number, timeZone: string): string {
  const zone = zoneOf(timeZone);
  // Keyed by the second, not the minute: zone offsets are whole seconds (old local mean times are
  // not whole minutes), so every instant of one second shows the same minute in every zone.
  const second = Math.floor(ms / 1000);
  let text = zone.texts.get(second);
  if (text === undefined) {
    const p = Object.fromEntries(zone.format.formatToParts(ms).map((x) => [x.type, x.value]));
    text = `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
    if (zone.texts.size >= MAX_CACHED) zone.texts.delete(zone.texts.keys().next().value!);
    zone.texts.set(second, text);
  }
  return text;
}

function zoneOf(timeZone: string): Zone {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-CA', { ...WALL_CLOCK, timeZone });
    zones.set(timeZone, (zone = { format, texts: new Map() }));
  }
  return zone;
}
