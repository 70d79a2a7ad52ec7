"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { useFormat } from "@/components/ui/format";
import { useLocale, useTranslations } from "use-intl";
import { SEVERITY_KEYS, type PlaybookInput, type PlaybookSummary } from "@/server/contracts/rules";

type Book = PlaybookSummary & { armRequest: { byEmail: string; at: number } | null };

/** Playbooks: what runs on the attack-wave alert, who armed it, and what its runs did. */
export function PlaybooksPage({ canManage, canApprove, meEmail }: { canManage: boolean; canApprove: boolean; meEmail: string }) {
  const t = useTranslations("playbooks");
  const f = useFormat();
  const trpc = useTRPC();
  const books = useQuery(trpc.playbooks.list.queryOptions());
  const runs = useQuery(trpc.playbooks.runs.queryOptions({ pendingOnly: false }));
  const [editing, setEditing] = useState<Book | "new" | null>(null);
  return (
    <div className="flex flex-col gap-4 p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold">{t("title")}</h1>
        <p className="text-sm text-muted">{t("intro")}</p>
        {canManage ? (
          <Button size="sm" variant="primary" className="ml-auto" onClick={() => setEditing("new")}>
            {t("new")}
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
                  {b.armed ? (
                    <Badge tone="danger">{t("armed")}</Badge>
                  ) : b.armRequest ? (
                    <Badge tone="warn">{t("awaiting")}</Badge>
                  ) : (
                    <Badge>{t("notArmed")}</Badge>
                  )}
                </h2>
                {b.description ? <p className="text-sm text-muted">{b.description}</p> : null}
                <Steps b={b} />
                <p className="mt-1 text-xs text-muted">
                  {b.armed && b.armedAt ? t("armedBy", { at: f.dateTime(b.armedAt), email: String(b.armedByEmail) }) : ""}
                  {b.armRequest ? t("askedBy", { email: b.armRequest.byEmail, at: f.dateTime(b.armRequest.at) }) : ""}
                  {t("editedBy", { email: b.updatedByEmail })}
                </p>
              </div>
              {canManage ? <ArmControls b={b} canApprove={canApprove} meEmail={meEmail} onEdit={() => setEditing(b)} /> : null}
            </div>
          </li>
        ))}
      </ul>
      {books.data?.length === 0 ? <p className="text-sm text-muted">{t("none")}</p> : null}
      <section aria-labelledby="runs-h">
        <h2 id="runs-h" className="mb-1 text-sm font-semibold">
          {t("runsTitle")}
        </h2>
        {runs.data?.length ? (
          <ul className="flex flex-col gap-1 text-sm" data-testid="playbook-runs">
            {runs.data.map((r) => (
              <li key={r.id} data-status={r.status}>
                {/* i18n-keys: playbooks.runStatus.* */}
                <span className="tabular text-muted">{f.dateTime(r.createdAt)}</span> “{r.playbookName}” {t(`runStatus.${r.status}`)}
                {r.cancelledByEmail ? t("runBy", { email: r.cancelledByEmail }) : ""}
                {r.summary.length ? `: ${r.summary.join("; ")}` : ""}
                {r.error ? <span className="text-danger"> — {r.error}</span> : null}
                {r.incidentId ? (
                  <>
                    {" "}
                    <Link href={`/incidents/${r.incidentId}`} className="text-accent underline">
                      {t("incidentLink")}
                    </Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">{t("noRuns")}</p>
        )}
      </section>
    </div>
  );
}

function Steps({ b }: { b: Book }) {
  const t = useTranslations("playbooks");
  const items: string[] = [];
  if (b.containRings) {
    items.push(`${t("steps.contain")}${b.containRings.banAccounts ? t("steps.ban") : ""}${b.containRings.refuseGoLive ? t("steps.refuse") : ""}`);
  }
  // i18n-keys: playbooks.mode.*
  // i18n-keys: playbooks.scope.*
  const list = new Intl.ListFormat(useLocale(), { type: "unit" });
  if (b.rules.length)
    items.push(t("steps.enforce", { rules: list.format(b.rules.map((r) => t("steps.enforceRule", { name: r.name, mode: t(`mode.${r.mode}`) }))) }));
  for (const c of b.controls) items.push(t("steps.control", { kind: t(`scope.${c.scope.kind}`), value: c.scope.value, mode: t(`mode.${c.mode}`) }));
  if (b.declare) items.push(t("steps.declare", { severity: b.declare.severity, title: b.declare.title }));
  return (
    <ol className="mt-2 list-decimal pl-5 text-sm">
      <li>{t("steps.wait", { seconds: b.vetoSeconds })}</li>
      {items.map((i) => (
        <li key={i}>{i}</li>
      ))}
    </ol>
  );
}

function ArmControls({ b, canApprove, meEmail, onEdit }: { b: Book; canApprove: boolean; meEmail: string; onEdit: () => void }) {
  const ta = useTranslations("playbooks.arm");
  const trpc = useTRPC();
  const qc = useQueryClient();
  const opts = (msg: string) => ({
    onSuccess: () => {
      void qc.invalidateQueries(trpc.playbooks.pathFilter());
      toast.success(msg);
    },
    onError: (e: { message: string }) => toast.error(e.message),
  });
  const ask = useMutation(trpc.playbooks.requestArm.mutationOptions(opts(ta("asked"))));
  const decide = useMutation(
    trpc.playbooks.decideArm.mutationOptions({
      onSuccess: (r) => {
        void qc.invalidateQueries(trpc.playbooks.pathFilter());
        toast.success(r.armed ? ta("armedToast") : ta("rejectedToast"));
      },
      onError: (e: { message: string }) => toast.error(e.message),
    }),
  );
  const disarm = useMutation(trpc.playbooks.disarm.mutationOptions(opts(ta("disarmedToast"))));
  const busy = ask.isPending || decide.isPending || disarm.isPending;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-1">
        <Button size="sm" onClick={onEdit} disabled={busy}>
          {ta("edit")}
        </Button>
        {b.armed ? (
          <Button size="sm" disabled={busy} onClick={() => disarm.mutate({ id: b.id, reason: "Disarmed from the playbooks page" })}>
            {ta("disarm")}
          </Button>
        ) : !b.armRequest ? (
          <Button size="sm" variant="danger" disabled={busy} onClick={() => ask.mutate({ id: b.id, reason: "Asked from the playbooks page" })}>
            {ta("ask")}
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
            {ta("approve")}
          </Button>
          <Button size="sm" disabled={busy} onClick={() => decide.mutate({ id: b.id, approve: false, reason: "Rejected from the playbooks page" })}>
            {ta("reject")}
          </Button>
        </div>
      ) : b.armRequest ? (
        <p className="text-xs text-warn">{ta("waiting")}</p>
      ) : null}
    </div>
  );
}

function PlaybookEditor({ book, onDone }: { book: Book | null; onDone: () => void }) {
  const te = useTranslations("playbooks.editor");
  const tm = useTranslations("playbooks.mode");
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
  const [title, setTitle] = useState(book?.declare?.title ?? te("defaultTitle"));
  const opts = {
    onSuccess: () => {
      void qc.invalidateQueries(trpc.playbooks.pathFilter());
      toast.success(book?.armed ? te("savedDisarmed") : te("saved"));
      onDone();
    },
    onError: (e: { message: string }) => toast.error(e.message),
  };
  const create = useMutation(trpc.playbooks.create.mutationOptions(opts));
  const update = useMutation(trpc.playbooks.update.mutationOptions(opts));
  const vetoN = Number(veto);
  const vetoOk = Number.isInteger(vetoN) && vetoN >= 0 && 600 >= vetoN;
  const valid = name.trim().length >= 3 && vetoOk && (!declare || title.trim().length >= 3);
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
      aria-label={book ? te("editLabel", { name: book.name }) : te("newLabel")}
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) save();
      }}
    >
      <div className="grid gap-3 md:grid-cols-3">
        <Field label={te("name")}>{(p) => <input {...p} className={inputClass} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />}</Field>
        <Field label={te("purpose")}>
          {(p) => <input {...p} className={inputClass} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />}
        </Field>
        <Field label={te("veto")} error={vetoOk ? null : te("vetoRange")}>
          {(p) => <input {...p} className={inputClass} inputMode="numeric" value={veto} onChange={(e) => setVeto(e.target.value)} />}
        </Field>
      </div>
      <fieldset className="flex flex-col gap-1 text-sm">
        <legend className="text-xs font-medium text-muted">{te("then")}</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={contain} onChange={(e) => setContain(e.target.checked)} /> {te("contain")}
        </label>
        {contain ? (
          <div className="ml-6 flex gap-4">
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={ban} onChange={(e) => setBan(e.target.checked)} /> {te("ban")}
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={refuse} onChange={(e) => setRefuse(e.target.checked)} /> {te("refuse")}
            </label>
          </div>
        ) : null}
        <p className="mt-1 text-xs text-muted">{te("enforce")}</p>
        <div className="ml-6 flex flex-col gap-0.5">
          {(rules.data ?? []).map((r) => (
            <label key={r.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={ruleIds.includes(r.id)}
                onChange={(e) => setRuleIds(e.target.checked ? [...ruleIds, r.id] : ruleIds.filter((x) => x !== r.id))}
              />
              {r.name} <span className="text-xs text-muted">({tm(r.mode)})</span>
            </label>
          ))}
        </div>
        <label className="mt-1 flex items-center gap-2">
          <input type="checkbox" checked={declare} onChange={(e) => setDeclare(e.target.checked)} /> {te("declare")}
        </label>
        {declare ? (
          <div className="ml-6 flex flex-wrap gap-2">
            <select aria-label={te("severity")} className={inputClass} value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
              {SEVERITY_KEYS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            <input aria-label={te("incidentTitle")} className={`${inputClass} w-96`} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
          </div>
        ) : null}
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={!valid || create.isPending || update.isPending}>
          {book ? te("saveDisarms") : te("save")}
        </Button>
        <Button onClick={onDone}>{te("cancel")}</Button>
      </div>
    </form>
  );
}
