/**
 * Browser-side stand-in for the preload in the renderer harness: exposes the same `window.syncbit`
 * API (built by preload/build-api.ts from the contract), but requests travel as HTTP POSTs to the
 * harness server and events arrive over Server-Sent Events. Bundled by esbuild as a classic script.
 */
import './zod-jitless.js';
import { buildApi } from '../../preload/build-api.js';
import { API_KEY } from '../../preload/contract.js';

/** The browser's EventSource (the root tsconfig has no DOM lib; this file runs only in Chromium). */
declare const EventSource: new (url: string) => { onmessage: ((message: { data: string }) => void) | null };

const listeners = new Map<string, Set<(payload: unknown) => void>>();
const events = new EventSource('/events');
events.onmessage = (message) => {
  const { event, payload } = JSON.parse(message.data) as { event: string; payload: unknown };
  for (const l of listeners.get(event) ?? []) l(payload);
};

const api = buildApi({
  invoke: async (channel, payload) => {
    const res = await fetch('/ipc', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, payload }),
    });
    return await res.json();
  },
  on: (event, listener) => {
    let set = listeners.get(event);
    if (set === undefined) {
      set = new Set();
      listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});

Object.defineProperty(globalThis, API_KEY, { value: api, writable: false, configurable: false });
