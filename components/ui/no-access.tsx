export function NoAccess({ what }: { what: string }) {
  return (
    <div role="alert" className="m-8 max-w-lg rounded border border-line bg-panel p-6">
      <h1 className="text-lg font-semibold">No access</h1>
      <p className="mt-2 text-muted">Your role cannot open {what}. Ask an admin if you need it.</p>
    </div>
  );
}
