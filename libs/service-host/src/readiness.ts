import { Injectable } from '@nestjs/common';
import type { HealthReply } from '@scrai/contracts';

type Check = () => Promise<{ ok: boolean; detail?: string }> | { ok: boolean; detail?: string };

/** Providers register named readiness checks; the health responder reports them all. */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, Check>();

  register(name: string, check: Check): void {
    this.checks.set(name, check);
  }

  async report(): Promise<HealthReply['checks']> {
    const out: HealthReply['checks'] = {};
    for (const [name, check] of this.checks) {
      try {
        out[name] = await check();
      } catch (e) {
        out[name] = { ok: false, detail: e instanceof Error ? e.message : String(e) };
      }
    }
    return out;
  }
}
