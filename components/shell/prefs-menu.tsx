"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useLocale, useTimeZone, useTranslations } from "use-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { COMMON_TIME_ZONES, isLocale, LOCALE_NAME, LOCALES } from "@/server/contracts/i18n/locales";
import { useTRPC } from "@/components/providers/trpc";

/** Each person picks their language and time zone, saved on their account (the server also sets this browser's cookies). */
export function PrefsMenu() {
  const trpc = useTRPC();
  const setPrefs = useMutation(trpc.me.setPrefs.mutationOptions());
  const t = useTranslations("shell.prefs");
  const router = useRouter();
  const locale = useLocale();
  const timeZone = useTimeZone() ?? "UTC";
  const [open, setOpen] = useState(false);
  const [l, setL] = useState(locale);
  const [tz, setTz] = useState(timeZone);
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  useEffect(() => setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  const zones = [...new Set([...(browserZone ? [browserZone] : []), ...COMMON_TIME_ZONES, timeZone])];
  async function save() {
    if (!isLocale(l)) return;
    try {
      await setPrefs.mutateAsync({ locale: l, timeZone: tz });
    } catch (e) {
      toast.error(e instanceof Error ? e.message : String(e));
      return;
    }
    setOpen(false);
    toast.success(t("saved"));
    router.refresh();
  }
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)} aria-label={t("button")} data-testid="prefs-button">
        <span aria-hidden="true">{LOCALE_NAME[locale as keyof typeof LOCALE_NAME] ?? locale}</span>
      </Button>
      <Dialog open={open} onOpenChange={setOpen} title={t("title")}>
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field label={t("language")}>
            {(p) => (
              <select {...p} className={inputClass} value={l} onChange={(e) => setL(e.target.value)} data-testid="prefs-language">
                {LOCALES.map((x) => (
                  <option key={x} value={x}>
                    {LOCALE_NAME[x]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("timeZone")}>
            {(p) => (
              <select {...p} className={inputClass} value={tz} onChange={(e) => setTz(e.target.value)} data-testid="prefs-timezone">
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z === browserZone ? t("browser", { zone: z }) : z}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button type="submit" variant="primary" disabled={setPrefs.isPending}>
            {t("save")}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
