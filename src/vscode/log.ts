import * as vscode from 'vscode';
import { redact } from '../core/redact';
import type { Timing } from './timing';

/**
 * The one log channel. Every line passes through the core's redaction, with the secrets this
 * window has seen added to its list, so a stray secret can never reach the Output view.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('OAuth JWT Bearer', { log: true });
  private readonly secrets = new Set<string>();
  /** The latency benchmark's hook (TokenService's): off unless a benchmark records. */
  timing: Timing | undefined;

  /** Remembers a secret value so it is scrubbed from every later line. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  info(component: string, message: string): void {
    this.write(() => this.channel.info(this.line(component, message)));
  }

  warn(component: string, message: string): void {
    this.write(() => this.channel.warn(this.line(component, message)));
  }

  error(component: string, message: string): void {
    this.write(() => this.channel.error(this.line(component, message)));
  }

  show(): void {
    this.channel.show(true);
  }

  private line(component: string, message: string): string {
    return redact(`[${component}] ${message}`, this.secrets);
  }

  private write(append: () => void): void {
    if (this.timing?.record) this.timing.timeSync('log', append);
    else append();
  }

  dispose(): void {
    this.channel.dispose();
  }
}
