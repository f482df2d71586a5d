/**
 * "Explore with demo data" / `syncbit demo`: a synthetic Takeout export imported through the real
 * pipeline, holding the data folder like any import.
 */
import { runDemo, type DemoOptions, type DemoResult } from '../demo/run-demo.js';
import type { Session } from './session.js';

/** Generates and imports the demo data into the session's archive. */
export function loadDemo(session: Session, options: DemoOptions = {}): Promise<DemoResult> {
  return session.exclusive(() => runDemo(session, options));
}
