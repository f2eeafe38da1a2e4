// An inline problem message. Text only: messages from the core are never interpreted as markup.
// With `onDismiss`, a button lets the user put it away (for messages that outlive the action they report).
export function Alert({
  message,
  className,
  onDismiss,
}: {
  message: string | null;
  className?: string;
  onDismiss?: () => void;
}) {
  if (!message) return null;
  return (
    <p className={className ? `alert ${className}` : 'alert'} role="alert">
      {message}
      {onDismiss && (
        <button type="button" className="alert-dismiss" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </p>
  );
}
