"use client";
import { createAuthClient } from "better-auth/react";

// Same-origin: the auth routes live at /api/auth on the page's own host.
export const authClient = createAuthClient({ basePath: "/api/auth" });
