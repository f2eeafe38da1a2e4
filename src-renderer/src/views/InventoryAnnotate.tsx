// Owner and business purpose of an open inventory row: one form for this service (asset, protocol and
// port), one for the whole asset. A service's own value wins over the asset's, field by field. Each save
// or removal is one audited change in the core; the table and the detail are then asked for again.
import { useId, useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import type { InventoryKey, InventoryRow } from '../api/types';
import { Alert } from '../components/Alert';
import { useInventoryStore } from '../store/inventory-store';

/** The contract's limit for an owner or purpose. */
const MAX_CELL = 2000;

export function InventoryAnnotate({
  path,
  row,
  assetLayer,
  target,
}: {
  path: string;
  row: InventoryRow;
  /** What is recorded for the whole asset (the row shows the merge of this and the service's own). */
  assetLayer: { owner: string | null; purpose: string | null; source: string; recordedFor: string } | null;
  target: InventoryKey;
}) {
  const id = useId();
  const service = `${target.port}/${target.proto}`;
  return (
    <section className="inv-block" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="sub-title">
        Owner and business purpose
      </h3>
      <div className="inv-annotate">
        <AnnotationForm
          path={path}
          asset={target.asset}
          service={{ proto: target.proto, port: target.port }}
          title={`This service · ${service}`}
          label={`Owner and purpose of ${service} on ${target.asset}`}
          hint="Filled with what applies now. A blank field falls back to the whole asset’s."
          current={row}
          saveLabel="Save for this service"
          removeLabel="Remove this service’s own values"
        />
        <AnnotationForm
          path={path}
          asset={target.asset}
          service={null}
          title={`The whole asset · ${target.asset}`}
          label={`Owner and purpose of the whole asset ${target.asset}`}
          hint={
            assetLayer
              ? `Recorded for ${assetLayer.recordedFor} (${assetLayer.source}). Applies to every port of this asset that has no owner or purpose of its own.`
              : 'Applies to every port of this asset that has no owner or purpose of its own.'
          }
          current={assetLayer}
          saveLabel="Save for the whole asset"
          removeLabel="Remove the asset’s values"
        />
      </div>
    </section>
  );
}

function AnnotationForm({
  path,
  asset,
  service,
  title,
  label,
  hint,
  current,
  saveLabel,
  removeLabel,
}: {
  path: string;
  asset: string;
  service: Pick<InventoryKey, 'proto' | 'port'> | null;
  title: string;
  label: string;
  hint: string;
  /** What applies now, to start from; null starts blank. */
  current: Pick<InventoryRow, 'owner' | 'purpose'> | null;
  saveLabel: string;
  removeLabel: string;
}) {
  const id = useId();
  const annotate = useInventoryStore((s) => s.annotate);
  const start = `${current?.owner ?? ''}\n${current?.purpose ?? ''}`;
  const [shown, setShown] = useState(start);
  const [owner, setOwner] = useState(current?.owner ?? '');
  const [purpose, setPurpose] = useState(current?.purpose ?? '');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // What applies changed (a save, an asset register): start from the new values.
  if (shown !== start) {
    setShown(start);
    setOwner(current?.owner ?? '');
    setPurpose(current?.purpose ?? '');
  }

  async function send(values: { owner: string | null; purpose: string | null }, message: string) {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      await annotate(path, { asset, proto: service?.proto ?? null, port: service?.port ?? null, ...values });
      setDone(message);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    const values = { owner: owner.trim() || null, purpose: purpose.trim() || null };
    if (values.owner === null && values.purpose === null) {
      setDone(null);
      setError(`Give an owner or a purpose; to remove them, use “${removeLabel}”.`);
      return;
    }
    void send(values, 'Saved.');
  }

  return (
    <form className="inv-annotate-form" aria-label={label} onSubmit={save} noValidate>
      <h4 className="inv-annotate-title wrap-anywhere">{title}</h4>
      <div className="field">
        <label htmlFor={`${id}-owner`}>Owner</label>
        <input
          id={`${id}-owner`}
          type="text"
          maxLength={MAX_CELL}
          placeholder="e.g. Store operations"
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-purpose`}>Business purpose</label>
        <input
          id={`${id}-purpose`}
          type="text"
          maxLength={MAX_CELL}
          placeholder="Why it must stay in use"
          value={purpose}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setPurpose(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      </div>
      <Alert message={error} />
      <div className="actions">
        <button type="submit" className="button small primary" disabled={busy}>
          {saveLabel}
        </button>
        <button
          type="button"
          className="button small quiet"
          disabled={busy}
          onClick={() => void send({ owner: null, purpose: null }, 'Removed.')}
        >
          {removeLabel}
        </button>
        {done && (
          <span className="inv-saved small" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}
