import { forwardRef } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";
const styles: Record<Variant, string> = {
  primary: "bg-accent text-bg hover:bg-accent/90 border-transparent",
  secondary: "bg-panel-2 text-ink hover:bg-line border-line",
  danger: "bg-danger text-bg hover:bg-danger/90 border-transparent",
  ghost: "bg-transparent text-ink hover:bg-panel-2 border-transparent",
};

export interface ButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: "sm" | "md";
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = "secondary", size = "md", className = "", type = "button", ...props },
  ref,
) {
  const pad = size === "sm" ? "px-2 py-1 text-xs" : "px-3 py-1.5 text-sm";
  return (
    <button
      ref={ref}
      type={type}
      className={`inline-flex items-center gap-1.5 rounded border font-medium disabled:cursor-not-allowed disabled:opacity-50 ${pad} ${styles[variant]} ${className}`}
      {...props}
    />
  );
});
