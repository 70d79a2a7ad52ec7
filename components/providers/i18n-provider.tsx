"use client";
import { IntlProvider, type IntlError, IntlErrorCode } from "use-intl";
import type { Messages } from "@/server/contracts/i18n/messages";

/**
 * Messages, language and time zone for every client component below (useTranslations,
 * useFormat). A missing message is a bug the i18n check should have caught: it is logged and
 * the key shown, never a crash.
 */
export function I18nProvider({ locale, timeZone, messages, children }: { locale: string; timeZone: string; messages: Messages; children: React.ReactNode }) {
  return (
    <IntlProvider
      locale={locale}
      timeZone={timeZone}
      messages={messages}
      onError={(e: IntlError) => {
        if (e.code !== IntlErrorCode.MISSING_MESSAGE || process.env.NODE_ENV !== "production") console.error(e.message);
      }}
      getMessageFallback={({ namespace, key }) => `${namespace ? `${namespace}.` : ""}${key}`}
    >
      {children}
    </IntlProvider>
  );
}
