// The two ways to get a signing identity: create one (an assessor's, optionally issued by the firm's
// local CA, or the firm's local CA itself) or import the firm's own PKCS#12. Passphrases live only in
// these forms' fields and are sent once; the forms close (and forget them) when the core has answered.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { IdentityNewInput, KeyType, SigningIdentity } from '../api/types';
import { Alert } from '../components/Alert';
import { baseName } from '../format';
import { nameFromFile, useExportStore } from '../store/export-store';

const keyTypeLabels: Record<KeyType, string> = {
  'rsa-3072': 'RSA 3072-bit (widest support)',
  p256: 'ECDSA P-256 (smaller, faster)',
};

interface NewDraft {
  localCa: boolean;
  name: string;
  commonName: string;
  organization: string;
  email: string;
  keyType: KeyType;
  /** The local CA that issues the identity; '' is self-signed. */
  ca: string;
}

const emptyDraft: NewDraft = {
  localCa: false,
  name: '',
  commonName: '',
  organization: '',
  email: '',
  keyType: 'rsa-3072',
  ca: '',
};

function requestOf(d: NewDraft, passphrase: string, caPassphrase: string): IdentityNewInput {
  const trimmed = (s: string) => (s.trim() === '' ? undefined : s.trim());
  const organization = trimmed(d.organization);
  const email = trimmed(d.email);
  return {
    name: d.name.trim(),
    commonName: d.commonName,
    ...(organization ? { organization } : {}),
    ...(email ? { email } : {}),
    keyType: d.keyType,
    ...(d.localCa ? { localCa: true } : {}),
    ...(!d.localCa && d.ca !== '' ? { ca: { name: d.ca, passphrase: caPassphrase } } : {}),
    passphrase,
  };
}

export function NewIdentityForm({
  cas,
  onDone,
}: {
  cas: SigningIdentity[];
  onDone(made: SigningIdentity | null): void;
}) {
  const id = useId();
  const createIdentity = useExportStore((s) => s.createIdentity);
  const [draft, setDraft] = useState<NewDraft>(emptyDraft);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [caPassphrase, setCaPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set =
    <K extends keyof NewDraft>(key: K) =>
    (value: NewDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (passphrase !== confirm) {
      setError('The two passphrases differ: type the same passphrase in both fields.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const made = await createIdentity(requestOf(draft, passphrase, caPassphrase));
      onDone(made);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  const issuedByCa = !draft.localCa && draft.ca !== '';
  return (
    <form className="form export-form" aria-label="New signing identity" onSubmit={(e) => void submit(e)}>
      <fieldset className="export-kind">
        <legend>Kind</legend>
        <label>
          <input type="radio" name={`${id}-kind`} checked={!draft.localCa} onChange={() => set('localCa')(false)} /> An
          assessor&apos;s identity (signs packages and reports)
        </label>
        <label>
          <input type="radio" name={`${id}-kind`} checked={draft.localCa} onChange={() => set('localCa')(true)} /> The
          firm&apos;s local certificate authority (issues assessor identities; made once)
        </label>
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name on this machine</label>
          <input id={`${id}-name`} type="text" value={draft.name} onChange={(e) => set('name')(e.target.value)} />
          <span className="hint">Letters, digits, dots, dashes or underscores, e.g. alice or firm-ca.</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-cn`}>Common name</label>
          <input
            id={`${id}-cn`}
            type="text"
            value={draft.commonName}
            onChange={(e) => set('commonName')(e.target.value)}
          />
          <span className="hint">Who signs, as the certificate names them, e.g. Alice Auditor.</span>
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-org`}>Organisation</label>
          <input
            id={`${id}-org`}
            type="text"
            value={draft.organization}
            onChange={(e) => set('organization')(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>E-mail</label>
          <input id={`${id}-email`} type="text" value={draft.email} onChange={(e) => set('email')(e.target.value)} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-key`}>Key type</label>
          <select
            id={`${id}-key`}
            value={draft.keyType}
            onChange={(e) => set('keyType')(e.target.value === 'p256' ? 'p256' : 'rsa-3072')}
          >
            {(Object.keys(keyTypeLabels) as KeyType[]).map((k) => (
              <option key={k} value={k}>
                {keyTypeLabels[k]}
              </option>
            ))}
          </select>
        </div>
        {!draft.localCa && (
          <div className="field">
            <label htmlFor={`${id}-ca`}>Issued by</label>
            <select id={`${id}-ca`} value={draft.ca} onChange={(e) => set('ca')(e.target.value)}>
              <option value="">Nobody: self-signed</option>
              {cas.map((ca) => (
                <option key={ca.name} value={ca.name}>
                  {ca.name} ({ca.commonName})
                </option>
              ))}
            </select>
            {cas.length === 0 && <span className="hint">Create the firm&apos;s local CA first to issue from it.</span>}
          </div>
        )}
      </div>
      {issuedByCa && (
        <div className="field">
          <label htmlFor={`${id}-capass`}>Passphrase of {draft.ca}</label>
          <input
            id={`${id}-capass`}
            type="password"
            autoComplete="off"
            value={caPassphrase}
            onChange={(e) => setCaPassphrase(e.target.value)}
          />
        </div>
      )}
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-pass`}>Passphrase</label>
          <input
            id={`${id}-pass`}
            type="password"
            autoComplete="new-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
          <span className="hint">8 characters or more. It encrypts the key; it is not stored anywhere.</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-confirm`}>Passphrase again</label>
          <input
            id={`${id}-confirm`}
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </div>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Creating…' : draft.localCa ? 'Create local CA' : 'Create identity'}
        </button>
        <button type="button" className="button quiet" onClick={() => onDone(null)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ImportIdentityForm({ source, onDone }: { source: string; onDone(done: boolean): void }) {
  const id = useId();
  const importIdentity = useExportStore((s) => s.importIdentity);
  const [name, setName] = useState(() => nameFromFile(source));
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await importIdentity(name.trim(), source, passphrase);
      onDone(true);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <form className="form export-form" aria-label="Import a PKCS#12 identity" onSubmit={(e) => void submit(e)}>
      <p className="small">
        Importing <span className="mono wrap-anywhere">{baseName(source)}</span>: it is kept re-encrypted (AES-256)
        under the same passphrase.
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name on this machine</label>
          <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-pass`}>Passphrase of the PKCS#12 file</label>
          <input
            id={`${id}-pass`}
            type="password"
            autoComplete="off"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        </div>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import identity'}
        </button>
        <button type="button" className="button quiet" onClick={() => onDone(false)} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
