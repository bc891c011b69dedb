import * as vscode from 'vscode';
import { redact } from '../core/redact';

/**
 * The one log channel. Every line passes through the core's redaction, with the secrets this
 * window has seen added to its list, so a stray secret can never reach the Output view.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('OAuth JWT Bearer', { log: true });
  private readonly secrets = new Set<string>();

  /** Remembers a secret value so it is scrubbed from every later line. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  info(component: string, message: string): void {
    this.channel.info(this.line(component, message));
  }

  warn(component: string, message: string): void {
    this.channel.warn(this.line(component, message));
  }

  error(component: string, message: string): void {
    this.channel.error(this.line(component, message));
  }

  show(): void {
    this.channel.show(true);
  }

  private line(component: string, message: string): string {
    return redact(`[${component}] ${message}`, this.secrets);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
