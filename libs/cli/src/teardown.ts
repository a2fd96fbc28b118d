/**
 * Things to stop, in the reverse order they were started. run() is idempotent; a stop added after
 * run() began (something that finished starting late) runs right after the others.
 */
export class Teardown {
  private readonly steps: { name: string; stop: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly report: (message: string) => void) {}

  add(name: string, stop: () => Promise<void>): void {
    if (this.running) this.running = this.running.then(() => this.stopOne(name, stop));
    else this.steps.push({ name, stop });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) await this.stopOne(step.name, step.stop);
    })();
    return this.running;
  }

  private async stopOne(name: string, stop: () => Promise<void>): Promise<void> {
    try {
      await stop();
    } catch (err) {
      this.report(`could not stop ${name}: ${(err as Error).message}`);
    }
  }
}
