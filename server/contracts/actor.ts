/**
 * Who did something, as audit entries and decisions record it: a signed-in person (from the
 * session, never from input) or the system acting on a person's standing instruction.
 */
export interface Actor {
  id: string;
  email: string;
  role: string;
  /** Where the request came from (the caller's address), for the audit log. */
  origin?: string | null;
}

/** The system acting on its own (an automatic order, a rule): named, so the audit log says which. */
export const systemActor = (name: string): Actor => ({ id: `system:${name}`, email: `system:${name}`, role: "SYSTEM", origin: null });
