// The signing identity card: the identities kept on this machine (never in an engagement), the one that
// signs, its certificate in brief, and the forms that create or import one. A local CA shows where its
// certificate is, since that is what verifiers are given.
import { useEffect, useId, useState } from 'react';
import { call, messageOf } from '../api/client';
import type { SigningIdentity } from '../api/types';
import { Alert } from '../components/Alert';
import { shortHash } from '../format';
import { useExportStore } from '../store/export-store';
import { ImportIdentityForm, NewIdentityForm } from './ExportIdentityForms';

type Panel = { kind: 'none' } | { kind: 'new' } | { kind: 'import'; source: string };

const keyTypeNames: Record<string, string> = { 'rsa-3072': 'RSA 3072-bit', p256: 'ECDSA P-256' };

function issuerText(i: SigningIdentity): string {
  if (i.isCa) return 'local certificate authority (self-signed)';
  return i.selfSigned ? 'self-signed' : `issued by ${i.issuer}`;
}

function IdentityFacts({ identity }: { identity: SigningIdentity }) {
  return (
    <dl className="kv" data-testid="identity-facts">
      <dt>Subject</dt>
      <dd>{identity.subject}</dd>
      <dt>Certificate</dt>
      <dd>
        {keyTypeNames[identity.keyType] ?? identity.keyType} key, {issuerText(identity)}
      </dd>
      <dt>Valid</dt>
      <dd>
        {identity.notBefore.slice(0, 10)} to {identity.notAfter.slice(0, 10)}
      </dd>
      <dt>SHA-256</dt>
      <dd className="mono" title={identity.fingerprintSha256}>
        {shortHash(identity.fingerprintSha256, 16, 8)}
      </dd>
      {identity.isCa && (
        <>
          <dt>Give verifiers</dt>
          <dd className="mono wrap-anywhere" data-testid="ca-cert-path">
            {identity.certPath}
          </dd>
        </>
      )}
    </dl>
  );
}

export function ExportIdentity() {
  const id = useId();
  const identities = useExportStore((s) => s.identities);
  const loadError = useExportStore((s) => s.identitiesError);
  const selected = useExportStore((s) => s.selected);
  const select = useExportStore((s) => s.select);
  const load = useExportStore((s) => s.loadIdentities);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  async function chooseP12() {
    setError(null);
    setNotice(null);
    try {
      const { paths } = await call('dialog.openFiles', { title: 'Choose a PKCS#12 file (.p12, .pfx)' });
      const [source] = paths;
      if (source) setPanel({ kind: 'import', source });
    } catch (err) {
      setError(messageOf(err));
    }
  }

  const chosen = identities?.find((i) => i.name === selected) ?? null;
  const cas = identities?.filter((i) => i.isCa) ?? [];
  return (
    <section className="card export-identity" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <div className="card-head-text">
          <h2 id={`${id}-title`}>Signing identity</h2>
          <p className="muted small">
            Exports are signed with an identity kept on this machine as an encrypted PKCS#12, never inside an
            engagement. Its passphrase is asked for each export and not kept.
          </p>
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="button"
            aria-expanded={panel.kind === 'new'}
            onClick={() => {
              setNotice(null);
              setPanel(panel.kind === 'new' ? { kind: 'none' } : { kind: 'new' });
            }}
          >
            New identity…
          </button>
          <button type="button" className="button" onClick={() => void chooseP12()}>
            Import PKCS#12…
          </button>
        </div>
      </div>
      <Alert message={loadError ?? error} />
      {notice && (
        <p className="notice small" role="status">
          {notice}
        </p>
      )}
      {panel.kind === 'new' && (
        <NewIdentityForm
          cas={cas}
          onDone={(made) => {
            setPanel({ kind: 'none' });
            if (made?.isCa) {
              setNotice(
                `Created the local CA ${made.name}. Now create an assessor identity issued by it, and give verifiers its certificate.`,
              );
            } else if (made) setNotice(`Created ${made.name}; exports are now signed with it.`);
          }}
        />
      )}
      {panel.kind === 'import' && (
        <ImportIdentityForm source={panel.source} onDone={() => setPanel({ kind: 'none' })} />
      )}
      {identities === null ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : identities.length === 0 ? (
        <p className="empty" data-testid="no-identity">
          No signing identity on this machine yet: create one, or import the firm&apos;s PKCS#12.
        </p>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-choice`}>Sign with</label>
            <select
              id={`${id}-choice`}
              value={selected ?? ''}
              onChange={(e) => select(e.target.value === '' ? null : e.target.value)}
            >
              <option value="">Choose an identity</option>
              {identities.map((i) => (
                <option key={i.name} value={i.name}>
                  {i.name}: {i.commonName}
                  {i.isCa ? ' (local CA)' : ''}
                </option>
              ))}
            </select>
          </div>
          {chosen && <IdentityFacts identity={chosen} />}
          {cas
            .filter((ca) => ca.name !== selected)
            .map((ca) => (
              <p key={ca.name} className="muted small">
                Local CA {ca.name}: give verifiers{' '}
                <span className="mono wrap-anywhere" data-testid="ca-cert-path">
                  {ca.certPath}
                </span>
              </p>
            ))}
        </>
      )}
    </section>
  );
}
