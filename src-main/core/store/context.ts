// Who is acting and what time it is: passed into every mutating command so tests can fix both.

export interface CommandContext {
  actor: string;
  now(): string;
}

export function systemContext(actor: string): CommandContext {
  return { actor, now: () => new Date().toISOString() };
}
