/**
 * Streaming reader for the one-array-per-file JSON of `Global Export Data`: yields each top-level
 * element's text with its line, so files of any size are read in constant memory and one broken
 * element is skipped (named by line) without losing the rest.
 */
import type { Readable } from 'node:stream';
import { FileReadError } from './csv-rows.js';

export interface JsonElement {
  readonly text: string;
  readonly line: number;
}

const OPEN_SQ = 91;
const CLOSE_SQ = 93;
const OPEN_CU = 123;
const CLOSE_CU = 125;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const NL = 10;

/** Yields the elements of a top-level JSON array. A `no data` or empty file yields nothing. */
export async function* jsonArrayElements(stream: Readable): AsyncGenerator<JsonElement> {
  stream.setEncoding('utf8');
  let state: 'start' | 'array' | 'done' = 'start';
  let depth = 0;
  let inString = false;
  let escape = false;
  let line = 1;
  let carry = '';
  let elemLine = 0;
  let leading = '';
  try {
    for await (const chunkRaw of stream as AsyncIterable<string>) {
      const chunk = chunkRaw;
      let start = -1;
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (c === NL) line++;
        if (state === 'start') {
          if (c === OPEN_SQ) {
            state = 'array';
            continue;
          }
          if (c > 32 && c !== 0xfeff) {
            leading += chunk.charAt(i);
            if (leading.length > 64) break;
          }
          continue;
        }
        if (state === 'done') continue;
        if (inString) {
          if (escape) escape = false;
          else if (c === BACKSLASH) escape = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (depth === 0) {
          if (c === CLOSE_SQ) {
            state = 'done';
            continue;
          }
          if (c === COMMA || c <= 32) continue;
          depth = 1;
          start = i;
          elemLine = line;
          if (c === QUOTE) inString = true;
          else if (c !== OPEN_CU && c !== OPEN_SQ) {
            // A scalar element: read up to the next comma or closing bracket.
            let j = i + 1;
            while (j < chunk.length && chunk.charCodeAt(j) !== COMMA && chunk.charCodeAt(j) !== CLOSE_SQ) j++;
            if (j < chunk.length) {
              yield { text: carry + chunk.slice(start, j), line: elemLine };
              carry = '';
              depth = 0;
              start = -1;
              i = j - 1;
            }
          }
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_CU || c === OPEN_SQ) depth++;
        else if (c === CLOSE_CU || c === CLOSE_SQ) {
          depth--;
          if (depth === 0) {
            const text = start >= 0 ? carry + chunk.slice(start, i + 1) : carry + chunk.slice(0, i + 1);
            carry = '';
            start = -1;
            yield { text, line: elemLine };
          }
        }
      }
      if (state === 'start' && leading !== '') {
        if (/^no\s*data$/i.test(leading.trim())) continue;
        if (leading.length > 64 || !/^no\s*d?a?t?a?$/i.test(leading.trim()))
          throw new FileReadError('not a JSON array', 1);
      }
      if (depth > 0) {
        carry += start >= 0 ? chunk.slice(start) : chunk;
        if (carry.length > 64 * 1024 * 1024)
          throw new FileReadError('a JSON element is larger than 64 MB', elemLine);
      }
    }
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw new FileReadError((err as Error).message, line, { cause: err });
  } finally {
    stream.destroy();
  }
  if (state === 'start' && leading !== '' && !/^no\s*data$/i.test(leading.trim()))
    throw new FileReadError('not a JSON array', 1);
  if (state === 'array') throw new FileReadError('file ends inside the JSON array (truncated?)', line);
}
