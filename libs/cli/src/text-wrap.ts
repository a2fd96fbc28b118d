/**
 * Wraps text at word boundaries: the first line gets `firstWidth` columns, the others `restWidth`.
 * Line breaks in the text are kept. Without a width (undefined), only the text's own breaks split it.
 * Words longer than a line are cut.
 */
export function wrapText(text: string, firstWidth?: number, restWidth: number | undefined = firstWidth): string[] {
  const out: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    const width = () => (out.length === 0 ? firstWidth : restWidth);
    if (width() === undefined) {
      out.push(paragraph.trimEnd());
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      let rest = word;
      while (rest !== '') {
        const w = Math.max(8, width()!);
        const candidate = line === '' ? rest : `${line} ${rest}`;
        if (candidate.length <= w) {
          line = candidate;
          rest = '';
        } else if (line !== '') {
          out.push(line);
          line = '';
        } else {
          out.push(rest.slice(0, w));
          rest = rest.slice(w);
        }
      }
    }
    out.push(line);
  }
  return out;
}
