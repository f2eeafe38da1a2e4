// Runs Electronegativity (the Electron security linter) over the sources of the main process and over the
// built app (out/: main, preload, renderer), and fails on any finding not accepted, with a reason, in
// electronegativity-allowlist.json. The tool lives apart in tools/electronegativity (it brings old eslint
// and TypeScript); it is installed there from its lock file when missing. Offline, the check for newer
// Electron releases is skipped. Run after `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const toolDir = join(root, 'tools/electronegativity');
const bin = join(toolDir, 'node_modules/.bin/electronegativity');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const allow = JSON.parse(readFileSync(join(import.meta.dirname, 'electronegativity-allowlist.json'), 'utf8')).accepted;
const inputs = ['src-main', 'out'];

if (!existsSync(join(root, 'out/main/index.js'))) {
  console.error('electronegativity: out/ is not built; run "npm run build" first');
  process.exit(1);
}
if (!existsSync(bin)) {
  console.log('electronegativity: installing the tool into tools/electronegativity (npm ci)');
  execFileSync('npm', ['ci', '--no-fund', '--no-audit', '--prefix', toolDir], { stdio: 'inherit' });
}

const tmp = mkdtempSync(join(tmpdir(), 'portcullis-eneg-'));
const findings = [];
try {
  for (const input of inputs) {
    const sarif = join(tmp, `${input}.sarif`);
    const run = spawnSync(
      bin,
      [
        '-i',
        join(root, input),
        '-e',
        electronVersion,
        '-x',
        'AvailableSecurityFixesGlobalCheck',
        '-o',
        sarif,
        '-v',
        'false',
      ],
      { encoding: 'utf8' },
    );
    if (run.status !== 0 || !existsSync(sarif)) {
      console.error(`electronegativity: the tool failed on ${input} (exit ${run.status})\n${run.stderr}`);
      process.exit(1);
    }
    const report = JSON.parse(readFileSync(sarif, 'utf8'));
    for (const r of report.runs?.[0]?.results ?? []) {
      const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
      const file = uri.startsWith(root) ? uri.slice(root.length + 1) : uri === 'file:///' || uri === '' ? '*' : uri;
      const line = r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0;
      findings.push({ check: r.ruleId, level: r.level, file, line, message: r.message?.text ?? '' });
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const accepted = (f) =>
  allow.find((a) => a.check === f.check && (a.file === '*' ? f.file === '*' : f.file.endsWith(a.file)));
const open = findings.filter((f) => !accepted(f));
const unused = allow.filter((a) => !findings.some((f) => accepted(f) === a));
console.log(
  `electronegativity ${electronVersion === '' ? '' : `(Electron ${electronVersion})`}: ${findings.length} finding(s) over ${inputs.join(', ')}; ${findings.length - open.length} accepted in the allow-list, ${open.length} not`,
);
for (const a of unused) console.log(`  note: allow-list entry no longer needed: ${a.check} ${a.file}`);
if (open.length > 0) {
  for (const f of open) console.error(`  ${f.check} [${f.level}] ${f.file}:${f.line}: ${f.message}`);
  console.error(
    'electronegativity: fix these, or accept each in test/security/electronegativity-allowlist.json with why',
  );
  process.exit(1);
}
