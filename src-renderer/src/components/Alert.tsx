// An inline problem message. Text only: messages from the core are never interpreted as markup.
export function Alert({ message, className }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <p className={className ? `alert ${className}` : 'alert'} role="alert">
      {message}
    </p>
  );
}
