/** Collects the synthetic export's file contents and hands each file to the writer once no more rows can arrive for it. */
import type { CivilDay } from '../../model/record.js';

interface Pending {
  chunks: string[];
  closeDay: CivilDay;
}

export class FileSet {
  private readonly open = new Map<string, Pending>();
  files = 0;
  bytes = 0;
  constructor(
    private readonly prefix: string,
    private readonly write: (path: string, data: string) => Promise<void>,
  ) {}
  append(path: string, closeDay: CivilDay, header: string, text: string): void {
    let f = this.open.get(path);
    if (!f) {
      f = { chunks: header === '' ? [] : [header], closeDay };
      this.open.set(path, f);
    }
    f.chunks.push(text);
  }
  async put(path: string, data: string): Promise<void> {
    this.files++;
    this.bytes += Buffer.byteLength(data);
    await this.write(`${this.prefix}${path}`, data);
  }
  async flush(beforeDay: CivilDay | undefined): Promise<void> {
    for (const [path, f] of [...this.open]) {
      if (beforeDay !== undefined && f.closeDay >= beforeDay) continue;
      this.open.delete(path);
      const isJson = path.endsWith('.json');
      const body = isJson ? `[${f.chunks.join(',\n')}]` : f.chunks.join('');
      await this.put(path, body);
    }
  }
}
