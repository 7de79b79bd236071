// A label that shows its param's help text (the model's own description) on hover or keyboard focus.
import type { ReactNode } from 'react';

export function HelpTip({ text, children }: { text: string; children: ReactNode }) {
  if (!text) return <>{children}</>;
  return (
    <span className="help-tip" tabIndex={0}>
      {children}
      <span className="help-bubble" role="tooltip">
        {text}
      </span>
    </span>
  );
}
