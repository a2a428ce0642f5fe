/**
 * `npm run pack:agent`: writes dist/agent-package/sunshine-agent-<version>.tar.gz (the same bytes the server
 * serves at GET /api/agent/package) and prints its path, size and sha256 as JSON.
 */
import { findRepoRoot } from '@sunshine/media';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildAgentPackage } from '../server/src/agent-package/agent-packer';

const root = findRepoRoot();
const pkg = buildAgentPackage(root);
const out = path.join(root, 'dist/agent-package', pkg.fileName);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, pkg.data);
process.stdout.write(`${JSON.stringify({ file: out, bytes: pkg.data.length, sha256: createHash('sha256').update(pkg.data).digest('hex'), version: pkg.version })}\n`);
