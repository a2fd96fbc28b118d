/** The last lines each service instance printed, kept by the CLI to explain a crash. */
export class ServiceLogTails {
  private readonly tails = new Map<string, string[]>();

  constructor(private readonly keep = 12) {}

  add(service: string, instance: number, line: string): void {
    const id = `${service}-${instance}`;
    let tail = this.tails.get(id);
    if (!tail) this.tails.set(id, (tail = []));
    tail.push(line);
    if (tail.length > this.keep) tail.shift();
  }

  of(service: string, instance: number): readonly string[] {
    return this.tails.get(`${service}-${instance}`) ?? [];
  }
}
