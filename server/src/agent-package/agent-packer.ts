import * as fs from 'node:fs';
import * as path from 'node:path';
import { tarGz, type TarEntry } from './tar';

/** Top folder inside the archive; install.sh moves it to /opt/sunshine-agent. */
export const PACKAGE_DIR = 'sunshine-agent';

export interface AgentPackage {
  fileName: string;
  version: string;
  data: Buffer;
}

/** Type-only or browser-only parts of mqtt's dependency tree: never loaded by Node. */
const SKIP_PACKAGES = new Set(['undici-types']);
const SKIP_FILE = /(\.map|\.d\.ts|\.d\.mts|\.d\.cts|\.md|\.markdown)$/i;
const KEEP_FILE = /^(license|licence|notice)/i;

/**
 * Builds the self-contained agent package from a built checkout (`npm run build`): the compiled agent and the
 * shared playlist code, mqtt with its whole runtime dependency tree (so installing needs no registry — county
 * sites often have none), a package.json whose only dependency is mqtt, the systemd unit, install.sh and an
 * example config. Everything is plain JavaScript: the same package runs on x86-64 and ARM boards.
 */
export function buildAgentPackage(root: string): AgentPackage {
  const dist = path.join(root, 'dist');
  const agentMain = path.join(dist, 'player-agent/src/main.js');
  if (!fs.existsSync(agentMain)) throw new Error(`${agentMain} missing: run \`npm run build\` first`);
  const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const agentPkg = JSON.parse(fs.readFileSync(path.join(root, 'player-agent/package.json'), 'utf8')) as Record<string, unknown>;
  const version = rootPkg.version;
  const entries: TarEntry[] = [];
  const add = (rel: string, data: Buffer, mode?: number): void => {
    entries.push({ path: `${PACKAGE_DIR}/${rel}`, data, mode });
  };

  for (const dir of ['player-agent/src', 'playlists/src']) {
    for (const file of listFiles(path.join(dist, dir))) {
      if (file.endsWith('.js')) add(`dist/${dir}/${path.relative(path.join(dist, dir), file).split(path.sep).join('/')}`, fs.readFileSync(file));
    }
  }
  const packageJson = {
    name: 'sunshine-agent',
    version,
    private: true,
    description: agentPkg.description,
    license: agentPkg.license,
    main: 'dist/player-agent/src/main.js',
    bin: { 'sunshine-agent': 'dist/player-agent/src/main.js' },
    scripts: { start: 'node dist/player-agent/src/main.js' },
    engines: { node: '>=20.19' },
    dependencies: { mqtt: rootPkg.dependencies.mqtt },
    // Marks the vendored tree as installed: `npm install --omit=dev` has nothing to fetch.
    bundleDependencies: ['mqtt'],
  };
  add('package.json', Buffer.from(`${JSON.stringify(packageJson, null, 2)}\n`));
  for (const dir of dependencyTree(path.join(root, 'node_modules/mqtt'), root)) {
    const rel = path.relative(root, dir).split(path.sep).join('/');
    for (const file of listFiles(dir, (d) => path.basename(d) === 'node_modules' || (path.basename(dir) === 'mqtt' && d === path.join(dir, 'dist')))) {
      const name = path.basename(file);
      if (SKIP_FILE.test(name) && !KEEP_FILE.test(name)) continue;
      add(`${rel}/${path.relative(dir, file).split(path.sep).join('/')}`, fs.readFileSync(file));
    }
  }
  const install = path.join(root, 'player-agent/install');
  add('install.sh', fs.readFileSync(path.join(install, 'install.sh')), 0o755);
  add('sunshine-agent.service', fs.readFileSync(path.join(install, 'sunshine-agent.service')));
  add('agent.example.json', fs.readFileSync(path.join(install, 'agent.example.json')));
  add('README.md', fs.readFileSync(path.join(root, 'player-agent/README.md')));
  add('VERSION', Buffer.from(`${version}\n`));
  return { fileName: `sunshine-agent-${version}.tar.gz`, version, data: tarGz(entries) };
}

/** Package folders of `start` and everything it needs at run time (dependencies and installed optional ones). */
function dependencyTree(start: string, root: string): string[] {
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const [name, optional] of [...Object.keys(pkg.dependencies ?? {}).map((n) => [n, false] as const), ...Object.keys(pkg.optionalDependencies ?? {}).map((n) => [n, true] as const)]) {
      if (name.startsWith('@types/') || SKIP_PACKAGES.has(name)) continue;
      const found = resolvePackage(name, dir, root);
      if (!found) {
        if (optional) continue;
        throw new Error(`dependency ${name} of ${dir} is not installed`);
      }
      visit(found);
    }
  };
  visit(start);
  return [...seen].sort();
}

/** Node's lookup: node_modules/<name> in the package's folder, then in each parent up to the root. */
function resolvePackage(name: string, from: string, root: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return null;
    dir = path.dirname(dir);
  }
}

function listFiles(dir: string, skipDir: (dir: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDir(full)) out.push(...listFiles(full, skipDir));
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}
