/**
 * A minimal zip writer (deflate via node:zlib, no zip64) for the synthetic Takeout export: there
 * is no zip-writing library in the dependency set, and the format subset Takeout uses is small.
 * Can split into standalone parts like Takeout's `…-001.zip`, `…-002.zip`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

const DOS_TIME = 0;
const DOS_DATE = (2026 - 1980) * 512 + 1 * 32 + 1;

interface CentralEntry {
  name: Buffer;
  crc: number;
  csize: number;
  usize: number;
  offset: number;
  method: number;
}

/** Writes entries into one or more zip parts named `${baseName}-001.zip`, … (or `${baseName}.zip` when not split). */
export class ZipWriter {
  private fd = -1;
  private offset = 0;
  private central: CentralEntry[] = [];
  private part = 0;
  readonly files: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly baseName: string,
    private readonly partBytes?: number,
  ) {}

  private openPart(): void {
    this.part++;
    const name =
      this.partBytes === undefined
        ? `${this.baseName}.zip`
        : `${this.baseName}-${String(this.part).padStart(3, '0')}.zip`;
    const file = join(this.dir, name);
    this.fd = openSync(file, 'w');
    this.files.push(file);
    this.offset = 0;
    this.central = [];
  }

  private write(buf: Buffer): void {
    writeSync(this.fd, buf);
    this.offset += buf.length;
  }

  /**
   * Adds one file. `store` keeps it uncompressed; `damage` replaces the deflated payload with bytes
   * no inflater accepts (tests proving an entry is never decompressed).
   */
  add(path: string, data: Buffer, options: { store?: boolean; damage?: boolean } = {}): void {
    const store = options.store === true && options.damage !== true;
    const deflated = store ? data : deflateRawSync(data, { level: 1 });
    const compressed = options.damage === true ? Buffer.alloc(Math.max(16, deflated.length), 0xff) : deflated;
    const method = store ? 0 : 8;
    if (this.fd < 0) this.openPart();
    else if (
      this.partBytes !== undefined &&
      this.central.length > 0 &&
      this.offset + compressed.length > this.partBytes
    ) {
      this.finishPart();
      this.openPart();
    }
    const name = Buffer.from(path, 'utf8');
    const crc = crc32(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6);
    h.writeUInt16LE(method, 8);
    h.writeUInt16LE(DOS_TIME, 10);
    h.writeUInt16LE(DOS_DATE, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(compressed.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(0, 28);
    this.central.push({
      name,
      crc,
      csize: compressed.length,
      usize: data.length,
      offset: this.offset,
      method,
    });
    this.write(h);
    this.write(name);
    this.write(compressed);
  }

  private finishPart(): void {
    const cdStart = this.offset;
    for (const e of this.central) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(e.method, 10);
      c.writeUInt16LE(DOS_TIME, 12);
      c.writeUInt16LE(DOS_DATE, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.csize, 20);
      c.writeUInt32LE(e.usize, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      this.write(c);
      this.write(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(this.offset - cdStart, 12);
    end.writeUInt32LE(cdStart, 16);
    this.write(end);
    closeSync(this.fd);
    this.fd = -1;
  }

  /** Writes the central directory of the last part and closes it. */
  close(): string[] {
    if (this.fd < 0) this.openPart();
    this.finishPart();
    return this.files;
  }
}
