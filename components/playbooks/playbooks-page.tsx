"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { fmtDateTime } from "@/components/ui/format";
import { SEVERITY_KEYS, type PlaybookInput, type PlaybookSummary } from "@/server/contracts/rules";

type Book = PlaybookSummary & { armRequest: { byEmail: string; at: number } | null };

const STATUS_TEXT: Record<string, string> = {
  PENDING: "waiting out its veto window",
  CANCELLED: "cancelled before it ran",
  RUNNING: "running",
  DONE: "ran",
  FAILED: "failed part-way",
  UNDONE: "stopped and undone",
};

/** Playbooks: what runs on the attack-wave alert, who armed it, and what its runs did. */
export function PlaybooksPage({ canManage, canApprove, meEmail }: { canManage: boolean; canApprove: boolean; meEmail: string }) {
  const trpc = useTRPC();
  const books = useQuery(trpc.playbooks.list.queryOptions());
  const runs = useQuery(trpc.playbooks.runs.queryOptions({ pendingOnly: false }));
  const [editing, setEditing] = useState<Book | "new" | null>(null);
  return (
    <div className="flex flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold">Playbooks</h1>
        <p className="text-sm text-muted">
          Armed in advance by two shift leads; when the attack-wave alert fires they run after a veto window every lead can cancel in.
        </p>
        {canManage ? (
          <Button size="sm" variant="primary" className="ml-auto" onClick={() => setEditing("new")}>
            New playbook
          </Button>
        ) : null}
      </div>
      {editing ? <PlaybookEditor book={editing === "new" ? null : editing} onDone={() => setEditing(null)} /> : null}
      <ul className="flex flex-col gap-3">
        {(books.data ?? []).map((b) => (
          <li key={b.id} className="rounded border border-line bg-panel p-3" data-testid="playbook" data-name={b.name} data-armed={b.armed}>
            <div className="flex flex-wrap items-start gap-3">
              <div className="min-w-0 flex-1">
                <h2 className="flex items-center gap-2 font-semibold">
                  {b.name}{" "}
                  {b.armed ? <Badge tone="danger">Armed</Badge> : b.armRequest ? <Badge tone="warn">Awaiting 2nd lead</Badge> : <Badge>Not armed</Badge>}
                </h2>
                {b.description ? <p className="text-sm text-muted">{b.description}</p> : null}
                <Steps b={b} />
                <p className="mt-1 text-xs text-muted">
                  {b.armed && b.armedAt ? `Armed ${fmtDateTime(b.armedAt)} by ${b.armedByEmail}. ` : ""}
                  {b.armRequest ? `${b.armRequest.byEmail} asked to arm it ${fmtDateTime(b.armRequest.at)}. ` : ""}
                  Last edited by {b.updatedByEmail}.
                </p>
              </div>
              {canManage ? <ArmControls b={b} canApprove={canApprove} meEmail={meEmail} onEdit={() => setEditing(b)} /> : null}
            </div>
          </li>
        ))}
      </ul>
      {books.data?.length === 0 ? <p className="text-sm text-muted">No playbooks yet.</p> : null}
      <section aria-labelledby="runs-h">
        <h2 id="runs-h" className="mb-1 text-sm font-semibold">
          Runs in the last day
        </h2>
        {runs.data?.length ? (
          <ul className="flex flex-col gap-1 text-sm" data-testid="playbook-runs">
            {runs.data.map((r) => (
              <li key={r.id} data-status={r.status}>
                <span className="tabular text-muted">{fmtDateTime(r.createdAt)}</span> “{r.playbookName}” {STATUS_TEXT[r.status] ?? r.status}
                {r.cancelledByEmail ? ` (by ${r.cancelledByEmail})` : ""}
                {r.summary.length ? `: ${r.summary.join("; ")}` : ""}
                {r.error ? <span className="text-danger"> — {r.error}</span> : null}
                {r.incidentId ? (
                  <>
                    {" "}
                    <Link href={`/incidents/${r.incidentId}`} className="text-accent underline">
                      incident
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">No runs.</p>
        )}
      </section>
    </div>
  );
}

function Steps({ b }: { b: Book }) {
  const items: string[] = [];
  if (b.containRings) {
    items.push(
      `Contain every ring the alert names and the rings it grows${b.containRings.banAccounts ? "; ban their accounts" : ""}${b.containRings.refuseGoLive ? "; refuse go-live to their signals" : ""}`,
    );
  }
  if (b.rules.length) items.push(`Enforce ${b.rules.map((r) => `“${r.name}” (now ${r.mode.toLowerCase()})`).join(", ")}`);
  for (const c of b.controls) items.push(`Live control ${c.scope.kind.toLowerCase().replace("_", " ")} ${c.scope.value} → ${c.mode.toLowerCase()}`);
  if (b.declare) items.push(`Declare ${b.declare.severity}: ${b.declare.title}, commanded by the lead who asked to arm it`);
  return (
    <ol className="mt-2 list-decimal pl-5 text-sm">
      <li>Wait {b.vetoSeconds} s after the alert; any lead can cancel.</li>
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ol>
  );
}

function ArmControls({ b, canApprove, meEmail, onEdit }: { b: Book; canApprove: boolean; meEmail: string; onEdit: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const opts = (msg: string) => ({
    onSuccess: () => {
      void qc.invalidateQueries(trpc.playbooks.pathFilter());
      toast.success(msg);
    },
    onError: (e: { message: string }) => toast.error(e.message),
  });
  const ask = useMutation(trpc.playbooks.requestArm.mutationOptions(opts("Asked: a second shift lead must approve before it is armed.")));
  const decide = useMutation(
    trpc.playbooks.decideArm.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.playbooks.pathFilter());
        toast.success(r.armed ? "Armed: it runs when the attack-wave alert fires, after its veto window." : "Rejected: it stays unarmed.");
      },
      onError: (e: { message: string }) => toast.error(e.message),
    }),
  );
  const disarm = useMutation(trpc.playbooks.disarm.mutationOptions(opts("Disarmed: it will not run.")));
  const busy = ask.isPending || decide.isPending || disarm.isPending;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-1">
        <Button size="sm" onClick={onEdit} disabled={busy}>
          Edit…
        </Button>
        {b.armed ? (
          <Button size="sm" disabled={busy} onClick={() => disarm.mutate({ id: b.id, reason: "Disarmed from the playbooks page" })}>
            Disarm
          </Button>
        ) : !b.armRequest ? (
          <Button size="sm" variant="danger" disabled={busy} onClick={() => ask.mutate({ id: b.id, reason: "Asked from the playbooks page" })}>
            Ask to arm…
          </Button>
        ) : null}
      </div>
      {b.armRequest && canApprove && b.armRequest.byEmail !== meEmail ? (
        <div className="flex gap-1" data-testid="approve-arming">
          <Button
            size="sm"
            variant="danger"
            disabled={busy}
            onClick={() => decide.mutate({ id: b.id, approve: true, reason: "Approved from the playbooks page" })}
          >
            Approve arming
          </Button>
          <Button size="sm" disabled={busy} onClick={() => decide.mutate({ id: b.id, approve: false, reason: "Rejected from the playbooks page" })}>
            Reject
          </Button>
        </div>
      ) : b.armRequest ? (
        <p className="text-xs text-warn">Waiting for a second shift lead.</p>
      ) : null}
    </div>
  );
}

function PlaybookEditor({ book, onDone }: { book: Book | null; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const rules = useQuery(trpc.rules.list.queryOptions());
  const [name, setName] = useState(book?.name ?? "");
  const [description, setDescription] = useState(book?.description ?? "");
  const [veto, setVeto] = useState(String(book?.vetoSeconds ?? 20));
  const [contain, setContain] = useState(book ? book.containRings !== null : true);
  const [ban, setBan] = useState(book?.containRings?.banAccounts ?? true);
  const [refuse, setRefuse] = useState(book?.containRings?.refuseGoLive ?? true);
  const [ruleIds, setRuleIds] = useState<string[]>(book?.ruleIds ?? []);
  const [declare, setDeclare] = useState(book ? book.declare !== null : true);
  const [severity, setSeverity] = useState(book?.declare?.severity ?? "P0");
  const [title, setTitle] = useState(book?.declare?.title ?? "Bot-ring wave");
  const opts = {
    onSuccess: () => {
      void qc.invalidateQueries(trpc.playbooks.pathFilter());
      toast.success(book?.armed ? "Saved and disarmed: arming it again takes two shift leads." : "Saved.");
      onDone();
    },
    onError: (e: { message: string }) => toast.error(e.message),
  };
  const create = useMutation(trpc.playbooks.create.mutationOptions(opts));
  const update = useMutation(trpc.playbooks.update.mutationOptions(opts));
  const vetoN = Number(veto);
  const valid = name.trim().length >= 3 && Number.isInteger(vetoN) && vetoN >= 0 && vetoN <= 600 && (!declare || title.trim().length >= 3);
  function save() {
    const input: PlaybookInput = {
      name: name.trim(),
      description: description.trim(),
      vetoSeconds: vetoN,
      containRings: contain ? { banAccounts: ban, refuseGoLive: refuse } : null,
      ruleIds,
      controls: book?.controls ?? [],
      declare: declare ? { severity, title: title.trim() } : null,
    };
    if (book) update.mutate({ ...input, id: book.id });
    else create.mutate(input);
  }
  return (
    <form
      className="flex flex-col gap-3 rounded border border-accent/50 bg-panel p-3"
      aria-label={book ? `Edit playbook ${book.name}` : "New playbook"}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) save();
      }}
    >
      <div className="grid gap-3 md:grid-cols-3">
        <Field label="Name">{(p) => <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />}</Field>
        <Field label="What it is for">
          {(p) => <input {...p} className={inputClass} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />}
        </Field>
        <Field label="Veto window (seconds every lead has to cancel)" error={Number.isInteger(vetoN) && vetoN >= 0 && vetoN <= 600 ? null : "0 to 600"}>
          {(p) => <input {...p} className={inputClass} inputMode="numeric" value={veto} onChange={(e) => setVeto(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="flex flex-col gap-1 text-sm">
        <legend className="text-xs font-medium text-muted">Then</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={contain} onChange={(e) => setContain(e.target.checked)} /> Contain every ring on the alert, and the rings it grows
        </label>
        {contain ? (
          <div className="ml-6 flex gap-4">
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} /> ban their accounts
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={refuse} onChange={(e) => setRefuse(e.target.checked)} /> refuse go-live to their signals
            </label>
          </div>
        ) : null}
        <p className="mt-1 text-xs text-muted">Switch these rules to enforce:</p>
        <div className="ml-6 flex flex-col gap-0.5">
          {(rules.data ?? []).map((r) => (
            <label key={r.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={ruleIds.includes(r.id)}
                onChange={(e) => setRuleIds(e.target.checked ? [...ruleIds, r.id] : ruleIds.filter((x) => x !== r.id))}
              />
              {r.name} <span className="text-xs text-muted">({r.mode.toLowerCase()})</span>
            </label>
          ))}
        </div>
        <label className="mt-1 flex items-center gap-2">
          <input type="checkbox" checked={declare} onChange={(e) => setDeclare(e.target.checked)} /> Declare an incident
        </label>
        {declare ? (
          <div className="ml-6 flex flex-wrap gap-2">
            <select aria-label="Severity" className={inputClass} value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
              {SEVERITY_KEYS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <input aria-label="Incident title" className={`${inputClass} w-96`} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </div>
        ) : null}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={!valid || create.isPending || update.isPending}>
          {book ? "Save (disarms it)" : "Save"}
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
