/** ANSI styling that turns into plain text when colour is off. */
export interface TerminalStyle {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  italic(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
  /** One of a fixed palette, chosen by index (e.g. an actor's place in the cast). */
  palette(index: number, s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const PALETTE = [34, 32, 33, 36, 35, 94, 92, 93, 96, 95].map((c) => sgr(c, 39));
const identity = (s: string) => s;

export function terminalStyle(enabled: boolean): TerminalStyle {
  if (!enabled) {
    return {
      enabled,
      bold: identity,
      dim: identity,
      italic: identity,
      red: identity,
      green: identity,
      yellow: identity,
      cyan: identity,
      magenta: identity,
      palette: (_i, s) => s,
    };
  }
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    italic: sgr(3, 23),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
    palette: (i, s) => PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!(s),
  };
}

/** Whether to colour a stream: a TTY, unless NO_COLOR or --no-color says otherwise. */
export function shouldColor(isTTY: boolean | undefined, noColor: boolean, flag: false | undefined): boolean {
  return isTTY === true && !noColor && flag !== false;
}
