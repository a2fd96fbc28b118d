import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { killOnParentExit } from './child-cleanup.js';
import { hasExited, stopChild } from './child-stop.js';

export interface ServiceExit {
  name: string;
  instance: number;
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** true when the exit followed kill()/restart()/stop() of the supervisor, false for a crash. */
  requested: boolean;
  at: Date;
}

export interface ServiceProcessOptions {
  name: string;
  instance: number;
  rootDir: string;
  /** Complete environment of the child. */
  env: Record<string, string | undefined>;
  logDir?: string;
  /** Extra node flags (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow). */
  nodeArgs?: string[];
  onLine?: (service: string, instance: number, line: string) => void;
  onExit: (exit: ServiceExit) => void;
}

const TAIL_LINES = 20;

/** One OS process running `node services/<name>/dist/main.js`, restartable. */
export class ServiceProcess {
  readonly name: string;
  readonly instance: number;
  private child: ChildProcess | undefined;
  private exitRequested = false;
  private logFile: WriteStream | undefined;
  private readonly tail: string[] = [];
  private lastExitHow: string | undefined;

  constructor(private readonly opts: ServiceProcessOptions) {
    this.name = opts.name;
    this.instance = opts.instance;
  }

  get id(): string {
    return `${this.name}-${this.instance}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && !hasExited(this.child);
  }

  /** The process is down without anyone asking for it. */
  get crashed(): boolean {
    return this.child !== undefined && hasExited(this.child) && !this.exitRequested;
  }

  /** How the last run ended, e.g. `code 1` or `signal SIGKILL`; undefined while it never exited. */
  get lastExit(): string | undefined {
    return this.lastExitHow;
  }

  /** The last lines the process printed (stdout and stderr), oldest first. */
  get lastLines(): readonly string[] {
    return this.tail;
  }

  static mainFile(rootDir: string, name: string): string {
    return join(rootDir, 'services', name, 'dist', 'main.js');
  }

  start(): void {
    if (this.running) throw new Error(`${this.id} is already running`);
    const main = ServiceProcess.mainFile(this.opts.rootDir, this.name);
    if (!existsSync(main)) throw new Error(`${main} not found; build the services first (pnpm build)`);
    if (this.opts.logDir && !this.logFile) {
      mkdirSync(this.opts.logDir, { recursive: true });
      this.logFile = createWriteStream(join(this.opts.logDir, `${this.id}.log`), { flags: 'a' });
    }
    this.exitRequested = false;
    const child = spawn(process.execPath, ['--enable-source-maps', ...(this.opts.nodeArgs ?? []), main], {
      cwd: this.opts.rootDir,
      env: this.opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal's Ctrl-C reaches only the supervisor, which then stops the
      // services in order (killOnParentExit still covers a supervisor that dies).
      detached: true,
    });
    this.child = child;
    killOnParentExit(child);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream!, crlfDelay: Infinity }).on('line', (line) => this.handleLine(line));
    }
    child.once('error', (err) => this.handleLine(`[devstack] cannot spawn ${this.id}: ${err.message}`));
    child.once('close', (code, signal) => {
      this.lastExitHow = signal ? `signal ${signal}` : `code ${code}`;
      this.opts.onExit({
        name: this.name,
        instance: this.instance,
        pid: child.pid,
        code,
        signal,
        requested: this.exitRequested,
        at: new Date(),
      });
    });
  }

  /** Sends a signal (default SIGKILL) without waiting; the exit counts as requested. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.child || hasExited(this.child)) return;
    this.exitRequested = true;
    this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves once the process exited. */
  async stop(graceMs: number): Promise<void> {
    if (!this.child) return;
    this.exitRequested = true;
    await stopChild(this.child, graceMs);
  }

  async restart(graceMs: number): Promise<void> {
    await this.stop(graceMs);
    this.start();
  }

  /** Flushes and closes the log file. */
  async close(): Promise<void> {
    const file = this.logFile;
    this.logFile = undefined;
    if (file) await new Promise<void>((resolve) => file.end(resolve));
  }

  private handleLine(line: string): void {
    this.tail.push(line);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    this.logFile?.write(`${line}\n`);
    this.opts.onLine?.(this.name, this.instance, line);
  }
}
