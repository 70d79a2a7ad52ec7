/** The policy reasons a takedown is recorded under (shown in dialogs, stored on batches and actions). */
export const POLICY_REASONS = [
  "Sexual content",
  "Child safety",
  "Violence or gore",
  "Illegal gambling",
  "Fraud or scam",
  "Hate",
  "Coordinated inauthentic behaviour (bot ring)",
  "Spam",
];
