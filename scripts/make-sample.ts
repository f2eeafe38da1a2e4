// `npm run sample`: writes the sample's input files into resources/samples/harbor-street/ and builds
// resources/samples/harbor-street.portcullis from them (the engagement "Open sample engagement" copies).
// Deterministic: run it again and the inputs and the engagement's content are the same.
import { join, resolve } from 'node:path';
import { buildSampleEngagement } from './sample/build';
import { writeSampleInputs } from './sample/inputs';
import { compactEngagement } from './sample/compact';

const root = resolve(import.meta.dirname, '..');
const inputsDir = join(root, 'resources/samples/harbor-street');
const outFile = join(root, 'resources/samples/harbor-street.portcullis');

writeSampleInputs(inputsDir);
const summary = await buildSampleEngagement(inputsDir, outFile);
compactEngagement(outFile);
process.stdout.write(
  [
    `Wrote ${inputsDir}/ and ${outFile}`,
    `  ${summary.imports} imports, ${summary.items.length} insecure items (${summary.reviewed.length} reviewed),`,
    `  ${summary.evidence.length} evidence entries, ${summary.auditEntries} audit entries`,
    '',
  ].join('\n'),
);
