// The Export tab: the identity that signs, the signed evidence package and the PDF report for this
// engagement, and the verification of any package (this one once written, or one received).
import '../styles/export.css';
import { ExportActions } from './ExportActions';
import { ExportIdentity } from './ExportIdentity';
import { VerifyPackage } from './VerifyPackage';

export function Export({ path }: { path: string }) {
  return (
    <div className="export-tab">
      <div className="export-grid">
        <ExportIdentity />
        <ExportActions path={path} />
      </div>
      <VerifyPackage />
    </div>
  );
}
