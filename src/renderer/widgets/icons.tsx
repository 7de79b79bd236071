// Small inline icons: headless and minimal systems lack emoji fonts, so symbols are drawn, not typed.
const common = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': true } as const;

export function DiceIcon() {
  return (
    <svg {...common}>
      <rect x="2" y="2" width="12" height="12" rx="2.5" />
      <circle cx="5.5" cy="5.5" r="1" fill="currentColor" stroke="none" />
      <circle cx="10.5" cy="10.5" r="1" fill="currentColor" stroke="none" />
      <circle cx="8" cy="8" r="1" fill="currentColor" stroke="none" />
    </svg>
  );
}

export function ReuseIcon() {
  return (
    <svg {...common}>
      <path d="M3 8a5 5 0 1 0 1.5-3.5" />
      <path d="M3 2.5V5h2.5" />
    </svg>
  );
}
