// The part of async-exit-hook's API that server/db/embedded.ts uses (the package has no types).
declare module "async-exit-hook" {
  const exitHook: {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  export default exitHook;
}
