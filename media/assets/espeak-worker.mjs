// Long-lived espeak-ng worker for the media pipeline (plain ESM: espeak-ng ships as an ES module + WASM).
// Protocol: one JSON request per stdin line  {"id":1,"voice":"cmn","wpm":165,"items":[{"text":"…","file":"/abs.wav"}]}
//           one JSON answer per stdout line  {"id":1,"ok":true} | {"id":1,"ok":false,"error":"…"}
// Speed: the WASM is compiled once; after start-up the linear memory is snapshotted and restored before each
// sentence, so every sentence runs espeak-ng's main() on a pristine instance without paying the ~100 ms it
// costs to instantiate (which mostly unpacks the embedded voice data). The parent may run several workers.
import ESpeakNg from 'espeak-ng';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const OUT = '/out.wav';
const wasmPath = join(dirname(createRequire(import.meta.url).resolve('espeak-ng')), 'espeak-ng.wasm');
const compiled = WebAssembly.compile(readFileSync(wasmPath));

let messages = [];
let instance;

async function createInstance() {
  const module = await compiled;
  let exports;
  const es = await ESpeakNg({
    noInitialRun: true,
    print: () => {},
    printErr: (line) => messages.push(String(line)),
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(module, imports).then((inst) => {
        exports = inst.exports;
        done(inst, module);
      });
      return {};
    },
  });
  const memory = new Uint8Array(exports.memory.buffer);
  // Above its last non-zero byte the fresh memory is all zeros: restoring that part is a fill, cheaper than a copy.
  let used = memory.length;
  while (used > 0 && memory[used - 1] === 0) used--;
  // dirtyEnd: how far a sentence has written. Restoring zeroes only up to there: zeroing the whole linear memory
  // would make every page of it resident in a worker kept warm for alerts (~12 MB never used).
  return { es, exports, snapshot: memory.slice(0, used), size: memory.length, stack: exports.stackSave(), dirtyEnd: used };
}

const ZERO_CHUNK = new Uint8Array(65536);

/** The end of the last non-zero 64 KiB chunk: reading untouched pages does not make them resident. */
function writtenEnd(memory, from) {
  for (let end = memory.length; end > from; end -= ZERO_CHUNK.length) {
    const start = Math.max(from, end - ZERO_CHUNK.length);
    if (Buffer.compare(memory.subarray(start, end), ZERO_CHUNK.subarray(0, end - start)) !== 0) return end;
  }
  return from;
}

function writeCString(exports, text) {
  const bytes = Buffer.from(`${text}\0`, 'utf8');
  const ptr = exports.malloc(bytes.length);
  new Uint8Array(exports.memory.buffer).set(bytes, ptr);
  return ptr;
}

/** Runs espeak-ng's main() with argv on the restored instance; returns the WAV bytes. */
function runMain(args) {
  const { es, exports, snapshot, stack } = instance;
  exports.stackRestore(stack); // an exit() inside main unwinds without restoring the stack pointer
  const memory = new Uint8Array(exports.memory.buffer);
  memory.set(snapshot);
  memory.fill(0, snapshot.length, instance.dirtyEnd);
  const argv = ['espeak-ng', ...args];
  const ptrs = argv.map((a) => writeCString(exports, a));
  const argvPtr = exports.malloc(4 * (ptrs.length + 1));
  const table = new Uint32Array(exports.memory.buffer, argvPtr, ptrs.length + 1);
  ptrs.forEach((p, i) => (table[i] = p));
  table[ptrs.length] = 0;
  messages = [];
  let status;
  try {
    status = es._main(ptrs.length, argvPtr);
  } catch (err) {
    // espeak-ng calls exit() on errors; emscripten turns that into a thrown ExitStatus and sets exitCode.
    if (err?.name !== 'ExitStatus') {
      instance = undefined; // a trap or abort leaves the runtime unusable; start over next time
      throw err;
    }
    process.exitCode = 0;
    status = err.status;
  }
  instance.dirtyEnd = Math.max(instance.dirtyEnd, writtenEnd(new Uint8Array(exports.memory.buffer), instance.dirtyEnd));
  const exists = es.FS.analyzePath(OUT).exists;
  const wav = exists ? es.FS.readFile(OUT) : undefined;
  if (exists) es.FS.unlink(OUT);
  if (status !== 0 || !wav) {
    const reasons = messages.filter((m) => !m.startsWith('program exited')); // emscripten's own exit notice
    throw new Error(reasons.join('\n') || `espeak-ng exited with status ${status}`);
  }
  return wav;
}

async function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
    instance ??= await createInstance();
    for (const item of request.items) {
      const text = String(item.text).replace(/\0/g, '');
      const wav = runMain(['-v', String(request.voice), '-s', String(request.wpm), '-w', OUT, '--', text]);
      writeFileSync(item.file, wav);
      // Embedded voice files are views of the memory; if it ever grew, start over on a fresh instance.
      if (instance.exports.memory.buffer.byteLength !== instance.size) instance = undefined;
    }
    reply({ id: request.id, ok: true });
  } catch (err) {
    reply({ id: request?.id ?? null, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

function reply(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

let queue = Promise.resolve();
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim()) queue = queue.then(() => handle(line));
});
// The parent closing stdin means it no longer needs us.
input.on('close', () => queue.then(() => process.exit(0)));
